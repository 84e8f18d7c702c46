"""Reading an uploaded file: CSV (any common encoding) or XLSX, streamed row by row; the header
mapped to the template's columns; the upload probed before it is stored."""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.text import scrub

from . import limits
from .messages import ImportFileError, msg

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
    return scrub(str(value).strip())


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
            _check_size(self.size)  # the upload page's limit, for the command line too
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
            _check_shape(number, len(row))
            yield number, [scrub(cell.strip()) for cell in row]

    def _xlsx_rows(self) -> Iterator[tuple[int, list[str]]]:
        import openpyxl

        if not zipfile.is_zipfile(self._binary):
            raise self._unreadable()
        self._binary.seek(0)
        xlsx_check_zip(self._binary)  # before openpyxl expands anything
        self._binary.seek(0)
        self._workbook = openpyxl.load_workbook(self._binary, read_only=True, data_only=True)
        sheet = self._workbook.worksheets[0]
        self.rows_hint = sheet.max_row or 0  # as the workbook declares it: for the progress bar only
        _check_shape(self.rows_hint, 0)
        # A workbook saved by some tools declares a wrong size; read every row that exists (up to the
        # limits, checked row by row; empty formatted cells far to the right do not count).
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            wide = len(row) > limits.MAX_COLUMNS and any(v is not None for v in row[limits.MAX_COLUMNS:])
            _check_shape(number, len(row) if wide else 0)
            yield number, [_cell_text(v) for v in row[: limits.MAX_COLUMNS]]

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


def _check_size(size: int) -> None:
    if size > limits.MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is too big (%(size)s MB); the limit is %(max)s MB. Split it into smaller files.")
            % {"size": round(size / 1024 / 1024, 1), "max": limits.MAX_UPLOAD_BYTES // 1024 // 1024}
        )


def _check_shape(line: int, columns: int) -> None:
    """Refuse a file with more rows or columns than any station's list has (checked while streaming)."""
    if line > limits.MAX_ROWS + 1:
        raise ImportFileError(
            _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": limits.MAX_ROWS}
        )
    if columns > limits.MAX_COLUMNS:
        raise ImportFileError(
            _("The file has more than %(max)s columns. Keep only the template's columns.") % {"max": limits.MAX_COLUMNS}
        )


def xlsx_check_zip(binary: IO[bytes]) -> None:
    """Refuse a workbook whose parts would expand beyond the limits (a "zip bomb"), from the zip's
    directory alone, before anything is decompressed."""
    bomb = ImportFileError(
        _("The Excel file expands to far more data than a list of call centres holds (a possible “zip bomb”). "
          "Save the list again from Excel, or as CSV, and upload that.")
    )
    try:
        with zipfile.ZipFile(binary) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(
            _("The Excel file is damaged or not an .xlsx workbook. Save it again from Excel as .xlsx.")
        ) from exc
    if len(parts) > limits.MAX_XLSX_PARTS:
        raise bomb
    if sum(p.file_size for p in parts) > limits.MAX_XLSX_UNCOMPRESSED_BYTES:
        raise bomb
    for part in parts:
        if part.filename.lower().endswith("sharedstrings.xml") and part.file_size > limits.MAX_XLSX_SHARED_STRINGS_BYTES:
            raise bomb
        if part.file_size > 5 * 1024 * 1024 and part.file_size > limits.MAX_XLSX_RATIO * max(part.compress_size, 1):
            raise bomb


@contextmanager
def open_table(source: str | IO[bytes], kind: str) -> Iterator[Table]:
    table = Table(source, kind)
    try:
        yield table
    finally:
        table.close()


def _header_key(cell: str, aliases: dict[str, str] | None = None) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", (cell or "").strip().lower()).strip("_")
    return (HEADER_ALIASES if aliases is None else aliases).get(key, key)


@dataclass
class HeaderMap:
    """Which cell holds which template column; the headings that were ignored."""

    positions: dict[str, int]
    unknown: list[str]

    def cells(self, row: list[str]) -> dict[str, str]:
        return {col: (row[i] if i < len(row) else "") for col, i in self.positions.items()}


def map_header(header: list[str], *, columns: tuple[str, ...] = COLUMNS, aliases: dict[str, str] | None = None,
               required: str = "name") -> HeaderMap:
    """Match the header row to a template's columns (the call centres' by default), case-insensitively;
    refuse a file without the `required` column. Other imports (complaints) pass their own template."""
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        key = _header_key(cell, aliases)
        if key in columns and key not in positions:
            positions[key] = index
        elif cell.strip():
            unknown.append(cell.strip())
    if required not in positions:
        raise ImportFileError(
            _("The first row must be the template's header with a “%(column)s” column (found: %(found)s). "
              "Download the template and copy your rows into it.")
            % {"column": required, "found": ", ".join(h for h in header if h)[:200] or _g("nothing")}
        )
    return HeaderMap(positions=positions, unknown=unknown)


def probe_upload(uploaded, *, filename: str | None = None, **header_options) -> list[str]:
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
    if size is not None and size > limits.MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is too big (%(size)s MB); the limit is %(max)s MB. Split it into smaller files.")
            % {"size": round(size / 1024 / 1024, 1), "max": limits.MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    uploaded.seek(0)
    binary = getattr(uploaded, "file", uploaded)
    table = Table(binary, kind)
    try:
        if not table.header:
            raise ImportFileError(_("The file has no rows."))
        header = map_header(table.header, **header_options)
    finally:
        table.close()
        uploaded.seek(0)
    return [msg("warning", "unknown_columns", columns=", ".join(header.unknown))] if header.unknown else []
