"""Benchmark: the city dashboard page against the raw SQL of its aggregates, on PostgreSQL.

Data (a scratch database migrated like production): the demo's 4 zones, 40 stations and their
localities with coordinates; N call centres spread over the localities with the demo's hotspot
shares, in every status, half of them with licence answers, a tenth with a stay at their premises
(some vacated within six months); busts over the last two years, two to four arrests each, a third
of the arrested persons with a prior record; this month's returns for most stations.

Measured, each as the median (and 95th percentile) of --runs runs after --warmup runs:
  page       GET /dashboards/ as the commissioner through Django's test client (view, selectors,
             template, map), the whole response;
  context    dashboard_context() alone (the selectors and the map, no template);
  raw SQL    the same panel queries, captured from one dashboard and executed directly with a cursor
             (what PostgreSQL itself costs; the rest is Python).
The queries are also counted (they must not grow with N).

Usage:
    .venv/bin/python bench/bench_dashboards.py [--call-centres 50000] [--runs 30] [--warmup 5] [--reuse]
        [--jit off] [--append]
Figures are written to bench/RESULTS-dashboards.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = os.environ.get("BENCH_DASHBOARDS_DB", "bench_dashboards")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from core.roles import Role  # noqa: E402
from dashboards.selectors import Unit  # noqa: E402
from dashboards.views import dashboard_context  # noqa: E402
from offenders.models import Arrest, Bust, Identity, Person, PriorRecord  # noqa: E402
from registry.models import CallCentre, Occupancy, Premises, StationReturn  # noqa: E402
from stations.demo import ZONES, locality_point, station_code, station_localities  # noqa: E402
from stations.models import Locality, PoliceStation, User, Zone  # noqa: E402
from verification.models import Licence  # noqa: E402

OUT = ROOT / "bench" / "RESULTS-dashboards.md"
HOT = {"Udyog Vihar Phase I": 0.05, "Udyog Vihar Phase II": 0.05, "Udyog Vihar Phase III": 0.05,
       "Udyog Vihar Phase IV": 0.06, "Udyog Vihar Phase V": 0.04, "Cyber City": 0.08, "Sohna Road": 0.07,
       "DLF Phase 2": 0.06, "DLF Phase 3": 0.05, "MG Road": 0.03, "Golf Course Road": 0.03}
STATUSES = [("reported", 30), ("under_verification", 15), ("compliant", 20), ("non_compliant", 8),
            ("busted", 5), ("closed", 10), ("vacated", 12)]


def _psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def ensure_database(*, fresh: bool) -> None:
    if fresh:
        _psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    if _psql(f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'") != "1":  # noqa: S608
        _psql(f"CREATE DATABASE {DB_NAME}")
    call_command("migrate", verbosity=0)


def load(n: int, seed: int) -> None:
    """The city and its N call centres, busts, arrests and returns (bulk inserts)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    localities = []
    for zone_name, names in ZONES.items():
        zone = Zone.objects.create(code=zone_name.lower(), name=zone_name)
        for name in names:
            station = PoliceStation.objects.create(code=station_code(name), name=name, zone=zone)
            for loc, _a, hot in station_localities(name):
                lat, lng = locality_point(name, loc)
                localities.append(Locality.objects.create(name=loc, station=station, is_hotspot=hot,
                                                          latitude=lat, longitude=lng))
    rest = (1 - sum(HOT.values())) / (len(localities) - len(HOT))
    weights = [HOT.get(loc.name, rest) for loc in localities]
    picks = rng.choices(localities, weights=weights, k=n)
    premises = Premises.objects.bulk_create(
        [Premises(address_raw=f"Plot {i}", address_key=f"p:{i}", locality=loc) for i, loc in enumerate(picks)],
        batch_size=5000,
    )
    statuses, status_weights = zip(*STATUSES, strict=True)
    centres = []
    for i, p in enumerate(premises):
        status = rng.choices(statuses, weights=status_weights)[0]
        started = today - timedelta(days=rng.randint(30, 1500))
        ended = started + timedelta(days=rng.randint(20, 400)) if status in ("closed", "vacated") else None
        centres.append(CallCentre(name=f"Centre {i}", name_key=f"centre {i}", premises=p, station=p.locality.station,
                                  status=status, started_on=started, ended_on=min(ended, today) if ended else None))
    centres = CallCentre.objects.bulk_create(centres, batch_size=5000)
    kinds = ["osp", "gst", "shops", "fire"]
    Licence.objects.bulk_create(
        [Licence(call_centre=c, kind=rng.choice(kinds), status=rng.choice(["held", "held", "not_held", "pending"]))
         for c in centres if rng.random() < 0.5],
        batch_size=5000,
    )
    Occupancy.objects.bulk_create(
        [Occupancy(premises_id=c.premises_id, call_centre=c, moved_in=c.started_on, moved_out=c.ended_on)
         for c in centres if rng.random() < 0.1],
        batch_size=5000,
    )
    stations = list(PoliceStation.objects.all())
    busts, fir = [], {}
    for _ in range(max(100, n // 25)):
        station = rng.choice(stations)
        day = today - timedelta(days=rng.randint(0, 730))
        fir[station.pk] = fir.get(station.pk, 0) + 1
        busts.append(Bust(station=station, fir_number=f"{fir[station.pk]:04d}/{day.year}", fir_year=day.year,
                          raid_date=day))
    busts = Bust.objects.bulk_create(busts, batch_size=5000)
    persons, arrests, priors = [], [], []
    for bust in busts:
        for _ in range(rng.randint(2, 4)):
            persons.append((bust, Person(station_id=bust.station_id, name=f"Person {len(persons)}",
                                         name_key=f"person {len(persons)}")))
    identities = Identity.objects.bulk_create([Identity() for _ in persons], batch_size=5000)
    for (_bust, person), identity in zip(persons, identities, strict=True):
        person.identity = identity
    Person.objects.bulk_create([p for _b, p in persons], batch_size=5000)
    for bust, person in persons:
        arrests.append(Arrest(person=person, bust=bust, station_id=bust.station_id, arrested_on=bust.raid_date,
                              role=rng.choice(["caller", "caller", "manager", "mastermind"])))
        if rng.random() < 0.33:
            priors.append(PriorRecord(person=person, station_id=bust.station_id, force="delhi"))
    Arrest.objects.bulk_create(arrests, batch_size=5000)
    PriorRecord.objects.bulk_create(priors, batch_size=5000)
    month = today.replace(day=1)
    StationReturn.objects.bulk_create(
        [StationReturn(station=s, period_start=month, period_end=month + timedelta(days=27),
                       status=rng.choice(["draft", "submitted", "accepted"])) for s in stations if rng.random() < 0.8]
    )
    User.objects.create(username="bench-commissioner", role=Role.COMMISSIONER)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _timed(fn, *, runs: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--call-centres", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20201)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--append", action="store_true", help="add to RESULTS-dashboards.md instead of replacing it")
    parser.add_argument("--jit", choices=["default", "off"], default="default",
                        help="off: SET jit = off for the session (PostgreSQL's JIT compiles the conditional "
                             "aggregates' subplans, which can cost more than running them)")
    args = parser.parse_args()

    ensure_database(fresh=not args.reuse)
    if not args.reuse:
        started = time.perf_counter()
        load(args.call_centres, args.seed)
        print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)
    setup_test_environment()
    with connection.cursor() as cursor:
        if args.jit == "off":
            cursor.execute("SET jit = off")
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    user = User.objects.get(username="bench-commissioner")
    client = Client()
    client.force_login(user)

    def page():
        response = client.get("/dashboards/")
        assert response.status_code == 200, response.status_code

    def context():
        dashboard_context(user, Unit(), period_key="12m", colouring="busts")

    with CaptureQueriesContext(connection) as captured:
        context()
    panel_sql = [q["sql"] for q in captured.captured_queries]
    page_queries = []

    def count(execute, sql, params, many, context):
        page_queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # the test client resets connection.queries per request
        page()

    def raw():
        with connection.cursor() as cursor:
            for sql in panel_sql:
                cursor.execute(sql)
                cursor.fetchall()

    results = {name: _timed(fn, runs=args.runs, warmup=args.warmup)
               for name, fn in (("page", page), ("context", context), ("raw SQL", raw))}
    counts = {
        "call centres": CallCentre.objects.count(), "licences": Licence.objects.count(), "busts": Bust.objects.count(),
        "arrests": Arrest.objects.count(), "prior records": PriorRecord.objects.count(),
    }
    lines = [
        "" if args.append else "# Dashboards benchmark", "",
        f"## {counts['call centres']:,} call centres, jit {jit}", "",
        f"City dashboard (`GET /dashboards/`, commissioner, period 12 months) on PostgreSQL; "
        f"{args.runs} runs after {args.warmup} warm-up runs; {platform.python_version()}, {platform.machine()}, "
        f"run on {date.today():%d/%m/%Y}. Data: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()) + ".", "",
        f"Queries: {len(page_queries)} for the page (session and user included), {len(panel_sql)} panel queries. "
        f"PostgreSQL jit: {jit}.", "",
        "| measured | median (ms) | p95 (ms) |", "| --- | ---: | ---: |",
    ]
    for name, times in results.items():
        lines.append(f"| {name} | {statistics.median(times):.1f} | {_p95(times):.1f} |")
    raw_median = statistics.median(results["raw SQL"])
    lines += ["", f"The page costs {statistics.median(results['page']) / raw_median:.2f}× its raw SQL; "
              f"the selectors and map {statistics.median(results['context']) / raw_median:.2f}×.", ""]
    if args.append and OUT.exists():
        OUT.write_text(OUT.read_text() + "\n".join(lines))
    else:
        OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
