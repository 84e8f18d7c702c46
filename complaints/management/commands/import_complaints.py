"""python manage.py import_complaints FILE [--user USERNAME]: check and save a file of complaints, all or nothing."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from complaints.imports import read_rows
from complaints.services.complaints import complaints_save
from core.audit import Source, audit_context
from registry.imports.messages import ImportFileError
from registry.imports.reading import file_kind


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of complaints (idempotent by source and reference)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", help="the officer recorded as importing (default: the first superuser)")

    def handle(self, *args, file: str, user: str | None = None, **options):
        kind = file_kind(file)
        if kind is None:
            raise CommandError("Give a .csv or .xlsx file.")
        users = get_user_model().objects
        actor = users.filter(username=user).first() if user else users.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError("No such user (give --user).")
        try:
            wrong = [(c.line, c.errors) for c in read_rows(file, kind) if c.errors]
        except ImportFileError as exc:
            raise CommandError(" ".join(str(m) for m in exc.messages)) from exc
        if wrong:
            for line, errors in wrong[:50]:
                self.stderr.write(f"line {line}: {' '.join(errors)}")
            raise CommandError(f"{len(wrong)} wrong row(s): nothing was saved.")
        try:
            with audit_context(Source.COMMAND, actor=actor):
                result = complaints_save(actor=actor, rows=(c.row for c in read_rows(file, kind)))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{result.created} complaint(s) saved, {result.skipped} already recorded, "
                          f"{result.links} link(s), {len(result.call_centres)} call centre(s) named.")
