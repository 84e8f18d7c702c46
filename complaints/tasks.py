"""Background tasks of the complaints app: one line each, handing a job id to complaints/imports.py."""
from celery import shared_task

from .imports import complaint_import_confirm_job, complaint_import_parse_job


@shared_task(name="complaints.tasks.complaint_import_parse_task")
def complaint_import_parse_task(job_id: int) -> None:
    """Check an uploaded file of complaints and build its preview."""
    complaint_import_parse_job(job_id=job_id)


@shared_task(name="complaints.tasks.complaint_import_confirm_task")
def complaint_import_confirm_task(job_id: int) -> None:
    """Save a checked file of complaints, all or nothing."""
    complaint_import_confirm_job(job_id=job_id)
