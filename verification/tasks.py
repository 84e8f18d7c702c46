"""Background tasks of verification: each hands its ids to a service (core.jobs runs the job)."""
from celery import shared_task

from core.audit import Source, audit_context
from core.jobs import job_run

from .services import letters_generate_work, letters_remind


@shared_task(name="verification.tasks.letters_generate")
def letters_generate(job_id: int) -> None:
    """Draft the letters of a request, one per agency and cycle (idempotent)."""
    job_run(job_id=job_id, work=letters_generate_work)


@shared_task(name="verification.tasks.letters_remind")
def letters_remind_task() -> dict:
    """Daily reminders of overdue letters, and escalations (idempotent per letter and day)."""
    with audit_context(Source.TASK):
        return letters_remind()
