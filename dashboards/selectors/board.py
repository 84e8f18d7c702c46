"""Busts per month, and the per-station board (call centres, busts, arrests, returns) rolled up by
zone and in total."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from offenders.choices import ArrestRole
from offenders.filters import BustFilterSet
from offenders.models import Arrest, Bust
from registry.choices import CallCentreStatus, ReturnStatus
from registry.models import CallCentre, StationReturn
from stations.models import PoliceStation, Zone
from verification.choices import LicenceState
from verification.selectors import licence_state_q

from .callcentres import operating_q
from .figures import (
    ARRESTS,
    BUSTS,
    CALLCENTRES,
    OPERATING,
    RETURNS,
    STATIONS,
    Dates,
    Figure,
    Unit,
    list_url,
    month_end,
    months_back,
)

# --------------------------------------------------------------------------- busts per month


@dataclass(frozen=True)
class Month:
    start: date
    busts: Figure


def bust_months(*, user, unit: Unit, today: date) -> list[Month]:
    """Busts in each of the last 12 months, this month included (one GROUP BY)."""
    this_month = today.replace(day=1)
    first = months_back(this_month, 11)
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
        start = months_back(this_month, i)
        end = min(month_end(start), today)
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

    operating = operating_q()
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


