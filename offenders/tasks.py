"""Background tasks of enforcement: each is one line handing its arguments to a service.

Services queue them by name (core.jobs.job_enqueue), so no service imports this module.
Celery autodiscovers it; the weekly schedule is in config/settings/base.py
(CELERY_BEAT_SCHEDULE["bulletins-weekly"]).
"""
from celery import shared_task

from .services.bulletins import bulletin_generate_job, bulletins_weekly_run


@shared_task(name="offenders.tasks.bulletin_generate_task")
def bulletin_generate_task(job_id: int) -> None:
    """An on-demand bulletin of the cyber crime team (a Job run by core.jobs.job_run)."""
    bulletin_generate_job(job_id=job_id)


@shared_task(name="offenders.tasks.bulletins_weekly_task")
def bulletins_weekly_task(day: str | None = None) -> dict:
    """Weekly: a new version of the city's and each zone's bulletin, once per week (idempotent)."""
    return bulletins_weekly_run(day=day)
