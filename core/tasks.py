"""Core tasks: a health check that proves the worker reaches the database."""
from celery import shared_task

from .jobs import job_run


def _count_accounts(job, progress) -> dict:
    """Counts accounts; with params {"steps": n, "pause": seconds} it takes its time, writing a
    partial file step by step (the fault tests kill a worker in the middle)."""
    import time

    from django.contrib.auth import get_user_model

    from .files import job_file_begin

    steps, pause = int(job.params.get("steps", 1)), float(job.params.get("pause", 0))
    relative, path = job_file_begin(job, folder="selfcheck", suffix="txt")
    with path.open("w") as out:
        for step in range(1, steps + 1):
            time.sleep(pause)
            out.write(f"step {step}\n")
            out.flush()
            progress(step, steps, f"step {step} of {steps}")
    count = get_user_model().objects.count()
    return {"accounts": count, "file": relative, "attempt": job.attempts}


@shared_task(name="core.tasks.job_selfcheck")
def job_selfcheck(job_id: int) -> None:
    """Counts the accounts the worker can see (used by tests and admins)."""
    job_run(job_id=job_id, work=_count_accounts)


@shared_task(name="core.tasks.jobs_sweep")
def jobs_sweep_task() -> dict:
    """Every minute: re-dispatch jobs the broker lost, restart jobs whose worker died."""
    from .audit import Source, audit_context
    from .jobs import jobs_sweep

    with audit_context(Source.TASK):
        return jobs_sweep()


@shared_task(name="core.tasks.accounts_disable_dormant_task")
def accounts_disable_dormant_task() -> list[str]:
    """Nightly: disable accounts unused for ACCOUNT_DORMANT_DAYS."""
    from .accounts.dormant import accounts_disable_dormant
    from .audit import Source, audit_context

    with audit_context(Source.TASK):
        return accounts_disable_dormant()
