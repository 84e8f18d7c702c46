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
@shared_task(name="verification.tasks.letters_generate")
def letters_generate(job_id: int) -> None:
    """Draft the letters of a request, one per agency and cycle (idempotent)."""
    from .services import letters_generate_work

    job_run(job_id=job_id, work=letters_generate_work)


@shared_task(name="verification.tasks.letters_remind")
def letters_remind_task() -> dict:
    """Daily reminders of overdue letters, and escalations (idempotent per letter and day)."""
    from .services import letters_remind

    with audit_context(Source.TASK):
        return letters_remind()
