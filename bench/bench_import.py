"""Benchmark of the bulk import of call centres against PostgreSQL COPY, in the same run.

What is timed, for 100,000 and 200,000 realistic rows (CSV):
  import = registry.imports.import_parse (stream + check + preview rows + duplicate detection)
           + registry.imports.import_confirm (premises, call centres, phones, occupancies,
           status changes, all with their history rows), exactly as the background tasks run them;
  copy   = PostgreSQL COPY of the same rows into registry_callcentre (the columns a call
           centre needs), from a buffer prepared beforehand, committed.
Each figure is the median of --runs runs after one warm-up run; tables are emptied between runs.
Peak RSS is measured in a fresh child process per size (so the sizes do not share a peak).
Foreign-key look-ups (localities, premises, existing keys) are counted with an execute wrapper.

Usage (a scratch database; it is migrated, and its registry tables are emptied):
    psql -h 127.0.0.1 -U postgres -c "create database bench_registry"
    .venv/bin/python bench/bench_import.py [--sizes 100000 200000] [--runs 3]
Figures are written to bench/RESULTS-import.md.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
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
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_registry")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")

# ----------------------------------------------------------------------------- data

LOCALITIES = [  # (name, aliases) of the benchmark station, as stations/demo.py has them
    ("Udyog Vihar Phase I", "UV-1;Udyog Vihar Ph-1;Udyog Vihar Phase 1"),
    ("Udyog Vihar Phase II", "UV-2;Udyog Vihar Ph-2;Udyog Vihar Phase 2"),
    ("Udyog Vihar Phase III", "UV-3;Udyog Vihar Ph-3;Udyog Vihar Phase 3"),
    ("Udyog Vihar Phase IV", "UV-4;Udyog Vihar Ph-4;Udyog Vihar Phase 4"),
    ("Udyog Vihar Phase V", "UV-5;Udyog Vihar Ph-5;Udyog Vihar Phase 5"),
    ("Sector 18 industrial area", "Sec-18 industrial area"),
]
WORDS_A = "Bright Star Global Prime Apex Zenith Nova Vertex Quick Smart Blue Green Sky Sun Metro Infinity Alpha Omega".split()
WORDS_B = "Tech Info Tele Data Net Soft Link Care Desk Connect Voice Solutions Support Systems Services".split()
SERVICES = ["Tech support", "technical support", "Customer care", "job placement", "loans", "sales", "other", ""]
SHIFTS = ["21:00-06:00", "09:00-18:00", "18:00-03:00", "10:00-19:00", "22:00-07:00", ""]
LANDLORDS = ["R. K. Sharma", "Suresh Yadav", "Mohd. Salim", "Gurpreet Singh", "Anil Chaudhary", ""]


def realistic_rows(n: int, seed: int = 7, first: int = 1):
    """n rows as an SHO would write them: mixed spellings of localities, sectors and floors, +91 or 0
    phones, both date formats; about 2% repeat an earlier row's phone or address (possible duplicates)."""
    rng = random.Random(seed)
    start = date(2018, 1, 1)
    for i in range(first, first + n):
        locality, aliases = rng.choice(LOCALITIES)
        locality_text = rng.choice([locality, *aliases.split(";")])
        # Plots carry a block letter, as in Gurugram's estates ("Plot B-123"): unique up to 259,974 rows.
        n = i if rng.random() > 0.02 else max(1, i - rng.randint(1, 50))
        plot = f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[(n // 9999) % 26]}-{n % 9999 + 1}"
        floor = rng.choice(["", "Ground floor, ", "1st floor, ", "Second Floor, ", "II floor, ", "3rd flr, "])
        address = rng.choice([
            f"Plot No. {plot}, {floor}{locality_text}, Gurgaon",
            f"{floor}Plot {plot}, {locality}, Gurugram, Haryana 122016",
            f"#{plot}, {floor}{locality_text}, near metro station",
        ])
        number = 9000000000 + (i if rng.random() > 0.02 else max(1, i - rng.randint(1, 50)))
        phone = rng.choice([f"+91 {number}", f"0{number}", f"{str(number)[:5]}-{str(number)[5:]}"])
        if rng.random() < 0.3:
            phone += f"; {8000000000 + i}"
        started = start + timedelta(days=rng.randint(0, 900))
        yield {
            "name": f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {i}",
            "company": f"{rng.choice(WORDS_A)} {rng.choice(WORDS_B)} {i} {rng.choice(['Pvt Ltd', 'Private Limited', 'LLP', ''])}".strip(),
            "address": address,
            "locality": locality_text,
            "phones": phone,
            "service": rng.choice(SERVICES),
            "seats": str(rng.randint(5, 300)),
            "shift": rng.choice(SHIFTS),
            "started_on": started.isoformat() if rng.random() < 0.5 else started.strftime("%d/%m/%Y"),
            "landlord_name": rng.choice(LANDLORDS),
            "landlord_phone": "" if rng.random() < 0.7 else f"98{rng.randint(10000000, 99999999)}",
            "notes": "",
        }


def write_csv(path: Path, n: int, *, seed: int = 7, first: int = 1) -> None:
    from registry.imports import COLUMNS

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(realistic_rows(n, seed=seed, first=first))


#: Call centres already in the registry before each timed import (so duplicate detection and
#: "similar name" matching have something to find); a few of the file's rows match them.
EXISTING = 5000


def seed_existing(path: Path, station, user) -> None:
    """Put EXISTING call centres in the registry (not timed), numbered to overlap the file's first rows."""
    run_import(path, station, user)


# ----------------------------------------------------------------------------- setup

def setup_django():
    import django

    django.setup()


def world():
    """The benchmark station, its localities and its SHO (created once)."""
    from core.roles import Role
    from stations.models import Locality, PoliceStation, User, Zone

    zone, _ = Zone.objects.get_or_create(code="bench-west", defaults={"name": "Bench West"})
    station, _ = PoliceStation.objects.get_or_create(code="bench-udyog-vihar", defaults={"name": "Bench Udyog Vihar", "zone": zone})
    for name, aliases in LOCALITIES:
        Locality.objects.get_or_create(name=name, defaults={"station": station, "aliases": aliases, "pin_code": "122016"})
    user = User.objects.filter(username="bench-sho").first()
    if user is None:
        from stations.services import user_set_role

        user = User.objects.create_user("bench-sho", password="x", role=Role.STATION, station=station)
        user_set_role(user=user, role=Role.STATION, station=station, zone=None, organisation="")
    return station, user


TABLES = [
    "registry_importrow", "registry_importbatch", "registry_historicalimportbatch", "registry_returnentry",
    "registry_historicalreturnentry", "registry_statuschange", "registry_historicalstatuschange", "registry_occupancy",
    "registry_historicaloccupancy", "registry_callcentrephone", "registry_historicalcallcentrephone",
    "registry_associationnotice", "registry_historicalassociationnotice", "registry_merge", "registry_historicalmerge",
    "registry_callcentre", "registry_historicalcallcentre", "registry_premises", "registry_historicalpremises",
    "core_job", "core_historicaljob",
]


def empty_tables():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        existing = {r[0] for r in cursor.fetchall()}
        tables = [t for t in TABLES if t in existing]
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE registry_callcentre")


# ----------------------------------------------------------------------------- the two measurements

class QueryCounter:
    """Counts queries by kind without keeping their text (an execute wrapper)."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def __call__(self, execute, sql, params, many, context):
        head = sql.lstrip()[:12].upper()
        kind = "insert" if head.startswith("INSERT") else "select" if head.startswith(("SELECT", "WITH")) else "other"
        if kind == "select":
            for table, label in (("stations_locality", "fk_localities"), ('FROM "registry_premises"', "fk_premises"),
                                 ("registry_import_keys k", "duplicates"), ('FROM "registry_callcentre"', "fk_callcentres")):
                if table in sql:
                    kind = label
                    break
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return execute(sql, params, many, context)


def run_import(path: Path, station, user, counter: QueryCounter | None = None) -> tuple[float, dict]:
    from contextlib import nullcontext

    from django.db import connection

    from core.audit import Source, audit_context
    from registry import imports
    from registry.models import ImportBatch

    t0 = time.perf_counter()
    wrapper = connection.execute_wrapper(counter) if counter else nullcontext()
    with audit_context(Source.IMPORT, actor=user), wrapper:
        batch = ImportBatch(station=station, uploaded_by=user, original_name=path.name)
        batch.save()
        imports.import_parse(batch=batch, source=str(path))
        parsed = time.perf_counter()
        result = imports.import_confirm(actor=user, batch=batch)
    t1 = time.perf_counter()
    return t1 - t0, {
        "parse_s": parsed - t0, "confirm_s": t1 - parsed, "rows": batch.rows_total, "new": batch.rows_new,
        "duplicates": batch.rows_duplicate, "errors": batch.rows_error, "created": result.created,
        "premises": result.premises_created,
    }


def copy_buffer(path: Path, station_id: int) -> tuple[str, list[str]]:
    """The same rows in registry_callcentre's columns (tab-separated), prepared before timing."""
    from registry.addresses import company_key, name_key

    columns = ["name", "trading_names", "name_key", "company_name", "company_registration", "company_key", "station_id",
               "direction", "service", "markets", "languages", "seats", "night_shift", "started_on", "source", "status",
               "notes", "created_at", "updated_at"]
    out = io.StringIO()
    now = "2020-09-15 10:00:00+05:30"
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            started = r["started_on"]
            if "/" in started:
                d, m, y = started.split("/")
                started = f"{y}-{m}-{d}"
            values = [r["name"], "", name_key(r["name"]), r["company"], "", company_key(r["company"]), str(station_id),
                      "", "other", "[]", "[]", r["seats"] or "\\N", "f", started or "\\N", "station_survey", "reported",
                      r["notes"], now, now]
            out.write("\t".join(v.replace("\t", " ").replace("\\", "\\\\") if v != "\\N" else v for v in values) + "\n")
    return out.getvalue(), columns


def run_copy(buffer: str, columns: list[str]) -> float:
    from django.db import connection, transaction

    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY registry_callcentre ({', '.join(columns)}) FROM STDIN", io.StringIO(buffer))
    return time.perf_counter() - t0


# ----------------------------------------------------------------------------- driver

def child_rss(path: str) -> None:
    """Child process (the parent has emptied and seeded the tables): one import, then print the
    resident memory before it and the process's peak (KiB)."""
    setup_django()
    station, user = world()
    with open("/proc/self/statm") as f:
        before = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    run_import(Path(path), station, user)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"before_kib": before, "peak_kib": after}))


def index_entries_per_row() -> dict[str, int]:
    """How many index entries PostgreSQL maintains per row of each table an import writes."""
    from django.db import connection

    tables = ["registry_callcentre", "registry_historicalcallcentre", "registry_premises", "registry_historicalpremises",
              "registry_callcentrephone", "registry_historicalcallcentrephone", "registry_occupancy",
              "registry_historicaloccupancy", "registry_statuschange", "registry_historicalstatuschange",
              "registry_importrow"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, count(*) FROM pg_indexes WHERE tablename = ANY(%s) GROUP BY 1", [tables])
        return dict(cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100000, 200000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child-rss")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-import.md"))
    args = parser.parse_args()
    if args.child_rss:
        child_rss(args.child_rss)
        return

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from core.bulk import BulkWriter

    call_command("migrate", verbosity=0)
    station, user = world()
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    existing = tmp / "existing.csv"
    # Numbered from 1 - EXISTING/10: the file's first rows share phones and addresses with them.
    write_csv(existing, EXISTING, seed=11, first=-EXISTING + EXISTING // 10)
    files = {}
    for size in args.sizes:
        path = tmp / f"call-centres-{size}.csv"
        write_csv(path, size)
        files[size] = (path, *copy_buffer(path, station.pk))
    # Sizes are interleaved run by run, so that a change in the machine's load (other work on
    # the same CPUs and database) falls on every size alike; run 0 of each size is the warm-up.
    raw: dict[int, list[tuple[float, float, dict]]] = {size: [] for size in args.sizes}
    load = [os.getloadavg()[0]]
    for run in range(args.runs + 1):
        for size in args.sizes:
            path, buffer, columns = files[size]
            empty_tables()
            seed_existing(existing, station, user)
            copy_s = run_copy(buffer, columns)
            empty_tables()
            seed_existing(existing, station, user)
            import_s, detail = run_import(path, station, user)
            print(f"{size} rows, run {run}: import {import_s:.2f}s (parse {detail['parse_s']:.2f}s, confirm "
                  f"{detail['confirm_s']:.2f}s), COPY {copy_s:.3f}s, load {os.getloadavg()[0]:.1f}", flush=True)
            if run:
                raw[size].append((import_s, copy_s, detail))
    load.append(os.getloadavg()[0])
    results = {}
    for size in args.sizes:
        path = files[size][0]
        empty_tables()
        seed_existing(existing, station, user)
        counter = QueryCounter()
        copies = BulkWriter.copies
        run_import(path, station, user, counter)
        counter.counts["copy"] = BulkWriter.copies - copies
        empty_tables()
        seed_existing(existing, station, user)
        rss = json.loads(subprocess.run(
            [sys.executable, __file__, "--child-rss", str(path)], check=True, capture_output=True, text=True,
            env=os.environ,
        ).stdout.strip().splitlines()[-1])
        details = [d for _i, _c, d in raw[size]]
        results[size] = {
            "import_s": statistics.median(i for i, _c, _d in raw[size]),
            "copy_s": statistics.median(c for _i, c, _d in raw[size]),
            "ratios": [i / c for i, c, _d in raw[size]],
            "runs": [(i, c) for i, c, _d in raw[size]],
            "parse_s": statistics.median(d["parse_s"] for d in details),
            "confirm_s": statistics.median(d["confirm_s"] for d in details),
            "detail": details[-1], "queries": counter.counts, "rss": rss, "file_mb": path.stat().st_size / 1e6,
        }
        print(json.dumps(results[size], indent=1), flush=True)
    results["load"] = load
    empty_tables()
    write_results(Path(args.out), results, args.runs, connection, index_entries_per_row())


def write_results(out: Path, results: dict, runs: int, connection, indexes: dict[str, int]) -> None:
    load = results.pop("load", None)
    sizes = sorted(results)
    lines = [
        "# Bulk import of call centres vs PostgreSQL COPY",
        "",
        f"Measured by `bench/bench_import.py` on {date.today().isoformat()} (PostgreSQL "
        f"{connection.pg_version // 10000}, {os.cpu_count()} CPUs); medians of {runs} runs after a warm-up run.",
        "",
        "*import* = stream the CSV, check every row, write the preview rows, find duplicates (within the file and",
        "against the registry), then confirm: premises, call centres, phones, occupancies and status changes, each with",
        "its history row, in one transaction. *COPY* = PostgreSQL COPY of the same rows into `registry_callcentre`.",
        f"Before each timed import (and each COPY) the registry holds {EXISTING:,} call centres of the same station, so",
        "duplicate detection and similar-name matching work against real data; some of the file's rows match them.",
        "",
        "| rows | import (s) | of which check+preview | of which confirm | COPY (s) | import / COPY | target |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | :--- |",
    ]
    for size in sizes:
        r = results[size]
        ratio = r["import_s"] / r["copy_s"]
        lines.append(f"| {size:,} | {r['import_s']:.2f} | {r['parse_s']:.2f} | {r['confirm_s']:.2f} | {r['copy_s']:.3f} | "
                     f"{ratio:.1f}× | ≤ 6× {'met' if ratio <= 6 else 'NOT met'} |")
    lines += ["", "Every timed run (import s / COPY s = ratio):", ""]
    for size in sizes:
        runs_text = "; ".join(f"{i:.1f} / {c:.2f} = {i / c:.1f}×" for i, c in results[size]["runs"])
        lines.append(f"- {size:,} rows: {runs_text}")
    if load:
        lines += ["", f"Load average (1 min) of the machine at the start and end of the timed runs: {load[0]:.1f} and "
                      f"{load[1]:.1f} on {os.cpu_count()} CPUs (shared with other work), hence the spread between runs."]
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        scale = results[b]["import_s"] / results[a]["import_s"]
        lines += ["", f"Scaling: {b:,} rows take {scale:.2f}× the time of {a:,} rows "
                      f"(target ≤ 2.2×: {'met' if scale <= 2.2 else 'NOT met'})."]
    lines += ["", "## Memory (a fresh process doing one import: resident memory before it, and the process's peak)", "",
              "| rows | file (MB) | RSS before import (MiB) | peak RSS (MiB) | growth (MiB) |", "| ---: | ---: | ---: | ---: | ---: |"]
    for size in sizes:
        rss = results[size]["rss"]
        lines.append(f"| {size:,} | {results[size]['file_mb']:.1f} | {rss['before_kib'] / 1024:.0f} | {rss['peak_kib'] / 1024:.0f} | "
                     f"{(rss['peak_kib'] - rss['before_kib']) / 1024:.0f} |")
    lines += ["", "## Queries of one import (counted by kind)", "",
              "Locality look-ups: the city's localities (the index), the station's existing names, and the localities' "
              "stations at confirmation. Premises look-ups: one per 1,000 rows. Duplicates: one query for the whole file. "
              "Other SELECTs are mostly id reservations (`nextval`, one per table per 1,000 rows); the preview rows are "
              "read back at confirmation by one query (a server-side cursor, 1,000 rows per fetch). COPY statements "
              "carry the rows themselves.", "",
              "| rows | locality look-ups | premises look-ups | duplicate queries | other SELECTs | INSERTs | COPY | other |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size in sizes:
        q = results[size]["queries"]
        lines.append(f"| {size:,} | {q.get('fk_localities', 0)} | {q.get('fk_premises', 0)} | {q.get('duplicates', 0)} | "
                     f"{q.get('select', 0) + q.get('fk_callcentres', 0)} | {q.get('insert', 0)} | {q.get('copy', 0)} | "
                     f"{q.get('other', 0)} |")
    per_row = sum(indexes.get(t, 0) for t in indexes if "callcentrephone" not in t)
    phones = indexes.get("registry_callcentrephone", 0) + indexes.get("registry_historicalcallcentrephone", 0)
    lines += ["", "## Why the import costs more than COPY", "",
              f"COPY writes one row and {indexes.get('registry_callcentre', 0)} index entries per call centre. The import "
              f"writes, per call centre, a preview row and then the premises, the call centre, its status change and its "
              f"occupancy, each with its history row (9 rows), plus ~1.3 phones with history: about {per_row} index entries "
              f"plus {phones} per phone, and their foreign-key checks. Index entries per row by table: "
              + ", ".join(f"{t.removeprefix('registry_')} {n}" for t, n in sorted(indexes.items())) + "."]
    detail = results[sizes[-1]]["detail"]
    lines += ["", f"Rows of the largest file: {detail['new']:,} new, {detail['duplicates']:,} possible duplicates "
                  f"(skipped), {detail['errors']} errors; {detail['created']:,} call centres and {detail['premises']:,} "
                  f"premises created.", ""]
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
