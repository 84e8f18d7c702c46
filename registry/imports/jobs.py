"""The import's background jobs, on the one job runner (core.jobs.job_run, source IMPORT): the
tasks in registry/tasks.py hand the job id to these functions."""
from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _g

from core.audit import Source
from core.jobs import JobFailed, job_run
from core.models import Job

from ..models import ImportBatch
from .batches import import_parse
from .messages import ImportFileError
from .progress import CommittedProgress
from .saving import import_confirm

logger = logging.getLogger(__name__)


def _parse_work(job: Job, _progress) -> dict:
    """Check the batch's file and point the page at the preview (or back at the upload page)."""
    batch = ImportBatch.objects.select_related("station").get(pk=job.params["batch_id"])
    upload_url = reverse("registry:import-upload")
    try:
        with CommittedProgress(job.pk) as progress:
            import_parse(batch=batch, progress=progress)
    except ImportFileError as exc:
        raise JobFailed(" ".join(str(m) for m in exc.messages), result={"next_url": upload_url})
    except Exception:
        logger.exception("Import %s could not be checked", batch.pk)  # the traceback for the log only
        raise JobFailed(_g("The file could not be checked. Try again, or ask the administrator."),
                        result={"next_url": upload_url})
    return {
        "next_url": reverse("registry:import-preview", args=[batch.pk]), "batch_id": batch.pk,
        "rows": batch.rows_total, "new": batch.rows_new, "duplicates": batch.rows_duplicate,
        "errors": batch.rows_error,
    }


def _confirm_work(job: Job, _progress) -> dict:
    """Save the batch, all or nothing, and point the page back at the import."""
    batch = ImportBatch.objects.select_related("station").get(pk=job.params["batch_id"])
    next_url = reverse("registry:import-preview", args=[batch.pk])
    try:
        result = import_confirm(actor=job.requested_by, batch=batch, job_id=job.pk)
    except (ValidationError, PermissionDenied) as exc:
        messages = getattr(exc, "messages", None) or [str(exc)]
        raise JobFailed(" ".join(str(m) for m in messages), result={"next_url": next_url})
    except Exception:
        logger.exception("Import %s could not be saved", batch.pk)  # the traceback for the log only
        raise JobFailed(_g("Saving failed and nothing was saved. Try again, or ask the administrator."),
                        result={"next_url": next_url})
    return {"next_url": next_url, "created": result.created, "skipped": result.skipped,
            "premises": result.premises_created, "return_entries": result.return_entries}


def import_parse_job(*, job_id: int) -> Job | None:
    """Run a parse Job: check the batch's file and build its preview."""
    return job_run(job_id=job_id, work=_parse_work, source=Source.IMPORT)


def import_confirm_job(*, job_id: int) -> Job | None:
    """Run a confirm Job: save the batch, all or nothing."""
    return job_run(job_id=job_id, work=_confirm_work, source=Source.IMPORT)
