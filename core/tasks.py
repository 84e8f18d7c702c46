"""Core tasks: a health check that proves the worker reaches the database."""
from celery import shared_task

from .jobs import job_run


def _count_stations(job, progress) -> dict:
    from stations.models import PoliceStation

    count = PoliceStation.objects.count()
    progress(1, 1, "counted stations")
    return {"stations": count}


@shared_task(name="core.tasks.job_selfcheck")
def job_selfcheck(job_id: int) -> None:
    """Counts the stations the worker can see (used by tests and admins)."""
    job_run(job_id=job_id, work=_count_stations)
