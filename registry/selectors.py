"""Reads for call centres and premises: lists with churn flags, detail, and the timeline.

Every read starts from `for_user`. The churn flags are computed in SQL for the whole page at
once (each flag is a `pk IN (grouped subquery)` that PostgreSQL evaluates once as a hashed
subplan), so a list costs the same number of queries for 5 rows as for 500.

Churn is a fact about premises and landlords across the city, so the grouped subqueries
count every call centre, not only those in the reader's scope; the flag reveals no record.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _g

from .choices import OPERATING_STATUSES, CallCentreStatus, EntryAction
from .models import (
    AssociationNotice,
    CallCentre,
    CallCentrePhone,
    Merge,
    Occupancy,
    Premises,
    ReturnEntry,
    StatusChange,
)

#: "Within six months": half a year of days, so that the rule is the same in SQL everywhere.
SIX_MONTHS = timedelta(days=183)
#: How many call centres (or premises) make a premises (or landlord) "several".
SEVERAL = 2


# --------------------------------------------------------------------------- churn, in SQL

def quick_leavers() -> QuerySet:
    """Ids of call centres that left a premises within six months of moving in."""
    deadline = ExpressionWrapper(F("moved_in") + SIX_MONTHS, output_field=DateField())
    return (
        Occupancy.objects.filter(moved_in__isnull=False, moved_out__isnull=False, moved_out__lte=deadline)
        .values("call_centre_id")
    )


def shared_premises() -> QuerySet:
    """Ids of premises that hosted several call centres (over time or at once)."""
    return (
        Occupancy.objects.values("premises_id")
        .annotate(n=Count("call_centre_id", distinct=True))
        .filter(n__gte=SEVERAL)
        .values("premises_id")
    )


def busy_landlords() -> QuerySet:
    """Landlord keys (phone, or name when no phone) that let several premises to call centres.

    Counted over premises that had at least one call centre. A landlord whose one premises saw
    several tenants is not counted here: that premises carries its own "several occupants" flag.
    """
    return (
        Occupancy.objects.exclude(premises__landlord_key="")
        .values("premises__landlord_key")
        .annotate(n_premises=Count("premises_id", distinct=True))
        .filter(n_premises__gte=SEVERAL)
        .values("premises__landlord_key")
    )


def quick_vacate_premises() -> QuerySet:
    """Ids of premises that a call centre left within six months of moving in."""
    deadline = ExpressionWrapper(F("moved_in") + SIX_MONTHS, output_field=DateField())
    return (
        Occupancy.objects.filter(moved_in__isnull=False, moved_out__isnull=False, moved_out__lte=deadline)
        .values("premises_id")
    )


def quick_vacate_q() -> Q:
    """Call centres that vacated within six months of starting (or left a premises that fast)."""
    ended_early = ExpressionWrapper(F("started_on") + SIX_MONTHS, output_field=DateField())
    return Q(pk__in=quick_leavers()) | Q(
        status=CallCentreStatus.VACATED, started_on__isnull=False, ended_on__isnull=False, ended_on__lte=ended_early
    )


def shared_premises_q(prefix: str = "") -> Q:
    """Call centres (prefix "") or premises (prefix "pk") at premises that hosted several call centres."""
    return Q(**{f"{prefix or 'premises_id'}__in": shared_premises()})


def busy_landlord_q(prefix: str = "premises__") -> Q:
    """Rows whose landlord let to several premises or call centres."""
    return Q(**{f"{prefix}landlord_key__in": busy_landlords()})


def _flag(q: Q) -> Case:
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def with_churn_flags(queryset: QuerySet) -> QuerySet:
    """Annotate call centres with flag_quick_vacate, flag_shared_premises, flag_busy_landlord."""
    return queryset.annotate(
        flag_quick_vacate=_flag(quick_vacate_q()),
        flag_shared_premises=_flag(shared_premises_q()),
        flag_busy_landlord=_flag(busy_landlord_q()),
    )


# --------------------------------------------------------------------------- lists

def callcentre_list(*, user, action: str = "view") -> QuerySet[CallCentre]:
    """Call centres the user may see, with station, zone, premises, locality, phones, churn flags
    and licence state (`licence_state`, from the verification app).

    Queries when a page is evaluated: the rows (with joins and flags) and one for the phones.
    """
    from verification.selectors import with_licence_state

    return (
        with_licence_state(with_churn_flags(CallCentre.objects.for_user(user, action)))
        .select_related("station__zone", "premises__locality")
        .prefetch_related(Prefetch("phones", queryset=CallCentrePhone.objects.order_by("number")))
        .order_by("name", "pk")
    )


def callcentre_detail_queryset(*, user) -> QuerySet[CallCentre]:
    """One call centre's page: its joins, phones, records merged into it, churn flags and licence state."""
    from verification.selectors import with_licence_state

    return (
        with_licence_state(with_churn_flags(CallCentre.objects.for_user(user)))
        .select_related("station__zone", "premises__locality__station", "merged_into", "created_by")
        .prefetch_related(
            Prefetch("phones", queryset=CallCentrePhone.objects.order_by("number")),
            Prefetch("merged_records", queryset=CallCentre.objects.order_by("name")),
        )
    )


def _occupant_count() -> Coalesce:
    counted = (
        Occupancy.objects.filter(premises=OuterRef("pk"))
        .order_by()
        .values("premises")
        .annotate(n=Count("call_centre", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def premises_list(*, user) -> QuerySet[Premises]:
    """Premises the user may see, with locality, station, occupant count and churn flags.

    Queries when a page is evaluated: the rows (with joins, counts and flags) and one for
    the call centres now at each premises.
    """
    return (
        Premises.objects.for_user(user)
        .select_related("locality__station__zone")
        .annotate(
            occupant_count=_occupant_count(),
            flag_shared_premises=_flag(Q(pk__in=shared_premises())),
            flag_busy_landlord=_flag(busy_landlord_q(prefix="")),
            flag_quick_vacate=_flag(Q(pk__in=quick_vacate_premises())),
        )
        .prefetch_related(
            Prefetch(
                "call_centres",
                queryset=CallCentre.objects.exclude(status=CallCentreStatus.MERGED).order_by("name"),
            )
        )
        .order_by("address_raw", "pk")
    )


def premises_occupancies(*, premises: Premises) -> QuerySet[Occupancy]:
    """The premises' history of occupants, oldest first."""
    return premises.occupancies.select_related("call_centre__station").order_by("moved_in", "pk")


def landlord_other_premises(*, user, premises: Premises) -> QuerySet[Premises]:
    """Other premises (in the user's scope) let by the same landlord."""
    if not premises.landlord_key:
        return Premises.objects.none()
    return (
        Premises.objects.for_user(user)
        .filter(landlord_key=premises.landlord_key)
        .exclude(pk=premises.pk)
        .select_related("locality")
        .order_by("address_raw")
    )


def callcentre_counts(*, user) -> dict:
    """Counts for the home pages (one query): call centres in scope, how many are operating, and
    of those how many lack a licence or await an agency's answer (verification app)."""
    from verification.choices import LicenceState
    from verification.selectors import licence_state_q

    qs = CallCentre.objects.for_user(user).exclude(status=CallCentreStatus.MERGED)
    operating = Q(status__in=OPERATING_STATUSES)
    return qs.aggregate(
        total=Count("pk"),
        operating=Count("pk", filter=operating),
        licence_lacking=Count("pk", filter=operating & Q(licence_state_q(LicenceState.LACKING))),
        licence_pending=Count("pk", filter=operating & Q(licence_state_q(LicenceState.PENDING))),
    )


# --------------------------------------------------------------------------- timeline

@dataclass(frozen=True)
class TimelineEvent:
    """One line of a call centre's timeline. Other apps add events through TIMELINE_SOURCES."""

    when: datetime
    kind: str
    title: str
    detail: str = ""
    url: str = ""
    by: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


TimelineSource = Callable[[CallCentre, list[int]], Iterable[TimelineEvent]]

#: Functions (call_centre, ids) -> events; `ids` are the call centre and the records merged into it.
TIMELINE_SOURCES: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    """Decorator for apps that add events (letters, inspections, busts) to the timeline."""
    if source not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(source)
    return source


def _at(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _user_label(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register_timeline_source
def _status_events(call_centre: CallCentre, ids: list[int]) -> Iterable[TimelineEvent]:
    changes = StatusChange.objects.filter(call_centre_id__in=ids).select_related("changed_by", "call_centre")
    for change in changes:
        label = CallCentreStatus(change.to_status).label
        title = _g("Status: %(status)s") % {"status": label}
        if change.call_centre_id != call_centre.pk:
            title = _g("%(title)s (record “%(name)s”, since merged)") % {"title": title, "name": change.call_centre.name}
        yield TimelineEvent(
            when=change.changed_at, kind="status", title=title, detail=change.reason, by=_user_label(change.changed_by)
        )


@register_timeline_source
def _occupancy_events(call_centre: CallCentre, ids: list[int]) -> Iterable[TimelineEvent]:
    stays = Occupancy.objects.filter(call_centre_id__in=ids).select_related("premises")
    for stay in stays:
        url = _url("registry:premises-detail", stay.premises_id)
        if stay.moved_in:
            yield TimelineEvent(when=_at(stay.moved_in), kind="premises", title=_g("Moved in"),
                                detail=stay.premises.address_raw, url=url)
        if stay.moved_out:
            yield TimelineEvent(when=_at(stay.moved_out), kind="premises", title=_g("Moved out"),
                                detail=stay.premises.address_raw, url=url)


@register_timeline_source
def _return_events(call_centre: CallCentre, ids: list[int]) -> Iterable[TimelineEvent]:
    entries = ReturnEntry.objects.filter(call_centre_id__in=ids).select_related("station_return__station")
    for entry in entries:
        ret = entry.station_return
        when = ret.submitted_at or _at(ret.period_end)
        verb = _g("Listed as operating") if entry.action == EntryAction.LISTED else _g("Listed as closed")
        yield TimelineEvent(
            when=when, kind="return",
            title=_g("%(verb)s on %(station)s's return for %(period)s")
            % {"verb": verb, "station": ret.station.name, "period": ret.period_start.strftime("%m/%Y")},
            detail=entry.remarks, url=_url("registry:return-detail", ret.pk),
        )


@register_timeline_source
def _notice_events(call_centre: CallCentre, ids: list[int]) -> Iterable[TimelineEvent]:
    for notice in AssociationNotice.objects.filter(call_centre_id__in=ids).select_related("submitted_by"):
        yield TimelineEvent(
            when=notice.created_at, kind="notice",
            title=_g("Association notice: %(name)s") % {"name": notice.name},
            detail=notice.organisation or notice.submitted_by.organisation, by=_user_label(notice.submitted_by),
        )


@register_timeline_source
def _merge_events(call_centre: CallCentre, ids: list[int]) -> Iterable[TimelineEvent]:
    merges = Merge.objects.filter(Q(survivor_id__in=ids) | Q(merged_id__in=ids)).select_related(
        "survivor", "merged", "merged_by", "undone_by"
    )
    for merge in merges:
        title = _g("“%(merged)s” merged into “%(survivor)s”") % {"merged": merge.merged.name, "survivor": merge.survivor.name}
        yield TimelineEvent(
            when=merge.created_at, kind="merge", title=title, detail="; ".join(merge.reasons),
            by=_user_label(merge.merged_by), url=_url("registry:merge-undo", merge.pk),
        )
        if merge.undone_at:
            yield TimelineEvent(when=merge.undone_at, kind="merge", title=_g("Merge undone: %(t)s") % {"t": title},
                                by=_user_label(merge.undone_by))


def callcentre_timeline(call_centre: CallCentre) -> list[TimelineEvent]:
    """Everything that happened to a call centre (and to records merged into it), newest first.

    A constant number of queries per source, whatever the length of the history.
    """
    ids = [call_centre.pk, *CallCentre.objects.filter(merged_into=call_centre).values_list("pk", flat=True)]
    events = [event for source in TIMELINE_SOURCES for event in source(call_centre, ids) if event.when]
    return sorted(events, key=lambda e: e.when, reverse=True)
