"""Benchmark: matching one new person against N stored persons on PostgreSQL (offenders.candidates).

What is measured, on a scratch database loaded with N labelled records of bench/persons_gen.py
(realistic Indian name variation; ids as keyed hashes, PAN or passport):
  - latency of `find_candidates` (indexed retrieval of at most 1,000 candidates + re-ranking with
    offenders.matching.rank_candidates): median and 95th percentile, after a warm-up;
  - the same for retrieval alone, and how many candidates were retrieved;
  - recall@10 of the true record for queries that are a stored record with ONE typo in the name
    (target >= 0.99), and for held-out records of the same person written differently by another
    force (realistic variation: a harder, informative figure);
  - EXPLAIN of the retrieval queries: index scans, never a sequential scan on persons.

Usage (a scratch database; it is migrated and its offenders tables are emptied):
    psql -h 127.0.0.1 -U postgres -c "create database bench_offenders"
    .venv/bin/python bench/bench_candidates.py [--persons 1000000] [--queries 200]
Figures are written to bench/RESULTS-candidates.md.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_offenders")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")

import django  # noqa: E402

django.setup()

import persons_gen  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from offenders.candidates import MatchQuery, find_candidates, retrieve_candidate_ids  # noqa: E402
from offenders.matching import normalize_id, normalize_name, normalize_phones  # noqa: E402

TABLES = [
    "offenders_matchdecision", "offenders_personphone", "offenders_identitydocument", "offenders_personalias",
    "offenders_personaddress", "offenders_personaccount", "offenders_personphoto", "offenders_arrest",
    "offenders_priorrecord", "offenders_person", "offenders_identity",
]
TRGM_INDEXES = {
    "offenders_person_name_trgm": "offenders_person USING gin (name_key gin_trgm_ops)",
    "offenders_person_father_trgm": "offenders_person USING gin (father_key gin_trgm_ops)",
    "offenders_alias_name_trgm": "offenders_personalias USING gin (name_key gin_trgm_ops)",
}


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v).replace("\\", "\\\\").replace("\t", " ") for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _id_value(raw: str) -> tuple[str, str] | None:
    """(kind, stored value): Aadhaar as a keyed hash (never whole), PAN/passport as given."""
    parsed = normalize_id(raw)
    if parsed is None:
        return None
    kind, value = parsed
    if kind == "aadhaar":
        return "aadhaar", persons_gen._keyed_hash(value)
    if kind == "hash":
        return "aadhaar", value.lower()
    if kind in ("pan", "passport"):
        return kind, value
    return None


def _birth(dob: str) -> tuple[str | None, int | None]:
    """(date, year); a date that does not exist (a clerk's "1987-02-29") keeps only its year."""
    if len(dob) == 10:
        try:
            return date.fromisoformat(dob).isoformat(), int(dob[:4])
        except ValueError:
            return None, int(dob[:4]) if dob[:4].isdigit() else None
    return None, (int(dob) if dob.isdigit() else None)


def load(records: list[dict], station_id: int) -> dict[str, int]:
    """COPY the records into persons (one identity each), phones and identity documents."""
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        for name in TRGM_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
        _copy(cursor, "offenders_identity", ["id", "created_at", "updated_at"],
              ((i + 1, now, now) for i in range(len(records))))
        person_rows, phone_rows, doc_rows = [], [], []
        ids: dict[str, int] = {}
        for i, record in enumerate(records):
            pk = i + 1
            ids[record["record_id"]] = pk
            dob, year = _birth(record["dob"])
            person_rows.append((
                pk, now, now, station_id, pk, record["name"][:200], normalize_name(record["name"])[:200], "",
                record["father_name"][:200], normalize_name(record["father_name"])[:200],
                record["gender"] if record["gender"] in ("M", "F") else "", dob, year, "[]", "",
            ))
            for number in normalize_phones(record["phone"]):
                phone_rows.append((pk, number, ""))
            found = _id_value(record["id_number"])
            if found:
                kind, value = found
                if kind == "aadhaar":
                    doc_rows.append((pk, kind, "", "", "", value))
                else:
                    doc_rows.append((pk, kind, value, value, "", ""))
        _copy(cursor, "offenders_person", [
            "id", "created_at", "updated_at", "station_id", "identity_id", "name", "name_key", "relation",
            "father_name", "father_key", "gender", "dob", "birth_year", "emails", "notes",
        ], person_rows)
        _copy(cursor, "offenders_personphone", ["person_id", "number", "note"], phone_rows)
        _copy(cursor, "offenders_identitydocument",
              ["person_id", "kind", "number", "number_key", "last_four", "number_hash"], doc_rows)
        for table in ("offenders_identity", "offenders_person", "offenders_personphone", "offenders_identitydocument"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"  # noqa: S608
            )
        started = time.perf_counter()
        for name, target in TRGM_INDEXES.items():
            cursor.execute(f"CREATE INDEX {name} ON {target}")
        index_seconds = time.perf_counter() - started
        cursor.execute("ANALYZE offenders_person, offenders_personphone, offenders_identitydocument, offenders_personalias")
    return ids, index_seconds


def one_typo(rng: random.Random, name: str) -> str:
    """Replace, drop or double one letter of the longest word (a clerk's single slip)."""
    words = name.split()
    at_word = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[at_word]
    at = rng.randrange(1, len(word)) if len(word) > 1 else 0
    kind = rng.choice(("replace", "drop", "double"))
    if kind == "replace":
        word = word[:at] + rng.choice("aeiourstnlk".replace(word[at].lower(), "")) + word[at + 1:]
    elif kind == "drop" and len(word) > 3:
        word = word[:at] + word[at + 1:]
    else:
        word = word[:at] + word[at] + word[at:]
    words[at_word] = word
    return " ".join(words)


def to_query(record: dict, name: str | None = None) -> MatchQuery:
    found = _id_value(record["id_number"])
    return MatchQuery(
        names=[name or record["name"]], father_name=record["father_name"], dob=record["dob"],
        gender=record["gender"] if record["gender"] in ("M", "F") else "",
        phones=list(normalize_phones(record["phone"])), address=record["address"],
        aadhaar_hash=found[1] if found and found[0] == "aadhaar" else "",
        documents=[found] if found and found[0] != "aadhaar" else [],
    )


def explain(query: MatchQuery) -> str:
    """EXPLAIN of every retrieval query run for one match (captured as they run)."""
    plans = []

    def capture(execute, sql, params, many, context):
        plans.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        retrieve_candidate_ids(query)
    out = []
    with connection.cursor() as cursor:
        for sql, params in plans:
            cursor.execute("EXPLAIN " + sql, params)
            out.append("\n".join(row[0] for row in cursor.fetchall()))
    return "\n\n".join(out)


class _User:
    """A city-wide reader (the cyber crime team) without touching the users table."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = 0


def measure(queries: list[tuple[MatchQuery, set[int]]], user, rounds_warmup: int = 5) -> dict:
    for query, _truth in queries[:rounds_warmup]:
        find_candidates(user=user, query=query)
    totals, retrievals, counts, hits = [], [], [], 0
    for query, truth in queries:
        started = time.perf_counter()
        ids = retrieve_candidate_ids(query)
        retrievals.append(time.perf_counter() - started)
        counts.append(len(ids))
        started = time.perf_counter()
        found = find_candidates(user=user, query=query, limit=10, min_score=0.0)
        totals.append(time.perf_counter() - started)
        hits += bool(truth & {c.person.pk for c in found})
    q95 = lambda xs: sorted(xs)[max(0, int(round(0.95 * len(xs))) - 1)]  # noqa: E731
    return {
        "median_ms": statistics.median(totals) * 1000, "p95_ms": q95(totals) * 1000,
        "retrieval_median_ms": statistics.median(retrievals) * 1000, "retrieval_p95_ms": q95(retrievals) * 1000,
        "candidates_median": statistics.median(counts), "candidates_max": max(counts),
        "recall_at_10": hits / len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-load", action="store_true", help="reuse the persons an earlier run loaded")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from stations.models import PoliceStation, Zone

    zone, _ = Zone.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    station, _ = PoliceStation.objects.get_or_create(code="bench", defaults={"name": "Bench", "zone": zone})

    started = time.perf_counter()
    records, truth = persons_gen.generate(args.persons + args.queries * 3, args.seed)
    generate_seconds = time.perf_counter() - started
    rng = random.Random(args.seed)
    by_person = defaultdict(list)
    for record in records:
        by_person[truth[record["record_id"]]].append(record)
    # Held out: one record of persons written more than once; the others are stored.
    multi = [rs for rs in by_person.values() if len(rs) > 1]
    held = {rs[0]["record_id"] for rs in rng.sample(multi, args.queries)}
    stored = [r for r in records if r["record_id"] not in held][: args.persons]
    started = time.perf_counter()
    if args.skip_load:  # the same seed and size were loaded by an earlier run: ids are positions
        ids, index_seconds = {r["record_id"]: i + 1 for i, r in enumerate(stored)}, 0.0
    else:
        ids, index_seconds = load(stored, station.pk)
    load_seconds = time.perf_counter() - started
    user = _User()
    user.role = "cyber"

    typo_queries = []
    for record in rng.sample(stored, args.queries):
        typo_queries.append((to_query(record, one_typo(rng, record["name"])), {ids[record["record_id"]]}))
    held_queries = []
    for record_id in sorted(held):
        person = truth[record_id]
        same = {ids[r["record_id"]] for r in by_person[person] if r["record_id"] in ids}
        if same:
            record = next(r for r in by_person[person] if r["record_id"] == record_id)
            held_queries.append((to_query(record), same))
    typo = measure(typo_queries, user)
    variation = measure(held_queries, user)
    plan = explain(typo_queries[0][0])
    seq_scan_on_persons = any(
        re.search(r"Seq Scan on offenders_person\s", line) for line in plan.splitlines()
    )
    lines = [
        "# Candidate search: one new person against stored persons (PostgreSQL)", "",
        f"Stored persons: {len(stored):,} (bench/persons_gen.py seed {args.seed}); queries: {args.queries} per kind.",
        f"Generated in {generate_seconds:.0f} s; loaded by COPY in {load_seconds:.0f} s, of which trigram GIN index "
        f"builds {index_seconds:.0f} s{' (reused from an earlier run)' if args.skip_load else ''}. "
        f"Machine: 2 cores, shared (load average {os.getloadavg()[0]:.1f} when done); figures are medians / "
        "95th percentiles of one run after 5 warm-up queries.", "",
        "| queries | find_candidates median | p95 | retrieval median | p95 | candidates median / max | recall@10 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, m in (("one typo in the name", typo), ("same person, another force's record", variation)):
        lines.append(
            f"| {label} | {m['median_ms']:.0f} ms | {m['p95_ms']:.0f} ms | {m['retrieval_median_ms']:.0f} ms | "
            f"{m['retrieval_p95_ms']:.0f} ms | {m['candidates_median']:.0f} / {m['candidates_max']} | "
            f"{m['recall_at_10']:.3f} |"
        )
    lines += ["", f"Sequential scan on persons in the retrieval plans: {'YES' if seq_scan_on_persons else 'no'}.", "",
              "EXPLAIN of the retrieval queries for one query:", "", "```", plan, "```", ""]
    (ROOT / "bench" / "RESULTS-candidates.md").write_text("\n".join(lines))
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    main()
