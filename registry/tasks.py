"""Background tasks of the registry. Thin: each loads its Job by id and calls a service.

Every capability of the registry adds its task here (Celery autodiscovers this module).
"""
from celery import shared_task


@shared_task
def callcentre_export_task(job_id: int) -> None:
    """Write a large call-centre export to a file (progress and the download link on the Job)."""
    from .exports import export_run

    export_run(job_id=job_id)
