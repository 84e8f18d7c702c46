"""Core tasks: a health check that proves the worker reaches the database."""
from celery import shared_task

from .audit import Source, audit_context
from .jobs import job_claim, job_finish, job_progress


@shared_task
def job_selfcheck(job_id: int) -> None:
    """Claims a job, counts the stations the worker can see and finishes it (used by tests and admins)."""
    from stations.models import PoliceStation

    if not job_claim(job_id=job_id):
        return
    with audit_context(Source.TASK):
        count = PoliceStation.objects.count()
        job_progress(job_id=job_id, progress=1, total=1, message="counted stations")
        job_finish(job_id=job_id, result={"stations": count})
