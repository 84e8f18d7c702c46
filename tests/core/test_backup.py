"""Backups: `manage.py backup FILE` then `manage.py restore FILE` into a fresh database and an empty
media folder brings back every row of every table and every file, byte for byte."""
import subprocess
import tarfile

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from core.access import log_access
from tests.factories import BustFactory, PersonFactory

RESTORED = "test_aud_restored"


def _counts(dbname: str) -> dict:
    db = connection.settings_dict
    with psycopg2.connect(dbname=dbname, user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432,
                          password=db["PASSWORD"] or None) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                       "AND table_type = 'BASE TABLE' ORDER BY 1")
        tables = [t for (t,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    conn.close()
    return counts


def _psql(sql: str) -> None:
    db = connection.settings_dict
    subprocess.run(["psql", "-h", db["HOST"], "-U", db["USER"], "-d", "postgres", "-c", sql],  # noqa: S603, S607
                   check=True, capture_output=True)


@pytest.fixture
def fresh_database():
    _psql(f"DROP DATABASE IF EXISTS {RESTORED}")
    _psql(f"CREATE DATABASE {RESTORED}")
    yield dict(connection.settings_dict, NAME=RESTORED)
    _psql(f"DROP DATABASE IF EXISTS {RESTORED}")


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_row_and_every_file(tmp_path, sho_a, fresh_database):
    media = tmp_path / "media"
    (media / "persons" / "photos").mkdir(parents=True)
    (media / "persons" / "photos" / "a.jpg").write_bytes(b"\xff\xd8 photo bytes \x00\x01")
    (media / "busts" / "documents").mkdir(parents=True)
    (media / "busts" / "documents" / "fir.pdf").write_bytes(b"%PDF-1.4 fir" * 1000)
    PersonFactory(station=sho_a.station)
    BustFactory(station=sho_a.station)
    log_access(None, action="view", object_kind="person", object_id=1, user=sho_a)
    archive = tmp_path / "registry.backup"
    with override_settings(MEDIA_ROOT=media):
        call_command("backup", str(archive))
    assert tarfile.is_tarfile(archive) and not archive.with_name("registry.backup.part").exists()

    restored_media = tmp_path / "restored-media"
    from core.backup import backup_restore

    manifest = backup_restore(archive, db=fresh_database, media_root=restored_media)
    assert len(manifest["media"]) == 2
    before, after = _counts(connection.settings_dict["NAME"]), _counts(RESTORED)
    assert before == after and before["offenders_person"] == 1 and before["core_accesslog"] >= 1
    for path in media.rglob("*"):
        if path.is_file():
            assert (restored_media / path.relative_to(media)).read_bytes() == path.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_or_media_folder_that_is_not_empty(tmp_path, sho_a, fresh_database):
    archive = tmp_path / "b.backup"
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        call_command("backup", str(archive))
    from core.backup import BackupError, backup_restore

    with pytest.raises(BackupError, match="is not empty"):
        backup_restore(archive, db=connection.settings_dict, media_root=tmp_path / "empty")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    with pytest.raises(BackupError, match="media folder"):
        backup_restore(archive, db=fresh_database, media_root=tmp_path / "full")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w") as archive:
        (tmp_path / "evil.txt").write_text("x")
        archive.add(tmp_path / "evil.txt", arcname="../evil.txt")
    from core.backup import BackupError, backup_restore

    with pytest.raises(BackupError), pytest.MonkeyPatch.context() as mp:
        mp.setattr("core.backup._database_is_empty", lambda db: True)
        backup_restore(bogus, db={"NAME": "x"}, media_root=tmp_path / "m")
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing.backup"))


def test_docker_compose_makes_a_backup_every_day_into_its_own_volume():
    from pathlib import Path

    import yaml
    from django.conf import settings

    compose = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
    service = compose["services"]["backup"]
    assert "manage.py backup /backups/" in service["command"] and "sleep 86400" in service["command"]
    assert "backups:/backups" in service["volumes"] and "backups" in compose["volumes"]
    assert "postgresql-client" in (Path(settings.BASE_DIR) / "Dockerfile").read_text()
