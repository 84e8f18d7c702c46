"""Hostile spreadsheets: bombs, oversized, wrong types, NUL, huge rows, pretenders, formulas. Each is
refused with a message (the batch FAILED and holding no rows) or sanitised, never half-imported, and
the limits hold on the command line too. Uploads and preview rows are purged after their retention."""
import io
import time
import tracemalloc
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from registry.choices import ImportStatus
from registry.imports import ImportFileError, import_parse, limits, render_message
from registry.imports.purge import imports_purge
from registry.imports.reading import probe_upload
from registry.models import CallCentre, ImportBatch, ImportRow
from registry.services.exports import neutralise
from tests.registry.test_imports import csv_bytes, make_batch, row, rows_of, uv3, xlsx_bytes  # noqa: F401

pytestmark = pytest.mark.django_db


def _replace_part(xlsx: bytes, name: str, writer) -> bytes:
    """The same workbook with one part rewritten (streamed, so a bomb is built in little memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w") as handle:
            writer(handle)
    return out.getvalue()


def _shared_strings_bomb(megabytes: int = 700) -> bytes:
    base = xlsx_bytes([row(1)])

    def write(handle):
        handle.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        chunk = b"<si><t>" + b"A" * 1000 + b"</t></si>"
        for _ in range(megabytes * 1024 * 1024 // len(chunk)):
            handle.write(chunk)
        handle.write(b"</sst>")
    return _replace_part(base, "xl/sharedStrings.xml", write)


def _sheet_rows_bomb(rows: int) -> bytes:
    """A sheet of `rows` tiny rows (the issue's 1.9 MB file of 3 million rows, smaller)."""
    base = xlsx_bytes([])

    def write(handle):
        handle.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>')
        for n in range(2, rows + 2):
            handle.write(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n))
        handle.write(b"</sheetData></worksheet>")
    return _replace_part(base, "xl/worksheets/sheet1.xml", write)


def _wide_row() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(row(1)))
    sheet.cell(row=2, column=200, value="far right")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _many_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(limits.MAX_XLSX_PARTS + 1):
            archive.writestr(f"part{n}.xml", b"<x/>")
    return out.getvalue()


BAD_FILES = {
    # (file name, content, words of the message) -- refused as a whole
    "shared-strings-bomb": ("list.xlsx", _shared_strings_bomb, "zip bomb"),
    "declared-3-million-rows": ("list.xlsx", lambda: _replace_part(
        xlsx_bytes([row(1)]), "xl/worksheets/sheet1.xml",
        lambda h: h.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                          b'<dimension ref="A1:L3000000"/><sheetData/></worksheet>')), "more than"),
    "too-many-parts": ("list.xlsx", _many_parts, "zip bomb"),
    "too-many-columns": ("list.xlsx", _wide_row, "columns"),
    "html-renamed-xlsx": ("list.xlsx", lambda: b"<html><body><table><tr><td>x</td></tr></table></body></html>", "damaged"),
    "pdf-renamed-xlsx": ("list.xlsx", lambda: b"%PDF-1.4\n%%EOF\n", "damaged"),
    "zip-not-workbook": ("list.xlsx", lambda: _zip_with(b"readme.txt", b"hello"), "damaged"),
    "ole-encrypted-xlsx": ("list.xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000, "damaged"),
    "truncated-xlsx": ("list.xlsx", lambda: xlsx_bytes([row(1)])[:700], "damaged"),
    "empty-csv": ("list.csv", lambda: b"", "empty"),
    "only-blank-lines": ("list.csv", lambda: b"\n\n,,,\n", "no rows"),
    "exe-renamed": ("list.exe", lambda: b"MZ\x90\x00", "Upload a .csv or .xlsx"),
    "xls-old-format": ("list.xls", lambda: b"\xd0\xcf\x11\xe0", "Upload a .csv or .xlsx"),
    "binary-garbage-csv": ("list.csv", lambda: bytes(range(256)) * 40, "characters cannot be read"),
}


def _zip_with(name, content) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name.decode(), content)
    return out.getvalue()


def _refusal(sho_a, name: str, content: bytes) -> str:
    """Upload page check, then the background parse: the first refusal's message."""
    try:
        probe_upload(SimpleUploadedFile(name, content))
    except ImportFileError as exc:
        return str(exc)
    batch = make_batch(sho_a, sho_a.station, content, name=name)
    with pytest.raises(ImportFileError) as refused:
        import_parse(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and not ImportRow.objects.filter(batch=batch).exists()
    return str(refused.value)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_hostile_spreadsheet_is_refused_with_a_message(case, sho_a, uv3):  # noqa: F811
    name, make, words = BAD_FILES[case]
    message = _refusal(sho_a, name, make())
    assert words in message, message
    assert not CallCentre.objects.exists()


def test_a_311_kb_style_bomb_is_refused_fast_and_in_little_memory(sho_a, uv3):  # noqa: F811
    content = _shared_strings_bomb(700)
    assert len(content) < 5 * 1024 * 1024  # megabytes on disk, 700 MB once expanded
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="zip bomb"):
        probe_upload(SimpleUploadedFile("list.xlsx", content))
    elapsed, (_now, peak) = time.monotonic() - started, tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2 and peak < 20 * 1024 * 1024, (elapsed, peak)


def test_a_file_of_more_rows_than_the_limit_stops_while_streaming(sho_a, uv3, monkeypatch):  # noqa: F811
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    started = time.monotonic()
    message = _refusal(sho_a, "list.xlsx", _sheet_rows_bomb(50_000))
    assert "more than 1000 rows" in message and time.monotonic() - started < 10
    message = _refusal(sho_a, "list.csv", csv_bytes([row(n) for n in range(1200)]))
    assert "more than 1000 rows" in message


@pytest.mark.parametrize("case,cells,code", [
    ("nul-in-name", {"name": "Bright\x00Calls"}, "control_characters"),
    ("escape-in-address", {"address": "Plot 3\x1b[2J"}, "control_characters"),
    ("letters-for-seats", {"seats": "forty"}, "bad_seats"),
    ("superscript-digit-seats", {"seats": "²"}, "bad_seats"),
    ("huge-cell", {"name": "N" * 5000}, "too_long"),
    ("date-nonsense", {"started_on": "31/02/2020"}, "bad_date"),
    ("shift-nonsense", {"shift": "25:99-06:00"}, "bad_shift"),
])
def test_a_bad_row_is_refused_with_a_message_and_nothing_is_saved(case, cells, code, sho_a, uv3):  # noqa: F811
    batch = import_parse(batch=make_batch(sho_a, sho_a.station, csv_bytes([row(1, **cells), row(2)])))
    line = rows_of(batch)[2]
    assert code in [m["code"] for m in line.messages]
    assert all(render_message(m) for m in line.messages)
    assert not CallCentre.objects.exists()


def test_a_formula_cell_is_kept_as_text_and_neutralised_on_export(sho_a, uv3):  # noqa: F811
    batch = import_parse(batch=make_batch(sho_a, sho_a.station, csv_bytes([row(1, notes='=HYPERLINK("http://x","y")')])))
    assert batch.status == ImportStatus.PREVIEW
    assert neutralise('=HYPERLINK("http://x","y")').startswith("'=")


def test_the_command_line_has_the_same_limits(sho_a, uv3, tmp_path, monkeypatch):  # noqa: F811
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_shared_strings_bomb(700))
    with pytest.raises(CommandError, match="zip bomb"):
        call_command("import_call_centres", str(bomb), "--station", sho_a.station.code, "--user", sho_a.username)
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 1000)
    big = tmp_path / "big.csv"
    big.write_bytes(csv_bytes([row(n) for n in range(40)]))
    with pytest.raises(CommandError, match="too big"):
        call_command("import_call_centres", str(big), "--station", sho_a.station.code, "--user", sho_a.username)
    assert not CallCentre.objects.exists()


def test_uploads_and_preview_rows_are_purged_after_their_retention(sho_a, uv3, settings):  # noqa: F811
    settings.IMPORT_KEEP_DAYS = 7
    old = import_parse(batch=make_batch(sho_a, sho_a.station, csv_bytes([row(1), row(2)])))
    recent = import_parse(batch=make_batch(sho_a, sho_a.station, csv_bytes([row(3)])))
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    path = old.file.path
    assert imports_purge() == {"files": 1, "rows": 2}
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and not __import__("os").path.exists(path)
    assert not ImportRow.objects.filter(batch=old).exists() and ImportRow.objects.filter(batch=recent).count() == 1
    assert imports_purge() == {"files": 0, "rows": 0}


def test_the_purge_runs_every_day(settings):
    assert settings.CELERY_BEAT_SCHEDULE["imports-purge"]["task"] == "registry.tasks.imports_purge_task"
