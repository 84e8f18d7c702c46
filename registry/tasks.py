"""Background tasks of the registry. Thin: each loads its Job by id and calls a service.

Every capability of the registry adds its task here (Celery autodiscovers this module).
"""
from datetime import date

from celery import shared_task
from django.utils import timezone

from core.audit import Source, audit_context
from core.jobs import job_claim
from core.models import Job


@shared_task
def callcentre_export_task(job_id: int) -> None:
    """Write a large call-centre export to a file (progress and the download link on the Job)."""
    from .exports import export_run

    export_run(job_id=job_id)


@shared_task
def exports_purge_task() -> int:
    """Daily: delete the files of exports older than EXPORT_KEEP_DAYS (registry.exports.exports_purge)."""
    from .exports import exports_purge

    with audit_context(Source.TASK):
        return exports_purge()


@shared_task
def returns_remind(day: str | None = None) -> dict:
    """Daily: remind stations whose return is missing and escalate to zone officers (registry.returns)."""
    from .returns import returns_send_reminders

    today = date.fromisoformat(day) if day else timezone.localdate()
    with audit_context(Source.TASK):
        return returns_send_reminders(today=today)


# --------------------------------------------------------------------------- imports

@shared_task
def import_parse_task(job_id: int) -> None:
    """Check an uploaded file of call centres and build its preview (registry.imports.import_parse_job)."""
    from .imports import import_parse_job

    if not job_claim(job_id=job_id):
        return
    actor = Job.objects.select_related("requested_by").get(pk=job_id).requested_by
    with audit_context(Source.IMPORT, actor=actor):
        import_parse_job(job_id=job_id)


@shared_task
def import_confirm_task(job_id: int) -> None:
    """Save a confirmed import, all or nothing (registry.imports.import_confirm_job)."""
    from .imports import import_confirm_job

    if not job_claim(job_id=job_id):
        return
    actor = Job.objects.select_related("requested_by").get(pk=job_id).requested_by
    with audit_context(Source.IMPORT, actor=actor):
        import_confirm_job(job_id=job_id)


@shared_task
def return_pdf_task(job_id: int) -> None:
    """Print a long station return to PDF (the page polls the Job, then offers the file)."""
    from core.audit import Source, audit_context

    from .returns import return_pdf_run

    with audit_context(Source.TASK):
        return_pdf_run(job_id=job_id)
