"""Reads of station returns: periods, lists, entries, the return's timeline, coverage gaps and
the completeness board.

The completeness board shows, for a period, which stations have submitted; coverage gaps are
call centres busted or reported by an association that the station's latest return missed.
"""
from __future__ import annotations

import calendar
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, DateField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from stations.models import PoliceStation

from ..choices import CallCentreSource, CallCentreStatus, EntryAction, ReturnStatus
from ..models import CallCentre, ReturnEntry, StationReturn
from .callcentres import callcentre_search_q

#: Statuses that count as "the station has submitted its return for the period".
DONE_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


# --------------------------------------------------------------------------- periods


def period_bounds(day: date) -> tuple[date, date]:
    """The monthly period holding `day`: its first and last day."""
    start = day.replace(day=1)
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


def period_label(start: date) -> str:
    """The period as officers write it in a URL or a file name: "2020-09"."""
    return f"{start:%Y-%m}"


def period_parse(text: str | None, *, default: date | None = None) -> date | None:
    """"2020-09" (or "2020-09-15") to the first day of that month; `default` when missing or malformed."""
    if not text:
        return default
    parts = str(text).strip().split("-")
    try:
        year, month = int(parts[0]), int(parts[1])
        return date(year, month, 1)
    except (ValueError, IndexError):
        return default


def recent_periods(*, today: date | None = None, count: int = 12) -> list[date]:
    """The first days of the current month and the `count - 1` months before it, newest first."""
    start = period_bounds(today or timezone.localdate())[0]
    periods = []
    for _i in range(count):
        periods.append(start)
        start = period_bounds(start - timedelta(days=1))[0]
    return periods


# --------------------------------------------------------------------------- lists


def entry_count() -> Coalesce:
    """The number of entries of each return, counted for the rows shown (a subquery on the entries' index),
    not by grouping every entry of every return before the page's LIMIT (1.1M entries at state scale)."""
    rows = (
        ReturnEntry.objects.filter(station_return_id=OuterRef("pk")).order_by().values("station_return_id")
        .annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def return_list(*, user) -> QuerySet[StationReturn]:
    """Returns the user may see, with station, zone, submitter and entry count (one query per page)."""
    return (
        StationReturn.objects.for_user(user)
        .select_related("station", "station__zone", "submitted_by", "reviewed_by")
        .annotate(entry_count=entry_count())
        .order_by("-period_start", "station__name")
    )


def return_entries(*, station_return: StationReturn) -> QuerySet[ReturnEntry]:
    """The entries of a return with their call centres, premises and phones (two queries)."""
    return (
        station_return.entries.select_related("call_centre", "call_centre__premises", "call_centre__premises__locality")
        .prefetch_related("call_centre__phones")
        .order_by("call_centre__name", "pk")
    )


def return_entry_choices(*, user, station_return: StationReturn) -> QuerySet[CallCentre]:
    """Call centres that may still be added to the return: the station's own, in the user's scope."""
    return (
        CallCentre.objects.for_user(user)
        # A return lists its own station's call centres: a rule of the return, not an access filter.
        .filter(station_id=station_return.station_id, merged_into__isnull=True)
        .exclude(status=CallCentreStatus.MERGED)
        .exclude(return_entries__station_return=station_return)
        .order_by("name")
    )


@dataclass
class TimelineStep:
    when: object
    status: str
    label: str
    who: object
    remarks: str = ""


def return_timeline(*, station_return: StationReturn) -> list[TimelineStep]:
    """The return's status changes from its audit history (one query): submitted, sent back, accepted…"""
    steps: list[TimelineStep] = []
    previous = None
    labels = dict(ReturnStatus.choices)
    for row in station_return.history.select_related("history_user").order_by("history_date", "history_id"):
        if row.status != previous:
            remarks = row.remarks if row.status in (ReturnStatus.SENT_BACK, ReturnStatus.ACCEPTED) else ""
            steps.append(TimelineStep(row.history_date, row.status, labels.get(row.status, row.status), row.history_user, remarks))
        previous = row.status
    return steps


# --------------------------------------------------------------------------- selectors: coverage gaps


def coverage_gaps(*, user) -> QuerySet[CallCentre]:
    """Call centres busted or reported by an association that their station's latest return missed.

    "Latest return" is the station's most recent submitted or accepted return. A call centre
    is a gap when it already existed before that return's period ended (its start date, or
    the day the registry learnt of it when the start date is unknown) and the return does not
    list it. One query, whatever the number of stations.
    """
    latest = StationReturn.objects.filter(station=OuterRef("station"), status__in=DONE_STATUSES).order_by(
        "-period_start"
    )
    listed = ReturnEntry.objects.filter(station_return_id=OuterRef("latest_return_id"), call_centre=OuterRef("pk"))
    return (
        CallCentre.objects.for_user(user)
        .filter(merged_into__isnull=True)
        .filter(Q(status=CallCentreStatus.BUSTED) | Q(source=CallCentreSource.ASSOCIATION_NOTICE))
        .annotate(
            latest_return_id=Subquery(latest.values("pk")[:1]),
            latest_period_start=Subquery(latest.values("period_start")[:1]),
            latest_period_end=Subquery(latest.values("period_end")[:1]),
            known_since=Coalesce("started_on", TruncDate("created_at"), output_field=DateField()),
        )
        .filter(latest_return_id__isnull=False, known_since__lte=F("latest_period_end"))
        .filter(~Exists(listed))
        .select_related("station", "station__zone")
        .order_by("station__name", "name")
    )


# --------------------------------------------------------------------------- selectors: completeness board


@dataclass
class BoardRow:
    station: PoliceStation
    station_return: StationReturn | None
    gaps: list[CallCentre] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return self.station_return is not None and self.station_return.status in DONE_STATUSES


@dataclass
class BoardZone:
    zone: object
    rows: list[BoardRow] = field(default_factory=list)
    #: Summary only (a state's board): counts without rows; the zone's page lists its stations.
    summary: dict | None = None

    @property
    def submitted_count(self) -> int:
        if self.summary is not None:
            return self.summary["submitted"]
        return sum(1 for r in self.rows if r.submitted)

    @property
    def station_total(self) -> int:
        return self.summary["stations"] if self.summary is not None else len(self.rows)

    @property
    def gap_total(self) -> int:
        return self.summary["gaps"] if self.summary is not None else sum(len(r.gaps) for r in self.rows)


@dataclass
class Board:
    period_start: date
    zones: list[BoardZone]
    gap_count: int

    #: True when the board shows zones only (more stations in scope than BOARD_STATION_LIMIT, no zone chosen)
    summary: bool = False

    @property
    def station_count(self) -> int:
        return sum(z.station_total for z in self.zones)

    @property
    def submitted_count(self) -> int:
        return sum(z.submitted_count for z in self.zones)


#: A board of more stations than this shows its zones only, each linking to its own board (a state has 2,000).
BOARD_STATION_LIMIT = 200


def completeness_board(*, user, period: date, zone: str = "") -> Board:
    """For a period: each station in the user's scope, grouped by zone, with its return and its coverage gaps.

    Three queries whatever the number of stations: stations with zones, the period's returns
    with their submitters, and the coverage gaps. Above BOARD_STATION_LIMIT stations (a state),
    without a zone: the zones only, with their counts (grouped in SQL, three queries); `zone`
    (a zone code) narrows the board to that zone's stations.
    """
    start, _end = period_bounds(period)
    in_scope = PoliceStation.objects.for_user(user)
    if zone:
        in_scope = in_scope.filter(zone__code=zone)
    stations = list(in_scope.select_related("zone").order_by("zone__name", "name")[: None if zone else BOARD_STATION_LIMIT + 1])
    if len(stations) > BOARD_STATION_LIMIT and not zone:
        return _zone_summary(user=user, start=start, stations=in_scope)
    returns_qs = StationReturn.objects.for_user(user).filter(period_start=start)
    if zone:
        returns_qs = returns_qs.filter(station__zone__code=zone)
    returns = {
        r.station_id: r
        for r in returns_qs.select_related("submitted_by", "reviewed_by").annotate(entry_count=entry_count())
    }
    gaps: dict[int, list[CallCentre]] = {}
    gap_count = 0
    for cc in coverage_gaps(user=user).filter(station__zone__code=zone) if zone else coverage_gaps(user=user):
        gaps.setdefault(cc.station_id, []).append(cc)
        gap_count += 1
    zones: OrderedDict[int, BoardZone] = OrderedDict()
    for station in stations:
        zone = zones.setdefault(station.zone_id, BoardZone(zone=station.zone))
        zone.rows.append(BoardRow(station=station, station_return=returns.get(station.pk), gaps=gaps.get(station.pk, [])))
    return Board(period_start=start, zones=list(zones.values()), gap_count=gap_count)



def _zone_summary(*, user, start: date, stations: QuerySet) -> Board:
    """The board of a state: per zone, its stations, how many submitted, how many coverage gaps."""
    from stations.models import Zone

    counts = {row["zone_id"]: row["n"] for row in stations.order_by().values("zone_id").annotate(n=Count("pk"))}
    submitted = {
        row["station__zone_id"]: row["n"]
        for row in StationReturn.objects.for_user(user).filter(period_start=start, status__in=DONE_STATUSES)
        .order_by().values("station__zone_id").annotate(n=Count("pk"))
    }
    gaps = {
        row["station__zone_id"]: row["n"]
        for row in coverage_gaps(user=user).order_by().values("station__zone_id").annotate(n=Count("pk"))
    }
    zones = [
        BoardZone(zone=z, summary={"stations": counts[z.pk], "submitted": submitted.get(z.pk, 0), "gaps": gaps.get(z.pk, 0)})
        for z in Zone.objects.filter(pk__in=list(counts)).order_by("name")
    ]
    return Board(period_start=start, zones=zones, gap_count=sum(gaps.values()), summary=True)
def stations_not_submitted(*, user, period: date) -> QuerySet[PoliceStation]:
    """The chase list: stations in the user's scope with no submitted or accepted return for the
    period (no return at all, a draft, or one sent back), with their zone (one query)."""
    start, _end = period_bounds(period)
    done = StationReturn.objects.filter(
        period_start=start, status__in=[ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED]
    ).values("station_id")
    return (
        PoliceStation.objects.for_user(user).exclude(pk__in=done).select_related("zone").order_by("zone__name", "name")
    )


def return_entries_filter(entries: QuerySet[ReturnEntry], *, q: str = "", action: str = "") -> QuerySet[ReturnEntry]:
    """A return's entries narrowed for its page: by name, company, address or phone, and by action."""
    if action in EntryAction.values:
        entries = entries.filter(action=action)
    if q:  # the one search of call centres (registry.selectors.callcentres)
        entries = entries.filter(call_centre__in=CallCentre.objects.filter(callcentre_search_q(q)).values("pk"))
    return entries


def return_entry_summary(*, station_return: StationReturn) -> dict:
    """How many entries a return holds, operating and closed (one query)."""
    return station_return.entries.aggregate(
        total=Count("pk"),
        listed=Count("pk", filter=Q(action=EntryAction.LISTED)),
        closed=Count("pk", filter=Q(action=EntryAction.CLOSED)),
    )
