"""Retention of uploads: an import's file and its preview rows are deleted IMPORT_KEEP_DAYS after the
upload (the batch row and its counts stay, audited). Run daily by registry.tasks.imports_purge_task."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..choices import ImportStatus
from ..models import ImportBatch, ImportRow

#: Default retention in days (settings.IMPORT_KEEP_DAYS).
IMPORT_KEEP_DAYS = 7
#: A batch still being checked or saved is left alone (its job owns it).
_BUSY = (ImportStatus.PARSING, ImportStatus.CONFIRMING)


def imports_purge(*, now=None) -> dict:
    """Delete the uploaded files and preview rows of imports older than the retention.
    Returns {"files": n, "rows": n}."""
    keep_days = getattr(settings, "IMPORT_KEEP_DAYS", IMPORT_KEEP_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=keep_days)
    old = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(status__in=_BUSY)
    files = rows = 0
    for batch in old.exclude(file="").iterator():
        batch.file.delete(save=False)  # the file first: a crash leaves a row pointing at nothing, never a file
        batch.file = ""
        batch.save(update_fields=["file", "updated_at"])
        files += 1
    for batch_id in old.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            rows += ImportRow.objects.filter(batch_id=batch_id).delete()[0]  # one DELETE (nothing cascades)
    return {"files": files, "rows": rows}
