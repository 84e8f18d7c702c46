"""Group person records that describe the same individual: CSV in, clusters out.

    python manage.py link_persons INPUT.csv --output OUTPUT.csv

INPUT has the header ``record_id,name,father_name,dob,gender,phone,address,id_number``
(``record_id`` and ``name`` always filled; ``dob`` is YYYY-MM-DD or YYYY; ``gender``
M, F or blank). OUTPUT has ``record_id,cluster_id``, one row per input record, in
input order: records with the same ``cluster_id`` are one person.

The command works on the file alone (the matching engine in ``offenders.matching``)
and never touches the database, so it runs before migrations and on a laptop.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from offenders.matching import Features, PersonRecord, link_features, prepare

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


def write_clusters(path: Path, features: list[Features], cluster_ids: list[str]) -> None:
    """Write ``record_id,cluster_id`` for every record, in input order."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(OUTPUT_COLUMNS)
        writer.writerows(zip((f.record_id for f in features), cluster_ids, strict=True))


class Command(BaseCommand):
    help = "Group the person records of a CSV file into individuals; write record_id,cluster_id."

    # Works on files only: no database, no system checks, usable before migrations.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path, help="CSV with header " + ",".join(INPUT_COLUMNS))
        parser.add_argument("--output", type=Path, required=True, help="CSV to write: record_id,cluster_id")

    def handle(self, *args: object, **options: object) -> None:
        source = options["input"]
        target = options["output"]
        assert isinstance(source, Path) and isinstance(target, Path)
        if not source.is_file():
            raise CommandError(f"Input file not found: {source}")
        if not target.parent.is_dir():
            raise CommandError(f"Output folder not found: {target.parent}")
        started = time.perf_counter()
        try:
            features = list(read_features(source))
        except UnicodeDecodeError as error:
            raise CommandError(f"The input file is not UTF-8 text: {error}") from error
        except csv.Error as error:
            raise CommandError(f"The input file is not valid CSV: {error}") from error
        cluster_ids = link_features(features)
        write_clusters(target, features, cluster_ids)
        persons = len(set(cluster_ids))
        self.stdout.write(
            f"Linked {len(features)} records into {persons} persons "
            f"in {time.perf_counter() - started:.1f} s; wrote {target}"
        )
