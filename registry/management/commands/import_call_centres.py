"""python manage.py import_call_centres FILE --station CODE [--dry-run] [--user USERNAME]

The same checks as the upload page. Every bad row is printed with its line number and the
command exits non-zero without saving anything; otherwise every row is saved (or, with
--dry-run, nothing) and the counts are printed. Writes are audited with source "command".
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.audit import Source, audit_context
from registry.imports import ImportFileError, import_file
from stations.models import PoliceStation, User


class Command(BaseCommand):
    help = "Import call centres from a CSV or XLSX file into one station's list (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or XLSX file with the template's columns")
        parser.add_argument("--station", required=True, help="station code, e.g. udyog-vihar")
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")
        parser.add_argument("--user", help="account the import is recorded under (default: the first superuser)")

    def handle(self, *args, file, station, dry_run, user, **options):
        station_obj = PoliceStation.objects.filter(code=station).first()
        if station_obj is None:
            raise CommandError(f"No station with code {station!r}.")
        actor = self._actor(user)
        def report(kind: str, line: int, messages: list[str]) -> None:
            if kind == "error":
                self.stderr.write(f"line {line}: ERROR: {' '.join(messages)}")
            else:
                self.stdout.write(f"line {line}: possible duplicate, skipped: {' '.join(messages)}")

        try:
            with audit_context(Source.COMMAND, actor=actor):
                result = import_file(actor=actor, station=station_obj, path=file, dry_run=dry_run, report=report)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {file}") from exc
        except (ImportFileError, ValidationError, PermissionDenied) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            raise CommandError(" ".join(str(m) for m in messages)) from exc
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        summary = (
            f"{result.rows} rows: {result.new} new, {result.duplicates} possible duplicates, {result.errors} errors."
        )
        if result.errors:
            raise CommandError(f"{summary} Nothing was saved: fix the {result.errors} bad rows and run again.")
        if dry_run:
            self.stdout.write(f"{summary} Dry run: nothing was saved.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"{summary} Saved {result.saved} call centres ({result.premises} new premises); "
            f"skipped {result.skipped} possible duplicates."
        ))

    def _actor(self, username: str | None) -> User:
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {username!r}.")
            return actor
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError("No superuser exists: pass --user USERNAME.")
        return actor
