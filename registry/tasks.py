"""Background tasks of the registry: one line each, handing a job id (or the day) to a service.

Services queue these by name after their transaction commits (`core.jobs.job_enqueue(job,
"registry.tasks.<name>")`), so no service imports this module. Names are explicit: the
schedules in config/settings/base.py and the services name them.
"""
from datetime import date

from celery import shared_task
from django.utils import timezone

from core.audit import Source, audit_context

from .imports.jobs import import_confirm_job, import_parse_job
from .imports.purge import imports_purge
from .services.exports import export_job, exports_purge
from .services.returns import return_pdf_job, return_pdfs_purge, returns_send_reminders


@shared_task(name="registry.tasks.callcentre_export_task")
def callcentre_export_task(job_id: int) -> None:
    """Write a large call-centre export to a file (progress and the download link on the Job)."""
    export_job(job_id=job_id)


@shared_task(name="registry.tasks.return_pdf_task")
def return_pdf_task(job_id: int) -> None:
    """Print a long station return to PDF (the page polls the Job, then offers the file)."""
    return_pdf_job(job_id=job_id)


@shared_task(name="registry.tasks.import_parse_task")
def import_parse_task(job_id: int) -> None:
    """Check an uploaded file of call centres and build its preview."""
    import_parse_job(job_id=job_id)


@shared_task(name="registry.tasks.import_confirm_task")
def import_confirm_task(job_id: int) -> None:
    """Save a confirmed import, all or nothing."""
    import_confirm_job(job_id=job_id)


@shared_task(name="registry.tasks.exports_purge_task")
def exports_purge_task() -> int:
    """Daily: delete the files of exports and printed returns past their retention
    (EXPORT_KEEP_DAYS, RETURN_PDF_KEEP_DAYS). Returns how many files were purged."""
    with audit_context(Source.TASK):
        return exports_purge() + return_pdfs_purge()


@shared_task(name="registry.tasks.returns_remind")
def returns_remind(day: str | None = None) -> dict:
    """Daily: remind stations whose return is missing and escalate to zone officers."""
    with audit_context(Source.TASK):
        return returns_send_reminders(today=date.fromisoformat(day) if day else timezone.localdate())


@shared_task(name="registry.tasks.imports_purge_task")
def imports_purge_task() -> dict:
    """Daily: delete uploaded import files and preview rows past IMPORT_KEEP_DAYS."""
    with audit_context(Source.TASK):
        return imports_purge()
