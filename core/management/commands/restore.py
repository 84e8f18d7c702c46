"""`manage.py restore FILE`: a backup back into an empty database and an empty media folder (core.backup)."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and an empty media folder."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        connection.close()  # pg_restore works on its own connection
        try:
            manifest = backup_restore(file, db=connection.settings_dict, media_root=Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {file} (made {manifest['created']}): {len(manifest['media'])} files.")
