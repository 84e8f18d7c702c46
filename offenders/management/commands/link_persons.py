"""Group person records that describe the same individual: CSV in, clusters out.

    python manage.py link_persons INPUT.csv --output OUTPUT.csv [--threshold P] [--explain PAIRS.csv]

INPUT has the header ``record_id,name,father_name,dob,gender,phone,address,id_number``
(``record_id`` and ``name`` always filled; ``dob`` is YYYY-MM-DD or YYYY; ``gender``
M, F or blank). OUTPUT has ``record_id,cluster_id``, one row per input record, in
input order: records with the same ``cluster_id`` are one person.

The weights are estimated on the input itself (``offenders.matching.estimate``):
nothing to train beforehand. ``--threshold`` is the estimated match probability
at or above which two records are linked (default 0.5); ``--explain`` writes
every linked pair with each field's contribution in log2 odds.

The command works on the file alone (the matching engine in ``offenders.matching``)
and never touches the database, so it runs before migrations and on a laptop.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from offenders.matching import Features, PersonRecord, prepare
from offenders.matching.cluster import DEFAULT_THRESHOLD, EXPLAIN_COLUMNS, Linkage, cluster_ids, link

INPUT_COLUMNS = ("record_id", "name", "father_name", "dob", "gender", "phone", "address", "id_number")
OUTPUT_COLUMNS = ("record_id", "cluster_id")


def read_features(path: Path) -> Iterator[Features]:
    """Stream ``path`` row by row, validating it, and yield each record's features.

    Only the normalised features are kept, never the raw rows, so memory grows
    with the number of records but not with the width of their text.
    """
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        columns = _check_header(header)
        seen: dict[str, int] = {}
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # a blank line, e.g. at the end of a hand-edited file
            if len(row) != len(columns):
                raise CommandError(
                    f"Line {reader.line_num}: expected {len(columns)} fields, found {len(row)}."
                )
            values = dict(zip(columns, (cell.strip() for cell in row), strict=True))
            _check_row(values, reader.line_num, seen)
            yield prepare(_record(values))


def _check_header(header: list[str] | None) -> list[str]:
    if header is None:
        raise CommandError("The input file is empty: expected a header line " + ",".join(INPUT_COLUMNS) + ".")
    columns = [column.strip() for column in header]
    missing = [column for column in INPUT_COLUMNS if column not in columns]
    unknown = [column for column in columns if column not in INPUT_COLUMNS]
    if missing or unknown or len(set(columns)) != len(columns):
        raise CommandError(
            "Wrong header on line 1: expected " + ",".join(INPUT_COLUMNS)
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + "."
        )
    return columns


def _check_row(values: dict[str, str], line: int, seen: dict[str, int]) -> None:
    record_id = values["record_id"]
    if not record_id:
        raise CommandError(f"Line {line}: record_id is empty.")
    if not values["name"]:
        raise CommandError(f"Line {line}: name is empty for record {record_id}.")
    if record_id in seen:
        raise CommandError(f"Line {line}: duplicate record_id {record_id} (first seen on line {seen[record_id]}).")
    seen[record_id] = line


def _record(values: dict[str, str]) -> PersonRecord:
    return PersonRecord(
        record_id=values["record_id"],
        name=values["name"],
        father_name=values["father_name"],
        dob=values["dob"],
        gender=values["gender"],
        phones=[values["phone"]] if values["phone"] else [],
        address=values["address"],
        id_number=values["id_number"],
    )


def write_clusters(path: Path, features: list[Features], ids: list[str]) -> None:
    """Write ``record_id,cluster_id`` for every record, in input order."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(OUTPUT_COLUMNS)
        writer.writerows(zip((f.record_id for f in features), ids, strict=True))


def write_explanations(path: Path, linkage: Linkage) -> None:
    """Write each linked pair with its match probability and every field's contribution."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=EXPLAIN_COLUMNS)
        writer.writeheader()
        writer.writerows(linkage.explain())


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 < value < 1.0:
        raise CommandError(f"--threshold must be a probability between 0 and 1 (exclusive), not {text}.")
    return value


class Command(BaseCommand):
    help = "Group the person records of a CSV file into individuals; write record_id,cluster_id."

    # Works on files only: no database, no system checks, usable before migrations.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="CSV with header " + ",".join(INPUT_COLUMNS))
        parser.add_argument("--output", type=Path, required=True, help="CSV to write: record_id,cluster_id")
        parser.add_argument(
            "--threshold", type=_probability, default=None,
            help=f"link pairs whose estimated match probability is at least this (default {DEFAULT_THRESHOLD})",
        )
        parser.add_argument(
            "--explain", type=Path, default=None,
            help="CSV to write: every linked pair with each field's contribution (log2 odds)",
        )

    def handle(self, *args: object, **options: object) -> None:
        source = options["input"]
        target = options["output"]
        assert isinstance(source, Path) and isinstance(target, Path)
        if not source.is_file():
            raise CommandError(f"Input file not found: {source}")
        explain = options["explain"]
        for path in (target, explain):
            if isinstance(path, Path) and not path.parent.is_dir():
                raise CommandError(f"Output folder not found: {path.parent}")
        started = time.perf_counter()
        try:
            features = list(read_features(source))
        except UnicodeDecodeError as error:
            raise CommandError(f"The input file is not UTF-8 text: {error}") from error
        except csv.Error as error:
            raise CommandError(f"The input file is not valid CSV: {error}") from error
        threshold = options["threshold"]
        assert threshold is None or isinstance(threshold, float)
        linkage = link(features, threshold)
        ids = cluster_ids(linkage.labels)
        write_clusters(target, features, ids)
        if isinstance(explain, Path):
            write_explanations(explain, linkage)
        persons = len(set(ids))
        self.stdout.write(
            f"Linked {len(features)} records into {persons} persons "
            f"in {time.perf_counter() - started:.1f} s; wrote {target}"
        )
