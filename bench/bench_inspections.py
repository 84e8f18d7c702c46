"""Benchmark: proposing the weekly inspection plans of every station, on PostgreSQL.

Data (a scratch database migrated like production, one per size): S stations in zones of 10,
four localities each (one locality in fifty is a hotspot, drawing five times its share of call
centres); N call centres over the localities in every status, a third working night shifts, a
quarter first seen in the last 90 days; licence answers for half of them (some lacking); a stay at
their premises for a tenth (half of those vacated within six months); busts at one call centre in
twenty-five; a submitted return per station listing two thirds of its operating call centres; a
past plan per station with five visits done.

Measured: `inspection_plans_propose` for the coming week (what the weekly schedule runs: missed
visits marked, then one plan per station in its own transaction), as wall time and queries, with
time and queries per station. The plans are deleted between runs; the median of --runs runs is
kept. With --sample K only the first K stations are planned, one by one with
`inspection_plan_propose` (for sizes where planning every station takes too long): the figures
are then per station.

Usage:
    .venv/bin/python bench/bench_inspections.py [--sizes 40:5000 400:50000 1000:100000] [--runs 1]
        [--sample K] [--jit settings|on|off] [--label TEXT] [--append]
Figures are written to bench/RESULTS-inspections.md (--append adds a section).
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
DB_PREFIX = os.environ.get("BENCH_INSPECTIONS_DB", "bench_inspections")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_PREFIX}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from offenders.models import Bust  # noqa: E402
from registry.models import CallCentre, Occupancy, Premises, ReturnEntry, StationReturn  # noqa: E402
from stations.models import Locality, PoliceStation, Zone  # noqa: E402
from verification.models import Inspection, InspectionPlan, Licence  # noqa: E402
from verification.selectors import coming_week  # noqa: E402
from verification.services import inspection_plan_propose, inspection_plans_propose  # noqa: E402

OUT = ROOT / "bench" / "RESULTS-inspections.md"
STATUSES = [("reported", 30), ("under_verification", 15), ("compliant", 20), ("non_compliant", 8),
            ("busted", 5), ("closed", 10), ("vacated", 12)]
BATCH = 5000


def _psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def use_database(name: str) -> bool:
    """Point Django at the scratch database `name`; True when it already holds data of this size."""
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    exists = _psql(f"SELECT 1 FROM pg_database WHERE datname='{name}'") == "1"  # noqa: S608
    if not exists:
        _psql(f"CREATE DATABASE {name}")
    call_command("migrate", verbosity=0)
    return exists and CallCentre.objects.exists()


def load(n_stations: int, n: int, seed: int) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    now = timezone.now()
    zones = Zone.objects.bulk_create(
        [Zone(code=f"z{i}", name=f"Zone {i}") for i in range((n_stations + 9) // 10)])
    stations = PoliceStation.objects.bulk_create(
        [PoliceStation(code=f"ps{i}", name=f"Station {i:04d}", zone=zones[i // 10]) for i in range(n_stations)])
    localities = Locality.objects.bulk_create(
        [Locality(name=f"Locality {s.pk}-{j}", station=s) for s in stations for j in range(4)], batch_size=BATCH)
    weights = [5.0 if i % 50 == 7 else 1.0 for i in range(len(localities))]
    picks = rng.choices(localities, weights=weights, k=n)
    premises = Premises.objects.bulk_create(
        [Premises(address_raw=f"Plot {i}", address_key=f"p:{i}", locality=loc) for i, loc in enumerate(picks)],
        batch_size=BATCH)
    statuses, status_weights = zip(*STATUSES, strict=True)
    centres = []
    for i, (p, loc) in enumerate(zip(premises, picks, strict=True)):
        status = rng.choices(statuses, weights=status_weights)[0]
        started = today - timedelta(days=rng.randint(30, 400) if rng.random() < 0.25 else rng.randint(91, 1500))
        ended = min(started + timedelta(days=rng.randint(20, 400)), today) if status in ("closed", "vacated") else None
        centres.append(CallCentre(name=f"Centre {i}", name_key=f"centre {i}", premises=p, station_id=loc.station_id,
                                  status=status, started_on=started, ended_on=ended, night_shift=rng.random() < 0.33))
    centres = CallCentre.objects.bulk_create(centres, batch_size=BATCH)
    if n:  # a quarter recorded recently (new set-ups); the rest long ago
        CallCentre.objects.filter(pk__in=[c.pk for c in centres[::4]]).update(created_at=now - timedelta(days=20))
        CallCentre.objects.exclude(created_at__gte=now - timedelta(days=30)).update(created_at=now - timedelta(days=800))
    kinds = ["osp", "gst", "shops", "fire"]
    licences = []
    for c in centres:
        if rng.random() < 0.5:
            status = rng.choice(["held", "held", "not_held", "pending"])
            valid = today + timedelta(days=rng.randint(-200, 700)) if status == "held" else None
            licences.append(Licence(call_centre=c, kind=rng.choice(kinds), status=status, valid_until=valid))
    Licence.objects.bulk_create(licences, batch_size=BATCH)
    occupancies = []
    for c in centres:
        if rng.random() < 0.1:
            moved_in = c.started_on
            moved_out = moved_in + timedelta(days=rng.randint(20, 170) if rng.random() < 0.5 else rng.randint(200, 600))
            occupancies.append(Occupancy(premises_id=c.premises_id, call_centre=c, moved_in=moved_in,
                                         moved_out=min(moved_out, today)))
    Occupancy.objects.bulk_create(occupancies, batch_size=BATCH)
    fir: dict[int, int] = {}
    busts = []
    for c in rng.sample(centres, k=max(1, n // 25)):
        day = today - timedelta(days=rng.randint(0, 730))
        fir[c.station_id] = fir.get(c.station_id, 0) + 1
        busts.append(Bust(station_id=c.station_id, call_centre=c, fir_number=f"{fir[c.station_id]:04d}/{day.year}",
                          fir_year=day.year, raid_date=day))
    Bust.objects.bulk_create(busts, batch_size=BATCH)
    month = today.replace(day=1) - timedelta(days=1)
    returns = StationReturn.objects.bulk_create(
        [StationReturn(station=s, period_start=month.replace(day=1), period_end=month, status="submitted")
         for s in stations])
    by_station = {r.station_id: r for r in returns}
    operating = [c for c in centres if c.status not in ("closed", "vacated", "busted")]
    ReturnEntry.objects.bulk_create(
        [ReturnEntry(station_return=by_station[c.station_id], call_centre=c, action="listed")
         for c in operating if rng.random() < 0.66], batch_size=BATCH)
    past = today - timedelta(days=today.weekday() + 7 * 20)
    plans = InspectionPlan.objects.bulk_create([InspectionPlan(station=s, week=past, status="approved") for s in stations])
    plan_of = {p.station_id: p for p in plans}
    visits, seen = [], set()
    for c in operating:
        if c.station_id in seen and rng.random() < 0.9:
            continue
        seen.add(c.station_id)
        visits.append(Inspection(plan=plan_of[c.station_id], call_centre=c, planned_date=past, order=1,
                                 status="done", visited_on=past, result="compliant"))
    Inspection.objects.bulk_create(visits, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _reset(week: date) -> None:
    Inspection.objects.filter(plan__week=week).delete()
    InspectionPlan.objects.filter(week=week).delete()


def measure(n_stations: int, n: int, *, runs: int, sample: int | None, week: date) -> dict:
    times, queries = [], []
    stations = list(PoliceStation.objects.order_by("pk")[:sample]) if sample else None
    for _ in range(runs):
        _reset(week)
        counted = []

        def count(execute, sql, params, many, context, counted=counted):
            counted.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            if stations is None:
                result = inspection_plans_propose(week=week)
                assert result["created"] == n_stations, result
            else:
                for station in stations:
                    inspection_plan_propose(station=station, week=week)
            times.append(time.perf_counter() - start)
        queries.append(len(counted))
    planned = len(stations) if stations else n_stations
    return {"stations": n_stations, "call_centres": n, "planned": planned, "total_s": statistics.median(times),
            "queries": queries[-1], "visits": Inspection.objects.filter(plan__week=week).count(),
            "per_station_ms": statistics.median(times) / planned * 1000, "per_station_q": queries[-1] / planned}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", default=["40:5000", "400:50000", "1000:100000"])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sample", type=int, default=None)
    parser.add_argument("--seed", type=int, default=20201)
    parser.add_argument("--fresh", action="store_true", help="drop and reload the scratch databases")
    parser.add_argument("--jit", choices=["settings", "on", "off"], default="settings",
                        help="settings: as the application connects (jit off, config.settings.base.database_options)")
    parser.add_argument("--label", default="")
    parser.add_argument("--append", action="store_true")
    args = parser.parse_args()

    week = coming_week()
    rows = []
    for size in args.sizes:
        n_stations, n = (int(x) for x in size.split(":"))
        name = f"{DB_PREFIX}_{n_stations}_{n}"
        if args.fresh:
            connections.close_all()
            _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not use_database(name):
            started = time.perf_counter()
            load(n_stations, n, args.seed)
            print(f"{size}: loaded in {time.perf_counter() - started:.1f} s", flush=True)
        with connection.cursor() as cursor:
            if args.jit != "settings":
                cursor.execute(f"SET jit = {args.jit}")
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
        row = measure(n_stations, n, runs=args.runs, sample=args.sample, week=week)
        row["jit"] = jit
        rows.append(row)
        print(row, flush=True)
    label = args.label or (f"sample of {args.sample} stations" if args.sample else "every station")
    lines = [
        "" if args.append else "# Inspections benchmark", "",
        f"## {label}", "",
        f"`inspection_plans_propose` for the coming week on PostgreSQL (jit {rows[0]['jit']}), median of {args.runs} "
        f"run(s); {platform.python_version()}, {platform.machine()}, run on {date.today():%d/%m/%Y}.", "",
        "| stations | call centres | stations planned | visits | total (s) | per station (ms) | queries | per station |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['stations']:,} | {r['call_centres']:,} | {r['planned']:,} | {r['visits']:,} | "
                     f"{r['total_s']:.1f} | {r['per_station_ms']:.0f} | {r['queries']:,} | {r['per_station_q']:.1f} |")
    lines.append("")
    if args.append and OUT.exists():
        OUT.write_text(OUT.read_text() + "\n".join(lines))
    else:
        OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
