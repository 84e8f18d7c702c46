"""`manage.py backup FILE`: the database and the media folder in one archive (core.backup)."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a backup (pg_dump of the database and every media file) to FILE, a tar archive."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            manifest = backup_create(file, db=connection.settings_dict, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {file}: database {manifest['database']}, {len(manifest['media'])} files.")
