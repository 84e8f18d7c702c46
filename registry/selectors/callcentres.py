"""Reads for call centres: the list (with churn flags and licence state), one record's page (home counts: .home).

Every read starts from `for_user`.
"""
from __future__ import annotations

import re

from django.db.models import Prefetch, Q, QuerySet

from ..choices import CallCentreStatus
from ..models import CallCentre, CallCentrePhone, Premises
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


#: At most this many call centres answer one lookup (the officer types more to narrow).
LOOKUP_LIMIT = 20


def callcentre_label(call_centre: CallCentre) -> str:
    """What tells identical names apart: name, company, address with locality, station."""
    parts = [call_centre.name]
    if call_centre.company_name:
        parts.append(f"({call_centre.company_name})")
    premises = call_centre.premises
    if premises is not None:
        parts.append(f"— {premises.address_raw}" + (f", {premises.locality.name}" if premises.locality_id else ""))
    parts.append(f"· {call_centre.station.name}")
    return " ".join(parts)


def callcentre_lookup(*, user, q: str, action: str = "view", station: str = "") -> list[dict]:
    """Call centres in scope whose name, company, address or phone holds `q` (merged records
    left out), as `{"id", "label"}` for a searchable choice; one query for the rows, one for the phones."""
    q = (q or "").strip()  # the view reads it with core.text.query_text
    if len(q) < 2:
        return []
    rows = CallCentre.objects.for_user(user, action).exclude(status=CallCentreStatus.MERGED)
    if station:
        rows = rows.filter(station__code=station)
    rows = rows.filter(callcentre_search_q(q))
    rows = rows.select_related("station", "premises__locality").order_by("name", "pk")[:LOOKUP_LIMIT]
    return [{"id": cc.pk, "label": callcentre_label(cc)} for cc in rows]


_DIGITS = re.compile(r"\D+")
#: A search with at least this many digits also looks for phone numbers containing them.
PHONE_SEARCH_MIN_DIGITS = 4


def callcentre_search_q(value: str) -> Q:
    """The one search of call centres (the list's box, the API, the lookups): name, trading names,
    company, registration number, address, and phone numbers when the text holds 4 digits or more.

    One `pk IN (… UNION ALL …)`: each part uses its own trigram index (registry migration 0005),
    where an OR across the call centre, its premises and its phones would scan every call centre."""
    ids = CallCentre.objects.filter(
        Q(name__icontains=value)
        | Q(trading_names__icontains=value)
        | Q(company_name__icontains=value)
        | Q(company_registration__iexact=value)
    ).order_by().values("pk")
    parts = [CallCentre.objects.filter(
        premises__in=Premises.objects.filter(address_raw__icontains=value).order_by().values("pk")
    ).order_by().values("pk")]
    digits = _DIGITS.sub("", value)
    if len(digits) >= PHONE_SEARCH_MIN_DIGITS:
        if len(digits) > 10:
            digits = digits[-10:]  # +91 / 0 prefixes
        parts.append(CallCentrePhone.objects.filter(number__contains=digits).order_by().values("call_centre_id"))
    return Q(pk__in=ids.union(*parts, all=True))
