"""Background tasks of enforcement. Thin: each loads what it needs by id and calls a service.

Celery autodiscovers this module; the weekly schedule is in config/settings/base.py
(CELERY_BEAT_SCHEDULE["bulletins-weekly"]).
"""
from datetime import date

from celery import shared_task
from django.utils import timezone

from core.audit import Source, audit_context


@shared_task
def bulletin_generate_task(job_id: int) -> None:
    """An on-demand bulletin of the cyber crime team (offenders.bulletins.bulletin_generate_job)."""
    from .bulletins import bulletin_generate_job

    bulletin_generate_job(job_id=job_id)


@shared_task
def bulletins_weekly_task(day: str | None = None) -> dict:
    """Weekly: a new version of the city's and each zone's bulletin, once per week (idempotent)."""
    from .bulletins import bulletins_weekly

    today = date.fromisoformat(day) if day else timezone.localdate()
    with audit_context(Source.TASK):
        return bulletins_weekly(today=today)
