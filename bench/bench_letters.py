"""Benchmark: a batch of letters to the licensing agencies (one WeasyPrint PDF per agency), on PostgreSQL.

Data (a scratch database migrated like production, so the agencies and the letter template are the
migration's): 10 stations with two localities each; N call centres (the largest size), each with a
company, its registration, premises and two phone numbers.

Measured for each size n (call centres picked), --runs times after one warm-up batch (of the smallest size),
medians:
  batch        letters_request + the job's work (letters_generate_work through core.jobs.job_run, in
               this process): one letter per agency with its n enclosure rows and its PDF, audited;
  rendering    the part of the batch spent in the PDF renderer (core.pdf.pdf_render, timed in place);
  alone        each letter of the batch rendered again on its own (letter_pdf_render: enclosures,
               template, PDF, file), the reference: the batch costs `ratio` times the sum of its
               letters rendered alone (the mean of one letter alone is shown).
The queries of a batch are counted (they must not grow with n).

Usage:
    .venv/bin/python bench/bench_letters.py [--sizes 100 1000] [--runs 1] [--fresh]
Figures are written to bench/RESULTS-letters.md.
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = os.environ.get("BENCH_LETTERS_DB", "bench_letters")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/8")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import verification.services.letters as letters_module  # noqa: E402
from core.jobs import job_run  # noqa: E402
from core.roles import Role  # noqa: E402
from registry.models import CallCentre, CallCentrePhone, Premises  # noqa: E402
from stations.models import Locality, PoliceStation, User, Zone  # noqa: E402
from stations.services import user_set_role  # noqa: E402
from verification.models import Letter  # noqa: E402
from verification.selectors import agencies_licensing  # noqa: E402
from verification.services import letter_pdf_render, letters_generate_work, letters_request  # noqa: E402

OUT = ROOT / "bench" / "RESULTS-letters.md"
BATCH = 2000


def _psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def ensure_database(*, fresh: bool) -> bool:
    if fresh:
        _psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    if _psql(f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'") != "1":  # noqa: S608
        _psql(f"CREATE DATABASE {DB_NAME}")
    call_command("migrate", verbosity=0)
    return CallCentre.objects.exists()


def load(n: int, seed: int) -> None:
    rng = random.Random(seed)
    zone = Zone.objects.create(code="bench", name="Bench Zone")
    localities = []
    for i in range(10):
        station = PoliceStation.objects.create(code=f"bench-{i}", name=f"Bench Station {i}", zone=zone)
        localities += [Locality.objects.create(name=f"Sector {i}-{j}", station=station) for j in range(2)]
    picks = [rng.choice(localities) for _ in range(n)]
    premises = Premises.objects.bulk_create(
        [Premises(address_raw=f"Plot {i + 1}, Tower {i % 40}, {loc.name}, Gurugram", address_key=f"p:{i}", locality=loc)
         for i, loc in enumerate(picks)], batch_size=BATCH)
    centres = CallCentre.objects.bulk_create(
        [CallCentre(name=f"Centre {i:05d} Support Services", name_key=f"centre {i:05d} support services",
                    company_name=f"Centre {i:05d} Solutions Private Limited", company_key=f"centre {i:05d} solutions",
                    company_registration=f"U74{i:05d}HR2019PTC0{i % 90000:05d}", premises=p,
                    station_id=loc.station_id, status="reported")
         for i, (p, loc) in enumerate(zip(premises, picks, strict=True))], batch_size=BATCH)
    CallCentrePhone.objects.bulk_create(
        [CallCentrePhone(call_centre=c, number=f"9{rng.randint(100000000, 999999999)}") for c in centres for _ in range(2)],
        batch_size=BATCH, ignore_conflicts=True)
    user_set_role(user=User.objects.create(username="bench-cyber", role=Role.CYBER), role=Role.CYBER)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class RenderTimer:
    """Times core.pdf.pdf_render where the letters service calls it."""

    def __init__(self):
        self.seconds = 0.0
        self.calls = 0
        self.original = letters_module.pdf_render

    def __call__(self, html: str) -> bytes:
        start = time.perf_counter()
        try:
            return self.original(html)
        finally:
            self.seconds += time.perf_counter() - start
            self.calls += 1


def batch(user, ids: list[int], cycle: str, timer: RenderTimer) -> dict:
    timer.seconds, timer.calls = 0.0, 0
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        job = letters_request(actor=user, call_centre_ids=ids, cycle=cycle)
        job = job_run(job_id=job.pk, work=letters_generate_work)
        seconds = time.perf_counter() - start
    assert job is not None and job.status == "succeeded", (job and job.status, job and job.message)
    letters = job.result["letters"]
    return {"seconds": seconds, "render": timer.seconds, "renders": timer.calls, "queries": len(captured.captured_queries),
            "letters": letters}


def each_alone(letter_ids: list[int]) -> list[float]:
    """Every letter of the batch rendered again on its own (letter_pdf_render: enclosures, template, PDF, file)."""
    times = []
    for letter in Letter.objects.filter(pk__in=letter_ids).order_by("pk"):
        start = time.perf_counter()
        letter_pdf_render(letter=letter)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20201)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()

    if not ensure_database(fresh=args.fresh):
        load(max(args.sizes), args.seed)
    settings.MEDIA_ROOT = ROOT / "bench" / "out" / "media"  # ignored by git
    user = User.objects.get(username="bench-cyber")
    all_ids = list(CallCentre.objects.order_by("pk").values_list("pk", flat=True))
    agencies = agencies_licensing().count()
    timer = RenderTimer()
    letters_module.pdf_render = timer
    stamp = time.strftime("%H%M%S")
    rows = []
    batch(user, all_ids[: min(args.sizes)], f"bench-{stamp}-warm", timer)  # imports, fonts, templates
    for n in args.sizes:
        ids = all_ids[:n]
        results = [batch(user, ids, f"bench-{stamp}-{n}-{run}", timer) for run in range(args.runs)]
        alone = each_alone(results[-1]["letters"])
        seconds = statistics.median(r["seconds"] for r in results)
        render = statistics.median(r["render"] for r in results)
        per_letter = seconds / agencies
        row = {"n": n, "letters": len(results[-1]["letters"]), "seconds": seconds, "per_letter": per_letter,
               "render_share": render / seconds, "alone": statistics.mean(alone), "ratio": seconds / sum(alone),
               "queries": results[-1]["queries"]}
        rows.append(row)
        print(row, flush=True)
    lines = [
        "# Letters benchmark", "",
        f"A batch of letters (`letters_request` + the job's work, in-process) to the {agencies} licensing agencies "
        f"of the migration, on PostgreSQL; median of {args.runs} run(s) after one warm-up batch; "
        f"{platform.python_version()}, {platform.machine()}, run on {date.today():%d/%m/%Y}. "
        "Method in `bench/bench_letters.py`.", "",
        "| call centres | letters | batch (s) | per letter (s) | in the PDF renderer | one letter alone, mean (s) "
        "| batch / its letters alone | queries |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['letters']} | {r['seconds']:.1f} | {r['per_letter']:.2f} | "
                     f"{r['render_share']:.0%} | {r['alone']:.2f} | {r['ratio']:.2f}× | {r['queries']} |")
    if len(rows) > 1:
        lines += ["", f"{rows[-1]['n']:,} call centres cost {rows[-1]['seconds'] / rows[0]['seconds']:.1f}× "
                  f"{rows[0]['n']:,} ({rows[-1]['n'] / rows[0]['n']:.0f}× the rows); queries "
                  f"{rows[0]['queries']} → {rows[-1]['queries']}."]
    lines.append("")
    OUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
