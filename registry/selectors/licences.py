"""The licence check's hook: the registry shows a call centre's licence state without knowing
the app that checks licences (verification depends on registry, never the reverse).

That app registers one `LicenceCheck` in its AppConfig.ready() (`register_licence_check`),
as it registers its timeline events. Without one, every call centre's state is "" and the
licence filter offers nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet, Value
from django.utils.choices import BaseChoiceIterator


@dataclass(frozen=True)
class LicenceCheck:
    """What the registry asks of the licence check."""

    #: queryset of call centres -> the same, annotated with `licence_state` (in the same query)
    annotate: Callable[[QuerySet], QuerySet]
    #: state -> a condition on call centres (queryset.filter(state_q(state)))
    state_q: Callable[[str], object]
    #: the states as (value, label) choices, for the lists' filter
    choices: Callable[[], list]
    #: the officer's label of a state
    label: Callable[[str], str]
    #: (user, call_centre) -> context of the licence card on the call centre's page ({} to hide it)
    card: Callable[..., dict]
    #: state -> the same condition as `pk IN (ids)`, for counts over many call centres (None: state_q)
    set_q: Callable[[str], object] | None = None
    #: the states counted on the home pages
    lacking: str = "lacking"
    pending: str = "pending"


_CHECK: list[LicenceCheck] = []


def register_licence_check(check: LicenceCheck) -> LicenceCheck:
    """Called once by the app that checks licences (a second call replaces the first)."""
    _CHECK[:] = [check]
    return check


def licence_check() -> LicenceCheck | None:
    return _CHECK[0] if _CHECK else None


def with_licence_state(queryset: QuerySet) -> QuerySet:
    """Call centres annotated with `licence_state` ("" when no licence check is installed)."""
    check = licence_check()
    if check is None:
        return queryset.annotate(licence_state=Value("", output_field=CharField()))
    return check.annotate(queryset)


def licence_state_of(call_centre_id: int) -> str:
    """One call centre's licence state by the same rule (a record just written, not annotated)."""
    from ..models import CallCentre

    return with_licence_state(CallCentre.objects.filter(pk=call_centre_id)).values_list("licence_state", flat=True).get()


def licence_state_q(state: str) -> Q:
    """Call centres whose licences are in `state` (none when no licence check is installed)."""
    check = licence_check()
    return Q(check.state_q(state)) if check is not None else Q(pk__in=[])


def licence_state_set_q(state: str) -> Q:
    """The condition of licence_state_q, in the form PostgreSQL counts fastest over many rows."""
    check = licence_check()
    if check is None:
        return Q(pk__in=[])
    return Q((check.set_q or check.state_q)(state))


def licence_choices() -> list:
    check = licence_check()
    return list(check.choices()) if check is not None else []


class LicenceChoices(BaseChoiceIterator):
    """The licence states as choices, read from the hook each time they are listed (a filter is
    declared at import time, before the licence check has registered)."""

    def __iter__(self):
        yield from licence_choices()


def licence_label(state: str) -> str:
    check = licence_check()
    return str(check.label(state)) if check is not None and state else ""


def licence_card(*, user, call_centre) -> dict:
    """The licence card of a call centre's page (empty when the user may not see licences)."""
    check = licence_check()
    return check.card(user=user, call_centre=call_centre) if check is not None else {}
