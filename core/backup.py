"""Backups: the database (pg_dump, custom format) and the media folder in one tar archive, and the
way back into an empty database and an empty media folder.

The archive holds `manifest.json` (when, which database, every media file with its size and
SHA-256), `database.dump` and `media/...`. Restoring refuses a database that has tables or a media
folder that has files, so a restore never mixes two states. See README "Backups".
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.utils import timezone

DUMP = "database.dump"
MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot be done, said in plain words."""


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup_create(target: Path, *, db: dict, media_root: Path) -> dict:
    """Write the archive to `target` (through a temporary name, so a failed backup leaves nothing)."""
    if db.get("ENGINE") != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL (pg_dump).")
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        args, env = _pg_args(db)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "-f", str(dump), db["NAME"]], env)
        files = _media_files(media_root)
        manifest = {
            "created": timezone.now().isoformat(), "database": db["NAME"],
            "media": [{"path": p.relative_to(media_root).as_posix(), "size": p.stat().st_size, "sha256": _sha256(p)}
                      for p in files],
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=1))
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=DUMP)
            for path in files:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
    partial.replace(target)
    return manifest


def _database_is_empty(db: dict) -> bool:
    args, env = _pg_args(db)
    done = subprocess.run(  # noqa: S603
        ["psql", *args, "-d", db["NAME"], "-Atc",  # noqa: S607
         "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"Cannot reach the database {db['NAME']}: {done.stderr.strip()[:500]}")
    return done.stdout.strip() == "0"


def backup_restore(source: Path, *, db: dict, media_root: Path) -> dict:
    """Restore an archive into an EMPTY database and an EMPTY (or missing) media folder."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    if _media_files(media_root):
        raise BackupError(f"The media folder {media_root} is not empty: restore into an empty folder.")
    if not _database_is_empty(db):
        raise BackupError(f"The database {db['NAME']} is not empty: restore into a new, empty database.")
    with tempfile.TemporaryDirectory() as work, tarfile.open(source, "r") as archive:
        names = archive.getnames()
        if MANIFEST not in names or DUMP not in names:
            raise BackupError("This file is not a backup of the registry (no manifest or database dump).")
        # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
        archive.extractall(work, filter="data")
        manifest = json.loads((Path(work) / MANIFEST).read_text())
        args, env = _pg_args(db)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, "-d", db["NAME"],
              str(Path(work) / DUMP)], env)
        extracted = Path(work) / MEDIA
        media_root.mkdir(parents=True, exist_ok=True)
        for entry in manifest["media"]:
            path = extracted / entry["path"]
            if not path.is_file() or _sha256(path) != entry["sha256"]:
                raise BackupError(f"The backup's file {entry['path']} is missing or damaged.")
            destination = media_root / entry["path"]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
    return manifest
