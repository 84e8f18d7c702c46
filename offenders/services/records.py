"""Writes for prior records (earlier arrests by other forces), one by one or from a CSV file."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g

from core.access import VIEW, ensure_in_scope
from core.numbers import parse_int
from core.permissions import require

from ..choices import ArrestRole, Force, Gender, RecordSource, Relation
from ..models import Person, PriorRecord
from .common import check_fields, choice, clean_text, station_for
from .matches import match_check
from .persons import person_create

PRIOR_FIELDS = {"city", "police_station", "fir_number", "sections", "arrested_on", "role", "bail_date", "notes"}


@transaction.atomic
def prior_record_create(
    *, actor, person: Person, force: str, station=None, source: str = RecordSource.MANUAL, check_matches: bool = True,
    **fields,
) -> PriorRecord:
    """Record an earlier arrest of a person by another force, then look for the same individual."""
    require(actor, "offenders.add_priorrecord")
    check_fields(fields, PRIOR_FIELDS)
    if not Person.objects.for_user(actor, VIEW).filter(pk=person.pk).exists():
        raise ValidationError({"person": _g("Unknown person.")})
    record = PriorRecord(
        person=person, station=station_for(actor, station), force=choice(force, Force, "force", blank=False),
        source=choice(source, RecordSource, "source", blank=False), entered_by=actor,
    )
    for name, value in fields.items():
        if name == "role":
            value = choice(value, ArrestRole, "role")
        elif name in ("city", "police_station", "fir_number", "sections"):
            value = clean_text(value)[: PriorRecord._meta.get_field(name).max_length]
        elif name == "notes":
            value = (value or "").strip()
        setattr(record, name, value)
    record.full_clean()
    record.save()
    ensure_in_scope(actor, record)
    if check_matches:
        match_check(actor=actor, person=person)
    return record


#: Columns of a prior-records CSV. `force` and either `person_id` or `name` are required.
PRIOR_CSV_COLUMNS = [
    "person_id", "name", "father_name", "relation", "gender", "dob", "age", "phone", "address", "aadhaar",
    "force", "city", "police_station", "fir_number", "sections", "arrested_on", "role", "bail_date", "notes",
]


PRIOR_CSV_MAX_ROWS = 5000


PRIOR_CSV_MAX_BYTES = 2 * 1024 * 1024


@dataclass
class PriorImportResult:
    """What an import created."""

    records: list[PriorRecord] = field(default_factory=list)
    persons_created: int = 0


def _parse_date(value: str, column: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError({column: _g("Write the date as YYYY-MM-DD or DD/MM/YYYY.")})


def _lookupchoice(value: str, choices, column: str, *, blank: bool) -> str:
    """A choice given by its code or its label, in any case ("Delhi", "delhi", "Delhi Police")."""
    text = clean_text(value).casefold()
    if not text:
        if blank:
            return ""
        raise ValidationError({column: _g("This column is required.")})
    for code, label in choices.choices:
        if text in (str(code).casefold(), str(label).casefold()):
            return code
    for code, label in choices.choices:  # "Noida" for "UP Police, Gautam Buddh Nagar (Noida)"
        if text in str(label).casefold():
            return code
    raise ValidationError(
        {column: _g("Unknown value. Use one of: %(values)s") % {"values": ", ".join(str(c) for c in choices.values)}}
    )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {message}" for name, errors in exc.message_dict.items() for message in errors]
    return exc.messages


def _read_csv(data: bytes | str) -> list[dict]:
    if isinstance(data, bytes):
        if len(data) > PRIOR_CSV_MAX_BYTES:
            raise ValidationError(_g("The file is larger than 2 MB. Split it into smaller files."))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_g("The file is not UTF-8 text. Save it as CSV (UTF-8) and try again."))
    reader = csv.DictReader(io.StringIO(data))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if "force" not in header or not ({"person_id", "name"} & set(header)):
        raise ValidationError(
            _g("The first line must name the columns, including force and either person_id or name. Columns: %(c)s")
            % {"c": ", ".join(PRIOR_CSV_COLUMNS)}
        )
    unknown = [h for h in header if h and h not in PRIOR_CSV_COLUMNS]
    if unknown:
        raise ValidationError(_g("Unknown columns: %(c)s") % {"c": ", ".join(unknown)})
    reader.fieldnames = header
    rows = []
    for row in reader:
        if len(rows) >= PRIOR_CSV_MAX_ROWS:
            raise ValidationError(_g("At most %(n)s rows per file.") % {"n": PRIOR_CSV_MAX_ROWS})
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if any(values.values()):
            rows.append({"line": reader.line_num, **values})
    if not rows:
        raise ValidationError(_g("The file has no rows."))
    return rows


def _import_row(*, actor, row: dict, station) -> tuple[PriorRecord, bool]:
    if row.get("person_id"):
        person_id = parse_int(row["person_id"])
        if person_id is None:
            raise ValidationError({"person_id": _g("Write the person's number.")})
        person = Person.objects.for_user(actor, VIEW).filter(pk=person_id).first()
        if person is None:
            raise ValidationError({"person_id": _g("Unknown person.")})
        created = False
    else:
        if not row.get("name"):
            raise ValidationError({"name": _g("Write the person's name or person_id.")})
        person = person_create(
            actor=actor, station=station, name=row["name"], father_name=row.get("father_name", ""),
            relation=_lookupchoice(row.get("relation", ""), Relation, "relation", blank=True),
            gender=_lookupchoice(row.get("gender", ""), Gender, "gender", blank=True),
            dob=_parse_date(row.get("dob", ""), "dob"), age=row.get("age") or None,
            age_on=_parse_date(row.get("arrested_on", ""), "arrested_on"),
            phones=row.get("phone", ""), address=row.get("address", ""), aadhaar=row.get("aadhaar", ""),
        )
        created = True
    record = prior_record_create(
        actor=actor, person=person, station=station, source=RecordSource.CSV, check_matches=False,
        force=_lookupchoice(row.get("force", ""), Force, "force", blank=False),
        city=row.get("city", ""), police_station=row.get("police_station", ""), fir_number=row.get("fir_number", ""),
        sections=row.get("sections", ""), arrested_on=_parse_date(row.get("arrested_on", ""), "arrested_on"),
        role=_lookupchoice(row.get("role", ""), ArrestRole, "role", blank=True),
        bail_date=_parse_date(row.get("bail_date", ""), "bail_date"), notes=row.get("notes", ""),
    )
    return record, created


@transaction.atomic
def prior_records_import_csv(*, actor, data: bytes | str, station=None) -> PriorImportResult:
    """Import prior records from CSV: all rows or none.

    Each row names an existing person (`person_id`) or describes a new one (name, father's
    name, age ...). Every bad row is reported with its line number and nothing is saved.
    After the import, each person is searched for among all persons and the possible
    matches go to the review queue.
    """
    require(actor, "offenders.add_priorrecord")
    station = station_for(actor, station)
    rows = _read_csv(data)
    result = PriorImportResult()
    errors: list[str] = []
    for row in rows:
        try:
            with transaction.atomic():
                record, created = _import_row(actor=actor, row=row, station=station)
        except ValidationError as exc:
            # The row's own message: a value the row gave (never an Aadhaar number) may be named.
            errors.extend(_g("Line %(line)s: %(message)s") % {"line": row["line"], "message": m} for m in _messages(exc))
            continue
        result.records.append(record)
        result.persons_created += created
    if errors:
        raise ValidationError(errors)
    for person in {record.person for record in result.records}:
        match_check(actor=actor, person=person)
    return result

