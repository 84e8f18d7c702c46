"""`python manage.py serve`: what `make run` starts.

Migrates, seeds the demo data on first run, then runs the web server, a Celery worker
and Celery beat together; Ctrl-C (SIGINT) or SIGTERM stops all three. With no
DATABASE_URL / REDIS_URL it uses the embedded defaults (SQLite file, filesystem broker).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server, a Celery worker and Celery beat (development)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-seed", action="store_true", help="do not seed demo data on first run")

    def handle(self, *args, host: str, port: str, no_seed: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if not no_seed and not _seeded():
            self.stdout.write("First run: seeding demo data…")
            call_command("seed_demo", stdout=self.stdout)
        if not settings.DEBUG:
            # With DEBUG, whitenoise serves straight from the app folders (WHITENOISE_USE_FINDERS).
            call_command("collectstatic", interactive=False, verbosity=0)
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload", "--skip-checks"],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=INFO",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
            ],
            "beat": [python, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"],
        }
        procs = {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR) for name, cmd in commands.items()}
        self.stdout.write(self.style.SUCCESS(f"Serving on http://{host}:{port}/ (Ctrl-C stops web, worker and beat)"))
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                dead = [name for name, p in procs.items() if p.poll() is not None]
                if dead:
                    self.stderr.write(f"{', '.join(dead)} stopped; shutting down the others.")
                    break
                time.sleep(0.5)
        finally:
            self._stop_all(procs)

    def _stop_all(self, procs: dict[str, subprocess.Popen]) -> None:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + 15
        for p in procs.values():
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()


def _seeded() -> bool:
    """Whether demo data is there already: the demo's administrator account exists."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="admin").exists()
