"""What every panel shares: a Figure (a number and its list), the lists' addresses, the periods,
the unit (city, zone or station) and the dates of the period-bound figures."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

from registry.choices import OPERATING_STATUSES, CallCentreStatus
from stations.models import PoliceStation, Zone

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


def month_end(start: date) -> date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def months_back(start: date, n: int) -> date:
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

