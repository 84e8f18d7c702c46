"""Import of complaint files (CSV or XLSX): upload, check into a preview, confirm all or nothing.

The reading (streaming CSV in any common encoding or XLSX, header mapping, the upload's probe)
is the registry's (registry/imports/reading.py), given this template's columns. Checking a row
normalises its values (complaints/normalise.py); saving is complaints/services/complaints.py.
The file is read twice, never held in memory: once to check (the preview's counts and per-row
errors), once to save when the officer confirms. A file with any error cannot be confirmed:
the officer fixes the rows and uploads it again. Re-importing a file changes nothing.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.audit import Source
from core.jobs import JobFailed, job_create, job_enqueue, job_run
from core.models import Job
from core.permissions import require
from registry.imports.checking import parse_date
from registry.imports.messages import ImportFileError
from registry.imports.reading import file_kind, map_header, open_table, probe_upload

from .choices import ComplaintSource, IdentifierKind, ImportStatus
from .models import Complaint, ComplaintImport
from .normalise import normalise, normalise_country, normalise_currency, parse_amount, split_cell
from .services.complaints import PERM_ADD, ComplaintRow, SaveResult, complaints_save

logger = logging.getLogger(__name__)

COLUMNS = (
    "complaint_id", "reported_on", "source", "victim_country", "amount", "currency", "phones", "upi_ids",
    "bank_accounts", "websites", "emails", "narrative",
)
ALIASES = {
    "reference": "complaint_id", "ack_no": "complaint_id", "acknowledgement_number": "complaint_id",
    "complaint_no": "complaint_id", "complaint_number": "complaint_id", "date": "reported_on",
    "country": "victim_country", "phone": "phones", "phone_numbers": "phones", "upi": "upi_ids", "upi_id": "upi_ids",
    "accounts": "bank_accounts", "bank_account": "bank_accounts", "website": "websites", "urls": "websites",
    "email": "emails", "e_mail": "emails", "description": "narrative",
}
HEADER = {"columns": COLUMNS, "aliases": ALIASES, "required": "complaint_id"}
#: Identifier columns and their kind.
IDENTIFIER_COLUMNS = {
    "phones": IdentifierKind.PHONE, "upi_ids": IdentifierKind.UPI, "bank_accounts": IdentifierKind.BANK,
    "websites": IdentifierKind.WEBSITE, "emails": IdentifierKind.EMAIL,
}
SOURCE_WORDS = {
    "ncrp": ComplaintSource.NCRP, "portal": ComplaintSource.NCRP, "cybercrime.gov.in": ComplaintSource.NCRP,
    "helpline": ComplaintSource.HELPLINE, "1930": ComplaintSource.HELPLINE, "foreign": ComplaintSource.FOREIGN,
    "foreign referral": ComplaintSource.FOREIGN, "cbi": ComplaintSource.FOREIGN, "interpol": ComplaintSource.FOREIGN,
    "company": ComplaintSource.COMPANY, "company referral": ComplaintSource.COMPANY, "tip": ComplaintSource.TIP,
}
ERRORS_KEPT = 500
PERM_IMPORT = "complaints.add_complaintimport"
PARSE_TASK = "complaints.tasks.complaint_import_parse_task"
CONFIRM_TASK = "complaints.tasks.complaint_import_confirm_task"


@dataclass
class CheckedRow:
    line: int
    row: ComplaintRow | None
    errors: list[str]


def _source_of(text: str) -> str | None:
    key = " ".join(text.lower().replace("_", " ").split())
    if key in ComplaintSource.values:
        return key
    return SOURCE_WORDS.get(key) or next(
        (value for value, label in ComplaintSource.choices if str(label).lower() == key), None
    )


def check_row(line: int, cells: dict[str, str], *, today) -> CheckedRow:
    """Check and normalise one row; every problem is reported in the officer's terms."""
    errors: list[str] = []
    reference = cells.get("complaint_id", "").strip()
    if not reference:
        errors.append(_g("The complaint number (complaint_id) is missing."))
    elif len(reference) > 60:
        errors.append(_g("The complaint number is longer than 60 characters."))
    reported_on = parse_date(cells.get("reported_on", "").strip())
    if reported_on is None:
        errors.append(_g("The date “%(value)s” is not a date: write DD/MM/YYYY or YYYY-MM-DD.")
                      % {"value": cells.get("reported_on", "")[:20]})
    elif reported_on > today:
        errors.append(_g("The date of the complaint cannot be in the future."))
    source = _source_of(cells.get("source", ""))
    if source is None:
        errors.append(_g("Unknown source “%(value)s”: write NCRP, helpline, foreign referral, company referral or tip.")
                      % {"value": cells.get("source", "")[:30]})
    amount, currency = None, ""
    try:
        amount, sign = parse_amount(cells.get("amount", ""))
        currency = normalise_currency(cells.get("currency", "")) or sign
        if sign and currency != sign:
            errors.append(_g("The amount is in %(sign)s but the currency column says %(currency)s.")
                          % {"sign": sign, "currency": currency})
    except ValueError as exc:
        errors.append(str(exc))
    identifiers: list[tuple[str, str]] = []
    for column, kind in IDENTIFIER_COLUMNS.items():
        for raw in split_cell(cells.get(column, "")):
            try:
                identifiers.append((kind, normalise(kind, raw)))
            except ValueError as exc:
                errors.append(str(exc))
    narrative = cells.get("narrative", "")
    if len(narrative) > 5000:
        errors.append(_g("The narrative is longer than 5,000 characters."))
    if errors:
        return CheckedRow(line, None, errors)
    return CheckedRow(line, ComplaintRow(
        source=source, reference=reference, reported_on=reported_on,
        victim_country=normalise_country(cells.get("victim_country", "")), amount=amount, currency=currency,
        narrative=narrative, identifiers=identifiers,
    ), [])


def read_rows(source, kind: str, *, fraction: Callable[[float], None] | None = None) -> Iterator[CheckedRow]:
    """Every data row of a file, checked (streamed: one row in memory at a time)."""
    today = timezone.localdate()
    with open_table(source, kind) as table:
        if not table.header:
            raise ImportFileError(_("The file has no rows."))
        header = map_header(table.header, **HEADER)
        for count, (line, cells) in enumerate(table.rows(), start=1):
            yield check_row(line, header.cells(cells), today=today)
            if fraction and count % 1000 == 0:
                fraction(table.fraction_read(line))


def _known(rows: list[ComplaintRow]) -> int:
    condition = Q(pk__in=[])
    for source in {r.source for r in rows}:
        condition |= Q(source=source, reference__in=[r.reference for r in rows if r.source == source])
    return Complaint.objects.filter(condition).count()


# --------------------------------------------------------------------------- services

def complaint_import_upload(*, actor, uploaded_file) -> ComplaintImport:
    """Store an uploaded file and queue its check (nothing is saved until the officer confirms)."""
    require(actor, PERM_IMPORT, _g("Your role cannot import complaints."))
    probe_upload(uploaded_file, **HEADER)
    with transaction.atomic():
        batch = ComplaintImport(file=uploaded_file, original_name=os.path.basename(uploaded_file.name)[:255],
                                uploaded_by=actor, status=ImportStatus.PARSING)
        batch.full_clean()
        batch.save()
        job = job_create(actor=actor, kind="complaint_import_parse", params={"import_id": batch.pk}, total=100)
        batch.job = job
        batch.save(update_fields=["job", "updated_at"])
        job_enqueue(job, PARSE_TASK)
    return batch


def complaint_import_parse(*, batch: ComplaintImport, progress: Callable[[float], None] | None = None) -> ComplaintImport:
    """Check every row of the file: counts of new, already recorded and wrong rows; the errors, by line."""
    kind = file_kind(batch.original_name)
    errors, total, wrong, known, chunk = [], 0, 0, 0, []
    with batch.file.open("rb") as handle:
        for checked in read_rows(handle, kind, fraction=progress):
            total += 1
            if checked.errors:
                wrong += 1
                if len(errors) < ERRORS_KEPT:
                    errors.append({"line": checked.line, "errors": checked.errors})
                continue
            chunk.append(checked.row)
            if len(chunk) >= 1000:
                known += _known(chunk)
                chunk = []
    if chunk:
        known += _known(chunk)
    batch.rows_total, batch.rows_error, batch.rows_known = total, wrong, known
    batch.rows_new = total - wrong - known
    batch.errors, batch.status = errors, ImportStatus.PREVIEW
    batch.save()
    return batch


def complaint_import_confirm(*, actor, batch: ComplaintImport, progress: Callable[[int], None] | None = None) -> SaveResult:
    """Save the file's complaints, all or nothing; refused while any row is wrong."""
    require(actor, PERM_ADD, _g("Your role cannot record complaints."))
    if batch.rows_error:
        raise ValidationError(_g("Fix the %(count)s wrong row(s) and upload the file again: nothing was saved.")
                              % {"count": batch.rows_error})
    kind = file_kind(batch.original_name)
    with transaction.atomic():
        locked = ComplaintImport.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (ImportStatus.PREVIEW, ImportStatus.SAVING):
            raise ValidationError(_g("This file was already saved."))
        with batch.file.open("rb") as handle:
            def rows():
                for checked in read_rows(handle, kind):
                    if checked.errors:  # the file changed since its check
                        raise ValidationError(_g("Line %(line)s: %(errors)s")
                                              % {"line": checked.line, "errors": " ".join(checked.errors)})
                    yield checked.row

            result = complaints_save(actor=actor, rows=rows(), progress=progress)
        locked.status = ImportStatus.DONE
        locked.result = {"created": result.created, "skipped": result.skipped, "links": result.links,
                         "call_centres": len(result.call_centres)}
        locked.save()
    batch.refresh_from_db()
    return result


def complaint_import_confirm_start(*, actor, batch: ComplaintImport) -> Job:
    """Queue the saving of a checked file (the page follows the job's progress bar)."""
    require(actor, PERM_ADD, _g("Your role cannot record complaints."))
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_g("This file is not ready to be saved."))
    if batch.rows_error:
        raise ValidationError(_g("Fix the %(count)s wrong row(s) and upload the file again: nothing was saved.")
                              % {"count": batch.rows_error})
    with transaction.atomic():
        job = job_create(actor=actor, kind="complaint_import_confirm", params={"import_id": batch.pk},
                         total=max(batch.rows_total, 1))
        ComplaintImport.objects.filter(pk=batch.pk).update(status=ImportStatus.SAVING, job=job)
        job_enqueue(job, CONFIRM_TASK)
    return job


# --------------------------------------------------------------------------- jobs

def _parse_work(job: Job, progress) -> dict:
    batch = ComplaintImport.objects.get(pk=job.params["import_id"])
    upload_url = reverse("complaints:import-upload")
    try:
        complaint_import_parse(batch=batch, progress=lambda f: progress(int(f * 100), 100))
    except ImportFileError as exc:
        ComplaintImport.objects.filter(pk=batch.pk).update(status=ImportStatus.FAILED)
        raise JobFailed(" ".join(str(m) for m in exc.messages), result={"next_url": upload_url}) from exc
    return {"next_url": reverse("complaints:import-detail", args=[batch.pk]), "rows": batch.rows_total,
            "new": batch.rows_new, "errors": batch.rows_error}


def _confirm_work(job: Job, progress) -> dict:
    from registry.imports.progress import CommittedProgress

    batch = ComplaintImport.objects.get(pk=job.params["import_id"])
    next_url = reverse("complaints:import-detail", args=[batch.pk])
    try:
        with CommittedProgress(job.pk) as committed:
            total = max(batch.rows_total, 1)
            result = complaint_import_confirm(
                actor=job.requested_by, batch=batch,
                progress=lambda done: committed(min(99, done * 100 // total), _g("Saving")),
            )
    except ValidationError as exc:
        ComplaintImport.objects.filter(pk=batch.pk).update(status=ImportStatus.PREVIEW)
        raise JobFailed(" ".join(exc.messages), result={"next_url": next_url}) from exc
    except Exception as exc:
        logger.exception("Complaint import %s could not be saved", batch.pk)
        ComplaintImport.objects.filter(pk=batch.pk).update(status=ImportStatus.PREVIEW)
        raise JobFailed(_g("Saving failed and nothing was saved. Try again, or ask the administrator."),
                        result={"next_url": next_url}) from exc
    return {"next_url": next_url, "created": result.created, "skipped": result.skipped, "links": result.links}


def complaint_import_parse_job(*, job_id: int) -> Job | None:
    return job_run(job_id=job_id, work=_parse_work, source=Source.IMPORT)


def complaint_import_confirm_job(*, job_id: int) -> Job | None:
    return job_run(job_id=job_id, work=_confirm_work, source=Source.IMPORT)
