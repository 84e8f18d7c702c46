"""A call centre's timeline: everything that happened to it and to the records merged into it.

Other apps add their events (letters, inspections, busts, licence answers) with
`register_timeline_source` in their AppConfig.ready(): the registry knows none of them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g

from ..choices import CallCentreStatus, EntryAction
from ..models import AssociationNotice, CallCentre, Merge, Occupancy, ReturnEntry, StatusChange


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
        url = reverse("registry:premises-detail", args=[stay.premises_id])
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
            detail=entry.remarks, url=reverse("registry:return-detail", args=[ret.pk]),
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
            by=_user_label(merge.merged_by), url=reverse("registry:merge-undo", args=[merge.pk]),
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
