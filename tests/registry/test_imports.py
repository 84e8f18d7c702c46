"""Bulk import of call centres: reading files, checking rows, duplicates, preview, all-or-nothing confirm, pages."""
from __future__ import annotations

import csv
import io
import math
import zipfile
from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from core.bulk import BulkWriter
from core.models import Job, JobStatus
from core.roles import Role
from registry.addresses import LocalityIndex
from registry.choices import ImportStatus, ReturnStatus, RowOutcome
from registry.imports import limits
from registry.imports.batches import import_parse, import_row_decide
from registry.imports.checking import CheckContext, check_row, parse_date, parse_service, parse_shift
from registry.imports.messages import ImportFileError, render_message
from registry.imports.reading import COLUMNS, map_header, open_table
from registry.imports.saving import import_confirm
from registry.models import (
    CallCentre,
    CallCentrePhone,
    ImportBatch,
    ImportRow,
    Occupancy,
    Premises,
    ReturnEntry,
    StatusChange,
)
from registry.services.callcentres import callcentre_register
from tests.factories import LocalityFactory, StationReturnFactory, UserFactory

HEADER = list(COLUMNS)


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(c, "") for c in header] if isinstance(row, dict) else row)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(c) for c in header] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(n: int, **over) -> dict:
    values = {
        "name": f"Bright Calls {n}", "company": f"Bright {n} Infotech Pvt Ltd", "address": f"Plot {n}, 2nd floor, Udyog Vihar Phase 3",
        "locality": "UV Phase 3", "phones": f"+91 98100 {n:05d}", "service": "Tech support", "seats": "40",
        "shift": "21:00-06:00", "started_on": "2020-03-01", "landlord_name": "R. K. Sharma", "landlord_phone": "",
        "notes": "",
    }
    values.update(over)
    return values


@pytest.fixture
def uv3(station_a):
    return LocalityFactory(name="Udyog Vihar Phase III", aliases="UV-3;Udyog Vihar Ph-3;Udyog Vihar Phase 3",
                           station=station_a, pin_code="122016")


@pytest.fixture
def uv4_b(station_b):
    return LocalityFactory(name="Udyog Vihar Phase IV", aliases="UV-4", station=station_b)


def make_batch(user, station, content: bytes, name="list.csv", station_return=None) -> ImportBatch:
    """A batch as the upload page makes it (without queuing the background task)."""
    batch = ImportBatch(station=station, uploaded_by=user, original_name=name, station_return=station_return)
    batch.file.save(name, io.BytesIO(content), save=False)
    batch.save()
    return batch


def parsed(user, station, rows, **kw) -> ImportBatch:
    batch = make_batch(user, station, csv_bytes(rows), **kw)
    return import_parse(batch=batch)


def rows_of(batch) -> dict[int, ImportRow]:
    return {r.line: r for r in ImportRow.objects.filter(batch=batch)}


@pytest.mark.parametrize("shift, start, end, night", [
    ("night", "21:00", "06:00", True),
    ("Night Shift", "21:00", "06:00", True),
    ("day", "09:00", "18:00", False),
    ("general", "09:00", "18:00", False),
    ("24x7", "00:00", "00:00", True),
    ("24 X 7", "00:00", "00:00", True),
    ("rotational", "00:00", "00:00", True),
])
def test_the_words_stations_write_for_shifts_are_accepted_and_kept(shift, start, end, night):
    data, errors = _check(shift=shift)
    assert errors == []
    assert (data["shift_start"], data["shift_end"], data["night_shift"]) == (start, end, night)
    assert f"Shift as written: {shift}" in data["notes"]


@pytest.mark.parametrize("seats, expected", [
    ("40", 40), ("1,200", 1200), ("50+", 50), ("approx 40", 40), ("Approx. 40", 40), ("about 40 seats", 40),
    ("~40", 40), ("40-50", 50), ("40 to 50", 50),
])
def test_seats_written_loosely_are_understood_and_kept(seats, expected):
    data, errors = _check(seats=seats)
    assert errors == []
    assert data["seats"] == expected
    assert ("Seats as written" in data["notes"]) is (not seats.replace(",", "").isdecimal())


def test_a_file_of_2000_good_rows_and_one_bad_row_names_the_bad_row_and_previews_the_rest(sho_a, station_a, uv3):
    rows = [row(n, shift=("night", "day", "24x7", "21:00-06:00")[n % 4], seats=("50+", "approx 40", "40")[n % 3])
            for n in range(1, 2001)]
    rows.insert(1200, row(99999, shift="whenever"))
    batch = parsed(sho_a, station_a, rows)
    assert (batch.rows_total, batch.rows_new, batch.rows_error) == (2001, 2000, 1)
    bad = [r for r in rows_of(batch).values() if r.outcome == RowOutcome.ERROR]
    assert [(r.line, codes(r)) for r in bad] == [(1202, ["bad_shift"])]  # the header is line 1
    assert not CallCentre.objects.exists()


def codes(r: ImportRow) -> list[str]:
    return [m["code"] for m in r.messages]


# --------------------------------------------------------------------------- parsing and checking (pure)

@pytest.mark.parametrize("text,start,end,night", [
    ("21:00-06:00", time(21), time(6), True),
    ("9:30 - 18:30", time(9, 30), time(18, 30), False),
    ("9pm-6am", time(21), time(6), True),
    ("21.00 to 06.00", time(21), time(6), True),
    ("18:00-23:30", time(18), time(23, 30), True),
    ("06:00-14:00", time(6), time(14), False),
    ("03:00-12:00", time(3), time(12), True),
])
def test_shift_hours_are_read_and_night_shifts_flagged(text, start, end, night):
    from registry.services.callcentres import night_shift_of

    assert parse_shift(text) == (start, end)
    assert night_shift_of(start, end) is night


@pytest.mark.parametrize("text", ["25:00-06:00", "9-", "night", "13pm-2am", "21:75-06:00"])
def test_shift_hours_not_understood_are_refused(text):
    assert parse_shift(text) is None


@pytest.mark.parametrize("text,expected", [
    ("2020-03-01", date(2020, 3, 1)), ("01/03/2020", date(2020, 3, 1)), ("1/3/2020", date(2020, 3, 1)),
    ("01-03-2020", date(2020, 3, 1)), ("31/02/2020", None), ("2020/03/01", None), ("March 2020", None), ("03/01/20", None),
])
def test_start_dates_are_read_as_iso_or_day_month_year(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Tech support", "technical_support"), ("technical_support", "technical_support"), ("Customer Care", "customer_care"),
    ("JOBS", "job_placement"), ("loan", "loans"), ("Sales", "sales"), ("astrology", None),
])
def test_service_is_read_from_its_label_or_a_common_word(text, expected):
    assert parse_service(text) == expected


def _ctx(station_id=1):
    own = SimpleNamespace(pk=1, name="Udyog Vihar Phase III", aliases="UV-3", pin_code="122016", station_id=1,
                          station=SimpleNamespace(name="Udyog Vihar"))
    other = SimpleNamespace(pk=2, name="Sohna Road", aliases="", pin_code="", station_id=2,
                            station=SimpleNamespace(name="Badshahpur"))
    return CheckContext(station_id=station_id, station_name="Udyog Vihar", localities=LocalityIndex([own, other]),
                            today=date(2020, 9, 15))


def _check(**over):
    cells = {k: v for k, v in row(1, **over).items()}
    data, messages = check_row(cells, _ctx())
    return data, [render_message(m) for m in messages if m["level"] == "error"]


def test_a_good_row_is_cleaned_for_saving():
    data, errors = _check()
    assert errors == []
    assert data["locality_id"] == 1 and data["phones"] == ["9810000001"]
    assert data["service"] == "technical_support" and data["seats"] == 40
    assert data["shift_start"] == "21:00" and data["night_shift"] is True
    assert data["started_on"] == "2020-03-01"
    assert data["address_key"] and data["floor"] == "2" and data["plot"] == "1"
    assert data["company_key"] == "bright1infotech" and data["name_key"] == "bright calls 1"


@pytest.mark.parametrize("over,expected", [
    ({"name": "  "}, "Name is missing."),
    ({"locality": ""}, "Locality is missing."),
    ({"locality": "Udyog Vihar Phase IX"}, "Unknown locality “Udyog Vihar Phase IX”"),
    ({"locality": "Sohna Road"}, "Locality “Sohna Road” belongs to station Badshahpur, not Udyog Vihar."),
    ({"phones": "98100 12345; 12345"}, "Bad phone number “12345”"),
    ({"landlord_phone": "abc"}, "Bad landlord's phone “abc”"),
    ({"started_on": "2020-12-01"}, "The start date 2020-12-01 is in the future."),
    ({"started_on": "March 2020"}, "Bad start date “March 2020”: write it as YYYY-MM-DD or DD/MM/YYYY."),
    ({"seats": "forty"}, "Bad seats “forty”"),
    ({"seats": "-3"}, "Bad seats “-3”"),
    ({"shift": "sometimes"}, "Bad shift “sometimes”: write the hours like 21:00-06:00."),
    ({"seats": "many"}, "Bad seats “many”"),
    ({"service": "astrology"}, "Unknown service “astrology”"),
    ({"name": "x" * 201}, "name is too long"),
])
def test_each_bad_value_gets_a_clear_message(over, expected):
    data, errors = _check(**over)
    assert any(expected in e for e in errors), errors
    # The row keeps what the officer wrote, to show it in the preview.
    assert data.get("locality", "") == row(1, **over)["locality"]


def test_several_problems_in_one_row_are_all_reported():
    _data, errors = _check(name="", phones="123", seats="many")
    assert len(errors) == 3


def test_header_is_matched_case_insensitively_and_unknown_columns_are_reported():
    header = map_header(["Name", " LOCALITY ", "Phone Numbers", "Favourite colour", "started on"])
    assert header.positions == {"name": 0, "locality": 1, "phones": 2, "started_on": 4}
    assert header.unknown == ["Favourite colour"]


def test_a_file_without_a_name_column_is_refused():
    with pytest.raises(ImportFileError, match="“name” column"):
        map_header(["centre", "locality"])


def test_csv_in_windows_encoding_is_read(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(1, name="Café Calls")], encoding="cp1252"))
    with open_table(str(path), "csv") as table:
        rows = list(table.rows())
    assert rows[0][1][0] == "Café Calls"


def test_csv_with_semicolons_and_a_bom_is_read(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(("\ufeffname;locality\nA;UV-3\n\nB;UV-3\n").encode())
    with open_table(str(path), "csv") as table:
        assert table.header == ["name", "locality"]
        assert list(table.rows()) == [(2, ["A", "UV-3"]), (4, ["B", "UV-3"])]  # blank line 3 skipped, lines kept


def test_xlsx_cells_are_read_as_the_officer_typed_them(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx_bytes([["Alpha", None, None, "UV-3", 9810012345, None, 40.0, None, date(2020, 3, 1)]]))
    with open_table(str(path), "xlsx") as table:
        (line, cells), = list(table.rows())
    assert line == 2
    assert cells[4] == "9810012345" and cells[6] == "40" and cells[8] == "2020-03-01"


# --------------------------------------------------------------------------- the preview (service)

def test_preview_sorts_rows_into_new_duplicate_and_error(sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1), row(2, name=""), row(3)])
    assert batch.status == ImportStatus.PREVIEW
    assert (batch.rows_total, batch.rows_new, batch.rows_duplicate, batch.rows_error) == (3, 2, 0, 1)
    lines = rows_of(batch)
    assert lines[3].outcome == RowOutcome.ERROR and codes(lines[3]) == ["missing_name"]
    assert lines[2].outcome == RowOutcome.NEW
    assert not CallCentre.objects.exists()  # nothing saved before confirmation


def test_duplicates_within_the_file_name_the_earlier_line(sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [
        row(1),
        row(2, address="Plot No. 1, Second Floor, UV Ph-3, Gurgaon"),  # same premises as line 2
        row(3, phones="098100 00001"),  # same phone as line 2
        row(4, company="BRIGHT 1 INFOTECH PRIVATE LIMITED"),  # same company as line 2
        row(5, name="Bright Calls 1"),  # same name in the same locality
        row(6),
    ])
    lines = rows_of(batch)
    assert lines[2].outcome == RowOutcome.NEW and lines[7].outcome == RowOutcome.NEW
    assert "dup_address_file" in codes(lines[3])
    assert "dup_phone_file" in codes(lines[4])
    assert "dup_company_file" in codes(lines[5])
    assert "dup_name_file" in codes(lines[6])
    assert all(render_message(m).endswith("line 2 of this file.") for m in lines[3].messages if m["code"] == "dup_address_file")
    assert batch.rows_duplicate == 4


def test_duplicates_of_the_registry_name_the_existing_record_and_the_reason(sho_a, sho_b, station_a, uv3, uv4_b):
    existing = callcentre_register(actor=sho_a, name="Star Support", locality=uv3, address="Plot 77, Udyog Vihar Phase 3",
                                   phones=["9999911111"], company_name="Star Infotech Pvt Ltd")
    elsewhere = callcentre_register(actor=sho_b, name="Moon Desk", locality=uv4_b, address="Plot 5, UV-4",
                                    phones=["9999922222"])
    batch = parsed(sho_a, station_a, [
        row(1, address="Plot No. 77, Udyog Vihar Ph-3, Gurugram"),  # same premises
        row(2, phones="+91 99999 22222"),  # phone of another station's record
        row(3, company="Star Infotech Private Limited"),
        row(4, name="Star Suport"),  # similar name in the same locality
        row(5),
    ])
    lines = rows_of(batch)
    assert codes(lines[2]) == ["dup_address"] and lines[2].duplicate_of == existing
    assert codes(lines[3]) == ["dup_phone"] and lines[3].duplicate_of == elsewhere
    assert codes(lines[4]) == ["dup_company"] and lines[4].duplicate_of == existing
    assert codes(lines[5]) == ["dup_name"] and lines[5].duplicate_of == existing
    assert lines[6].outcome == RowOutcome.NEW
    assert render_message(lines[2].messages[0]) == f"Same address as “Star Support” ({station_a.name})."
    assert "another station" in render_message(lines[3].messages[0], hidden=True)


def test_merged_records_are_not_offered_as_duplicates(sho_a, station_a, uv3):
    survivor = callcentre_register(actor=sho_a, name="Kept", locality=uv3, address="Plot 500, UV-3", phones=["9999933333"])
    merged = callcentre_register(actor=sho_a, name="Gone", locality=uv3, address="Plot 501, UV-3", phones=["9999944444"])
    CallCentre.objects.filter(pk=merged.pk).update(merged_into=survivor)
    batch = parsed(sho_a, station_a, [row(1, phones="9999944444")])
    assert rows_of(batch)[2].outcome == RowOutcome.NEW


def test_unknown_columns_are_ignored_with_a_warning(sho_a, station_a, uv3):
    batch = make_batch(sho_a, station_a, csv_bytes([["A", "UV-3", "x"]], header=["name", "locality", "colour"]))
    batch = import_parse(batch=batch)
    assert batch.rows_new == 1
    assert [render_message(w) for w in batch.warnings] == ["Columns not in the template were ignored: colour."]


def test_an_unreadable_file_fails_the_batch_and_leaves_no_rows(sho_a, station_a, uv3):
    batch = make_batch(sho_a, station_a, b"PK\x03\x04 not really a workbook", name="list.xlsx")
    with pytest.raises(ImportFileError):
        import_parse(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and not ImportRow.objects.filter(batch=batch).exists()


def test_xlsx_upload_is_previewed_like_csv(sho_a, station_a, uv3):
    batch = make_batch(sho_a, station_a, xlsx_bytes([row(1), row(2, phones=9810000099)]), name="list.xlsx")
    batch = import_parse(batch=batch)
    assert (batch.rows_total, batch.rows_new) == (2, 2)
    assert rows_of(batch)[3].data["phones"] == ["9810000099"]


# --------------------------------------------------------------------------- confirm (service)

def test_confirm_saves_call_centres_premises_phones_stays_and_history(sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1, phones="9810000001; 9811111111"), row(2)])
    result = import_confirm(actor=sho_a, batch=batch)
    assert result.created == 2
    centre = CallCentre.objects.get(name="Bright Calls 1")
    assert centre.station == station_a and centre.status == "reported" and centre.created_by == sho_a
    assert centre.night_shift and centre.seats == 40 and centre.started_on == date(2020, 3, 1)
    assert centre.premises.locality == uv3 and centre.premises.floor == "2" and centre.premises.pin_code == "122016"
    assert sorted(centre.phones.values_list("number", flat=True)) == ["9810000001", "9811111111"]
    assert Occupancy.objects.get(call_centre=centre).moved_in == date(2020, 3, 1)
    step = StatusChange.objects.get(call_centre=centre)
    assert step.to_status == "reported" and step.changed_by == sho_a and "list.csv" in step.reason
    history = centre.history.get()
    assert history.history_user == sho_a
    assert Premises.history.count() == 2 and CallCentrePhone.history.count() == 3
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CONFIRMED


def test_history_of_imported_records_says_import(sho_a, station_a, uv3):
    from core.audit import Source, audit_context

    batch = parsed(sho_a, station_a, [row(1)])
    with audit_context(Source.IMPORT, actor=sho_a):
        import_confirm(actor=sho_a, batch=batch)
    assert CallCentre.history.get().history_source == "import"
    assert Occupancy.history.get().history_source == "import"


def test_confirm_is_refused_while_any_row_has_an_error(sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1), row(2, phones="12")])
    with pytest.raises(ValidationError, match="1 rows with errors"):
        import_confirm(actor=sho_a, batch=batch)
    assert not CallCentre.objects.exists()


def test_a_failure_midway_saves_nothing_at_all(sho_a, station_a, uv3, monkeypatch):
    monkeypatch.setattr(limits, "CHUNK_ROWS", 2)
    batch = parsed(sho_a, station_a, [row(n) for n in range(1, 6)])
    with pytest.raises(RuntimeError):
        import_confirm(actor=sho_a, batch=batch, fail_after_rows=4)
    assert not CallCentre.objects.exists() and not Premises.objects.exists() and not CallCentrePhone.objects.exists()
    assert not CallCentre.history.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW  # the SHO can try again
    import_confirm(actor=sho_a, batch=batch)
    assert CallCentre.objects.count() == 5


def test_duplicates_are_skipped_unless_recorded_as_new(sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1), row(2, address="Plot 1, 2nd floor, UV-3"), row(3, phones="9810000001")])
    import_row_decide(actor=sho_a, batch=batch, line=3, record_as_new=True)
    result = import_confirm(actor=sho_a, batch=batch)
    assert (result.created, result.skipped) == (2, 1)
    # The duplicate recorded as new shares the premises of line 2 (one premises, two occupants).
    assert Premises.objects.count() == 1
    assert Occupancy.objects.count() == 2


def test_only_possible_duplicates_take_a_decision(sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1)])
    with pytest.raises(ValidationError):
        import_row_decide(actor=sho_a, batch=batch, line=2, record_as_new=True)


def test_an_existing_premises_is_reused(sho_a, station_a, uv3):
    existing = callcentre_register(actor=sho_a, name="Old Tenant", locality=uv3, address="Plot 1, 2nd floor, Udyog Vihar Phase 3")
    batch = parsed(sho_a, station_a, [row(1, name="New Tenant", company="", phones="")])
    import_row_decide(actor=sho_a, batch=batch, line=2, record_as_new=True)
    import_confirm(actor=sho_a, batch=batch)
    assert CallCentre.objects.get(name="New Tenant").premises_id == existing.premises_id


def test_confirm_lists_the_new_call_centres_on_a_draft_return(sho_a, station_a, uv3):
    draft = StationReturnFactory(station=station_a)
    batch = parsed(sho_a, station_a, [row(1), row(2)], station_return=draft)
    result = import_confirm(actor=sho_a, batch=batch)
    assert result.return_entries == 2
    assert set(ReturnEntry.objects.values_list("station_return", flat=True)) == {draft.pk}


def test_a_return_submitted_meanwhile_gets_no_entries(sho_a, station_a, uv3):
    draft = StationReturnFactory(station=station_a)
    batch = parsed(sho_a, station_a, [row(1)], station_return=draft)
    draft.status = ReturnStatus.SUBMITTED
    draft.save()
    result = import_confirm(actor=sho_a, batch=batch)
    assert result.created == 1 and result.return_locked and not ReturnEntry.objects.exists()


def test_a_batch_is_confirmed_only_once(sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1)])
    import_confirm(actor=sho_a, batch=batch)
    with pytest.raises(ValidationError, match="already been saved"):
        import_confirm(actor=sho_a, batch=batch)
    assert CallCentre.objects.count() == 1


def test_another_station_cannot_confirm(sho_a, sho_b, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1)])
    with pytest.raises(PermissionDenied):
        import_confirm(actor=sho_b, batch=batch)


def test_foreign_keys_are_resolved_in_bulk(sho_a, station_a, uv3):
    """Localities: one query per batch; duplicates: one query per batch; premises: one per 1,000 rows."""
    n = 2500
    batch = make_batch(sho_a, station_a, csv_bytes([row(i) for i in range(1, n + 1)]))
    with CaptureQueriesContext(connection) as parse_queries:
        import_parse(batch=batch)
    selects = [q["sql"] for q in parse_queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    # 1 localities, 1 existing names, 1 duplicates, 1 counts, + savepoint-free inserts of 1,000 rows each.
    assert len(selects) <= math.ceil(n / 1000) + 4, selects
    assert sum("stations_locality" in s for s in selects) == 1
    inserts = [q for q in parse_queries.captured_queries if "INSERT" in q["sql"].upper()[:30]]
    assert len(inserts) <= 2 * math.ceil(n / 1000) + 1  # preview rows + duplicate keys, per 1,000 rows

    with CaptureQueriesContext(connection) as confirm_queries:
        import_confirm(actor=sho_a, batch=batch)
    premises_lookups = [q for q in confirm_queries.captured_queries
                        if q["sql"].lstrip().upper().startswith("SELECT") and 'FROM "registry_premises"' in q["sql"]]
    assert len(premises_lookups) <= math.ceil(n / 1000)
    assert len(confirm_queries.captured_queries) <= 14 * math.ceil(n / 1000) + 12
    assert CallCentre.objects.count() == n


# --------------------------------------------------------------------------- upload page

def upload(client, content: bytes, name: str, **extra):
    return client.post(reverse("registry:import-upload"), {"file": SimpleUploadedFile(name, content), **extra})


@pytest.mark.parametrize("content,name,message", [
    (b"name,locality\nA,B\n", "list.txt", "Upload a .csv or .xlsx file"),
    (b"", "list.csv", "The file is empty."),
    (b"centre,locality\nA,B\n", "list.csv", "must be the template&#x27;s header with a “name” column"),
    (b"\xff\xfe\x81\x8d\x90name\n\x9d", "list.csv", "characters cannot be read"),
    (b"this is not a workbook", "list.xlsx", "The Excel file is damaged"),
    (b"PK\x03\x04garbage", "list.xlsx", "The Excel file is damaged"),
    (b"\n\n", "list.csv", "The file has no rows."),
])
def test_bad_files_are_refused_with_a_clear_message(client, sho_a, uv3, content, name, message):
    client.force_login(sho_a)
    response = upload(client, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_zip_that_is_not_a_workbook_is_refused(client, sho_a, uv3):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    client.force_login(sho_a)
    assert "The Excel file is damaged" in upload(client, buffer.getvalue(), "list.xlsx").content.decode()


def test_too_big_a_file_is_refused(client, sho_a, uv3, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 10)
    client.force_login(sho_a)
    response = upload(client, csv_bytes([row(1)]), "list.csv")
    assert "The file is too big" in response.content.decode()


def test_sho_upload_is_checked_in_the_background_and_shows_progress(client, sho_a, station_a, uv3, django_capture_on_commit_callbacks):
    client.force_login(sho_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, csv_bytes([row(1)]), "list.csv")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job-detail", args=[batch.job_id])
    assert batch.station == station_a and batch.uploaded_by == sho_a and batch.status == ImportStatus.PARSING
    assert len(callbacks) == 1  # the parse task is queued when the upload commits


def test_cyber_team_imports_for_any_station(client, cyber, station_b, uv4_b, django_capture_on_commit_callbacks):
    client.force_login(cyber)
    with django_capture_on_commit_callbacks(execute=False):
        response = upload(client, csv_bytes([row(1, locality="UV-4")]), "list.csv", station=station_b.pk)
    assert response.status_code == 302
    assert ImportBatch.objects.get().station == station_b


def test_sho_always_imports_into_their_own_station(client, sho_a, station_a, station_b, django_capture_on_commit_callbacks):
    client.force_login(sho_a)
    with django_capture_on_commit_callbacks(execute=False):
        upload(client, csv_bytes([row(1)]), "list.csv", station=station_b.pk)  # a forged station is ignored
    assert ImportBatch.objects.get().station == station_a


def test_cyber_team_cannot_choose_a_station_that_does_not_exist(client, cyber, station_b):
    client.force_login(cyber)
    response = upload(client, csv_bytes([row(1)]), "list.csv", station=999999)
    assert "You can import only into a station of your jurisdiction." in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("who", ["commissioner", "dcp_a", "association"])
def test_roles_that_do_not_keep_lists_cannot_upload(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("registry:import-upload")).status_code == 403


def test_upload_page_offers_the_draft_return(client, sho_a, station_a):
    draft = StationReturnFactory(station=station_a)
    client.force_login(sho_a)
    response = client.get(reverse("registry:import-upload"), {"return": draft.pk})
    assert response.status_code == 200
    assert response.context["form"]["station_return"].initial == draft.pk


# --------------------------------------------------------------------------- preview page and confirmation

def test_preview_page_warns_about_ignored_columns(client, sho_a, station_a, uv3):
    batch = import_parse(batch=make_batch(sho_a, station_a, csv_bytes([["A", "UV-3", "x"]], header=["name", "locality", "Colour"])))
    client.force_login(sho_a)
    page = client.get(reverse("registry:import-preview", args=[batch.pk])).content.decode()
    assert "Columns not in the template were ignored: Colour." in page


def test_preview_page_shows_errors_in_the_officers_terms(client, sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1), row(2, locality="Mars"), row(3, started_on="2099-01-01")])
    client.force_login(sho_a)
    page = client.get(reverse("registry:import-preview", args=[batch.pk])).content.decode()
    assert "Unknown locality “Mars”" in page
    assert "The start date 2099-01-01 is in the future." in page
    assert 'data-testid="import-has-errors"' in page and 'data-testid="import-confirm-form"' not in page


def test_preview_links_a_duplicate_to_the_existing_record(client, sho_a, station_a, uv3):
    existing = callcentre_register(actor=sho_a, name="Star Support", locality=uv3, address="Plot 77, UV-3")
    batch = parsed(sho_a, station_a, [row(1, address="Plot 77, Udyog Vihar Phase 3")])
    client.force_login(sho_a)
    page = client.get(reverse("registry:import-preview", args=[batch.pk])).content.decode()
    assert reverse("registry:callcentre-detail", args=[existing.pk]) in page
    assert "Record as new" in page


def test_preview_does_not_reveal_another_stations_record(client, sho_a, sho_b, station_a, uv3, uv4_b):
    callcentre_register(actor=sho_b, name="Secret Desk", locality=uv4_b, address="Plot 9, UV-4", phones=["9999955555"])
    batch = parsed(sho_a, station_a, [row(1, phones="9999955555")])
    client.force_login(sho_a)
    page = client.get(reverse("registry:import-preview", args=[batch.pk])).content.decode()
    assert "Secret Desk" not in page
    assert "a call centre recorded by another station" in page


@pytest.mark.parametrize("n", [5, 50])
def test_preview_page_takes_the_same_queries_for_5_or_50_rows(client, sho_a, station_a, uv3, n, django_assert_num_queries):
    callcentre_register(actor=sho_a, name="Star Support", locality=uv3, address="Plot 77, 2nd floor, UV-3")
    batch = parsed(sho_a, station_a, [row(i, phones="") for i in range(1, n)] + [row(77, phones="")])
    assert batch.rows_duplicate == 1
    client.force_login(sho_a)
    url = reverse("registry:import-preview", args=[batch.pk])
    # 1 session, 2 user, 3 batch, 4 count of rows, 5 page of rows (with their existing record),
    # 6 which existing records the SHO may see, 7-8 the user's and group's permissions,
    # 9 the batch's station, 10 the user's station (page header) — the same for any number of rows.
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


def test_confirm_from_the_preview_saves_a_small_file_at_once(client, sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1), row(2)])
    client.force_login(sho_a)
    response = client.post(reverse("registry:import-confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert CallCentre.objects.count() == 2
    assert "Saved" in client.get(response["Location"]).content.decode()


def test_confirm_with_errors_is_refused_with_a_message(client, sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1), row(2, seats="lots")])
    client.force_login(sho_a)
    response = client.post(reverse("registry:import-confirm", args=[batch.pk]), follow=True)
    assert "1 rows with errors. Nothing was saved" in response.content.decode()
    assert not CallCentre.objects.exists()


def test_big_files_are_confirmed_in_the_background(client, sho_a, station_a, uv3, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(limits, "INLINE_CONFIRM_ROWS", 1)
    batch = parsed(sho_a, station_a, [row(1), row(2)])
    client.force_login(sho_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("registry:import-confirm", args=[batch.pk]))
    job = Job.objects.get(kind="import_confirm")
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert len(callbacks) == 1 and not CallCentre.objects.exists()


def test_sho_chooses_to_record_a_duplicate_as_new(client, sho_a, station_a, uv3):
    batch = parsed(sho_a, station_a, [row(1), row(2, phones="9810000001")])
    client.force_login(sho_a)
    response = client.post(reverse("registry:import-row-decision", args=[batch.pk, 3]), {"record_as_new": "1"})
    assert response.status_code == 302
    assert ImportRow.objects.get(batch=batch, line=3).data["record_as_new"] is True
    client.post(reverse("registry:import-confirm", args=[batch.pk]))
    assert CallCentre.objects.count() == 2


def test_import_list_shows_only_the_users_imports(client, sho_a, sho_b, station_a, uv3):
    parsed(sho_a, station_a, [row(1)], name="alpha-list.csv")
    client.force_login(sho_b)
    assert "alpha-list.csv" not in client.get(reverse("registry:import-list")).content.decode()
    client.force_login(sho_a)
    assert "alpha-list.csv" in client.get(reverse("registry:import-list")).content.decode()


def test_templates_download_as_csv_and_excel(client, sho_a):
    from openpyxl import load_workbook

    client.force_login(sho_a)
    response = client.get(reverse("registry:import-template"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").strip() == ",".join(COLUMNS)
    response = client.get(reverse("registry:import-template"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == list(COLUMNS)


def test_the_template_round_trips_through_the_import(sho_a, station_a, uv3):
    filled = csv_bytes([row(1)])
    batch = import_parse(batch=make_batch(sho_a, station_a, filled))
    assert batch.rows_new == 1


# --------------------------------------------------------------------------- a real worker

@pytest.mark.worker
def test_real_worker_checks_the_upload_then_saves_it(celery_worker_process, client, station_a, monkeypatch):
    sho = UserFactory(username="sho-alpha-worker", role=Role.STATION, station=station_a)
    LocalityFactory(name="Udyog Vihar Phase III", aliases="UV-3", station=station_a)
    client.force_login(sho)
    response = upload(client, csv_bytes([row(n) for n in range(1, 31)] + [row(99, phones="1")]), "list.csv")
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("core:job-detail", args=[batch.job_id])
    from tests.conftest import wait_for

    job = wait_for(lambda: Job.objects.filter(pk=batch.job_id, status=JobStatus.SUCCEEDED).first())
    assert job.result["next_url"] == reverse("registry:import-preview", args=[batch.pk])
    batch.refresh_from_db()
    assert (batch.status, batch.rows_new, batch.rows_error) == (ImportStatus.PREVIEW, 30, 1)
    assert batch.history.filter(history_source="import").exists()

    # The SHO fixes the file and uploads it again; this time it is saved in the background.
    response = upload(client, csv_bytes([row(n) for n in range(1, 31)]), "list-fixed.csv")
    fixed = ImportBatch.objects.get(original_name="list-fixed.csv")
    wait_for(lambda: ImportBatch.objects.filter(pk=fixed.pk, status=ImportStatus.PREVIEW).exists())
    monkeypatch.setattr(limits, "INLINE_CONFIRM_ROWS", 10)
    response = client.post(reverse("registry:import-confirm", args=[fixed.pk]))
    confirm_job = Job.objects.get(kind="import_confirm")
    assert response["Location"] == reverse("core:job-detail", args=[confirm_job.pk])
    wait_for(lambda: Job.objects.filter(pk=confirm_job.pk, status=JobStatus.SUCCEEDED).exists())
    assert CallCentre.objects.filter(station=station_a).count() == 30
    assert CallCentre.history.filter(history_source="import", history_user=sho).count() == 30
    assert timezone.now() - CallCentre.objects.first().created_at < timedelta(minutes=5)


def test_the_portable_write_path_saves_the_same_records(sho_a, station_a, uv3, monkeypatch):
    """Without COPY (SQLite in `make run`) the same rows and history rows are written by bulk_create_with_history."""
    monkeypatch.setattr(BulkWriter, "use_copy", False)
    batch = parsed(sho_a, station_a, [row(1), row(2), row(3, phones="9810000001")])
    assert (batch.rows_new, batch.rows_duplicate) == (2, 1)
    result = import_confirm(actor=sho_a, batch=batch)
    assert (result.created, result.skipped, result.premises_created) == (2, 1, 2)
    assert CallCentre.history.filter(history_user=sho_a, history_type="+").count() == 2
    assert StatusChange.objects.count() == 2 and Occupancy.objects.count() == 2


def test_copied_history_rows_match_what_bulk_create_with_history_writes(sho_a, station_a, uv3):
    from core.audit import Source, audit_context

    batch = parsed(sho_a, station_a, [row(1, notes="tab\there, back\\slash,\nnew line")])
    with audit_context(Source.IMPORT, actor=sho_a, ip="10.0.0.7"):
        import_confirm(actor=sho_a, batch=batch)
    centre = CallCentre.objects.get()
    assert centre.notes == "tab\there, back\\slash,\nnew line"
    record = centre.history.get()
    assert (record.history_type, record.history_user, record.history_source, record.history_ip) == ("+", sho_a, "import", "10.0.0.7")
    assert record.name == centre.name and record.premises_id == centre.premises_id and record.night_shift is True
    assert centre.markets == [] and centre.created_at is not None


def test_names_that_differ_only_by_number_are_not_similar(sho_a, station_a, uv3):
    callcentre_register(actor=sho_a, name="Star Support 2", locality=uv3, address="Plot 900, UV-3")
    batch = parsed(sho_a, station_a, [row(1, name="Star Support 3"), row(2, name="Star Suport 2")])
    lines = rows_of(batch)
    assert lines[2].outcome == RowOutcome.NEW
    assert codes(lines[3]) == ["dup_name"]


@pytest.mark.parametrize("name,make", [("list.xlsx", xlsx_bytes), ("list.csv", csv_bytes)])
def test_a_file_kept_on_disk_by_the_upload_is_checked_and_stored(client, sho_a, station_a, uv3, settings, name, make,
                                                                 django_capture_on_commit_callbacks):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # every upload goes to a temporary file, as big ones do
    client.force_login(sho_a)
    with django_capture_on_commit_callbacks(execute=False):
        response = upload(client, make([row(1)]), name)
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert import_parse(batch=batch).rows_new == 1


# --------------------------------------------------------------------------- the fast write path (COPY, look-ups)

def test_rows_are_confirmed_in_line_order_across_chunks(sho_a, station_a, uv3, monkeypatch):
    """Preview rows are read back in line order, a few at a time, and every new one is saved once."""
    monkeypatch.setattr(limits, "CHUNK_ROWS", 2)
    batch = parsed(sho_a, station_a, [row(n) for n in range(1, 8)] + [row(99, phones="9810000003")])
    assert (batch.rows_new, batch.rows_duplicate) == (7, 1)
    result = import_confirm(actor=sho_a, batch=batch)
    assert (result.created, result.skipped) == (7, 1)
    names = list(CallCentre.objects.order_by("pk").values_list("name", flat=True))
    assert names == [f"Bright Calls {n}" for n in range(1, 8)]
    assert CallCentre.history.count() == StatusChange.objects.count() == Occupancy.objects.count() == 7


def test_premises_written_by_an_earlier_chunk_are_reused(sho_a, station_a, uv3, monkeypatch):
    """A duplicate recorded as new finds the premises an earlier chunk of the same confirmation created."""
    monkeypatch.setattr(limits, "CHUNK_ROWS", 2)
    batch = parsed(sho_a, station_a, [row(1), row(2), row(3), row(4, address="Plot 1, 2nd floor, UV-3")])
    import_row_decide(actor=sho_a, batch=batch, line=5, record_as_new=True)
    result = import_confirm(actor=sho_a, batch=batch)
    assert (result.created, result.premises_created) == (4, 3)
    first, fourth = (CallCentre.objects.get(name=f"Bright Calls {n}") for n in (1, 4))
    assert fourth.premises_id == first.premises_id


def test_premises_of_another_locality_with_the_same_key_are_not_reused(sho_a, station_a, uv3):
    other = LocalityFactory(name="Sector 18 industrial area", station=station_a)
    elsewhere = callcentre_register(actor=sho_a, name="Elsewhere", locality=other, address="Plot 77, Sector 18")
    batch = parsed(sho_a, station_a, [row(1)])
    key = ImportRow.objects.get(batch=batch).data["address_key"]
    Premises.objects.filter(pk=elsewhere.premises_id).update(address_key=key)
    result = import_confirm(actor=sho_a, batch=batch)
    assert result.premises_created == 1
    centre = CallCentre.objects.get(name="Bright Calls 1")
    assert centre.premises_id != elsewhere.premises_id and centre.premises.locality_id == uv3.pk


def test_copied_text_keeps_braces_tabs_and_backslashes(sho_a, station_a, uv3):
    """COPY lines are built from format strings: braces in values (or in defaults) must come through as written."""
    odd = "Calls {0} {name} }{ \\ end"
    batch = parsed(sho_a, station_a, [row(1, name=odd, company="{} Infotech", landlord_name="R. {K} Sharma",
                                         notes="{\"a\": 1}\tx\\y")])
    assert ImportRow.objects.get(batch=batch).data["name"] == odd
    import_confirm(actor=sho_a, batch=batch)
    centre = CallCentre.objects.get()
    assert (centre.name, centre.company_name, centre.notes) == (odd, "{} Infotech", "{\"a\": 1}\tx\\y")
    assert centre.premises.landlord_name == "R. {K} Sharma"
    record = centre.history.get()
    assert (record.name, record.notes, record.markets, record.languages) == (odd, centre.notes, [], [])
    assert centre.premises.history.get().landlord_name == "R. {K} Sharma"


def test_confirmation_leaves_the_jit_setting_as_it_was(sho_a, station_a, uv3):
    def jit():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('jit')")
            return cursor.fetchone()[0]

    before = jit()
    batch = parsed(sho_a, station_a, [row(1)])
    import_confirm(actor=sho_a, batch=batch)
    assert jit() == before


def test_imported_call_centres_are_built_like_registered_ones(sho_a, station_a, uv3):
    """One builder of a call centre's row: the import's keys and flags are the register service's."""
    from registry.services.callcentres import callcentre_row

    batch = parsed(sho_a, station_a, [row(1, name="Bright   Calls 1", company="Bright 1 Infotech Pvt. Ltd.")])
    import_confirm(actor=sho_a, batch=batch)
    imported = CallCentre.objects.get()
    built = callcentre_row(
        station_id=station_a.pk, premises_id=imported.premises_id, created_by_id=sho_a.pk, source=imported.source,
        name="Bright   Calls 1", company_name="Bright 1 Infotech Pvt. Ltd.", shift_start=imported.shift_start,
        shift_end=imported.shift_end,
    )
    for field in ("name", "name_key", "company_name", "company_key", "night_shift", "status", "source", "station_id"):
        assert getattr(imported, field) == built[field], field
    assert imported.night_shift  # the template row's shift is 21:00-06:00
