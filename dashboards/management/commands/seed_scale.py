"""`python manage.py seed_scale --stations N --call-centres N --persons N --busts N`: grow a database
to state (2,000 / 200,000) or national (17,000 / 2,000,000) scale with COPY. Refuses production."""
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dashboards.scale_seed import ScalePlan, seed_scale


class Command(BaseCommand):
    help = "Add stations, call centres, persons, busts and their history rows in bulk (COPY), for scale tests."

    def add_arguments(self, parser):
        parser.add_argument("--stations", type=int, default=2000)
        parser.add_argument("--call-centres", type=int, default=200_000)
        parser.add_argument("--persons", type=int, default=300_000)
        parser.add_argument("--busts", type=int, default=30_000)
        parser.add_argument("--months", type=int, default=3, help="monthly returns per station")
        parser.add_argument("--seed", type=int, default=16)

    def handle(self, *args, **o):
        if getattr(settings, "IS_PRODUCTION", False):
            raise CommandError("seed_scale refuses to run in production mode.")
        for name in ("stations", "call_centres", "persons", "busts", "months"):
            if o[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} cannot be negative.")
        if o["call_centres"] and not o["stations"]:
            raise CommandError("Call centres need new stations: give --stations.")
        started = time.monotonic()
        plan = ScalePlan(stations=o["stations"], call_centres=o["call_centres"], persons=o["persons"],
                         busts=o["busts"], months=o["months"], seed=o["seed"])
        counts = seed_scale(plan, out=self.stderr._out)
        for label, n in sorted(counts.items()):
            self.stdout.write(f"{label}: {n:,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.0f} s."))
