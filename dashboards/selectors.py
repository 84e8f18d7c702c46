"""Aggregates of the dashboards, in SQL: one grouped (or conditionally counted) query per panel.

Every figure is a `Figure`: a number and the address of the filtered list that shows exactly
that many rows. The figure and its list are kept equal by construction: each count uses the
same condition as the list's FilterSet parameter (for the churn and repeat-offender flags the
count asks the FilterSet itself for its condition, as a subquery), and starts from the same
`for_user` scope as the list.

Queries of a dashboard, whatever the data size:
  1. call centres: status, licence state, churn and new set-ups (one conditional aggregate)
  2. call centres by locality (hotspots; also the map's locality dots)
  3. busts per month over the last 12 months
  4. the stations of the dashboard (with their zones)
  5. call centres by station, 6. busts by station, 7. arrests by station, 8. this month's returns
  9. the localities' coordinates (the map)
Totals, zone roll-ups and the map are sums of the per-station rows, made in Python.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from offenders.choices import ArrestRole
from offenders.filters import BustFilterSet
from offenders.models import Arrest, Bust
from registry.choices import OPERATING_STATUSES, CallCentreStatus, ReturnStatus
from registry.filters import CallCentreFilterSet
from registry.models import CallCentre, StationReturn
from stations.models import Locality, PoliceStation, Zone
from verification.choices import LicenceState
from verification.selectors import licence_state_q

CALLCENTRES = "registry:callcentre-list"
BUSTS = "offenders:bust-list"
ARRESTS = "offenders:arrest-list"
RETURNS = "registry:return-list"
STATIONS = "stations:list"

#: The operating statuses in a fixed order (they appear in links).
OPERATING = [s.value for s in CallCentreStatus if s in OPERATING_STATUSES]
#: Statuses shown on the status panel (merged records are not call centres of their own).
SHOWN_STATUSES = [s for s in CallCentreStatus if s != CallCentreStatus.MERGED]
#: How many localities the hotspot panel lists.
TOP_LOCALITIES = 10


# --------------------------------------------------------------------------- figures, periods, units


@dataclass(frozen=True)
class Figure:
    """A number on a dashboard and the list behind it."""

    value: int
    url: str

    def __str__(self) -> str:
        return str(self.value)


@lru_cache(maxsize=64)
def _path(name: str, prefix: str) -> str:
    return reverse(name)  # a dashboard makes hundreds of links to five lists: reverse each once


def list_url(name: str, params: dict) -> str:
    """The address of a list with its filter parameters (dates as ISO, lists repeated)."""
    clean = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items() if v not in (None, "")}
    query = urlencode(clean, doseq=True)
    path = _path(name, get_script_prefix())
    return f"{path}?{query}" if query else path


PERIOD_CHOICES = (
    ("30d", _("Last 30 days")),
    ("90d", _("Last 90 days")),
    ("12m", _("Last 12 months")),
    ("year", _("This year")),
)
DEFAULT_PERIOD = "12m"


@dataclass(frozen=True)
class Period:
    """The dates the period-bound figures count (both ends included)."""

    key: str
    label: str
    start: date
    end: date


def period_of(key: str | None, *, today: date) -> Period:
    """One of PERIOD_CHOICES; anything else is the default (last 12 months)."""
    labels = dict(PERIOD_CHOICES)
    key = key if key in labels else DEFAULT_PERIOD
    starts = {
        "30d": today - timedelta(days=29),
        "90d": today - timedelta(days=89),
        "12m": today - timedelta(days=364),
        "year": today.replace(month=1, day=1),
    }
    return Period(key=key, label=str(labels[key]), start=starts[key], end=today)


def _month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _months_back(start: date, n: int) -> date:
    month = start.year * 12 + start.month - 1 - n
    return date(month // 12, month % 12 + 1, 1)


def _same_day_last_year(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


@dataclass(frozen=True)
class Unit:
    """What a dashboard is about: the city, one zone or one station."""

    zone: Zone | None = None
    station: PoliceStation | None = None

    @property
    def kind(self) -> str:
        return "station" if self.station else "zone" if self.zone else "city"

    @property
    def params(self) -> dict:
        """The lists' parameters restricting them to this unit."""
        if self.station:
            return {"station": self.station.code}
        if self.zone:
            return {"zone": self.zone.code}
        return {}

    def q(self, station_path: str = "station") -> Q:
        """Rows of this unit, reaching the station by `station_path` ("pk" for stations themselves)."""
        zone_path = "zone" if station_path == "pk" else f"{station_path}__zone"
        if self.station:
            return Q(**{station_path: self.station.pk})
        if self.zone:
            return Q(**{zone_path: self.zone.pk})
        return Q()


# --------------------------------------------------------------------------- call centres


def _operating() -> Q:
    return Q(status__in=OPERATING)


def _callcentre_filter_ids(params: dict):
    """Ids of the call centres the call-centre list's FilterSet selects with `params` (a subquery):
    the dashboard counts what the list shows, by the list's own rule."""
    return CallCentreFilterSet(params, queryset=CallCentre.objects.all()).qs.values("pk")


def callcentre_summary(*, user, unit: Unit, period: Period, today: date) -> dict:
    """Status, licence compliance of operating call centres, churn and new set-ups (one query)."""
    qs = CallCentre.objects.for_user(user).filter(unit.q()).exclude(status=CallCentreStatus.MERGED)
    operating = _operating()
    counts = {"total": Count("pk"), "operating": Count("pk", filter=operating)}
    for status in SHOWN_STATUSES:
        counts[f"status_{status.value}"] = Count("pk", filter=Q(status=status))
    for state in LicenceState:
        counts[f"licence_{state.value}"] = Count("pk", filter=operating & Q(licence_state_q(state, today=today)))
    counts["quick_vacate"] = Count("pk", filter=Q(pk__in=_callcentre_filter_ids({"quick_vacate": "true"})))
    counts["started"] = Count("pk", filter=Q(started_on__gte=period.start))
    row = qs.aggregate(**counts)
    where = unit.params

    def fig(value_key: str, **params) -> Figure:
        return Figure(row[value_key], list_url(CALLCENTRES, {**where, **params}))

    return {
        "total": fig("total"),
        "operating": fig("operating", status=OPERATING),
        "statuses": [(status.label, fig(f"status_{status.value}", status=status.value)) for status in SHOWN_STATUSES],
        "licences": [
            (state.label, fig(f"licence_{state.value}", status=OPERATING, licence=state.value)) for state in LicenceState
        ],
        "quick_vacate": fig("quick_vacate", quick_vacate="true"),
        "started": fig("started", started_after=period.start),
    }


@dataclass
class LocalityRow:
    pk: int
    name: str
    latitude: float | None
    longitude: float | None
    operating: Figure
    lacking: Figure


def locality_rows(*, user, unit: Unit, today: date) -> list[LocalityRow]:
    """Localities by operating call centres, most first (one GROUP BY). Only localities the user
    may filter the list by (their scope) are listed, so that each link shows exactly that many."""
    operating = _operating()
    rows = (
        CallCentre.objects.for_user(user)
        .filter(unit.q(), premises__locality__in=Locality.objects.for_user(user).values("pk"))
        .exclude(status=CallCentreStatus.MERGED)
        .values("premises__locality", "premises__locality__name", "premises__locality__latitude",
                "premises__locality__longitude")
        .annotate(
            operating=Count("pk", filter=operating),
            lacking=Count("pk", filter=operating & Q(licence_state_q(LicenceState.LACKING, today=today))),
        )
        .filter(operating__gt=0)
        .order_by("-operating", "premises__locality__name")
    )
    result = []
    for row in rows:
        params = {**unit.params, "locality": row["premises__locality"], "status": OPERATING}
        lat, lng = row["premises__locality__latitude"], row["premises__locality__longitude"]
        result.append(
            LocalityRow(
                pk=row["premises__locality"], name=row["premises__locality__name"],
                latitude=float(lat) if lat is not None else None, longitude=float(lng) if lng is not None else None,
                operating=Figure(row["operating"], list_url(CALLCENTRES, params)),
                lacking=Figure(row["lacking"], list_url(CALLCENTRES, {**params, "licence": LicenceState.LACKING.value})),
            )
        )
    return result


# --------------------------------------------------------------------------- busts per month


@dataclass(frozen=True)
class Month:
    start: date
    busts: Figure


def bust_months(*, user, unit: Unit, today: date) -> list[Month]:
    """Busts in each of the last 12 months, this month included (one GROUP BY)."""
    this_month = today.replace(day=1)
    first = _months_back(this_month, 11)
    counts = dict(
        Bust.objects.for_user(user)
        .filter(unit.q(), raid_date__gte=first, raid_date__lte=today)
        .annotate(month=TruncMonth("raid_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    months = []
    for i in range(11, -1, -1):
        start = _months_back(this_month, i)
        end = min(_month_end(start), today)
        url = list_url(BUSTS, {**unit.params, "raid_from": start, "raid_to": end})
        months.append(Month(start=start, busts=Figure(counts.get(start, 0), url)))
    return months


# --------------------------------------------------------------------------- per station, rolled up


@dataclass
class Tally:
    """The per-station measures, summed over any group of stations; `figures` links each one."""

    operating: int = 0
    lacking: int = 0
    busts: int = 0
    repeat: int = 0
    this_year: int = 0
    last_year_to_date: int = 0
    last_year: int = 0
    arrests: int = 0
    masterminds: int = 0
    stations: int = 0
    returns: dict = field(default_factory=dict)  # ReturnStatus -> number of stations

    def add(self, other: Tally) -> None:
        for name in ("operating", "lacking", "busts", "repeat", "this_year", "last_year_to_date", "last_year",
                     "arrests", "masterminds", "stations"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, n in other.returns.items():
            self.returns[status] = self.returns.get(status, 0) + n

    @property
    def submitted(self) -> int:
        """Stations whose return for the month is submitted or accepted."""
        return self.returns.get(ReturnStatus.SUBMITTED, 0) + self.returns.get(ReturnStatus.ACCEPTED, 0)

    @property
    def repeat_share(self) -> int | None:
        return round(100 * self.repeat / self.busts) if self.busts else None

    @property
    def coverage(self) -> int | None:
        return round(100 * self.submitted / self.stations) if self.stations else None


@dataclass(frozen=True)
class Dates:
    """The dates of the period-bound figures."""

    period: Period
    today: date

    @property
    def year_start(self) -> date:
        return self.today.replace(month=1, day=1)

    @property
    def last_year_start(self) -> date:
        return date(self.today.year - 1, 1, 1)

    @property
    def last_year_end(self) -> date:
        return date(self.today.year - 1, 12, 31)

    @property
    def last_year_same_day(self) -> date:
        return _same_day_last_year(self.today)

    @property
    def month(self) -> date:
        return self.today.replace(day=1)


def tally_figures(tally: Tally, where: dict, dates: Dates) -> dict:
    """Each measure of a tally as a Figure whose link is restricted by `where` (zone or station)."""
    p = dates.period
    busts = {**where, "raid_from": p.start, "raid_to": p.end}
    arrests = {**where, "arrested_from": p.start, "arrested_to": p.end}
    month = dates.month.strftime("%Y-%m")
    figures = {
        "operating": Figure(tally.operating, list_url(CALLCENTRES, {**where, "status": OPERATING})),
        "lacking": Figure(
            tally.lacking, list_url(CALLCENTRES, {**where, "status": OPERATING, "licence": LicenceState.LACKING.value})
        ),
        "busts": Figure(tally.busts, list_url(BUSTS, busts)),
        "repeat": Figure(tally.repeat, list_url(BUSTS, {**busts, "repeat": "true"})),
        "this_year": Figure(tally.this_year, list_url(BUSTS, {**where, "raid_from": dates.year_start,
                                                              "raid_to": dates.today})),
        "last_year_to_date": Figure(tally.last_year_to_date, list_url(BUSTS, {
            **where, "raid_from": dates.last_year_start, "raid_to": dates.last_year_same_day})),
        "last_year": Figure(tally.last_year, list_url(BUSTS, {**where, "raid_from": dates.last_year_start,
                                                              "raid_to": dates.last_year_end})),
        "arrests": Figure(tally.arrests, list_url(ARRESTS, arrests)),
        "masterminds": Figure(tally.masterminds, list_url(ARRESTS, {**arrests, "role": ArrestRole.MASTERMIND.value})),
        "return_status": {
            status.value: Figure(tally.returns.get(status, 0), list_url(RETURNS, {
                **where, "period": month, "status": status.value}))
            for status in ReturnStatus
        },
    }
    figures["returns"] = [(status.label, figures["return_status"][status.value]) for status in ReturnStatus]
    if "station" not in where:  # the station list has no station filter; one station needs no count
        figures["stations"] = Figure(tally.stations, list_url(STATIONS, {k: v for k, v in where.items() if k == "zone"}))
    return figures


@dataclass
class StationRow:
    station: PoliceStation
    tally: Tally
    return_status: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    figures: dict = field(default_factory=dict)


@dataclass
class ZoneRow:
    zone: Zone
    tally: Tally
    stations: list[StationRow] = field(default_factory=list)
    figures: dict = field(default_factory=dict)


@dataclass
class Board:
    """The per-station rows of a dashboard, their zones and their total."""

    stations: list[StationRow]
    zones: list[ZoneRow]
    total: Tally
    figures: dict


def station_board(*, user, unit: Unit, dates: Dates) -> Board:
    """Operating call centres, lacking licences, busts, arrests and this month's return of each
    station of the unit (one query per model), rolled up by zone and in total."""
    period, today = dates.period, dates.today
    stations = list(
        PoliceStation.objects.for_user(user).filter(unit.q("pk")).select_related("zone").order_by("zone__name", "name")
    )
    tallies = {s.pk: Tally(stations=1) for s in stations}

    operating = _operating()
    for row in (
        CallCentre.objects.for_user(user).filter(unit.q()).exclude(status=CallCentreStatus.MERGED)
        .values("station")
        .annotate(
            operating=Count("pk", filter=operating),
            lacking=Count("pk", filter=operating & Q(licence_state_q(LicenceState.LACKING, today=today))),
        )
        .order_by()
    ):
        if row["station"] in tallies:
            tallies[row["station"]].operating = row["operating"]
            tallies[row["station"]].lacking = row["lacking"]

    in_period = Q(raid_date__gte=period.start, raid_date__lte=period.end)
    repeat_ids = BustFilterSet({"repeat": "true"}, queryset=Bust.objects.all()).qs.values("pk")
    for row in (
        Bust.objects.for_user(user).filter(unit.q())
        .values("station")
        .annotate(
            busts=Count("pk", filter=in_period),
            repeat=Count("pk", filter=in_period & Q(pk__in=repeat_ids)),
            this_year=Count("pk", filter=Q(raid_date__gte=dates.year_start, raid_date__lte=today)),
            last_year_to_date=Count(
                "pk", filter=Q(raid_date__gte=dates.last_year_start, raid_date__lte=dates.last_year_same_day)
            ),
            last_year=Count("pk", filter=Q(raid_date__gte=dates.last_year_start, raid_date__lte=dates.last_year_end)),
        )
        .order_by()
    ):
        tally = tallies.get(row.pop("station"))
        if tally:
            for name, value in row.items():
                setattr(tally, name, value)

    arrested = Q(arrested_on__gte=period.start, arrested_on__lte=period.end)
    for row in (
        Arrest.objects.for_user(user).filter(unit.q())
        .values("station")
        .annotate(
            arrests=Count("pk", filter=arrested),
            masterminds=Count("pk", filter=arrested & Q(role=ArrestRole.MASTERMIND)),
        )
        .order_by()
    ):
        if row["station"] in tallies:
            tallies[row["station"]].arrests = row["arrests"]
            tallies[row["station"]].masterminds = row["masterminds"]

    return_status = dict(
        StationReturn.objects.for_user(user).filter(unit.q(), period_start=dates.month)
        .order_by().values_list("station_id", "status")
    )
    for station_id, status in return_status.items():
        if station_id in tallies:
            tallies[station_id].returns = {status: 1}

    rows, zones, total = [], {}, Tally()
    for station in stations:
        tally = tallies[station.pk]
        # The city dashboard shows zones, not stations: its stations need only the map's link.
        figures = (tally_figures(tally, {"station": station.code}, dates) if unit.kind != "city" else
                   {"operating": Figure(tally.operating, list_url(CALLCENTRES, {"station": station.code,
                                                                                "status": OPERATING}))})
        row = StationRow(station=station, tally=tally, return_status=return_status.get(station.pk), figures=figures)
        rows.append(row)
        zone = zones.setdefault(station.zone_id, ZoneRow(zone=station.zone, tally=Tally()))
        zone.tally.add(tally)
        zone.stations.append(row)
        total.add(tally)
    for zone in zones.values():
        zone.figures = tally_figures(zone.tally, {"zone": zone.zone.code}, dates)
    return Board(stations=rows, zones=list(zones.values()), total=total,
                 figures=tally_figures(total, unit.params, dates))


# --------------------------------------------------------------------------- the map's points


def locality_points(*, user, unit: Unit) -> list[dict]:
    """Localities of the unit with coordinates: id, name, station and position (one query)."""
    return [
        {"pk": pk, "name": name, "station_id": station_id, "latitude": float(lat), "longitude": float(lng)}
        for pk, name, station_id, lat, lng in Locality.objects.for_user(user)
        .filter(unit.q(), latitude__isnull=False, longitude__isnull=False)
        .order_by("name")
        .values_list("pk", "name", "station_id", "latitude", "longitude")
    ]
