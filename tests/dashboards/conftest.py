"""A small city for the dashboards: call centres of every status in two zones, licences, churn,
busts across this year and last, arrests with a repeat offender, and this month's returns."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from registry.models import Occupancy
from verification.models import Licence

from ..factories import (
    ArrestFactory,
    BustFactory,
    CallCentreFactory,
    LocalityFactory,
    PersonFactory,
    PremisesFactory,
    PriorRecordFactory,
    StationReturnFactory,
)

TODAY = timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def _fir(station, n: int, day: datetime.date) -> dict:
    return {"station": station, "fir_number": f"{n:04d}/{day.year}", "fir_year": day.year, "raid_date": day}


def centre(locality, status="reported", **kw):
    return CallCentreFactory(premises=PremisesFactory(locality=locality), status=status, **kw)


def build_city(*, station_a, station_a2, station_b, locality_a, locality_b, size: int = 1):
    """Rows in three stations; `size` multiplies them (for the same-queries-whatever-the-size tests)."""
    locality_a.latitude, locality_a.longitude = Decimal("28.50000"), Decimal("77.08000")
    locality_a.save()
    locality_b.latitude, locality_b.longitude = Decimal("28.40000"), Decimal("77.00000")
    locality_b.save()
    a2_loc = LocalityFactory(name="Alpha Two Locality", station=station_a2,
                             latitude=Decimal("28.45000"), longitude=Decimal("77.05000"))
    fir = iter(range(1, 10000))
    for _ in range(size):
        # Station A: 3 operating (one lacking a licence, one in order, one unchecked), a busted one,
        # a quick leaver (vacated within six months) and a merged record (never counted).
        lacking = centre(locality_a, "under_verification", started_on=days_ago(20))
        Licence.objects.create(call_centre=lacking, kind="gst", status="not_held")
        in_order = centre(locality_a, "compliant", started_on=days_ago(400))
        Licence.objects.create(call_centre=in_order, kind="gst", status="held")
        centre(locality_a, "reported")
        busted = centre(locality_a, "busted", started_on=days_ago(200))
        leaver = centre(locality_a, "vacated", started_on=days_ago(300), ended_on=days_ago(250))
        Occupancy.objects.create(premises=leaver.premises, call_centre=leaver, moved_in=days_ago(300),
                                 moved_out=days_ago(250))
        centre(locality_a, "merged", merged_into=in_order)
        # Station A2 (zone A): 2 operating, one pending an answer.
        pending = centre(a2_loc, "reported", started_on=days_ago(100))
        Licence.objects.create(call_centre=pending, kind="osp", status="pending")
        centre(a2_loc, "non_compliant")
        # Station B (zone B): 1 operating, 1 closed.
        centre(locality_b, "compliant", started_on=days_ago(5))
        centre(locality_b, "closed")

        # Busts: A in the last 30 days (with a repeat offender), A 100 days ago, A2 last year, B this month.
        bust_recent = BustFactory(**_fir(station_a, next(fir), days_ago(3)), call_centre=busted)
        repeat = PersonFactory(station=station_a, name="Repeat Person")
        ArrestFactory(person=repeat, bust=bust_recent, arrested_on=days_ago(3), role="mastermind")
        PriorRecordFactory(person=repeat, arrested_on=datetime.date(2019, 3, 1))
        ArrestFactory(bust=bust_recent, person__station=station_a, arrested_on=days_ago(2))  # a first-timer
        bust_old = BustFactory(**_fir(station_a, next(fir), days_ago(100)))
        ArrestFactory(bust=bust_old, person__station=station_a, arrested_on=days_ago(100))
        last_year = TODAY.replace(year=TODAY.year - 1, month=6, day=15)
        BustFactory(**_fir(station_a2, next(fir), last_year))
        BustFactory(**_fir(station_b, next(fir), days_ago(1)))
    # This month's returns: A submitted, B accepted, A2 none.
    StationReturnFactory(station=station_a, status="submitted")
    StationReturnFactory(station=station_b, status="accepted")


@pytest.fixture
def city(station_a, station_a2, station_b, locality_a, locality_b):
    build_city(station_a=station_a, station_a2=station_a2, station_b=station_b, locality_a=locality_a,
               locality_b=locality_b)
