"""The import's services: upload a file, check it (the preview), decide on duplicates, confirm;
and the command's whole run (`import_file`).

1. `import_upload` stores the file as an ImportBatch and queues a background Job.
2. `import_parse` (in the worker, imports/jobs.py) streams the file, checks every row, writes
   one ImportRow per line (new / possible duplicate / error) and finds duplicates within the
   file and against the registry. No call centre is saved.
3. The preview page shows the rows; for each possible duplicate the SHO chooses to skip it
   (the default) or record it as new (`import_row_decide`).
4. `import_confirm_start` saves small batches at once and queues big ones (imports/saving.py).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE, ensure_in_scope
from core.bulk import BulkWriter
from core.jobs import job_create, job_enqueue
from core.models import Job
from core.permissions import require

from ..choices import ImportStatus, ReturnStatus, RowOutcome
from ..models import ImportBatch, ImportRow, StationReturn
from . import limits, reading
from .checking import CheckContext, check_context, check_row
from .duplicates import apply_duplicates, create_key_table, insert_keys, row_keys
from .messages import ERROR, ImportFileError, msg, render_message
from .reading import file_kind, map_header, open_table, probe_upload
from .saving import PERM_IMPORT, check_confirmable, import_confirm

PERM_DECIDE = "registry.change_importbatch"


def _check_may_import(actor, station) -> None:
    from stations.models import PoliceStation

    require(actor, PERM_IMPORT, _g("Your role cannot import call centres."))
    if not PoliceStation.objects.for_user(actor, CHANGE).filter(pk=station.pk).exists():
        raise ValidationError({"station": _g("You can import only into your own station's list.")})


def _check_return(*, actor, station, station_return: StationReturn | None) -> None:
    if station_return is None:
        return
    if not StationReturn.objects.for_user(actor, CHANGE).filter(pk=station_return.pk).exists():
        raise ValidationError({"station_return": _g("That return is not one of your station's.")})
    if station_return.station_id != station.pk:
        raise ValidationError({"station_return": _g("That return belongs to another station.")})
    if station_return.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
        raise ValidationError({"station_return": _g("That return is already submitted; it can no longer change.")})


def import_upload(*, actor, station, uploaded_file, station_return: StationReturn | None = None) -> ImportBatch:
    """Store an uploaded file as an ImportBatch and queue the background check.

    The file's type, size, encoding and header are checked first (`probe_upload`).
    """
    _check_may_import(actor, station)
    _check_return(actor=actor, station=station, station_return=station_return)
    warnings = probe_upload(uploaded_file)
    with transaction.atomic():
        batch = ImportBatch(
            station=station, uploaded_by=actor, file=uploaded_file, original_name=os.path.basename(uploaded_file.name)[:255],
            status=ImportStatus.PARSING, station_return=station_return, warnings=warnings,
        )
        batch.full_clean()
        batch.save()
        job = job_create(actor=actor, kind="import_parse", station=station, params={"batch_id": batch.pk}, total=100)
        batch.job = job
        batch.save(update_fields=["job", "updated_at"])
        ensure_in_scope(actor, batch)
        job_enqueue(job, "registry.tasks.import_parse_task")
    return batch


def import_parse(
    *, batch: ImportBatch, source: str | IO[bytes] | None = None, progress: Callable[[int, str], None] | None = None
) -> ImportBatch:
    """Read the file, check every row, find duplicates and write the preview rows. Saves no call centre.

    `source` is a path or a binary file (the command passes the file it was given);
    by default the batch's stored file. `progress(percent, message)` is called per 1,000 rows.
    Raises ImportFileError when the file as a whole cannot be read; the batch is then FAILED
    and holds no rows.
    """
    kind = file_kind(batch.original_name)
    if kind is None:
        raise ImportFileError(_("Upload a .csv or .xlsx file (this one is “%(name)s”).") % {"name": batch.original_name})
    ctx = check_context(station=batch.station)
    if source is None:
        batch.file.open("rb")
        source = batch.file.file
    try:
        # One transaction: a file that fails half-way leaves no preview rows, and the database
        # flushes its log once instead of once per 1,000 rows.
        with transaction.atomic():
            ImportRow.objects.filter(batch=batch).delete()
            _parse_rows(batch, source, kind, ctx, progress)
            _count_rows(batch)
            batch.status = ImportStatus.PREVIEW
            batch.save()
    except Exception:
        batch.status = ImportStatus.FAILED
        batch.save()
        raise
    finally:
        if batch.file:
            batch.file.close()
    return batch


def _parse_rows(batch: ImportBatch, source, kind: str, ctx: CheckContext, progress) -> None:
    """Stream the file: check each row, write preview rows and their keys 1,000 at a time, then find duplicates."""
    with open_table(source, kind) as table, connection.cursor() as cursor:
        if not table.header:
            raise ImportFileError(_("The file has no rows."))
        header = map_header(table.header)
        if header.unknown:
            batch.warnings = [msg("warning", "unknown_columns", columns=", ".join(header.unknown))]
        create_key_table(cursor)
        total = 0
        buffer: list[dict] = []
        rows_writer = BulkWriter(ImportRow)
        keys: list[tuple] = []
        for line, raw in table.rows():
            data, messages = check_row(header.cells(raw), ctx)
            errors = any(m["level"] == ERROR for m in messages)
            outcome = RowOutcome.ERROR if errors else (RowOutcome.DUPLICATE if messages else RowOutcome.NEW)
            duplicate_of = next((m["call_centre_id"] for m in messages if "call_centre_id" in m), None)
            buffer.append({"batch_id": batch.pk, "line": line, "data": data, "outcome": outcome,
                           "messages": messages, "duplicate_of_id": duplicate_of})
            if not errors:
                keys.extend(row_keys(line, data))
            total += 1
            if len(buffer) >= limits.CHUNK_ROWS:
                rows_writer.write(buffer, ids=False)
                insert_keys(cursor, keys)
                buffer, keys = [], []
                if progress:
                    progress(int(80 * table.fraction_read(line)), _g("%(rows)s rows checked") % {"rows": total})
        rows_writer.write(buffer, ids=False)
        insert_keys(cursor, keys)
        if progress:
            progress(85, _g("Looking for duplicates"))
        cursor.execute("CREATE INDEX registry_import_keys_k ON registry_import_keys (kind, k)")
        apply_duplicates(batch)
        cursor.execute("DROP TABLE IF EXISTS registry_import_keys")


def _count_rows(batch: ImportBatch) -> None:
    counts = ImportRow.objects.filter(batch=batch).aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(outcome=RowOutcome.NEW)),
        duplicate=Count("pk", filter=Q(outcome=RowOutcome.DUPLICATE)),
        error=Count("pk", filter=Q(outcome=RowOutcome.ERROR)),
    )
    batch.rows_total, batch.rows_new = counts["total"], counts["new"]
    batch.rows_duplicate, batch.rows_error = counts["duplicate"], counts["error"]


def import_row_decide(*, actor, batch: ImportBatch, line: int, record_as_new: bool) -> ImportRow:
    """The SHO's choice for a possible duplicate: skip it (default) or record it as new."""
    require(actor, PERM_DECIDE, _g("Your role cannot import call centres."))
    with transaction.atomic():
        batch = ImportBatch.objects.for_user(actor, CHANGE).select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.PREVIEW:
            raise ValidationError(_g("This import is no longer open for review."))
        row = ImportRow.objects.select_for_update().get(batch=batch, line=line)
        if row.outcome != RowOutcome.DUPLICATE:
            raise ValidationError(_g("Only possible duplicates can be skipped or recorded as new."))
        row.data = {**row.data, "record_as_new": bool(record_as_new)}
        row.save(update_fields=["data"])
    return row


def import_confirm_start(*, actor, batch: ImportBatch) -> Job | None:
    """Confirm an import: small batches at once (returns None), big ones in the background (returns the Job)."""
    check_confirmable(actor, batch)
    if batch.rows_total <= limits.INLINE_CONFIRM_ROWS:
        import_confirm(actor=actor, batch=batch)
        return None
    with transaction.atomic():
        job = job_create(actor=actor, kind="import_confirm", station=batch.station, params={"batch_id": batch.pk}, total=100)
        batch.job = job
        batch.save(update_fields=["job", "updated_at"])
        job_enqueue(job, "registry.tasks.import_confirm_task")
    return job


# --------------------------------------------------------------------------- the command (manage.py import_call_centres)

@dataclass
class FileImportReport:
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    errors: int = 0
    saved: int = 0
    skipped: int = 0
    premises: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)


def import_file(
    *, actor, station, path: str, dry_run: bool = False, report: Callable[[str, int, list[str]], None] | None = None
) -> FileImportReport:
    """Check a file with the same rules as the upload and save it all, or nothing.

    `report(kind, line, messages)` receives every error row ("error") and every possible
    duplicate ("duplicate", skipped), in line order, streamed from the database. Nothing is
    saved when any row has an error, or with `dry_run`: the whole run is one transaction that
    is rolled back (the batch row included).
    """
    kind = file_kind(path)
    if kind is None:
        raise ImportFileError(_("Give a .csv or .xlsx file (this one is “%(name)s”).") % {"name": os.path.basename(path)})
    _check_may_import(actor, station)
    out = FileImportReport(dry_run=dry_run)
    with transaction.atomic():
        batch = ImportBatch(station=station, uploaded_by=actor, original_name=os.path.basename(path)[:255],
                            status=ImportStatus.PARSING)
        batch.save()
        import_parse(batch=batch, source=path)
        out.rows, out.new, out.duplicates, out.errors = (
            batch.rows_total, batch.rows_new, batch.rows_duplicate, batch.rows_error
        )
        out.warnings = [render_message(w) for w in batch.warnings]
        if report is not None:
            listed = ImportRow.objects.filter(batch=batch).exclude(outcome=RowOutcome.NEW).order_by("line")
            for row in listed.iterator(chunk_size=limits.CHUNK_ROWS):
                report(row.outcome, row.line, [render_message(m) for m in row.messages])
        if out.errors or dry_run:
            transaction.set_rollback(True)
            return out
        result = import_confirm(actor=actor, batch=batch)
        out.saved, out.skipped, out.premises = result.created, result.skipped, result.premises_created
    return out


# --------------------------------------------------------------------------- reads for the pages

def import_list(*, user):
    """The imports the user may see, newest first."""
    return ImportBatch.objects.for_user(user).select_related("station", "uploaded_by", "station_return")


def import_rows(*, batch: ImportBatch, outcome: str | None = None):
    """The preview rows of a batch (with the existing record of duplicates), in line order."""
    rows = ImportRow.objects.filter(batch=batch).select_related("duplicate_of").order_by("line")
    if outcome in RowOutcome.values:
        rows = rows.filter(outcome=outcome)
    return rows


def template_rows() -> list[list[str]]:
    """The template's header row (no example row: an example left in the file would be imported)."""
    return [list(reading.COLUMNS)]
