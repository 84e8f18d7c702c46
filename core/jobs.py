"""Services for background Job rows: create, claim, report progress, finish."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus


def job_create(*, actor, kind: str, station=None, params: dict | None = None, total: int = 0) -> Job:
    """Record a job; the caller queues its task with transaction.on_commit."""
    job = Job(kind=kind, requested_by=actor, station=station, params=params or {}, total=total)
    job.full_clean()
    job.save()
    return job


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
    fields = {"progress": progress, "message": message[:300]}
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
