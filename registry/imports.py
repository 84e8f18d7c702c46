"""Bulk import of call centres from CSV or XLSX: read, check, find duplicates, preview, confirm.

The flow an SHO sees:

1. `import_upload` stores the file as an ImportBatch and queues a background Job.
2. `import_parse` (in the worker) streams the file, checks every row (`check_row`), writes one
   ImportRow per line (new / possible duplicate / error, with messages in the officer's terms)
   and finds duplicates within the file and against the registry. No call centre is saved.
3. The preview page shows the rows; for each possible duplicate the SHO chooses to skip it
   (the default) or record it as new (`import_row_decide`).
4. `import_confirm` saves every accepted row in ONE transaction — premises, call centre,
   phones, occupancy, initial status and, when the batch belongs to an editable draft return,
   the return entries — or nothing at all. A file with any error row cannot be confirmed.

Speed and memory: the file is streamed and rows are written 1,000 at a time; localities are
resolved from one in-memory index (one query); duplicates are found by SQL over a temporary
table of keys (a handful of queries per batch, whatever its size), so memory stays flat.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process
from simple_history.utils import bulk_create_with_history

from core.access import CHANGE, ensure_in_scope
from core.audit import current_audit_attrs
from core.jobs import job_create, job_finish, job_progress
from core.models import Job
from core.phones import normalize_phone, split_phones

from .addresses import LocalityIndex, company_key, name_key, normalize_address
from .choices import CallCentreStatus, ImportStatus, ReturnStatus, RowOutcome, Service, Source
from .models import (
    CallCentre,
    CallCentrePhone,
    ImportBatch,
    ImportRow,
    Occupancy,
    Premises,
    ReturnEntry,
    StationReturn,
    StatusChange,
)

logger = logging.getLogger(__name__)

PERM_IMPORT = "registry.add_importbatch"
PERM_CONFIRM = "registry.add_callcentre"

#: The template's columns, in order.
COLUMNS = (
    "name", "company", "address", "locality", "phones", "service", "seats", "shift", "started_on",
    "landlord_name", "landlord_phone", "notes",
)
#: Other headings officers write for the same columns.
HEADER_ALIASES = {
    "phone": "phones", "phone_numbers": "phones", "mobile": "phones", "mobiles": "phones", "contact": "phones",
    "call_centre": "name", "call_center": "name", "call_centre_name": "name", "call_center_name": "name",
    "company_name": "company", "operating_company": "company", "start_date": "started_on", "started": "started_on",
    "date_started": "started_on", "landlord": "landlord_name", "landlord_mobile": "landlord_phone",
    "shift_hours": "shift", "remarks": "notes",
}
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Rows written, and keys resolved, per database round trip.
CHUNK_ROWS = 1000
#: Batches up to this size are confirmed while the SHO waits; larger ones in the background.
INLINE_CONFIRM_ROWS = 500
#: How close two names in one locality must be (rapidfuzz ratio, 0-100) to be "similar".
NAME_SIMILARITY = 90
#: Fuzzy name matching is skipped (exact names still match) above this many existing names in a locality.
FUZZY_LIMIT = 20000
#: Entries per memo of CheckContext (distinct localities, services, shifts, dates, landlords).
MEMO_LIMIT = 10000
LENGTHS = {"name": 200, "company": 200, "address": 400, "landlord_name": 150, "notes": 5000}

SERVICE_WORDS = {
    "tech support": Service.TECH_SUPPORT, "technical support": Service.TECH_SUPPORT, "it support": Service.TECH_SUPPORT,
    "customer care": Service.CUSTOMER_CARE, "customer service": Service.CUSTOMER_CARE,
    "customer support": Service.CUSTOMER_CARE, "job placement": Service.JOB_PLACEMENT, "jobs": Service.JOB_PLACEMENT,
    "job": Service.JOB_PLACEMENT, "placement": Service.JOB_PLACEMENT, "recruitment": Service.JOB_PLACEMENT,
    "loan": Service.LOANS, "loans": Service.LOANS, "sale": Service.SALES, "sales": Service.SALES,
    "telesales": Service.SALES, "other": Service.OTHER, "others": Service.OTHER,
}

#: What the officer reads for each row message; rows store a code and parameters so the
#: preview is shown in the officer's language whatever language the file was checked in.
MESSAGES = {
    "missing_name": _("Name is missing."),
    "too_long": _("%(column)s is too long: at most %(max)s characters."),
    "missing_locality": _("Locality is missing."),
    "unknown_locality": _("Unknown locality “%(value)s”: write a locality of the registry (name or other spelling)."),
    "other_station": _("Locality “%(locality)s” belongs to station %(station)s, not %(batch_station)s."),
    "bad_phone": _("Bad phone number “%(value)s”: write 10 digits, optionally with +91 or 0 in front."),
    "bad_landlord_phone": _("Bad landlord's phone “%(value)s”: write 10 digits, optionally with +91 or 0 in front."),
    "bad_service": _("Unknown service “%(value)s”: write one of %(choices)s."),
    "bad_seats": _("Bad seats “%(value)s”: write a whole number from 0 to 100000."),
    "bad_shift": _("Bad shift “%(value)s”: write the hours like 21:00-06:00."),
    "bad_date": _("Bad start date “%(value)s”: write it as YYYY-MM-DD or DD/MM/YYYY."),
    "future_date": _("The start date %(value)s is in the future."),
    "dup_address_file": _("Same address as line %(line)s of this file."),
    "dup_phone_file": _("Same phone %(phone)s as line %(line)s of this file."),
    "dup_company_file": _("Same company as line %(line)s of this file."),
    "dup_name_file": _("Same name in the same locality as line %(line)s of this file."),
    "dup_address": _("Same address as “%(name)s” (%(station)s)."),
    "dup_phone": _("Same phone %(phone)s as “%(name)s” (%(station)s)."),
    "dup_company": _("Same company as “%(name)s” (%(station)s)."),
    "dup_name": _("Similar name in the same locality as “%(name)s” (%(station)s)."),
    "unknown_columns": _("Columns not in the template were ignored: %(columns)s."),
}
#: The same reasons, shown when the existing record is outside the viewer's jurisdiction.
HIDDEN_MESSAGES = {
    "dup_address": _("Same address as a call centre recorded by another station."),
    "dup_phone": _("Same phone %(phone)s as a call centre recorded by another station."),
    "dup_company": _("Same company as a call centre recorded by another station."),
    "dup_name": _("Similar name in the same locality as a call centre recorded by another station."),
}
ERROR = "error"
DUPLICATE = "duplicate"


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (wrong type, empty, no `name` column, bad encoding)."""


def render_message(message: dict | str, *, hidden: bool = False) -> str:
    """A stored row message (or batch warning) in the current language."""
    if isinstance(message, str):
        return message
    code = message.get("code", "")
    template = (HIDDEN_MESSAGES.get(code) if hidden else None) or MESSAGES.get(code)
    if template is None:
        return str(message.get("text", code))
    try:
        return str(template) % message.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def _msg(level: str, code: str, **params) -> dict:
    return {"level": level, "code": code, "params": {k: v for k, v in params.items() if k != "call_centre_id"},
            **({"call_centre_id": params["call_centre_id"]} if "call_centre_id" in params else {})}


# --------------------------------------------------------------------------- reading files

def file_kind(filename: str) -> str | None:
    """"csv" or "xlsx" from the file name; None for anything else."""
    ext = os.path.splitext(filename or "")[1].lower()
    return {".csv": "csv", ".xlsx": "xlsx"}.get(ext)


def _csv_encoding(binary: IO[bytes]) -> str:
    """utf-8-sig when the whole file decodes as UTF-8, else cp1252 (Excel on Windows); else refuse.

    Checked in 1 MB pieces so a 50 MB file is never held in memory.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        binary.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := binary.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        binary.seek(0)
        return encoding
    raise ImportFileError(
        _("The file's characters cannot be read. In Excel, save it as “CSV UTF-8 (Comma delimited)” and upload again.")
    )


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: numbers without ".0", dates as YYYY-MM-DD, times as HH:MM."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


class Table:
    """A CSV or XLSX file read row by row: `header` (the first non-empty row) and `rows()`.

    Line numbers are the spreadsheet's row numbers (the header is usually line 1), so an
    officer finds "line 17" where Excel shows row 17. Blank rows are skipped.
    """

    def __init__(self, source: str | IO[bytes], kind: str):
        self.kind = kind
        self._own = isinstance(source, str | os.PathLike)
        self._binary: IO[bytes] = open(source, "rb") if self._own else source  # noqa: SIM115
        self._workbook = None
        self._text: io.TextIOWrapper | None = None
        self.rows_hint = 0
        self.size = self._size()
        self.header: list[str] = []
        self.header_line = 0
        try:
            self._iter = self._csv_rows() if kind == "csv" else self._xlsx_rows()
            for line, cells in self._iter:
                if any(cells):
                    self.header, self.header_line = cells, line
                    break
        except ImportFileError:
            self.close()
            raise
        except Exception as exc:
            self.close()
            raise self._unreadable() from exc

    def _size(self) -> int:
        try:
            position = self._binary.tell()
            self._binary.seek(0, os.SEEK_END)
            size = self._binary.tell()
            self._binary.seek(position)
            return size
        except (OSError, AttributeError):
            return 0

    def _unreadable(self) -> ImportFileError:
        if self.kind == "xlsx":
            return ImportFileError(_("The Excel file is damaged or not an .xlsx workbook. Save it again from Excel as .xlsx."))
        return ImportFileError(_("The CSV file cannot be read. Save it again from Excel as CSV and upload it."))

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        encoding = _csv_encoding(self._binary)
        self._text = io.TextIOWrapper(self._binary, encoding=encoding, newline="")
        sample = self._text.read(4096)
        self._text.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") and sample.count(";") > sample.count("\t") else (
            "\t" if sample.count("\t") > sample.count(",") else ","
        )
        reader = csv.reader(self._text, delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            yield number, [cell.strip() for cell in row]

    def _xlsx_rows(self) -> Iterator[tuple[int, list[str]]]:
        import openpyxl

        if not zipfile.is_zipfile(self._binary):
            raise self._unreadable()
        self._binary.seek(0)
        self._workbook = openpyxl.load_workbook(self._binary, read_only=True, data_only=True)
        sheet = self._workbook.worksheets[0]
        self.rows_hint = sheet.max_row or 0  # as the workbook declares it: for the progress bar only
        # A workbook saved by some tools declares a wrong size; read every row that exists.
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in row]

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The data rows after the header, as (line, cells); blank rows skipped."""
        try:
            for line, cells in self._iter:
                if any(cells):
                    yield line, cells
        except ImportFileError:
            raise
        except Exception as exc:
            raise self._unreadable() from exc

    def fraction_read(self, line: int = 0) -> float:
        """How far through the file the reader is (for the progress bar)."""
        if self.kind == "csv" and self.size:
            try:
                return min(1.0, self._binary.tell() / self.size)
            except (OSError, ValueError):
                return 0.0
        if self.rows_hint:
            return min(1.0, line / self.rows_hint)
        return 0.0

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
        text = getattr(self, "_text", None)
        if text is not None and not self._own:
            # Give the caller's file back open: a TextIOWrapper closes its buffer when collected.
            try:
                text.detach()
            except ValueError:
                pass
        if self._own:
            self._binary.close()


@contextmanager
def open_table(source: str | IO[bytes], kind: str) -> Iterator[Table]:
    table = Table(source, kind)
    try:
        yield table
    finally:
        table.close()


def _header_key(cell: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", (cell or "").strip().lower()).strip("_")
    return HEADER_ALIASES.get(key, key)


@dataclass
class HeaderMap:
    """Which cell holds which template column; the headings that were ignored."""

    positions: dict[str, int]
    unknown: list[str]

    def cells(self, row: list[str]) -> dict[str, str]:
        return {col: (row[i] if i < len(row) else "") for col, i in self.positions.items()}


def map_header(header: list[str]) -> HeaderMap:
    """Match the header row to the template's columns, case-insensitively; refuse a file without `name`."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        key = _header_key(cell)
        if key in COLUMNS and key not in positions:
            positions[key] = index
        elif cell.strip():
            unknown.append(cell.strip())
    if "name" not in positions:
        raise ImportFileError(
            _("The first row must be the template's header with a “name” column (found: %(found)s). "
              "Download the template and copy your rows into it.")
            % {"found": ", ".join(h for h in header if h)[:200] or _g("nothing")}
        )
    return HeaderMap(positions=positions, unknown=unknown)


def probe_upload(uploaded, *, filename: str | None = None) -> list[str]:
    """Check an uploaded file before accepting it: type, size, encoding, header.

    Raises ImportFileError with the officer's message; returns warnings (ignored columns) as
    stored messages (`render_message` shows them in the reader's language).
    """
    name = filename or getattr(uploaded, "name", "")
    kind = file_kind(name)
    if kind is None:
        raise ImportFileError(_("Upload a .csv or .xlsx file (this one is “%(name)s”).") % {"name": name})
    size = getattr(uploaded, "size", None)
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is too big (%(size)s MB); the limit is %(max)s MB. Split it into smaller files.")
            % {"size": round(size / 1024 / 1024, 1), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    uploaded.seek(0)
    binary = getattr(uploaded, "file", uploaded)
    table = Table(binary, kind)
    try:
        if not table.header:
            raise ImportFileError(_("The file has no rows."))
        header = map_header(table.header)
    finally:
        table.close()
        uploaded.seek(0)
    return [_msg("warning", "unknown_columns", columns=", ".join(header.unknown))] if header.unknown else []


# --------------------------------------------------------------------------- checking rows

@dataclass
class CheckContext:
    """What checking a row needs, loaded once per batch (two queries)."""

    station_id: int
    station_name: str
    localities: LocalityIndex
    today: date
    #: Existing call centres per locality: [(name_key, id, name, station name)], for "similar name".
    names_by_locality: dict[int, list[tuple[str, int, str, str]]] = field(default_factory=dict)
    _name_keys: dict[int, dict[str, tuple[int, str, str]]] = field(default_factory=dict)
    _name_choices: dict[int, dict[tuple, tuple[list[str], list[tuple[int, str, str]]]]] = field(default_factory=dict)
    _memo: dict[str, dict] = field(default_factory=dict)

    def memo(self, kind: str, text: str, compute: Callable[[str], Any]) -> Any:
        """`compute(text)`, remembered: files repeat localities, services, shifts, dates, landlords.

        Each memo is emptied when it reaches MEMO_LIMIT entries, so memory stays flat.
        """
        cache = self._memo.get(kind)
        if cache is None:
            cache = self._memo[kind] = {}
        try:
            return cache[text]
        except KeyError:
            if len(cache) >= MEMO_LIMIT:
                cache.clear()
            value = cache[text] = compute(text)
            return value

    def similar_name(self, locality_id: int, key: str) -> tuple[int, str, str] | None:
        """An existing call centre of the locality with the same or a similar name: (id, name, station).

        Fuzzy matching (rapidfuzz ratio >= NAME_SIMILARITY) compares only names that begin with
        the same word and carry the same numbers ("Star Support 2" is not "Star Support 3"):
        that keeps it fast in a locality of hundreds of call centres, at the price of missing a
        typo in the first word.
        """
        names = self.names_by_locality.get(locality_id)
        if not names or not key:
            return None
        exact = self._name_keys.get(locality_id)
        if exact is None:
            exact = self._name_keys[locality_id] = {k: (i, n, s) for k, i, n, s in names}
            blocks: dict[tuple, tuple[list[str], list[tuple[int, str, str]]]] = {}
            for k, i, n, s in names:
                keys, found = blocks.setdefault(_name_block(k), ([], []))
                keys.append(k)
                found.append((i, n, s))
            self._name_choices[locality_id] = blocks
        if key in exact:
            return exact[key]
        block = self._name_choices[locality_id].get(_name_block(key))
        if block is None or len(block[0]) > FUZZY_LIMIT:
            return None
        found = process.extractOne(key, block[0], scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY)
        if found is None:
            return None
        _key, _score, index = found
        return block[1][index]


def _name_block(key: str) -> tuple:
    """Names compared for similarity share their first word and their numbers."""
    words = key.split()
    return (words[0] if words else "", tuple(w for w in words if not w.isalpha()))  # name keys are [a-z0-9 ]


def check_context(*, station) -> CheckContext:
    """Load the locality index (every locality of the city: one query) and the station's existing names (one query)."""
    from stations.models import Locality

    localities = list(
        Locality.objects.select_related("station").only("id", "name", "aliases", "pin_code", "station", "station__name")
    )
    names: dict[int, list] = defaultdict(list)
    existing = (
        CallCentre.objects.filter(premises__locality__station=station, merged_into__isnull=True)
        .exclude(name_key="")
        .values_list("premises__locality_id", "name_key", "id", "name", "station__name")
    )
    for locality_id, key, pk, name, station_name in existing.iterator(chunk_size=5000):
        names[locality_id].append((key, pk, name, station_name))
    return CheckContext(
        station_id=station.pk, station_name=station.name, localities=LocalityIndex(localities),
        today=timezone.localdate(), names_by_locality=dict(names),
    )


_SHIFT = re.compile(
    r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*(?:-|–|—|to)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.I
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_shift(text: str) -> tuple[time, time] | None:
    """"21:00-06:00", "9:30 - 18:30", "9pm-6am", "21.00 to 06.00" -> (start, end); None if not understood."""
    m = _SHIFT.match(text)
    if not m:
        return None
    out = []
    for hour, minute, meridiem in ((m[1], m[2], m[3]), (m[4], m[5], m[6])):
        h, mi = int(hour), int(minute or 0)
        if meridiem:
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
        if h == 24 and mi == 0:
            h = 0
        if h > 23 or mi > 59:
            return None
        out.append(time(h, mi))
    return out[0], out[1]


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY (also DD-MM-YYYY, DD.MM.YYYY); None if not a real date."""
    m = _ISO_DATE.match(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _DMY_DATE.match(text)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


_SERVICE_LOOKUP: dict[str, dict[str, str]] = {}


def parse_service(text: str) -> str | None:
    """A Service value from its value, label or a common word ("tech support"); None if unknown."""
    from django.utils.translation import get_language

    language = get_language() or ""
    lookup = _SERVICE_LOOKUP.get(language)
    if lookup is None:
        # Built once per language: labels are translated, and str() of a lazy label is slow.
        lookup = dict(SERVICE_WORDS)
        for value, label in Service.choices:
            lookup.update({value: value, value.replace("_", " "): value, str(label).lower(): value})
        _SERVICE_LOOKUP[language] = lookup
    return lookup.get(" ".join(re.sub(r"[_\-/]+", " ", text.lower()).split()))


def _shift_values(text: str) -> tuple[str, str, bool] | None:
    from .services import night_shift_of

    shift = parse_shift(text)
    if shift is None:
        return None
    return shift[0].strftime("%H:%M"), shift[1].strftime("%H:%M"), night_shift_of(*shift)


def _landlord_name_key(text: str) -> str:
    from .services import landlord_key_of

    return landlord_key_of(text, "")


def check_row(cells: dict[str, str], ctx: CheckContext) -> tuple[dict, list[dict]]:
    """Check one row. Returns the cleaned values (or the cells as written when there are errors)
    and the messages (errors, and "similar name" duplicates against the registry).

    Runs 100,000 times per big file: values that repeat (locality, service, shift, date,
    landlord) are worked out once per file (`ctx.memo`).
    """
    errors: list[dict] = []
    get = cells.get
    name = " ".join(get("name", "").split())
    if not name:
        errors.append(_msg(ERROR, "missing_name"))
    for column, limit in LENGTHS.items():
        value = get(column)
        if value and len(value) > limit:
            errors.append(_msg(ERROR, "too_long", column=column, max=limit))

    locality = None
    locality_text = get("locality", "")
    if not locality_text:
        errors.append(_msg(ERROR, "missing_locality"))
    else:
        locality = ctx.memo("locality", locality_text, ctx.localities.resolve)
        if locality is None:
            errors.append(_msg(ERROR, "unknown_locality", value=locality_text[:100]))
        elif locality.station_id != ctx.station_id:
            errors.append(_msg(ERROR, "other_station", locality=locality.name, station=locality.station.name,
                               batch_station=ctx.station_name))

    phones: list[str] = []
    phones_text = get("phones")
    if phones_text:
        for raw in split_phones(phones_text):
            number = normalize_phone(raw)
            if number is None:
                errors.append(_msg(ERROR, "bad_phone", value=raw[:40]))
            elif number not in phones:
                phones.append(number)
    landlord_phone = ""
    if get("landlord_phone"):
        landlord_phone = normalize_phone(get("landlord_phone")) or ""
        if not landlord_phone:
            errors.append(_msg(ERROR, "bad_landlord_phone", value=get("landlord_phone")[:40]))

    service = ""
    if get("service"):
        service = ctx.memo("service", get("service"), parse_service) or ""
        if not service:
            choices = ", ".join(str(label).lower() for label in Service.labels)
            errors.append(_msg(ERROR, "bad_service", value=get("service")[:60], choices=choices))

    seats = None
    if get("seats"):
        text = get("seats").replace(",", "")
        seats = int(text) if text.isdigit() else None
        if seats is None or seats > 100000:
            errors.append(_msg(ERROR, "bad_seats", value=get("seats")[:20]))

    shift = None
    if get("shift"):
        shift = ctx.memo("shift", get("shift"), _shift_values)
        if shift is None:
            errors.append(_msg(ERROR, "bad_shift", value=get("shift")[:40]))

    started_on = None
    if get("started_on"):
        started_on = ctx.memo("date", get("started_on"), parse_date)
        if started_on is None:
            errors.append(_msg(ERROR, "bad_date", value=get("started_on")[:30]))
        elif started_on > ctx.today:
            errors.append(_msg(ERROR, "future_date", value=started_on.isoformat()))

    if errors:
        return {col: get(col, "")[:500] for col in COLUMNS if get(col)}, errors

    address = " ".join(get("address", "").split())
    landlord_name = " ".join(get("landlord_name", "").split())
    company = " ".join(get("company", "").split())
    data = {
        "name": name,
        "name_key": name_key(name)[:200],
        "company": company,
        "company_key": company_key(company)[:200] if company else "",
        "address": address,
        "locality": locality.name,
        "locality_id": locality.pk,
        "phones": phones,
        "service": service,
        "seats": seats,
        "shift_start": shift[0] if shift else None,
        "shift_end": shift[1] if shift else None,
        "night_shift": shift[2] if shift else False,
        "started_on": started_on.isoformat() if started_on else None,
        "landlord_name": landlord_name,
        "landlord_phone": landlord_phone,
        # The landlord's identity: their phone when known, else their normalised name (services.landlord_key_of).
        "landlord_key": landlord_phone or (ctx.memo("landlord", landlord_name, _landlord_name_key) if landlord_name else ""),
        "notes": get("notes", ""),
    }
    if address:
        parts = normalize_address(address, locality=locality.name)
        data.update(address_key=parts.key[:400], plot=parts.plot[:50], floor=parts.floor[:30],
                    building=parts.building[:150], sector=(parts.sector or parts.phase)[:50], city=parts.city,
                    pin=parts.pin or locality.pin_code or "")
    if ctx.names_by_locality:
        similar = ctx.similar_name(locality.pk, data["name_key"])
        if similar:
            pk, existing_name, station_name = similar
            return data, [_msg(DUPLICATE, "dup_name", name=existing_name, station=station_name, call_centre_id=pk)]
    return data, []


# --------------------------------------------------------------------------- duplicates (SQL over a key table)

def _create_key_table(cursor) -> None:
    cursor.execute("DROP TABLE IF EXISTS registry_import_keys")
    cursor.execute(_CREATE_KEYS_SQL)


def _row_keys(line: int, data: dict) -> list[tuple]:
    keys = [(line, "phone", p, None) for p in data.get("phones", ())]
    if data.get("address_key"):
        keys.append((line, "address", data["address_key"], data["locality_id"]))
    if data.get("company_key"):
        keys.append((line, "company", data["company_key"], None))
    if data.get("name_key"):
        keys.append((line, "name", f"{data['locality_id']}|{data['name_key']}", data["locality_id"]))
    return keys


_KEY_FORMATS = [
    ("line", str), ("kind", str), ("k", lambda v: _copy_text(v)), ("locality_id", lambda v: "\\N" if v is None else str(v)),
]


def _insert_keys(cursor, keys: list[tuple]) -> None:
    """Add a chunk's keys to the temporary table: one COPY (PostgreSQL) or one multi-row INSERT."""
    if not keys:
        return
    if BulkWriter.use_copy and connection.vendor == "postgresql":
        null = "\\N"
        lines = [f"{line}\t{kind}\t{_copy_text(k)}\t{null if locality_id is None else locality_id}"
                 for line, kind, k, locality_id in keys]
        BulkWriter._copy_lines(cursor, "registry_import_keys", [name for name, _f in _KEY_FORMATS], lines)
        return
    values = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    cursor.execute(_INSERT_KEYS_SQL + values, [v for k in keys for v in k])


# One query finds every duplicate line, in line order: first within the file (a later line
# sharing a key with an earlier one), then against the registry (merged records are left out:
# their survivor is found instead). Table and column names are constants, values are never
# formatted in.
_DUPLICATES_SQL = """
    SELECT k.line AS line, k.kind AS kind, k.k AS k, f.first_line AS first_line,
           NULL AS cc_id, NULL AS cc_name, NULL AS st_name
    FROM registry_import_keys k
    JOIN (SELECT kind, k, MIN(line) AS first_line FROM registry_import_keys GROUP BY kind, k HAVING COUNT(*) > 1) f
      ON f.kind = k.kind AND f.k = k.k AND k.line > f.first_line
    UNION ALL
    SELECT k.line, 'phone', k.k, NULL, cc.id, cc.name, st.name
    FROM registry_import_keys k
    JOIN registry_callcentrephone p ON k.kind = 'phone' AND p.number = k.k
    JOIN registry_callcentre cc ON cc.id = p.call_centre_id AND cc.merged_into_id IS NULL
    JOIN stations_policestation st ON st.id = cc.station_id
    UNION ALL
    SELECT k.line, 'address', k.k, NULL, cc.id, cc.name, st.name
    FROM registry_import_keys k
    JOIN registry_premises pr ON k.kind = 'address' AND pr.address_key = k.k AND pr.locality_id = k.locality_id
    JOIN registry_callcentre cc ON cc.premises_id = pr.id AND cc.merged_into_id IS NULL
    JOIN stations_policestation st ON st.id = cc.station_id
    UNION ALL
    SELECT k.line, 'company', k.k, NULL, cc.id, cc.name, st.name
    FROM registry_import_keys k
    JOIN registry_callcentre cc ON k.kind = 'company' AND cc.company_key = k.k AND cc.merged_into_id IS NULL
    JOIN stations_policestation st ON st.id = cc.station_id
    ORDER BY 1, 2
"""
_CREATE_KEYS_SQL = (
    "CREATE TEMPORARY TABLE registry_import_keys "
    "(line integer NOT NULL, kind varchar(10) NOT NULL, k varchar(420) NOT NULL, locality_id bigint)"
)
_INSERT_KEYS_SQL = "INSERT INTO registry_import_keys (line, kind, k, locality_id) VALUES "


def _duplicate_messages(cursor) -> Iterator[tuple[int, list[dict], int | None]]:
    """(line, duplicate messages, first existing call centre) for every duplicate line, in line order.

    Streams from the database (fetchmany), so a file of duplicates does not fill memory.
    """
    cursor.execute(_DUPLICATES_SQL)
    current, messages, first_cc, seen = None, [], None, set()
    while batch := cursor.fetchmany(CHUNK_ROWS):
        for line, kind, key, first_line, cc_id, cc_name, station_name in batch:
            if line != current:
                if current is not None:
                    yield current, messages, first_cc
                current, messages, first_cc, seen = line, [], None, set()
            if first_line is not None:
                marker = (kind, "line", first_line, key if kind == "phone" else "")
                message = _msg(DUPLICATE, f"dup_{kind}_file", line=first_line,
                               **({"phone": key} if kind == "phone" else {}))
            else:
                marker = (kind, "cc", cc_id, key if kind == "phone" else "")
                message = _msg(DUPLICATE, f"dup_{kind}", name=cc_name, station=station_name, call_centre_id=cc_id,
                               **({"phone": key} if kind == "phone" else {}))
                first_cc = first_cc or cc_id
            if marker not in seen:
                seen.add(marker)
                messages.append(message)
    if current is not None:
        yield current, messages, first_cc


def _apply_duplicates(batch: ImportBatch) -> None:
    """Mark the lines found by `_duplicate_messages` as possible duplicates, 1,000 at a time."""
    pending: list[tuple[int, list[dict], int | None]] = []

    def flush():
        rows = {r.line: r for r in ImportRow.objects.filter(batch=batch, line__in=[p[0] for p in pending])}
        changed = []
        for line, messages, first_cc in pending:
            row = rows.get(line)
            if row is None or row.outcome == RowOutcome.ERROR:
                continue
            have = {(m["code"], m.get("call_centre_id")) for m in row.messages}
            row.messages = row.messages + [m for m in messages if (m["code"], m.get("call_centre_id")) not in have]
            row.outcome = RowOutcome.DUPLICATE
            row.duplicate_of_id = row.duplicate_of_id or first_cc
            changed.append(row)
        ImportRow.objects.bulk_update(changed, ["messages", "outcome", "duplicate_of"], batch_size=CHUNK_ROWS)
        pending.clear()

    def flush_sql():
        # PostgreSQL: one UPDATE per 1,000 lines, appending the messages in the database. Only
        # rows without errors have keys, and the database adds no reason the stream already gave.
        values = ", ".join(["(%s, %s, %s::jsonb, %s::bigint)"] * len(pending))
        params = [v for line, messages, first_cc in pending for v in (batch.pk, line, json.dumps(messages), first_cc)]
        with connection.cursor() as update:
            update.execute(_MARK_DUPLICATES_SQL.replace("%(values)s", values), params)
        pending.clear()

    flush_chunk = flush_sql if BulkWriter.use_copy and connection.vendor == "postgresql" else flush
    # A server-side cursor on PostgreSQL: the matches stream 1,000 at a time instead of being
    # fetched whole, so a file made of duplicates does not fill memory.
    with connection.chunked_cursor() as stream:
        for item in _duplicate_messages(stream):
            pending.append(item)
            if len(pending) >= CHUNK_ROWS:
                flush_chunk()
    if pending:
        flush_chunk()


_MARK_DUPLICATES_SQL = """
    UPDATE registry_importrow AS r
    SET outcome = 'duplicate', messages = r.messages || v.messages, duplicate_of_id = COALESCE(r.duplicate_of_id, v.cc)
    FROM (VALUES %(values)s) AS v(batch_id, line, messages, cc)
    WHERE r.batch_id = v.batch_id AND r.line = v.line AND r.outcome <> 'error'
"""


# --------------------------------------------------------------------------- fast, audited bulk writes

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


#: json.dumps(v, ensure_ascii=False) without building a new encoder for every value (as dumps
#: does whenever it is given an option); the same text.
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def _copy_formatter(field) -> Callable[[Any], str]:
    """How one field's value is written in COPY's text format (\\N is NULL)."""
    from django.db import models as m

    if isinstance(field, m.JSONField):
        return lambda v: "\\N" if v is None else _copy_text(_json_text(v))
    if isinstance(field, m.BooleanField):
        return lambda v: "\\N" if v is None else ("t" if v else "f")
    if isinstance(field, m.DateTimeField | m.DateField | m.TimeField):
        return lambda v: "\\N" if v is None else v.isoformat()
    if isinstance(field, m.IntegerField | m.ForeignKey):
        # Ids and counts: an int needs no escaping (anything else is escaped as text).
        return lambda v: "\\N" if v is None else (str(v) if v.__class__ is int else _copy_text(str(v)))
    return lambda v: "\\N" if v is None else str(v).translate(_COPY_ESCAPES)


class BulkWriter:
    """Inserts new rows of one model, and for audited models their "+" history rows, in bulk.

    PostgreSQL: ids come from the table's sequence (one query per call), then the rows and
    their history rows are loaded with COPY (the fastest way in, ~10× Django's bulk_create
    for 100,000 rows; COPY runs on the driver's cursor, so it is not in Django's query log).
    Other databases (the SQLite of `make run`): `bulk_create_with_history`. Either way each
    history row carries the actor, one date and the audit columns (`current_audit_attrs()`),
    exactly as bulk_create_with_history(custom_historical_attrs=...) would write them.
    Rows are dicts of attribute names (`station_id`, not `station`); missing fields take their
    default; created_at/updated_at take `now`.
    """

    use_copy = True  # tests switch it off to exercise the portable path on PostgreSQL
    copies = 0  # COPY statements issued (reported by the benchmark)

    def __init__(self, model, *, actor=None, now=None, audit: dict | None = None):
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.actor, self.now, self.audit = actor, now or timezone.now(), audit or {}
        self.history = model.history.model if hasattr(model, "history") else None
        self._sequence: str | None = None
        self.defaults = {}
        for f in self.fields:
            if f.attname == "id":
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = self.now
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            else:
                self.defaults[f.attname] = None if f.null else ""
        self.formats = [(f.attname, _copy_formatter(f)) for f in self.fields]
        if self.history is not None:
            self.history_formats = [
                (f.attname, _copy_formatter(f)) for f in self.history._meta.concrete_fields if f.attname != "history_id"
            ]
            self.history_extra = {
                "history_date": self.now, "history_change_reason": None, "history_type": "+",
                "history_user_id": getattr(actor, "pk", None), **self.audit,
            }

    def write(self, rows: list[dict], *, ids: bool = True) -> list[int]:
        """Insert `rows`; return their ids in order (an empty list when `ids` is False)."""
        if not rows:
            return []
        if self.use_copy and connection.vendor == "postgresql":
            return self._copy(rows, ids=ids or self.history is not None)
        return self._orm(rows)

    def _orm(self, rows: list[dict]) -> list[int]:
        objs = [self.model(**{**self.defaults, **row}) for row in rows]
        if self.history is None:
            objs = self.model._default_manager.bulk_create(objs, batch_size=CHUNK_ROWS)
        else:
            objs = bulk_create_with_history(objs, self.model, batch_size=CHUNK_ROWS, default_user=self.actor,
                                            default_date=self.now, custom_historical_attrs=self.audit)
        return [o.pk for o in objs]

    def _copy(self, rows: list[dict], *, ids: bool) -> list[int]:
        with connection.cursor() as cursor:
            new_ids: list[int] = []
            if ids:
                if self._sequence is None:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.table])
                    self._sequence = cursor.fetchone()[0]
                # The sequence as a constant: pg_get_serial_sequence() in the select list would be
                # evaluated once per id.
                cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [self._sequence, len(rows)])
                new_ids = [r[0] for r in cursor.fetchall()]
            # Values common to every row (defaults, dates, the history columns) are formatted once;
            # each row formats only the fields it gives, once for the row and its history row.
            formats = dict(self.formats)
            given = [a for a in rows[0] if a in formats]
            constant = {a: formats[a](v) for a, v in self.defaults.items() if a not in rows[0]}
            order = [a for a, _f in self.formats if ids or a != "id"]
            history_order = []
            if self.history is not None:
                history_formats = dict(self.history_formats)
                constant.update({a: history_formats[a](v) for a, v in self.history_extra.items()})
                history_order = [a for a, _f in self.history_formats]
            # Each line is a format string: the constants written in, a slot {i} for each given field.
            slots = {a: i for i, a in enumerate(given + (["id"] if ids else []))}

            def template(columns: list[str]) -> str:
                return "\t".join(f"{{{slots[a]}}}" if a in slots else constant[a].replace("{", "{{").replace("}", "}}")
                                 for a in columns)

            line_format = template(order).format
            history_format = template(history_order).format if history_order else None
            getters = [(a, formats[a]) for a in given]
            lines, history_lines = [], []
            for index, row in enumerate(rows):
                cells = [fmt(row[a]) for a, fmt in getters]
                if ids:
                    cells.append(str(new_ids[index]))
                lines.append(line_format(*cells))
                if history_format is not None:
                    history_lines.append(history_format(*cells))
            self._copy_lines(cursor, self.table, order, lines)
            if history_order:
                self._copy_lines(cursor, self.history._meta.db_table, history_order, history_lines)
        return new_ids

    @classmethod
    def _copy_lines(cls, cursor, table: str, columns: list[str], lines: list[str]) -> None:
        buffer = io.StringIO("\n".join(lines) + "\n")
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', buffer)
        cls.copies += 1

    @classmethod
    def _copy_into(cls, cursor, table: str, formats: list[tuple[str, Callable]], rows: list[dict]) -> None:
        lines = ["\t".join([fmt(row[attname]) for attname, fmt in formats]) for row in rows]
        cls._copy_lines(cursor, table, [a for a, _f in formats], lines)


# --------------------------------------------------------------------------- services

def _check_may_import(actor, station) -> None:
    from stations.models import PoliceStation

    if not actor.has_perm(PERM_IMPORT):
        raise PermissionDenied(_g("Your role cannot import call centres."))
    if not PoliceStation.objects.for_user(actor, CHANGE).filter(pk=station.pk).exists():
        raise ValidationError({"station": _g("You can import only into your own station's list.")})


def _check_return(*, actor, station, station_return: StationReturn | None) -> None:
    if station_return is None:
        return
    if not StationReturn.objects.for_user(actor, CHANGE).filter(pk=station_return.pk).exists():
        raise ValidationError({"station_return": _g("That return is not one of your station's.")})
    if station_return.station_id != station.pk:
        raise ValidationError({"station_return": _g("That return belongs to another station.")})
    if station_return.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
        raise ValidationError({"station_return": _g("That return is already submitted; it can no longer change.")})


def import_upload(*, actor, station, uploaded_file, station_return: StationReturn | None = None) -> ImportBatch:
    """Store an uploaded file as an ImportBatch and queue the background check.

    The file's type, size, encoding and header are checked first (`probe_upload`).
    """
    from .tasks import import_parse_task

    _check_may_import(actor, station)
    _check_return(actor=actor, station=station, station_return=station_return)
    warnings = probe_upload(uploaded_file)
    with transaction.atomic():
        batch = ImportBatch(
            station=station, uploaded_by=actor, file=uploaded_file, original_name=os.path.basename(uploaded_file.name)[:255],
            status=ImportStatus.PARSING, station_return=station_return, warnings=warnings,
        )
        batch.full_clean()
        batch.save()
        job = job_create(actor=actor, kind="import_parse", station=station, params={"batch_id": batch.pk}, total=100)
        batch.job = job
        batch.save(update_fields=["job", "updated_at"])
        ensure_in_scope(actor, batch)
        transaction.on_commit(lambda: import_parse_task.delay(job.pk))
    return batch


def import_parse(
    *, batch: ImportBatch, source: str | IO[bytes] | None = None, progress: Callable[[int, str], None] | None = None
) -> ImportBatch:
    """Read the file, check every row, find duplicates and write the preview rows. Saves no call centre.

    `source` is a path or a binary file (the command passes the file it was given);
    by default the batch's stored file. `progress(percent, message)` is called per 1,000 rows.
    Raises ImportFileError when the file as a whole cannot be read; the batch is then FAILED
    and holds no rows.
    """
    kind = file_kind(batch.original_name)
    if kind is None:
        raise ImportFileError(_("Upload a .csv or .xlsx file (this one is “%(name)s”).") % {"name": batch.original_name})
    ctx = check_context(station=batch.station)
    if source is None:
        batch.file.open("rb")
        source = batch.file.file
    try:
        # One transaction: a file that fails half-way leaves no preview rows, and the database
        # flushes its log once instead of once per 1,000 rows.
        with transaction.atomic():
            ImportRow.objects.filter(batch=batch).delete()
            _parse_rows(batch, source, kind, ctx, progress)
            _count_rows(batch)
            batch.status = ImportStatus.PREVIEW
            batch.save()
    except Exception:
        batch.status = ImportStatus.FAILED
        batch.save()
        raise
    finally:
        if batch.file:
            batch.file.close()
    return batch


def _parse_rows(batch: ImportBatch, source, kind: str, ctx: CheckContext, progress) -> None:
    """Stream the file: check each row, write preview rows and their keys 1,000 at a time, then find duplicates."""
    with open_table(source, kind) as table, connection.cursor() as cursor:
        if not table.header:
            raise ImportFileError(_("The file has no rows."))
        header = map_header(table.header)
        if header.unknown:
            batch.warnings = [_msg("warning", "unknown_columns", columns=", ".join(header.unknown))]
        _create_key_table(cursor)
        total = 0
        buffer: list[dict] = []
        rows_writer = BulkWriter(ImportRow)
        keys: list[tuple] = []
        for line, raw in table.rows():
            data, messages = check_row(header.cells(raw), ctx)
            errors = any(m["level"] == ERROR for m in messages)
            outcome = RowOutcome.ERROR if errors else (RowOutcome.DUPLICATE if messages else RowOutcome.NEW)
            duplicate_of = next((m["call_centre_id"] for m in messages if "call_centre_id" in m), None)
            buffer.append({"batch_id": batch.pk, "line": line, "data": data, "outcome": outcome,
                           "messages": messages, "duplicate_of_id": duplicate_of})
            if not errors:
                keys.extend(_row_keys(line, data))
            total += 1
            if len(buffer) >= CHUNK_ROWS:
                rows_writer.write(buffer, ids=False)
                _insert_keys(cursor, keys)
                buffer, keys = [], []
                if progress:
                    progress(int(80 * table.fraction_read(line)), _g("%(rows)s rows checked") % {"rows": total})
        rows_writer.write(buffer, ids=False)
        _insert_keys(cursor, keys)
        if progress:
            progress(85, _g("Looking for duplicates"))
        cursor.execute("CREATE INDEX registry_import_keys_k ON registry_import_keys (kind, k)")
        _apply_duplicates(batch)
        cursor.execute("DROP TABLE IF EXISTS registry_import_keys")


def _count_rows(batch: ImportBatch) -> None:
    counts = ImportRow.objects.filter(batch=batch).aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(outcome=RowOutcome.NEW)),
        duplicate=Count("pk", filter=Q(outcome=RowOutcome.DUPLICATE)),
        error=Count("pk", filter=Q(outcome=RowOutcome.ERROR)),
    )
    batch.rows_total, batch.rows_new = counts["total"], counts["new"]
    batch.rows_duplicate, batch.rows_error = counts["duplicate"], counts["error"]


def import_row_decide(*, actor, batch: ImportBatch, line: int, record_as_new: bool) -> ImportRow:
    """The SHO's choice for a possible duplicate: skip it (default) or record it as new."""
    if not actor.has_perm(PERM_CONFIRM):
        raise PermissionDenied(_g("Your role cannot import call centres."))
    with transaction.atomic():
        batch = ImportBatch.objects.for_user(actor, CHANGE).select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.PREVIEW:
            raise ValidationError(_g("This import is no longer open for review."))
        row = ImportRow.objects.select_for_update().get(batch=batch, line=line)
        if row.outcome != RowOutcome.DUPLICATE:
            raise ValidationError(_g("Only possible duplicates can be skipped or recorded as new."))
        row.data = {**row.data, "record_as_new": bool(record_as_new)}
        row.save(update_fields=["data"])
    return row


def import_confirm_start(*, actor, batch: ImportBatch) -> Job | None:
    """Confirm an import: small batches at once (returns None), big ones in the background (returns the Job)."""
    from .tasks import import_confirm_task

    _check_confirmable(actor, batch)
    if batch.rows_total <= INLINE_CONFIRM_ROWS:
        import_confirm(actor=actor, batch=batch)
        return None
    with transaction.atomic():
        job = job_create(actor=actor, kind="import_confirm", station=batch.station, params={"batch_id": batch.pk}, total=100)
        batch.job = job
        batch.save(update_fields=["job", "updated_at"])
        transaction.on_commit(lambda: import_confirm_task.delay(job.pk))
    return job


def _check_confirmable(actor, batch: ImportBatch) -> None:
    if not actor.has_perm(PERM_CONFIRM) or not actor.has_perm(PERM_IMPORT):
        raise PermissionDenied(_g("Your role cannot import call centres."))
    if not ImportBatch.objects.for_user(actor, CHANGE).filter(pk=batch.pk).exists():
        raise PermissionDenied(_g("This import is outside your jurisdiction."))
    if batch.status == ImportStatus.CONFIRMED:
        raise ValidationError(_g("This import has already been saved."))
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_g("This import is not ready to be saved (%(status)s).") % {"status": batch.get_status_display()})
    if batch.rows_error:
        raise ValidationError(
            _g("The file has %(count)s rows with errors. Nothing was saved: fix those rows in your file and upload it again.")
            % {"count": batch.rows_error}
        )


class _CommittedProgress:
    """Reports progress from inside a long transaction so that the job page sees it.

    Django connections are per thread: a helper thread's UPDATE of the Job row commits at
    once, while the rows being written stay invisible until the one big transaction commits.
    One helper thread (and one extra connection) per import. Only on PostgreSQL: SQLite
    allows one writer at a time, so there the bar moves when the work is done.
    """

    def __init__(self, job_id: int | None):
        self.job_id = job_id if connection.vendor == "postgresql" else None
        self._pool = None

    def __enter__(self) -> _CommittedProgress:
        if self.job_id is not None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-progress")
        return self

    def __call__(self, percent: int, message: str) -> None:
        if self._pool is not None:
            self._pool.submit(job_progress, job_id=self.job_id, progress=percent, total=100, message=message)

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            from django.db import connection as thread_connection

            self._pool.submit(thread_connection.close)
            self._pool.shutdown(wait=True)
            self._pool = None


@dataclass
class ConfirmResult:
    created: int = 0
    skipped: int = 0
    premises_created: int = 0
    return_entries: int = 0
    return_locked: bool = False


def import_confirm(*, actor, batch: ImportBatch, job_id: int | None = None,
                   fail_after_rows: int | None = None) -> ConfirmResult:
    """Save every new row (and the duplicates the SHO chose to record) in ONE transaction.

    All or nothing: any failure rolls back every call centre of the batch and leaves the batch
    open for review. `fail_after_rows` exists for tests that prove it (a failure mid-way).
    """
    _check_confirmable(actor, batch)
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(status=ImportStatus.CONFIRMING)
    if claimed != 1:
        raise ValidationError(_g("This import is already being saved."))
    try:
        with _CommittedProgress(job_id) as progress, transaction.atomic():
            result = _confirm_rows(actor=actor, batch=batch, progress=progress, fail_after_rows=fail_after_rows)
            batch.refresh_from_db()
            batch.status = ImportStatus.CONFIRMED
            batch.save()
            ensure_in_scope(actor, batch)
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.PREVIEW)
        batch.refresh_from_db()
        raise
    return result


def _confirm_rows(*, actor, batch: ImportBatch, progress, fail_after_rows: int | None) -> ConfirmResult:
    from stations.models import Locality

    result = ConfirmResult()
    now = timezone.now()
    writers = {model: BulkWriter(model, actor=actor, now=now, audit=current_audit_attrs())
               for model in (Premises, CallCentre, CallCentrePhone, Occupancy, StatusChange, ReturnEntry)}
    station_of = dict(Locality.objects.values_list("pk", "station_id"))
    station_return = None
    if batch.station_return_id:
        station_return = StationReturn.objects.select_for_update().get(pk=batch.station_return_id)
        if station_return.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK) or station_return.station_id != batch.station_id:
            result.return_locked = True
            station_return = None
    reason = (_g("Imported from %(file)s") % {"file": batch.original_name})[:300]
    with _without_jit():
        _confirm_chunks(actor=actor, batch=batch, progress=progress, fail_after_rows=fail_after_rows, result=result,
                        writers=writers, station_of=station_of, station_return=station_return, reason=reason, now=now)
    return result


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiler off for this transaction's remaining work, then as it was.

    The premises look-up costs "expensive" on paper (1,000 index probes) and JIT compilation
    would add ~30 ms to each 2 ms look-up. SET LOCAL: a rollback restores the setting too.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        previous = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', %s, true)", [previous])


def _confirm_chunks(*, actor, batch, progress, fail_after_rows, result, writers, station_of, station_return, reason,
                    now) -> None:
    done = 0
    for chunk in _preview_chunks(batch):
        rows = []
        for line, outcome, data in chunk:
            if outcome == RowOutcome.NEW or (outcome == RowOutcome.DUPLICATE and data.get("record_as_new")):
                if station_of.get(data["locality_id"]) != batch.station_id:
                    raise ValidationError(
                        _g("Line %(line)s: locality %(locality)s no longer belongs to this station; nothing was saved.")
                        % {"line": line, "locality": data.get("locality")}
                    )
                rows.append((line, data))
            elif outcome == RowOutcome.DUPLICATE:
                result.skipped += 1
            else:
                raise ValidationError(_g("Line %(line)s has an error; nothing was saved.") % {"line": line})
        _save_chunk(rows, actor=actor, batch=batch, writers=writers, reason=reason, now=now,
                    station_return=station_return, result=result)
        done += len(chunk)
        if fail_after_rows is not None and done >= fail_after_rows:
            raise RuntimeError("Forced failure (test)")
        progress(min(99, int(100 * done / max(batch.rows_total, 1))), _g("%(rows)s rows saved") % {"rows": done})


def _preview_chunks(batch: ImportBatch) -> Iterator[list[tuple[int, str, dict]]]:
    """The batch's preview rows (line, outcome, data) in line order, CHUNK_ROWS at a time.

    One query read through a server-side cursor on PostgreSQL (fetched 1,000 rows at a time, so
    memory stays flat): paging with `line > last ... LIMIT 1000` made the database find and sort
    every remaining row of the batch for each page, quadratic in the size of the file.
    """
    rows = (ImportRow.objects.filter(batch=batch).order_by("line").values_list("line", "outcome", "data")
            .iterator(chunk_size=CHUNK_ROWS))
    chunk: list[tuple[int, str, dict]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _premises_for(rows: list[tuple[int, dict]], *, writer: BulkWriter, result: ConfirmResult) -> list[int | None]:
    """The premises of each row: found by (locality, normalised address), or created once per chunk.

    One query per chunk finds the existing premises (including those created by earlier chunks
    of this import, inside the same transaction). An address without a key ("near bus stand")
    gets premises of its own.
    """
    def key_of(line: int, d: dict) -> tuple:
        return (d["locality_id"], d.get("address_key") or f"line:{line}")

    wanted = {(d["locality_id"], d["address_key"]) for _line, d in rows if d.get("address") and d.get("address_key")}
    found: dict[tuple, int] = {}
    if wanted:
        for locality_id, key, pk in _existing_premises(wanted):
            if (locality_id, key) in wanted:
                found.setdefault((locality_id, key), pk)
    new: dict[tuple, dict] = {}
    for line, d in rows:
        if not d.get("address"):
            continue
        key = key_of(line, d)
        if key not in found and key not in new:
            new[key] = {
                "address_raw": d["address"][:400], "plot": d.get("plot", ""), "floor": d.get("floor", ""),
                "building": d.get("building", ""), "sector": d.get("sector", ""), "locality_id": d["locality_id"],
                "city": d.get("city") or "Gurugram", "pin_code": (d.get("pin") or "")[:6],
                "address_key": d.get("address_key", ""), "landlord_name": d.get("landlord_name", "")[:150],
                "landlord_phone": d.get("landlord_phone", ""), "landlord_key": d.get("landlord_key", ""),
            }
    if new:
        for key, pk in zip(new, writer.write(list(new.values())), strict=True):
            found[key] = pk
        result.premises_created += len(new)
    return [found[key_of(line, d)] if d.get("address") else None for line, d in rows]


# Premises by address key, one index probe per key: the keys drive a nested loop (OFFSET 0 keeps
# the lateral subquery from being flattened into a join). A plain `address_key IN (...)` is planned
# from the statistics of the registry before the import, which know nothing of the premises this
# import has written so far: on a young registry it scans every premises once per 1,000 rows.
_PREMISES_BY_KEY_SQL = """
    SELECT p.locality_id, p.address_key, p.id
    FROM unnest(%s::text[]) AS w(k)
    CROSS JOIN LATERAL (SELECT locality_id, address_key, id FROM "registry_premises" WHERE address_key = w.k OFFSET 0) p
    ORDER BY p.id
"""


def _existing_premises(wanted: set[tuple[int, str]]) -> Iterator[tuple[int, str, int]]:
    """(locality id, address key, id) of premises having one of the wanted address keys, oldest first.

    May include premises of other localities with the same key: the caller keeps the wanted pairs.
    """
    keys = sorted({key for _locality, key in wanted})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PREMISES_BY_KEY_SQL, [keys])
            yield from cursor.fetchall()
        return
    yield from Premises.objects.filter(
        locality_id__in={w[0] for w in wanted}, address_key__in=keys
    ).order_by("pk").values_list("locality_id", "address_key", "pk")


def _save_chunk(rows: list[tuple[int, dict]], *, actor, batch, writers, reason, now, station_return,
                result: ConfirmResult) -> None:
    """Premises (found or new), call centres, phones, occupancies, status changes, return entries."""
    if not rows:
        return
    premises_ids = _premises_for(rows, writer=writers[Premises], result=result)
    centres = []
    for (_line, d), premises_id in zip(rows, premises_ids, strict=True):
        centres.append({
            "name": d["name"][:200], "name_key": d["name_key"], "company_name": d.get("company", "")[:200],
            "company_key": d.get("company_key", ""), "premises_id": premises_id, "station_id": batch.station_id,
            "service": d.get("service", ""), "seats": d.get("seats"),
            "shift_start": time.fromisoformat(d["shift_start"]) if d.get("shift_start") else None,
            "shift_end": time.fromisoformat(d["shift_end"]) if d.get("shift_end") else None,
            "night_shift": bool(d.get("night_shift")),
            "started_on": date.fromisoformat(d["started_on"]) if d.get("started_on") else None,
            "source": Source.STATION_SURVEY, "status": CallCentreStatus.REPORTED, "notes": d.get("notes", ""),
            "created_by_id": actor.pk,
        })
    centre_ids = writers[CallCentre].write(centres)
    result.created += len(centre_ids)

    phones, stays, steps, entries = [], [], [], []
    for (_line, d), centre, pk in zip(rows, centres, centre_ids, strict=True):
        phones.extend({"call_centre_id": pk, "number": n} for n in d.get("phones", ()))
        if centre["premises_id"]:
            stays.append({"premises_id": centre["premises_id"], "call_centre_id": pk, "moved_in": centre["started_on"]})
        steps.append({"call_centre_id": pk, "from_status": "", "to_status": CallCentreStatus.REPORTED,
                      "changed_at": now, "changed_by_id": actor.pk, "reason": reason})
        if station_return is not None:
            entries.append({"station_return_id": station_return.pk, "call_centre_id": pk})
    writers[CallCentrePhone].write(phones)
    writers[Occupancy].write(stays)
    writers[StatusChange].write(steps)
    writers[ReturnEntry].write(entries)
    result.return_entries += len(entries)


# --------------------------------------------------------------------------- the command

@dataclass
class FileImportReport:
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    errors: int = 0
    saved: int = 0
    skipped: int = 0
    premises: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)


def import_file(
    *, actor, station, path: str, dry_run: bool = False, report: Callable[[str, int, list[str]], None] | None = None
) -> FileImportReport:
    """Check a file with the same rules as the upload and save it all, or nothing.

    `report(kind, line, messages)` receives every error row ("error") and every possible
    duplicate ("duplicate", skipped), in line order, streamed from the database. Nothing is
    saved when any row has an error, or with `dry_run`: the whole run is one transaction that
    is rolled back (the batch row included).
    """
    kind = file_kind(path)
    if kind is None:
        raise ImportFileError(_("Give a .csv or .xlsx file (this one is “%(name)s”).") % {"name": os.path.basename(path)})
    _check_may_import(actor, station)
    out = FileImportReport(dry_run=dry_run)
    with transaction.atomic():
        batch = ImportBatch(station=station, uploaded_by=actor, original_name=os.path.basename(path)[:255],
                            status=ImportStatus.PARSING)
        batch.save()
        import_parse(batch=batch, source=path)
        out.rows, out.new, out.duplicates, out.errors = (
            batch.rows_total, batch.rows_new, batch.rows_duplicate, batch.rows_error
        )
        out.warnings = [render_message(w) for w in batch.warnings]
        if report is not None:
            listed = ImportRow.objects.filter(batch=batch).exclude(outcome=RowOutcome.NEW).order_by("line")
            for row in listed.iterator(chunk_size=CHUNK_ROWS):
                report(row.outcome, row.line, [render_message(m) for m in row.messages])
        if out.errors or dry_run:
            transaction.set_rollback(True)
            return out
        result = import_confirm(actor=actor, batch=batch)
        out.saved, out.skipped, out.premises = result.created, result.skipped, result.premises_created
    return out


# --------------------------------------------------------------------------- jobs (called by the tasks)

def import_parse_job(*, job_id: int) -> None:
    """Run a claimed parse Job: check the batch's file and point the page at the preview."""
    job = Job.objects.get(pk=job_id)
    batch = ImportBatch.objects.select_related("station").get(pk=job.params["batch_id"])

    preview_url = reverse("registry:import-preview", args=[batch.pk])
    try:
        with _CommittedProgress(job_id) as progress:
            import_parse(batch=batch, progress=progress)
    except ImportFileError as exc:
        job_finish(job_id=job_id, error=" ".join(str(m) for m in exc.messages), result={"next_url": reverse("registry:import-upload")})
        return
    except Exception:
        logger.exception("Import %s could not be checked", batch.pk)
        job_finish(job_id=job_id, error=_g("The file could not be checked. Try again, or ask the administrator."),
                   result={"next_url": reverse("registry:import-upload")})
        return
    job_finish(job_id=job_id, result={
        "next_url": preview_url, "batch_id": batch.pk, "rows": batch.rows_total, "new": batch.rows_new,
        "duplicates": batch.rows_duplicate, "errors": batch.rows_error,
    })


def import_confirm_job(*, job_id: int) -> None:
    """Run a claimed confirm Job (all or nothing) and point the page back at the import."""
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    batch = ImportBatch.objects.select_related("station").get(pk=job.params["batch_id"])
    next_url = reverse("registry:import-preview", args=[batch.pk])
    try:
        result = import_confirm(actor=job.requested_by, batch=batch, job_id=job_id)
    except (ValidationError, PermissionDenied) as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        job_finish(job_id=job_id, error=" ".join(str(m) for m in messages), result={"next_url": next_url})
        return
    except Exception:
        logger.exception("Import %s could not be saved", batch.pk)
        job_finish(job_id=job_id, error=_g("Saving failed and nothing was saved. Try again, or ask the administrator."),
                   result={"next_url": next_url})
        return
    job_finish(job_id=job_id, result={"next_url": next_url, "created": result.created, "skipped": result.skipped,
                                      "premises": result.premises_created, "return_entries": result.return_entries})


# --------------------------------------------------------------------------- reads for the pages

def import_list(*, user):
    """The imports the user may see, newest first."""
    return ImportBatch.objects.for_user(user).select_related("station", "uploaded_by", "station_return")


def import_rows(*, batch: ImportBatch, outcome: str | None = None):
    """The preview rows of a batch (with the existing record of duplicates), in line order."""
    rows = ImportRow.objects.filter(batch=batch).select_related("duplicate_of").order_by("line")
    if outcome in RowOutcome.values:
        rows = rows.filter(outcome=outcome)
    return rows


def template_rows() -> list[list[str]]:
    """The template's header row (no example row: an example left in the file would be imported)."""
    return [list(COLUMNS)]
