"""Reads for call centres: the list (with churn flags and licence state), one record's page, home counts.

Every read starts from `for_user`.
"""
from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from ..choices import OPERATING_STATUSES, CallCentreStatus
from ..models import CallCentre, CallCentrePhone
from .churn import with_churn_flags
from .licences import licence_check, licence_state_set_q, with_licence_state


def callcentre_list(*, user, action: str = "view") -> QuerySet[CallCentre]:
    """Call centres the user may see, with station, zone, premises, locality, phones, churn flags
    and licence state (`licence_state`, from the licence check's hook).

    Queries when a page is evaluated: the rows (with joins and flags) and one for the phones.
    """
    return (
        with_licence_state(with_churn_flags(CallCentre.objects.for_user(user, action)))
        .select_related("station__zone", "premises__locality")
        .prefetch_related(Prefetch("phones", queryset=CallCentrePhone.objects.order_by("number")))
        .order_by("name", "pk")
    )


def callcentre_detail_queryset(*, user) -> QuerySet[CallCentre]:
    """One call centre's page: its joins, phones, records merged into it, churn flags and licence state."""
    return (
        with_licence_state(with_churn_flags(CallCentre.objects.for_user(user)))
        .select_related("station__zone", "premises__locality__station", "merged_into", "created_by")
        .prefetch_related(
            Prefetch("phones", queryset=CallCentrePhone.objects.order_by("number")),
            Prefetch("merged_records", queryset=CallCentre.objects.order_by("name")),
        )
    )


def callcentre_counts(*, user) -> dict:
    """Counts for the home pages (one query): call centres in scope, how many are operating, and
    of those how many lack a licence or await an agency's answer (the licence check's hook)."""
    qs = CallCentre.objects.for_user(user).exclude(status=CallCentreStatus.MERGED)
    operating = Q(status__in=OPERATING_STATUSES)
    check = licence_check()
    lacking, pending = (check.lacking, check.pending) if check is not None else ("", "")
    return qs.aggregate(
        total=Count("pk"),
        operating=Count("pk", filter=operating),
        licence_lacking=Count("pk", filter=operating & licence_state_set_q(lacking)),
        licence_pending=Count("pk", filter=operating & licence_state_set_q(pending)),
    )
