"""`make bench`: run every benchmark with its documented sizes; each writes bench/RESULTS-<name>.md.

Benchmarks compare ratios measured in one run (against PostgreSQL COPY, against Splink),
with warm-up and medians; they are never asserted as times in tests. They need the
PostgreSQL and Redis of `make services` and take tens of minutes at full size.
"""
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RUNS = [
    ["bench_link_persons.py", "--sizes", "10000", "--runs", "3"],
    ["bench_import.py", "--sizes", "100000", "200000", "--runs", "3"],
    ["bench_person_search.py", "--persons", "1000000", "--queries", "500"],
    ["bench_dashboards.py", "--call-centres", "50000", "--runs", "20"],
    ["bench_letters.py", "--sizes", "100", "1000", "--runs", "1"],
    ["bench_inspections.py", "--sizes", "40:5000", "400:50000", "1000:100000"],
    # City (demo) against state scale (seed_scale 2,000 / 200,000); --prepare makes both databases.
    ["bench_scale.py", "--prepare", "--runs", "9", "--warmup", "2", "--concurrency"],
    ["bench_complaints.py", "--sizes", "100000", "--runs", "3"],
]


def main() -> int:
    failed = []
    for script, *args in RUNS:
        print(f"== {script} {' '.join(args)}", flush=True)
        if subprocess.run([sys.executable, str(BENCH / script), *args], cwd=BENCH.parent).returncode:
            failed.append(script)
    if failed:
        print(f"Failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
