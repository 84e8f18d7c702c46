"""`manage.py verify_audit`: recompute the hash chains of the access log and of the history rows
(core.auditchain) and report the first row that was altered, removed or added outside the chain."""
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from core.auditchain import verify_chains


class Command(BaseCommand):
    help = "Check that the access log and the audit history were not altered (exit status 1 if they were)."

    def handle(self, *args, **options):
        broken = []
        for name, count, failure in verify_chains(connection):
            if failure is None:
                self.stdout.write(f"{name}: {count} rows, chain intact")
            else:
                self.stdout.write(f"{name}: ALTERED at {failure}")
                broken.append(str(failure))
        if broken:
            raise CommandError("The audit trail was altered: " + "; ".join(broken))
