"""Benchmark of the complaints import against PostgreSQL COPY of the same rows, in the same run.

What is timed, for --sizes complaints with 3 identifiers each (a phone, a UPI id, a bank account):
  import = complaints.imports.read_rows (stream + check every row, as the preview does) and then
           complaints.services.complaints_save of the checked rows (identifiers, complaints, their
           join rows and links, all with their history rows; linking by index lookups), exactly
           what `manage.py import_complaints FILE` runs;
  copy   = PostgreSQL COPY of the same data (the complaints, their distinct identifiers and the
           join rows, ids prepared beforehand) from buffers built before the clock starts, committed.
Each figure is the median of --runs runs after one warm-up run; the tables are emptied between runs.
Memory: the peak RSS of a fresh child process importing each size (flat memory: the same peak for
a small and a large file), and tracemalloc's peak of the import at the smallest size.
Queries of the import are counted with an execute wrapper (constant per chunk of 1,000 rows).

Usage (a scratch database; it is migrated and its complaints tables are emptied):
    psql -h 127.0.0.1 -U postgres -c "create database bench_complaints"
    nice .venv/bin/python bench/bench_complaints.py [--sizes 100000] [--runs 3]
Figures are written to bench/RESULTS-complaints.md.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_complaints")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")

HEADER = ["complaint_id", "reported_on", "source", "victim_country", "amount", "currency", "phones", "upi_ids",
          "bank_accounts", "websites", "emails", "narrative"]
COUNTRIES = ["USA", "United States", "UK", "Canada", "Australia", "Japan"]
#: Call centres with phones in the registry before the import; about 5% of the rows name one of them.
CENTRES = 2000


def rows(n: int, seed: int = 15):
    """n complaints as a portal export has them: three identifiers each, mule accounts and phones repeating."""
    rng = random.Random(seed)
    start = date(2019, 1, 1)
    for i in range(1, n + 1):
        day = start + timedelta(days=rng.randrange(700))
        phone = f"+91 {9100000000 + rng.randrange(CENTRES)}" if rng.random() < 0.05 else f"+1 888 {rng.randrange(10**7):07d}"
        yield [f"NCRP-{i:07d}", day.strftime("%d/%m/%Y"), rng.choice(["NCRP", "helpline", "foreign referral"]),
               rng.choice(COUNTRIES), f"{rng.randrange(100, 5000):,}", "USD", phone,
               f"mule{rng.randrange(n // 3 + 1)}@ybl", f"{rng.randrange(10**11, 10**12)}/SBIN000{rng.randrange(1000, 9999)}",
               "", "", "Pop-up, remote access"]


def write_csv(path: Path, n: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows(n))


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def world():
    """The cyber crime team's officer and CENTRES call centres with phones (created once)."""
    from core.roles import Role
    from registry.models import CallCentre, CallCentrePhone
    from stations.models import Locality, PoliceStation, User, Zone

    user = User.objects.filter(username="bench-cyber").first()
    if user is None:
        from stations.services import user_set_role

        user = User.objects.create_user("bench-cyber", password="x", role=Role.CYBER)
        user_set_role(user=user, role=Role.CYBER, station=None, zone=None, organisation="")
    if not CallCentre.objects.filter(name__startswith="Bench Centre").exists():
        zone, _ = Zone.objects.get_or_create(code="bench-c", defaults={"name": "Bench C"})
        station, _ = PoliceStation.objects.get_or_create(code="bench-c-st", defaults={"name": "Bench C", "zone": zone})
        Locality.objects.get_or_create(name="Bench C Locality", defaults={"station": station})
        centres = CallCentre.objects.bulk_create(
            [CallCentre(name=f"Bench Centre {i}", name_key=f"bench centre {i}", station=station) for i in range(CENTRES)])
        CallCentrePhone.objects.bulk_create(
            [CallCentrePhone(call_centre=c, number=str(9100000000 + i)) for i, c in enumerate(centres)])
    return user


TABLES = ["complaints_complaintlink", "complaints_historicalcomplaintlink", "complaints_complaintidentifier",
          "complaints_historicalcomplaintidentifier", "complaints_complaint", "complaints_historicalcomplaint",
          "complaints_identifier", "complaints_historicalidentifier", "core_notification", "core_historicalnotification"]


def empty_tables():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run_import(path: Path, user, counter: QueryCounter | None = None) -> tuple[float, object]:
    from contextlib import nullcontext

    from django.db import connection

    from complaints.imports import read_rows
    from complaints.services.complaints import complaints_save
    from core.audit import Source, audit_context

    wrapper = connection.execute_wrapper(counter) if counter else nullcontext()
    t0 = time.perf_counter()
    with audit_context(Source.IMPORT, actor=user), wrapper:
        wrong = sum(1 for checked in read_rows(str(path), "csv") if checked.errors)  # the preview's check
        assert not wrong, f"{wrong} wrong rows"
        result = complaints_save(actor=user, rows=(c.row for c in read_rows(str(path), "csv")))
    return time.perf_counter() - t0, result


def copy_buffers(path: Path) -> dict[str, tuple[list[str], str]]:
    """The same data as COPY text: complaints, distinct identifiers, join rows (ids numbered here)."""
    from complaints.imports import read_rows

    now = "2026-01-01T00:00:00+00:00"
    complaints, identifiers, named, ids = [], [], [], {}
    for number, checked in enumerate(read_rows(str(path), "csv"), start=1):
        r = checked.row
        complaints.append(f"{number}\t{now}\t{now}\t{r.source}\t{r.reference}\t{r.reported_on.isoformat()}\t"
                          f"{r.victim_country}\t{r.amount}\t{r.currency}\t{r.narrative}")
        for kind, value in r.identifiers:
            if (kind, value) not in ids:
                ids[(kind, value)] = len(ids) + 1
                identifiers.append(f"{ids[(kind, value)]}\t{kind}\t{value}\t{value}\t0")
            named.append(f"{number}\t{ids[(kind, value)]}")
    return {
        "complaints_complaint": (["id", "created_at", "updated_at", "source", "reference", "reported_on",
                                  "victim_country", "amount", "currency", "narrative"], "\n".join(complaints) + "\n"),
        "complaints_identifier": (["id", "kind", "value", "key", "complaint_count"], "\n".join(identifiers) + "\n"),
        "complaints_complaintidentifier": (["complaint_id", "identifier_id"], "\n".join(named) + "\n"),
    }


def run_copy(buffers) -> float:
    from django.db import connection, transaction

    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("complaints_identifier", "complaints_complaint", "complaints_complaintidentifier"):
            columns, text = buffers[table]
            cursor.cursor.copy_expert(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN', io.StringIO(text))
    return time.perf_counter() - t0


def child_memory(path: Path, traced: bool) -> dict:
    """Import in a fresh process: its peak RSS (and tracemalloc's peak when asked)."""
    code = f"""
import json, resource, sys, tracemalloc
sys.argv = ['bench']
sys.path.insert(0, {str(ROOT)!r})
import bench.bench_complaints as b
b.setup(); user = b.world(); b.empty_tables()
if {traced}: tracemalloc.start()
seconds, result = b.run_import(__import__('pathlib').Path({str(path)!r}), user)
peak = tracemalloc.get_traced_memory()[1] if {traced} else 0
print(json.dumps({{"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "traced_mb": peak / 2**20,
                  "seconds": seconds}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup()
    user = world()
    lines = ["# Complaints import vs COPY", "",
             "| complaints | import median (s) | COPY median (s) | ratio | queries | queries per 1,000 rows | links |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    memory = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"complaints-{size}.csv"
            write_csv(path, size)
            buffers = copy_buffers(path)
            imports, copies, counter, result = [], [], QueryCounter(), None
            for run in range(args.runs + 1):
                empty_tables()
                seconds, result = run_import(path, user, counter if run == 1 else None)
                empty_tables()
                copy_seconds = run_copy(buffers)
                if run:  # the first run warms up
                    imports.append(seconds)
                    copies.append(copy_seconds)
                print(f"{size}: import {seconds:.1f}s, copy {copy_seconds:.2f}s", flush=True)
            imp, cop = statistics.median(imports), statistics.median(copies)
            lines.append(f"| {size:,} | {imp:.1f} | {cop:.2f} | {imp / cop:.1f}× | {counter.count} | "
                         f"{counter.count / size * 1000:.1f} | {result.links:,} |")
        small = Path(folder) / "complaints-small.csv"
        write_csv(small, max(1000, min(args.sizes) // 10))
        memory.append((max(1000, min(args.sizes) // 10), child_memory(small, True)))
        for size in args.sizes:
            memory.append((size, child_memory(Path(folder) / f"complaints-{size}.csv", False)))
    lines += ["", "| complaints | peak RSS of a fresh process (MB) | tracemalloc peak (MB) |", "| --- | --- | --- |"]
    lines += [f"| {size:,} | {m['rss_mb']:.0f} | {m['traced_mb']:.1f} |" if m["traced_mb"] else
              f"| {size:,} | {m['rss_mb']:.0f} | – |" for size, m in memory]
    lines += ["", f"Runs: {args.runs} after one warm-up; 3 identifiers per complaint (phone, UPI id, bank account); "
              f"{CENTRES:,} call centres with phones in the registry, about 5% of the complaints naming one.", ""]
    (ROOT / "bench" / "RESULTS-complaints.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
