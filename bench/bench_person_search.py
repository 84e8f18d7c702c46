"""Benchmark: matching one new person against 1,000,000 stored persons on PostgreSQL.

The path measured is the one the forms, the review queue and the match API use:
offenders.candidates.find_candidates = indexed retrieval of at most 1,000 candidate ids
(retrieve_candidate_ids: phone / identity-number look-ups, the same date of birth, names and
aliases similar by pg_trgm or one slip away, fathers' names within the birth years, ranked by how
many of name, father's name and birth year agree) + loading those persons + re-ranking in Python
(offenders.matching).

Data: N records of bench/persons_gen.py (realistic Indian name variation, Zipf-distributed common
names shared by many different people), loaded with COPY into the real tables of a scratch
database migrated like production (same indexes: the trigram GIN indexes of migration 0002, the
date-of-birth index of migration 0005 and the b-tree indexes of the models). One identity per record; aliases written "X @ Y" become
PersonAlias rows; phones and identity numbers (Aadhaar only as a keyed hash) become their rows.

Queries: stored records re-entered with exactly ONE typo in the name (a letter replaced,
dropped, doubled or swapped, never the first one, and never one the name normalisation folds
away), with the father's name, date or year of birth, gender and address as stored. No phone
or identity number: the hard case, where only the names lead to the person. A second, smaller
set adds the stored phone (the usual case at a police station), to EXPLAIN the exact look-ups.

Reported: median and 95th percentile latency of find_candidates after a warm-up, the split
retrieval / loading / re-ranking, candidates retrieved, recall of the true record in the top 10
(target >= 0.99) and top 1, and EXPLAIN (ANALYZE) of every retrieval query of sample matches,
checked for sequential scans on the persons table and its big neighbours.

Usage:
    psql -h 127.0.0.1 -U postgres -c "create database bench_persons"   # done by the script if missing
    .venv/bin/python bench/bench_person_search.py [--persons 1000000] [--queries 500] [--reuse]
Figures are written to bench/RESULTS-person_search.md. --reuse keeps an already loaded database.
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import os
import pickle
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DB_NAME = os.environ.get("BENCH_PERSONS_DB", "bench_persons")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")

import django  # noqa: E402

django.setup()

import persons_gen  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from offenders.candidates import (  # noqa: E402
    BROAD_AFTER_SPECIFIC,
    MAX_CANDIDATES,
    MatchQuery,
    _load_light,
    _rank_light,
    find_candidates,
    retrieve_candidate_ids,
)
from offenders.matching import normalize_id, normalize_name, normalize_phones  # noqa: E402
from offenders.models import Person  # noqa: E402

OUT = ROOT / "bench" / "RESULTS-person_search.md"
TABLES = [
    "offenders_matchdecision", "offenders_personphone", "offenders_identitydocument", "offenders_personalias",
    "offenders_personaddress", "offenders_personaccount", "offenders_personphoto", "offenders_arrest",
    "offenders_priorrecord", "offenders_person", "offenders_identity",
]
#: Tables whose secondary indexes are dropped for the COPY and rebuilt after it (same definitions).
INDEXED = ["offenders_person", "offenders_personphone", "offenders_identitydocument", "offenders_personalias",
           "offenders_personaddress"]
#: Big tables that must never be read sequentially by a retrieval query.
BIG = ["offenders_person", "offenders_personphone", "offenders_identitydocument", "offenders_personalias"]
ALIAS_SPLIT = re.compile(r"\s+(?:@|alias)\s*", re.I)


# ----------------------------------------------------------------------------- database


def _psql(sql: str) -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def ensure_database(*, fresh: bool) -> None:
    """A freshly created and migrated scratch database (so every index of the migrations is there to
    be dropped and rebuilt around the COPY), or the existing one with --reuse."""
    if fresh:
        _psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    if _psql(f"SELECT 1 FROM pg_database WHERE datname='{DB_NAME}'") != "1":  # noqa: S608
        _psql(f"CREATE DATABASE {DB_NAME}")
    call_command("migrate", verbosity=0)


def check_indexes() -> list[str]:
    """The indexes of the persons table (the run stops if the trigram indexes are missing)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'offenders_person' ORDER BY indexname")
        names = [row[0] for row in cursor.fetchall()]
    missing = {"offenders_person_name_trgm", "offenders_person_father_trgm"} - set(names)
    if missing:
        raise SystemExit(f"Missing indexes {sorted(missing)}: run again without --reuse.")
    return names


def _copy(cursor, table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples) into a table, 200,000 at a time."""
    count = 0
    buffer = io.StringIO()

    def flush():
        buffer.seek(0)
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join(
            "\\N" if v is None else str(v).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ") for v in row
        ))
        buffer.write("\n")
        count += 1
        if count % 200_000 == 0:
            flush()
    flush()
    return count


def _secondary_indexes(cursor) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of INDEXED that back no constraint (dropped and rebuilt around COPY)."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
           ORDER BY i.indexname""",
        [INDEXED],
    )
    return cursor.fetchall()


def _aadhaar_hash(digits: str) -> str:
    # The registry's keyed HMAC (offenders.aadhaar.aadhaar_hash) without its checksum test: the
    # generator's numbers are random digits, not valid Aadhaar numbers.
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()


def _id_row(pk: int, raw: str):
    parsed = normalize_id(raw)
    if parsed is None:
        return None
    kind, value = parsed
    if kind == "aadhaar":
        return (pk, "aadhaar", "", "", value[-4:], _aadhaar_hash(value))
    if kind == "hash":
        return (pk, "aadhaar", "", "", "", value.lower())
    if kind in ("pan", "passport"):
        return (pk, kind, value, value, "", "")
    return None


def split_alias(name: str) -> tuple[str, str]:
    parts = ALIAS_SPLIT.split(name, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (name.strip(), "")


def birth(dob: str) -> tuple[str | None, int | None]:
    """(date of birth, year) as the registry keeps them; an impossible date ("1999-02-29") keeps its year."""
    if len(dob) == 10:
        try:
            return date.fromisoformat(dob).isoformat(), int(dob[:4])
        except ValueError:
            return None, int(dob[:4]) if dob[:4].isdigit() else None
    return None, (int(dob) if dob.isdigit() else None)


def load(records: list[dict], station_ids: list[int]) -> dict:
    """COPY the records (one person and identity each, with aliases, phones, documents, addresses)."""
    now = timezone.now().isoformat()
    timings = {}
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
        indexes = _secondary_indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        # Foreign keys are right by construction: skip their triggers during the load (superuser only).
        cursor.execute("SET session_replication_role = replica")
        started = time.perf_counter()
        persons, aliases, phones, documents, addresses = [], [], [], [], []
        for i, record in enumerate(records):
            pk = i + 1
            name, alias = split_alias(record["name"])
            dob, year = birth(record["dob"])
            persons.append((
                pk, now, now, station_ids[i % len(station_ids)], pk, name[:200], normalize_name(name)[:200], "",
                record["father_name"][:200], normalize_name(record["father_name"])[:200],
                record["gender"] if record["gender"] in ("M", "F") else "", dob, year, "[]", "",
            ))
            alias_key = normalize_name(alias)[:200]
            if alias_key and alias_key != persons[-1][6]:
                aliases.append((pk, alias[:200], alias_key))
            for number in normalize_phones(record["phone"]):
                phones.append((pk, number, ""))
            document = _id_row(pk, record["id_number"])
            if document:
                documents.append(document)
            if record["address"]:
                addresses.append((pk, record["address"][:400], "", "", "true"))
        timings["prepare_s"] = time.perf_counter() - started
        started = time.perf_counter()
        rows = _copy(cursor, "offenders_identity", ["id", "created_at", "updated_at"],
                     ((i + 1, now, now) for i in range(len(records))))
        rows += _copy(cursor, "offenders_person", [
            "id", "created_at", "updated_at", "station_id", "identity_id", "name", "name_key", "relation",
            "father_name", "father_key", "gender", "dob", "birth_year", "emails", "notes",
        ], persons)
        rows += _copy(cursor, "offenders_personalias", ["person_id", "name", "name_key"], aliases)
        rows += _copy(cursor, "offenders_personphone", ["person_id", "number", "note"], phones)
        rows += _copy(cursor, "offenders_identitydocument",
                      ["person_id", "kind", "number", "number_key", "last_four", "number_hash"], documents)
        rows += _copy(cursor, "offenders_personaddress", ["person_id", "address", "city", "state", "last_known"],
                      addresses)
        timings["copy_s"] = time.perf_counter() - started
        timings["copy_rows"] = rows
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in ("offenders_identity", "offenders_person", "offenders_personalias", "offenders_personphone",
                      "offenders_identitydocument", "offenders_personaddress"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"  # noqa: S608
            )
        started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        timings["index_s"] = time.perf_counter() - started
        timings["indexes"] = [name for name, _d in indexes]
        cursor.execute(f"VACUUM ANALYZE {', '.join(INDEXED)}")
    return timings


# ----------------------------------------------------------------------------- queries


class CityReader:
    """A city-wide reader (the cyber crime team) for for_user, without a users table row."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = 0
    role = "cyber"


def one_typo(rng: random.Random, name: str) -> str | None:
    """The name with exactly one slip (persons_gen._typo) that survives normalisation, or None."""
    words = name.split()
    positions = [i for i, w in enumerate(words) if len(w) >= 4]
    rng.shuffle(positions)
    for at in positions:
        for _attempt in range(5):
            changed = words[:at] + [persons_gen._typo(rng, words[at])] + words[at + 1:]
            text = " ".join(changed)
            if normalize_name(text) != normalize_name(name):
                return text
    return None


def to_query(record: dict, name: str, *, with_phone: bool = False) -> MatchQuery:
    stored_name, _alias = split_alias(name)
    return MatchQuery(
        names=[stored_name], father_name=record["father_name"], dob=record["dob"],
        gender=record["gender"] if record["gender"] in ("M", "F") else "", address=record["address"],
        phones=list(normalize_phones(record["phone"])) if with_phone else [],
    )


def captured_sql(query: MatchQuery) -> list[str]:
    """The retrieval statements of one match, exactly as run (parameters bound by the driver)."""
    statements = []

    def capture(execute, sql, params, many, context):
        statements.append(context["cursor"].mogrify(sql, params).decode())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        retrieve_candidate_ids(query)
    return statements


def explain_analyze(statements: list[str]) -> list[str]:
    plans = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def seq_scans(plans: list[str]) -> list[str]:
    found = []
    for plan in plans:
        for line in plan.splitlines():
            match = re.search(r"Seq Scan on (\w+)", line)
            if match and match.group(1) in BIG:
                found.append(line.strip())
    return found


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def measure(queries: list[tuple[MatchQuery, int]], user, warmup: int, split: int = 150) -> dict:
    """Latency of find_candidates (the production path), then (on the first `split` queries) the same
    split into its three steps, as find_candidates runs them: retrieval, loading the candidates (five
    value queries, offenders.candidates._load_light), re-ranking (_rank_light)."""
    for query, _pk in queries[:warmup]:
        find_candidates(user=user, query=query, limit=10, min_score=0.0)
    totals, hits1, hits10 = [], 0, 0
    for query, pk in queries:
        started = time.perf_counter()
        found = find_candidates(user=user, query=query, limit=10, min_score=0.0)
        totals.append(time.perf_counter() - started)
        ranked = [c.person.pk for c in found]
        hits10 += pk in ranked
        hits1 += bool(ranked) and ranked[0] == pk
    retrieval, loading, ranking, counts = [], [], [], []
    for query, _pk in queries[:split]:
        started = time.perf_counter()
        ids = retrieve_candidate_ids(query, base=Person.objects.for_user(user))
        retrieval.append(time.perf_counter() - started)
        counts.append(len(ids))
        started = time.perf_counter()
        people = _load_light(ids)
        loading.append(time.perf_counter() - started)
        started = time.perf_counter()
        _rank_light(query, people)
        ranking.append(time.perf_counter() - started)
    ms = 1000
    return {
        "n": len(queries), "split_n": min(split, len(queries)), "median": statistics.median(totals) * ms, "p95": percentile(totals, 0.95) * ms,
        "p99": percentile(totals, 0.99) * ms, "mean": statistics.fmean(totals) * ms,
        "retrieval_median": statistics.median(retrieval) * ms, "retrieval_p95": percentile(retrieval, 0.95) * ms,
        "loading_median": statistics.median(loading) * ms, "loading_p95": percentile(loading, 0.95) * ms,
        "ranking_median": statistics.median(ranking) * ms, "ranking_p95": percentile(ranking, 0.95) * ms,
        "candidates_median": statistics.median(counts), "candidates_p95": percentile(counts, 0.95),
        "candidates_max": max(counts), "recall_at_10": hits10 / len(queries), "recall_at_1": hits1 / len(queries),
    }


# ----------------------------------------------------------------------------- report


def _row(label: str, m: dict) -> str:
    return (
        f"| {label} | {m['n']} | {m['median']:.0f} | {m['p95']:.0f} | {m['p99']:.0f} | "
        f"{m['retrieval_median']:.0f} / {m['retrieval_p95']:.0f} | {m['loading_median']:.0f} / {m['loading_p95']:.0f} | "
        f"{m['ranking_median']:.0f} / {m['ranking_p95']:.0f} | {m['candidates_median']:.0f} / "
        f"{m['candidates_p95']:.0f} / {m['candidates_max']} | {m['recall_at_10']:.3f} | {m['recall_at_1']:.3f} |"
    )


def write_report(args, stored: int, generate_s: float, load: dict | None, typo: dict, phone: dict,
                 plans: list[tuple[str, list[str]]], scans: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('offenders_person')), version()")
        size, version = cursor.fetchone()
    lines = [
        f"# Person search: one new person against {stored:,} stored persons (PostgreSQL)", "",
        f"Run {timezone.localtime():%Y-%m-%d %H:%M} with `bench/bench_person_search.py --persons {args.persons} "
        f"--queries {args.queries}`. {version.split(',')[0]}; Python {platform.python_version()}; "
        f"{os.cpu_count()} CPU cores shared with other work (load average {os.getloadavg()[0]:.1f} at the end).", "",
        f"- Stored persons: **{stored:,}** (bench/persons_gen.py, seed {args.seed}; persons table with its indexes "
        f"{size}); one identity each; aliases, phones, identity documents (Aadhaar as keyed hash) and addresses in "
        "their own tables.",
    ]
    if load:
        lines.append(
            f"- Generated (or read from bench/out/) in {generate_s:.0f} s; prepared in {load['prepare_s']:.0f} s; COPY of "
            f"{load['copy_rows']:,} rows in {load['copy_s']:.0f} s ({load['copy_rows'] / load['copy_s']:,.0f} rows/s); "
            f"secondary indexes rebuilt in {load['index_s']:.0f} s ({', '.join(load['indexes'])})."
        )
    else:
        lines.append("- Database reused from an earlier load (--reuse).")
    lines += [
        f"- Path measured: `offenders.candidates.find_candidates` (retrieval of at most {MAX_CANDIDATES:,} ids from "
        "indexes: exact phone/ID look-ups, the same date of birth, then names and aliases similar by trigrams or one "
        "slip away and the father's name within the birth years, ranked together by how many of name, father's name "
        "and birth year agree; when some agree on all the query gives, the others are kept to "
        f"{BROAD_AFTER_SPECIFIC}. Then loading them with aliases/phones/documents/addresses, re-ranking in Python), "
        "as a city-wide "
        f"reader; {args.warmup} warm-up matches first. Times in ms: median, 95th and 99th percentile; then "
        f"median / p95 of each step measured separately on the first {typo['split_n']} of the same queries.", "",
        "| queries | n | median | p95 | p99 | retrieval | loading | re-ranking | candidates median / p95 / max "
        "| recall@10 | recall@1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        _row("one typo in the name (father, birth, gender, address as stored; no phone, no ID)", typo),
        _row("the same, with the stored phone", phone), "",
        f"Target recall@10 ≥ 0.99 for one typo: **{'met' if typo['recall_at_10'] >= 0.99 else 'NOT met'}** "
        f"({typo['recall_at_10']:.3f}).", "",
        f"Sequential scans on {', '.join(BIG)} in the EXPLAIN (ANALYZE) of every retrieval statement of "
        f"{len(plans)} sample matches: **{'none' if not scans else len(scans)}**.",
    ]
    if scans:
        lines += ["", "```", *sorted(set(scans)), "```"]
    for label, statements in plans[:2]:
        lines += ["", f"EXPLAIN (ANALYZE, BUFFERS) of the retrieval statements of one match ({label}):", "", "```",
                  "\n\n".join(statements), "```"]
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:20]))


# ----------------------------------------------------------------------------- main


def generated(persons: int, seed: int) -> list[dict]:
    """The generator's records, cached under bench/out/ (generation is deterministic and takes minutes)."""
    cache = ROOT / "bench" / "out" / f"persons-{persons}-{seed}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())  # noqa: S301 (our own cache file)
    records, _truth = persons_gen.generate(persons, seed)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(records))
    return records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--phone-queries", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded persons if their number matches")
    parser.add_argument("--explain", type=int, default=20, help="sample matches to EXPLAIN (ANALYZE)")
    args = parser.parse_args()
    ensure_database(fresh=not args.reuse)
    from stations.models import PoliceStation, Zone

    zone, _ = Zone.objects.get_or_create(code="bench", defaults={"name": "Bench zone"})
    stations = [
        PoliceStation.objects.get_or_create(code=f"bench-{n}", defaults={"name": f"Bench {n}", "zone": zone})[0].pk
        for n in range(40)
    ]
    started = time.perf_counter()
    records = generated(args.persons, args.seed)
    generate_s = time.perf_counter() - started
    timings = None
    if not (args.reuse and Person.objects.count() == len(records)):
        timings = load(records, stations)
    check_indexes()
    rng = random.Random(args.seed)
    typo_queries, phone_queries = [], []
    for index in rng.sample(range(len(records)), args.queries * 2):
        record = records[index]
        changed = one_typo(rng, split_alias(record["name"])[0])
        if changed is None:
            continue
        if len(typo_queries) < args.queries + args.warmup:
            typo_queries.append((to_query(record, changed), index + 1))
        elif record["phone"] and len(phone_queries) < args.phone_queries:
            phone_queries.append((to_query(record, changed, with_phone=True), index + 1))
    user = CityReader()
    warm, typo_queries = typo_queries[: args.warmup], typo_queries[args.warmup:]
    for query, _pk in warm:
        find_candidates(user=user, query=query)
    typo = measure(typo_queries, user, warmup=0)
    phone = measure(phone_queries, user, warmup=5)
    samples = [("one typo, no phone", q) for q, _ in typo_queries[: args.explain // 2]]
    samples += [("one typo, with phone", q) for q, _ in phone_queries[: args.explain // 2]]
    plans = [(label, explain_analyze(captured_sql(query))) for label, query in samples]
    scans = [line for _label, statements in plans for line in seq_scans(statements)]
    write_report(args, len(records), generate_s, timings, typo, phone, plans, scans)


if __name__ == "__main__":
    main()
