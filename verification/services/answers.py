"""An agency's answer list (CSV or XLSX), read against the registry and saved as licence answers.

Reading: columns registration number, name, address, status, validity (headers recognised
loosely, in any order). Matching, for each row: the registration number against the call
centres' company registration numbers and the licence numbers already recorded; failing that,
the normalised name (registry.addresses.name_key / company_key) together with the normalised
address. One candidate: matched; a name without its address, or several candidates: uncertain;
nothing: unmatched. The officer sees the preview and saves; saving records each matched row
through `licence_record`, citing the letter's reference.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, VIEW
from core.permissions import require
from registry.addresses import company_key, name_key, normalize_address
from registry.choices import CallCentreStatus
from registry.models import CallCentre

from ..choices import AnswerImportStatus, AnswerMatch, LetterState, LicenceStatus
from ..models import AnswerImport, Letter, Licence
from .licences import PERM_RECORD, licence_record

MAX_ANSWER_BYTES = 5 * 1024 * 1024
MAX_ANSWER_ROWS = 5000
_COLUMNS = {  # a header containing the word (lower case) names the column
    "registration": "registration", "reg": "registration", "number": "registration", "licence": "registration",
    "name": "name", "company": "name", "address": "address", "status": "status", "valid": "valid_until",
    "expiry": "valid_until",
}
_HELD = {"held", "granted", "registered", "valid", "active", "issued", "yes", "approved"}
_NOT_HELD = {"not held", "not granted", "not registered", "no", "none", "cancelled", "revoked", "expired",
             "rejected", "not found", "nil"}
_NOT_REQUIRED = {"not required", "exempt", "exempted", "not applicable", "na", "n/a"}
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


# --------------------------------------------------------------------------- reading


def _table(upload) -> list[list[str]]:
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read(MAX_ANSWER_BYTES + 1)
    if len(data) > MAX_ANSWER_BYTES:
        raise ValidationError({"file": _g("The file is larger than %(mb)d MB.") % {"mb": MAX_ANSWER_BYTES // 2**20}})
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            return [["" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, (date, datetime)) else str(v))
                     for v in row] for row in sheet.iter_rows(values_only=True)]
        except Exception as exc:  # noqa: BLE001 — any unreadable workbook is the officer's file, not our error
            raise ValidationError({"file": _g("This workbook cannot be read.")}) from exc
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _g("Save the CSV file as UTF-8.")}) from exc
        if "\x00" in text:
            raise ValidationError({"file": _g("This is not a CSV file.")})
        return [row for row in csv.reader(io.StringIO(text))]
    raise ValidationError({"file": _g("Upload the answer list as CSV or XLSX.")})


def answer_rows_read(upload) -> list[dict]:
    """The rows of an answer list as dicts (line, registration, name, address, status, valid_until)."""
    table = [row for row in _table(upload) if any(str(c).strip() for c in row)]
    if not table:
        raise ValidationError({"file": _g("The file is empty.")})
    columns = {}
    for index, header in enumerate(table[0]):
        words = str(header).strip().lower()
        for word, column in _COLUMNS.items():
            if word in words and column not in columns.values():
                columns[index] = column
                break
    if "name" not in columns.values() and "registration" not in columns.values():
        raise ValidationError({"file": _g("The first row must name the columns: registration number, name, "
                                          "address, status, validity.")})
    if len(table) - 1 > MAX_ANSWER_ROWS:
        raise ValidationError({"file": _g("At most %(n)d rows at a time.") % {"n": MAX_ANSWER_ROWS}})
    rows = []
    for line, raw in enumerate(table[1:], start=2):
        row = {"line": line, "registration": "", "name": "", "address": "", "status": "", "valid_until": ""}
        for index, column in columns.items():
            if index < len(raw):
                row[column] = " ".join(str(raw[index]).split())[:300]
        rows.append(row)
    return rows


def _status(text: str) -> str | None:
    words = " ".join(text.lower().replace("-", " ").split())
    for values, status in ((_NOT_REQUIRED, LicenceStatus.NOT_REQUIRED), (_NOT_HELD, LicenceStatus.NOT_HELD),
                           (_HELD, LicenceStatus.HELD)):
        if words in values:
            return status
    return None


def _date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- matching


def _candidates(user, kinds: list[str]):
    """The call centres in scope with what the rows are matched on (three queries)."""
    centres = list(CallCentre.objects.for_user(user, VIEW).exclude(status=CallCentreStatus.MERGED)
                   .select_related("premises__locality")
                   .only("pk", "name", "name_key", "company_key", "company_registration", "premises__address_key",
                         "premises__locality__name"))
    by_registration: dict[str, set[int]] = {}
    for cc in centres:
        if cc.company_registration:
            by_registration.setdefault(_squash(cc.company_registration), set()).add(cc.pk)
    ids = {cc.pk for cc in centres}
    for cc_id, number in Licence.objects.filter(kind__in=kinds).exclude(number="").values_list("call_centre_id", "number"):
        if cc_id in ids:
            by_registration.setdefault(_squash(number), set()).add(cc_id)
    return centres, by_registration


def _match(row: dict, centres, by_registration) -> dict:
    registration = _squash(row["registration"])
    if registration and len(by_registration.get(registration, ())) == 1:
        return {"outcome": AnswerMatch.MATCHED, "call_centre_id": next(iter(by_registration[registration])),
                "reason": "registration"}
    keys = {k for k in (name_key(row["name"]), company_key(row["name"])) if k}
    named = [cc for cc in centres if keys & {cc.name_key, cc.company_key}]
    # The registry's address keys were made knowing the locality: read the row's address the same way.
    placed = [cc for cc in named if row["address"] and cc.premises_id and cc.premises.address_key
              == normalize_address(row["address"], locality=cc.premises.locality.name).key]
    if len(placed) == 1:
        return {"outcome": AnswerMatch.MATCHED, "call_centre_id": placed[0].pk, "reason": "name_address"}
    if placed or named:
        return {"outcome": AnswerMatch.UNCERTAIN, "call_centre_id": (placed or named)[0].pk,
                "candidates": [cc.pk for cc in (placed or named)][:5], "reason": "name"}
    return {"outcome": AnswerMatch.UNMATCHED, "call_centre_id": None, "reason": ""}


def _check(row: dict) -> list[str]:
    problems = []
    status = _status(row["status"])
    if status is None:
        problems.append(_g("Status “%(status)s” is not understood (held, not held, not required).")
                        % {"status": row["status"]})
    if status == LicenceStatus.HELD and not row["registration"]:
        problems.append(_g("A permission that is held needs its registration number."))
    if row["valid_until"] and _date(row["valid_until"]) is None:
        problems.append(_g("Validity “%(date)s” is not a date (dd/mm/yyyy).") % {"date": row["valid_until"]})
    return problems


@transaction.atomic
def answers_preview(*, actor, letter: Letter, upload) -> AnswerImport:
    """Read an agency's answer list for a letter and match its rows (nothing is recorded yet)."""
    require(actor, PERM_RECORD, _g("Your role cannot record licence checks."))
    if not Letter.objects.for_user(actor, CHANGE).filter(pk=letter.pk).exists():
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    if letter.agency is None or not letter.agency.licence_kinds:
        raise ValidationError(_g("Only the answer of an agency that issues permissions can be imported."))
    if letter.state == LetterState.DRAFTED:
        raise ValidationError(_g("An answer belongs to a letter that was sent."))
    rows = answer_rows_read(upload)
    centres, by_registration = _candidates(actor, letter.agency.licence_kinds)
    for row in rows:
        row.update(_match(row, centres, by_registration))
        row["problems"] = _check(row)
    answer = AnswerImport(letter=letter, original_name=(upload.name or "answer")[:200], rows=rows, uploaded_by=actor)
    answer.full_clean()
    answer._history_user = actor
    answer.save()
    return answer


@transaction.atomic
def answers_save(*, actor, answer: AnswerImport, include_uncertain: list[int] | None = None) -> int:
    """Record every matched row without problems (and the uncertain rows the officer confirmed, by line)
    as the licence answer of its call centre, citing the letter. Returns how many were recorded."""
    require(actor, PERM_RECORD, _g("Your role cannot record licence checks."))
    answer = AnswerImport.objects.select_for_update(of=("self",)).select_related("letter__agency").get(pk=answer.pk)
    if answer.status != AnswerImportStatus.PREVIEW:
        raise ValidationError(_g("This answer list was already saved."))
    confirmed = set(include_uncertain or [])
    kind = answer.letter.agency.licence_kinds[0]
    today = timezone.localdate()
    recorded = 0
    for row in answer.rows:
        wanted = row["outcome"] == AnswerMatch.MATCHED or (
            row["outcome"] == AnswerMatch.UNCERTAIN and row["line"] in confirmed)
        if not wanted or row["problems"] or not row.get("call_centre_id"):
            continue
        status = _status(row["status"])
        held = status == LicenceStatus.HELD
        try:
            licence_record(
                actor=actor, call_centre=CallCentre(pk=row["call_centre_id"]), kind=kind, status=status,
                agency=answer.letter.agency.name, number=row["registration"] if held else "",
                valid_until=_date(row["valid_until"]) if held and row["valid_until"] else None,
                reference=answer.letter.reference, checked_on=today,
            )
        except ValidationError as exc:  # this row only (licence_record is atomic on its own)
            row["problems"] = list(exc.messages)
            continue
        row["recorded"] = True
        recorded += 1
    answer.status, answer.saved_at = AnswerImportStatus.SAVED, timezone.now()
    answer._history_user = actor
    answer.save()
    return recorded
