"""The Celery app: autodiscovers tasks, schedules live in settings (CELERY_BEAT_SCHEDULE)."""

import os

from celery import Celery
from celery.signals import worker_init, worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@worker_process_init.connect
def _job_statement_timeout(**kwargs):
    """Background jobs may hold a statement longer than a web request (core.db)."""
    from django.conf import settings

    from core.db import statement_timeout_use

    statement_timeout_use(settings.DB_STATEMENT_TIMEOUT_JOB)
