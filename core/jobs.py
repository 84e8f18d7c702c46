"""Background jobs: one runner for every kind of long work.

A service records a Job (`job_create`) and queues its task by name after the commit
(`job_enqueue`), so no service imports a tasks module. The task is one line that hands
the job id to `job_run` with the work to do. `job_run`:

* claims the job by a conditional UPDATE (PENDING -> RUNNING): a job runs at most once,
  and a redelivered message finds nothing to do;
* runs the work as the requesting officer (the audit trail names them, with the source);
* gives the work a `progress(done, total, message)` callable for the page's progress bar;
* finishes the job with the work's result, or with a message in the officer's terms:
  a ValidationError's or JobFailed's own message, or a general one for anything else,
  whose traceback goes to the log (never to the officer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from .audit import Source, audit_context
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

#: progress(done, total, message="") as handed to the work of a job.
Progress = Callable[..., None]


class JobFailed(Exception):
    """Raised by a job's work to fail it with a message for the officer (and optional result,
    e.g. {"next_url": ...} so the page can offer a way back)."""

    def __init__(self, message: str, *, result: dict | None = None):
        super().__init__(message)
        self.message = message
        self.result = result or {}


def job_create(*, actor, kind: str, station=None, params: dict | None = None, total: int = 0) -> Job:
    """Record a job; the caller queues its task with `job_enqueue` inside the same transaction."""
    job = Job(kind=kind, requested_by=actor, station=station, params=params or {}, total=total)
    job.full_clean()
    job.save()
    return job


def job_enqueue(job: Job, task_name: str) -> None:
    """Queue the job's task by name once the surrounding transaction commits."""
    from celery import current_app

    job_id = job.pk
    transaction.on_commit(lambda: current_app.send_task(task_name, args=[job_id]))


def job_claim(*, job_id: int) -> bool:
    """Claim a pending job for this worker; False if someone else already has it."""
    return (
        Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
            status=JobStatus.RUNNING, started_at=timezone.now()
        )
        == 1
    )


def job_progress(*, job_id: int, progress: int, total: int | None = None, message: str = "") -> None:
    """Report progress. A plain UPDATE (no history row): progress ticks are not audit events."""
    fields = {"progress": progress, "message": str(message)[:300]}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).update(**fields)


def job_finish(*, job_id: int, result: dict | None = None, error: str = "") -> Job:
    """Mark a job finished (or failed) and audit the outcome."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        job.status = JobStatus.FAILED if error else JobStatus.SUCCEEDED
        job.result = result or {}
        job.error = error
        job.finished_at = timezone.now()
        if not error:
            job.progress = job.total or job.progress
        job.save()
    return job


def job_run(
    *, job_id: int, work: Callable[[Job, Progress], dict | None], source: str = Source.TASK,
    failure: str | None = None,
) -> Job | None:
    """Claim the job, run `work(job, progress)` as its requesting officer, and finish it.

    `work` returns the job's result (a dict, e.g. {"file": ..., "next_url": ...}).
    `failure` is the officer's message for an unexpected error. Returns the finished Job,
    or None when the job was not pending (already claimed: nothing is done twice).
    """
    if not job_claim(job_id=job_id):
        return None
    job = Job.objects.select_related("requested_by", "station").get(pk=job_id)

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        job_progress(job_id=job_id, progress=done, total=total, message=message)

    with audit_context(source, actor=job.requested_by):
        try:
            result = work(job, progress)
        except JobFailed as exc:
            return job_finish(job_id=job_id, error=exc.message, result=exc.result)
        except ValidationError as exc:
            return job_finish(job_id=job_id, error="; ".join(str(m) for m in exc.messages))
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            return job_finish(
                job_id=job_id,
                error=failure or _g("The work could not be finished. Try again, or ask the administrator."),
            )
        return job_finish(job_id=job_id, result=result or {})
