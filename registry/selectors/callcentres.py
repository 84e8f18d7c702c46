"""Reads for call centres: the list (with churn flags and licence state), one record's page (home counts: .home).

Every read starts from `for_user`.
"""
from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ..models import CallCentre, CallCentrePhone
from .churn import with_churn_flags
from .licences import with_licence_state


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
