"""Background tasks of verification. Thin: each hands a Job id (or the day) to a service.

The weekly and daily schedules are in config/settings/base.py (CELERY_BEAT_SCHEDULE).
"""
from datetime import date

from celery import shared_task
from django.utils import timezone

from core.audit import Source, audit_context
from core.jobs import job_run


@shared_task(name="verification.tasks.inspection_plans_propose_task")
def inspection_plans_propose_task(job_id: int) -> None:
    """The cyber crime team asked for the coming week's plans (verification.services.inspection_plans_request)."""
    from .services import inspection_plans_job

    job_run(job_id=job_id, work=inspection_plans_job)


@shared_task(name="verification.tasks.inspection_plans_weekly_task")
def inspection_plans_weekly_task(day: str | None = None) -> dict:
    """Weekly: propose every station's plan for the coming week (idempotent: one plan per station and week)."""
    from .selectors import coming_week
    from .services import inspection_plans_propose

    today = date.fromisoformat(day) if day else timezone.localdate()
    with audit_context(Source.TASK):
        return inspection_plans_propose(week=coming_week(today), today=today)


@shared_task(name="verification.tasks.inspections_mark_missed_task")
def inspections_mark_missed_task(day: str | None = None) -> int:
    """Daily: visits whose date passed without an outcome become "missed" (the zone officer's queue)."""
    from .services import inspections_mark_missed

    today = date.fromisoformat(day) if day else timezone.localdate()
    with audit_context(Source.TASK):
        return inspections_mark_missed(today=today)
