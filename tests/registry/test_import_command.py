"""`manage.py import_call_centres FILE --station CODE [--dry-run]`: the upload's checks from the command line."""
from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from registry.models import CallCentre, ImportBatch, Premises
from tests.factories import LocalityFactory

from .test_imports import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def uv3(station_a):
    return LocalityFactory(name="Udyog Vihar Phase III", aliases="UV-3;Udyog Vihar Phase 3", station=station_a)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_call_centres", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_bad_rows_are_printed_with_their_line_and_nothing_is_saved(tmp_path, station_a, uv3, admin_user):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(1), row(2, phones="12345"), row(3), row(4, name="", locality="Mars")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 rows: 2 new, 0 possible duplicates, 2 errors. Nothing was saved"):
        call_command("import_call_centres", str(path), "--station", station_a.code, stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 3: ERROR: Bad phone number “12345”")
    assert lines[1].startswith("line 5: ERROR: Name is missing.") and "Unknown locality “Mars”" in lines[1]
    assert not CallCentre.objects.exists() and not ImportBatch.objects.exists() and not Premises.objects.exists()


def test_the_command_exits_non_zero_on_bad_rows(tmp_path, station_a, uv3, admin_user):
    import subprocess
    import sys

    from django.conf import settings
    from django.db import connection

    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(1, seats="lots")]))
    db = connection.settings_dict
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    # The test's data is not committed, so the child sees no such station: exit 1 either way.
    done = subprocess.run([sys.executable, "manage.py", "import_call_centres", str(path), "--station", "nowhere"],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert "No station with code 'nowhere'" in done.stderr


def test_dry_run_checks_everything_and_saves_nothing(tmp_path, station_a, uv3, admin_user):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(1), row(2), row(3, phones="9810000001")]))
    out, _err = run(str(path), "--station", station_a.code, "--dry-run")
    assert "3 rows: 2 new, 1 possible duplicates, 0 errors. Dry run: nothing was saved." in out
    assert "line 4: possible duplicate, skipped: Same phone 9810000001 as line 2 of this file." in out
    assert not CallCentre.objects.exists() and not ImportBatch.objects.exists()


def test_a_clean_file_is_saved_and_counted_with_source_command(tmp_path, station_a, uv3, admin_user):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx_bytes([row(1), row(2), row(3, phones="9810000001")]))
    out, _err = run(str(path), "--station", station_a.code)
    assert "Saved 2 call centres (2 new premises); skipped 1 possible duplicates." in out
    assert CallCentre.objects.filter(station=station_a).count() == 2
    history = CallCentre.history.first()
    assert history.history_source == "command" and history.history_user == admin_user


def test_the_import_is_recorded_under_the_given_officer(tmp_path, station_a, uv3, sho_a):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(1)]))
    run(str(path), "--station", station_a.code, "--user", sho_a.username)
    assert CallCentre.objects.get().created_by == sho_a


def test_an_officer_cannot_import_into_another_station(tmp_path, station_b, uv3, sho_a):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([row(1)]))
    with pytest.raises(CommandError, match="only into your own station"):
        run(str(path), "--station", station_b.code, "--user", sho_a.username)
    assert not CallCentre.objects.exists()


@pytest.mark.parametrize("name,content,message", [
    ("list.txt", b"name\nA\n", "Give a .csv or .xlsx file"),
    ("list.csv", b"centre\nA\n", "“name” column"),
    ("list.xlsx", b"not a workbook", "The Excel file is damaged"),
])
def test_unreadable_files_are_refused_with_a_clear_message(tmp_path, station_a, admin_user, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--station", station_a.code)


def test_unknown_station_and_missing_file_are_refused(tmp_path, station_a, admin_user):
    with pytest.raises(CommandError, match="No station with code"):
        run(str(tmp_path / "x.csv"), "--station", "nowhere")
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.csv"), "--station", station_a.code)
