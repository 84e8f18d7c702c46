"""Planning every station scales: the risk points of the city are read once per run, each station
costs a fixed number of queries, and the run's points score and explain like the risk page's SQL."""
from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from offenders.models import Bust
from registry.models import CallCentre, Occupancy, Premises
from stations.models import PoliceStation
from tests.factories import BustFactory, CallCentreFactory, LocalityFactory, PoliceStationFactory, PremisesFactory
from verification.choices import LicenceStatus
from verification.models import Inspection, InspectionPlan, Licence
from verification.selectors import RISK_FACTORS, city_risk, coming_week, risk_reasons, with_risk, with_risk_score
from verification.services import inspection_plans_propose

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NEXT_MONDAY = coming_week(TODAY)
#: Queries of a planning run whatever the number of stations: missed visits (savepoint, select for update, release),
#: stations, plans of the week, every operating call centre's risk points (one query), the capacities
#: and the call centres with open visits.
RUN_QUERIES = 8
#: Queries per station, whatever the number of call centres or visits: plan exists?, savepoint, plan
#: and its history, carried visits, the visits and their history (bulk), release. The risk is ranked
#: from the run's `city_risk` (in RUN_QUERIES).
STATION_QUERIES = 8


def _station_with_centres(n: int, *, hot: bool = False):
    station = PoliceStationFactory()
    locality = LocalityFactory(station=station)
    centres = [CallCentreFactory(premises=PremisesFactory(locality=locality)) for _ in range(n)]
    if hot:  # a crowded locality, a bust and a quick tenant: every city-wide factor holds somewhere
        BustFactory(station=station, call_centre=centres[0])
        Occupancy.objects.create(premises=centres[1].premises, call_centre=centres[1],
                                 moved_in=TODAY - datetime.timedelta(days=100), moved_out=TODAY - datetime.timedelta(days=10))
        Licence.objects.create(call_centre=centres[2], kind="gst", status=LicenceStatus.NOT_HELD)
    return station, centres


def _planning_queries() -> int:
    Inspection.objects.filter(plan__week=NEXT_MONDAY).delete()
    InspectionPlan.objects.filter(week=NEXT_MONDAY).delete()
    with CaptureQueriesContext(connection) as captured:
        result = inspection_plans_propose(week=NEXT_MONDAY)
    assert result["existing"] == 0 and result["visits"] > 0
    return len(captured.captured_queries)


def test_planning_costs_a_fixed_number_of_queries_per_station_whatever_the_city_size(settings):
    settings.INSPECTION_HOTSPOT_MIN = 2
    for _ in range(2):
        _station_with_centres(4, hot=True)
    assert _planning_queries() == RUN_QUERIES + 2 * STATION_QUERIES
    for _ in range(2):  # twice the stations: twice the per-station queries, the run's own unchanged
        _station_with_centres(4)
    assert _planning_queries() == RUN_QUERIES + 4 * STATION_QUERIES
    for station in PoliceStation.objects.order_by("pk")[:2]:
        locality = LocalityFactory(station=station)  # five times the call centres: the same queries
        for _ in range(16):
            CallCentreFactory(premises=PremisesFactory(locality=locality))
    assert CallCentre.objects.count() == 48 and PoliceStation.objects.count() == 4
    assert _planning_queries() == RUN_QUERIES + 4 * STATION_QUERIES


def test_the_runs_city_wide_points_score_and_explain_like_the_risk_page(settings):
    settings.INSPECTION_HOTSPOT_MIN = 2
    hot_station, hot = _station_with_centres(5, hot=True)
    quiet_station, quiet = _station_with_centres(1)
    # Another tenant's bust at a quiet centre's premises is a city-wide fact about that centre.
    neighbour = CallCentre.objects.create(name="Moved Out Calls", name_key="moved out calls", status="closed",
                                          premises=quiet[0].premises, station=quiet_station)
    BustFactory(station=quiet_station, call_centre=neighbour)
    with CaptureQueriesContext(connection) as captured:
        risk = city_risk()
    assert len(captured.captured_queries) == 1  # the whole city, each factor once
    for station in (hot_station, quiet_station):
        queryset = CallCentre.objects.filter(station=station, status__in=["reported"])
        plain = {row.pk: row for row in with_risk(queryset)}
        scored = dict(with_risk_score(queryset).values_list("pk", "risk_score"))
        ranked = risk.ranked(station.pk)
        assert [row.pk for row in ranked] == sorted(plain, key=lambda pk: (-plain[pk].risk_score, pk))
        for row in ranked:
            assert risk_reasons(row) == risk_reasons(plain[row.pk])
            assert row.risk_score == plain[row.pk].risk_score == scored[row.pk]
    assert neighbour.pk not in {row.pk for row in risk.ranked(quiet_station.pk)}  # closed: not planned
    quiet_reasons = {r["key"] for r in risk_reasons(risk.ranked(quiet_station.pk)[0])}
    assert "bust_link" in quiet_reasons
    hot_reasons = {row.pk: {r["key"] for r in risk_reasons(row)} for row in risk.ranked(hot_station.pk)}
    assert "bust_link" in hot_reasons[hot[0].pk] and "premises_churn" in hot_reasons[hot[1].pk]
    assert all("hotspot" in keys for keys in hot_reasons.values())
    assert risk.ranked(hot_station.pk, exclude={hot[0].pk})[0].pk != hot[0].pk
    assert Bust.objects.count() == 2 and Premises.objects.count() == 6


def test_planned_visits_carry_the_score_and_the_reasons_shown(settings):
    settings.INSPECTION_HOTSPOT_MIN = 2
    station, centres = _station_with_centres(5, hot=True)
    inspection_plans_propose(week=NEXT_MONDAY)
    visits = list(Inspection.objects.filter(plan__station=station).order_by("planned_date", "order"))
    assert len(visits) == 5
    assert visits[0].call_centre_id == centres[0].pk  # the bust outranks the others
    for visit in visits:
        assert visit.risk_score == sum(r["points"] for r in visit.risk_reasons) > 0
        assert {r["key"] for r in visit.risk_reasons} <= set(RISK_FACTORS)
    assert visits[0].history.count() == 1  # every visit audited


def test_the_apps_connections_run_without_jit():
    """PostgreSQL's JIT made the risk queries about 4x slower (bench/RESULTS-inspections.md): it is off
    for every connection the application opens (config.settings.base.database_options)."""
    from config.settings.base import database_options

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
    postgres = database_options({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c work_mem=8MB"}})
    assert postgres["OPTIONS"]["options"] == "-c work_mem=8MB -c jit=off"
    sqlite = database_options({"ENGINE": "django.db.backends.sqlite3"})
    assert "OPTIONS" not in sqlite


def test_the_run_skips_call_centres_with_a_visit_open_in_another_plan(settings):
    station, centres = _station_with_centres(3, hot=True)
    this_week = NEXT_MONDAY - datetime.timedelta(days=7)
    current = InspectionPlan.objects.create(station=station, week=this_week)
    Inspection.objects.create(plan=current, call_centre=centres[0], planned_date=NEXT_MONDAY - datetime.timedelta(days=1))
    inspection_plans_propose(week=NEXT_MONDAY)
    planned = set(Inspection.objects.filter(plan__week=NEXT_MONDAY).values_list("call_centre_id", flat=True))
    assert planned == {centres[1].pk, centres[2].pk}
