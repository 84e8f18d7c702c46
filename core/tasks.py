"""Core tasks: a health check that proves the worker reaches the database."""
from celery import shared_task

from .jobs import job_run


def _count_accounts(job, progress) -> dict:
    from django.contrib.auth import get_user_model

    count = get_user_model().objects.count()
    progress(1, 1, "counted accounts")
    return {"accounts": count}


@shared_task(name="core.tasks.job_selfcheck")
def job_selfcheck(job_id: int) -> None:
    """Counts the accounts the worker can see (used by tests and admins)."""
    job_run(job_id=job_id, work=_count_accounts)
