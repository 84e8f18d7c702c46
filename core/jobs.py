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

Nothing is lost when the broker or a worker fails:

* a broker that cannot be reached when the job is queued is logged, not raised: the
  officer's request succeeds and the job waits, PENDING and undispatched;
* `jobs_sweep` (every minute, CELERY_BEAT_SCHEDULE["jobs-sweep"]) hands such jobs to the
  broker again, and puts back a RUNNING job whose worker stopped sending heartbeats
  (killed, out of memory) so that it is claimed afresh — its partial file removed, at most
  JOB_MAX_ATTEMPTS times;
* a worker that lost its claim (the sweeper gave the job to another) cannot finish it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
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
    """Queue the job's task by name once the surrounding transaction commits.

    The task name is kept on the job, so the sweeper can queue it again if the broker loses it.
    """
    job.task_name = task_name
    Job.objects.filter(pk=job.pk).update(task_name=task_name)
    job_id = job.pk
    transaction.on_commit(lambda: job_dispatch(job_id=job_id))


def job_dispatch(*, job_id: int) -> bool:
    """Hand a pending job to the broker. An unreachable broker is logged, never raised: the job
    waits (PENDING, not dispatched) for `jobs_sweep`. Returns whether the broker took it."""
    from celery import current_app

    job = Job.objects.filter(pk=job_id, status=JobStatus.PENDING).exclude(task_name="").first()
    if job is None:
        return False
    try:
        current_app.send_task(job.task_name, args=[job_id], retry=False)
    except Exception:  # kombu/redis errors vary by transport: any failure to publish means "later"
        logger.warning("job %s (%s) could not be queued; the sweeper will retry", job_id, job.kind, exc_info=True)
        return False
    Job.objects.filter(pk=job_id).update(dispatched_at=timezone.now())
    return True


def job_claim(*, job_id: int) -> bool:
    """Claim a pending job for this worker; False if someone else already has it."""
    from django.db.models import F

    now = timezone.now()
    return (
        Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
            status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
        )
        == 1
    )


def job_progress(*, job_id: int, progress: int, total: int | None = None, message: str = "") -> None:
    """Report progress. A plain UPDATE (no history row): progress ticks are not audit events."""
    fields = {"progress": progress, "message": str(message)[:300], "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).update(**fields)


def job_finish(*, job_id: int, result: dict | None = None, error: str = "", attempt: int | None = None) -> Job:
    """Mark a job finished (or failed) and audit the outcome.

    With `attempt`, only the claim that ran it may finish it: a worker whose job the sweeper
    gave to another (it had stopped sending heartbeats) leaves the job alone.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if attempt is not None and (job.attempts != attempt or job.status != JobStatus.RUNNING):
            logger.warning("job %s: attempt %s lost its claim; its outcome is dropped", job_id, attempt)
            return job
        job.status = JobStatus.FAILED if error else JobStatus.SUCCEEDED
        job.result = result or {}
        job.error = error
        job.finished_at = timezone.now()
        if not error:
            job.progress = job.total or job.progress
        job.save()
    if error:
        from .files import job_partial_remove

        job_partial_remove(job)
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
    attempt = job.attempts

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        job_progress(job_id=job_id, progress=done, total=total, message=message)

    with audit_context(source, actor=job.requested_by):
        try:
            result = work(job, progress)
        except JobFailed as exc:
            return job_finish(job_id=job_id, error=exc.message, result=exc.result, attempt=attempt)
        except ValidationError as exc:
            return job_finish(job_id=job_id, error="; ".join(str(m) for m in exc.messages), attempt=attempt)
        except Exception:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            return job_finish(
                job_id=job_id,
                error=failure or _g("The work could not be finished. Try again, or ask the administrator."),
                attempt=attempt,
            )
        return job_finish(job_id=job_id, result=result or {}, attempt=attempt)


def jobs_sweep(*, now=None) -> dict[str, int]:
    """Re-dispatch jobs the broker lost and give back jobs whose worker died.

    * PENDING jobs never dispatched (broker down when queued) or dispatched longer ago than
      JOB_DISPATCH_TIMEOUT seconds without being claimed: queued again (a duplicate message is
      harmless, the claim is conditional);
    * RUNNING jobs without a heartbeat for JOB_HEARTBEAT_TIMEOUT seconds: their partial file
      removed and put back to PENDING (or FAILED after JOB_MAX_ATTEMPTS claims), then queued.
    """
    from .files import job_partial_remove

    now = now or timezone.now()
    dispatch_cutoff = now - timedelta(seconds=getattr(settings, "JOB_DISPATCH_TIMEOUT", 300))
    heartbeat_cutoff = now - timedelta(seconds=getattr(settings, "JOB_HEARTBEAT_TIMEOUT", 600))
    max_attempts = getattr(settings, "JOB_MAX_ATTEMPTS", 3)
    counts = {"redispatched": 0, "restarted": 0, "failed": 0}
    for job in Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=heartbeat_cutoff).exclude(task_name=""):
        job_partial_remove(job)
        if job.attempts >= max_attempts:
            if Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).exists():
                job_finish(job_id=job.pk, attempt=job.attempts, error=_g(
                    "The work stopped several times and was given up. Try again, or ask the administrator."))
                counts["failed"] += 1
            continue
        reset = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
            status=JobStatus.PENDING, dispatched_at=None, progress=0, message=""
        )
        if reset:
            logger.warning("job %s (%s): no heartbeat since %s; restarting", job.pk, job.kind, job.heartbeat_at)
            counts["restarted"] += 1
    stale = Job.objects.filter(status=JobStatus.PENDING).exclude(task_name="").filter(
        models.Q(dispatched_at__isnull=True) | models.Q(dispatched_at__lt=dispatch_cutoff)
    )
    for job_id in stale.values_list("pk", flat=True):
        counts["redispatched"] += job_dispatch(job_id=job_id)
    return counts
