"""Reads of the licence check: a call centre's licences, and the licence state used by the lists' filter."""
from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.access import VIEW

from ..choices import LicenceState, LicenceStatus
from ..models import Licence


def _licences(**filters) -> QuerySet[Licence]:
    return Licence.objects.filter(call_centre=OuterRef("pk"), **filters)


def lacking_q(today: date) -> Q:
    """A permission found not held, or held but expired."""
    return Q(status=LicenceStatus.NOT_HELD) | Q(status=LicenceStatus.HELD, valid_until__lt=today)


def licence_state_q(state: str, *, today: date | None = None, row: bool = False):
    """A condition on call centres selecting those whose licences, taken together, are in `state`.

    lacking: any permission not held or expired · pending: some answers awaited and nothing
    lacking · in order: checked, nothing awaited or lacking · unchecked: nothing recorded.
    `row`: the form for a page's column (registry.selectors.churn.per_row: probed row by row).
    """
    from registry.selectors.churn import per_row

    today = today or timezone.localdate()
    present = per_row if row else Exists
    recorded = present(_licences())
    lacking = present(Licence.objects.filter(lacking_q(today), call_centre=OuterRef("pk")))
    pending = present(_licences(status=LicenceStatus.PENDING))
    return _combine(state, recorded=recorded, lacking=lacking, pending=pending)


def licence_state_set_q(state: str, *, today: date | None = None) -> Q:
    """The same condition as licence_state_q, as `pk IN (ids)`: for counting over many call centres
    (the home pages), where PostgreSQL reads the licences once into a hash instead of probing them
    for every call centre (EXISTS inside a COUNT's FILTER is evaluated row by row)."""
    today = today or timezone.localdate()

    def ids(*conditions) -> Q:
        return Q(pk__in=Licence.objects.filter(*conditions).order_by().values("call_centre_id"))

    return _combine(state, recorded=ids(), lacking=ids(lacking_q(today)), pending=ids(Q(status=LicenceStatus.PENDING)))


def _combine(state: str, *, recorded, lacking, pending):
    recorded, lacking, pending = Q(recorded), Q(lacking), Q(pending)
    conditions = {
        LicenceState.UNCHECKED: ~recorded,
        LicenceState.LACKING: lacking,
        LicenceState.PENDING: pending & ~lacking,
        LicenceState.IN_ORDER: recorded & ~pending & ~lacking,
    }
    return conditions[LicenceState(state)]  # a boolean expression: queryset.filter(licence_state_q(...))


def licence_card(*, user, call_centre) -> dict:
    """The licence card of a call centre's page in the registry (registry.selectors.licences hook)."""
    if not user.has_perm("verification.view_licence"):
        return {}
    return {"licences": licences_of(user=user, call_centre=call_centre),
            "licence_state": LicenceState(call_centre.licence_state)}


def licences_of(*, user, call_centre) -> list[Licence]:
    """The licences recorded for a call centre, in the user's scope (one query)."""
    return list(
        Licence.objects.for_user(user, VIEW).filter(call_centre=call_centre).select_related("recorded_by").order_by("kind")
    )


def licence_timeline_events(call_centre, ids: list[int]):
    """Every answer recorded about the call centre's licences (from their history), for its timeline."""
    from django.urls import reverse
    from django.utils.translation import gettext as _g

    from registry.selectors.timeline import TimelineEvent

    url = reverse("verification:licences", args=[call_centre.pk])
    rows = Licence.history.filter(call_centre_id__in=ids).select_related("history_user").order_by("history_id")
    for row in rows:
        title = _g("Licence check: %(kind)s: %(finding)s") % {
            "kind": row.get_kind_display(), "finding": row.get_status_display(),
        }
        detail = " · ".join(part for part in (row.agency, row.number, row.reference) if part)
        by = (row.history_user.get_full_name() or row.history_user.get_username()) if row.history_user else ""
        yield TimelineEvent(when=row.history_date, kind="licence", title=title, detail=detail, url=url, by=by)


def with_licence_state(queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    """Call centres annotated with `licence_state` (a LicenceState value), computed in the same query."""
    from django.db.models import Case, CharField, Value, When

    today = today or timezone.localdate()
    return queryset.annotate(
        licence_state=Case(
            *(When(licence_state_q(state, today=today, row=True), then=Value(state.value))
              for state in (LicenceState.LACKING, LicenceState.PENDING, LicenceState.IN_ORDER)),
            default=Value(LicenceState.UNCHECKED.value),
            output_field=CharField(),
        )
    )


def licence_state_now(call_centre_id: int) -> str:
    """One call centre's licence state, by the same rule (a record just written, not annotated)."""
    from registry.models import CallCentre

    return with_licence_state(CallCentre.objects.filter(pk=call_centre_id)).values_list("licence_state", flat=True).get()

