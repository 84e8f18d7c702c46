"""Exports of exactly the filtered call centres, as CSV or XLSX.

Small exports (up to EXPORT_BACKGROUND_ABOVE rows) stream straight to the browser; larger
ones run as a background Job that writes a file under MEDIA_ROOT/exports/ and offers a
download link, served by an access-checked view (the requester and their scope only).

Spreadsheet programs run a cell that begins with = + - @ (or a tab or carriage return) as a
formula, so every such text cell is prefixed with an apostrophe ("formula injection").
"""
from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from core.access import user_scope
from core.audit import Source, audit_context
from core.jobs import job_claim, job_create, job_finish, job_progress
from core.models import Job, JobStatus
from core.roles import Role
from verification.choices import LicenceState

from .choices import ExportFormat
from .filters import CallCentreFilterSet
from .models import CallCentre
from .selectors import callcentre_list

EXPORT_KIND = "callcentre-export"
#: Above this many rows an export runs in the background.
EXPORT_BACKGROUND_ABOVE = 5000
CHUNK = 1000
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
#: Query parameters that are not filters.
NOT_FILTERS = {"format", "page", "page_size"}


def neutralise(value):
    """A cell value that no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST):
        return "'" + value
    return value


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _date(value) -> str:
    return value.isoformat() if value else ""


def _yes(value) -> str:
    return _g("yes") if value else ""


#: (header, value of a call centre from callcentre_list()). Labels are translated when written.
COLUMNS: list[tuple[str, Callable[[CallCentre], object]]] = [
    (_("ID"), lambda c: c.pk),
    (_("Name"), lambda c: c.name),
    (_("Trading names"), lambda c: c.trading_names),
    (_("Operating company"), lambda c: c.company_name),
    (_("Company registration number"), lambda c: c.company_registration),
    (_("Zone"), lambda c: c.station.zone.name),
    (_("Station"), lambda c: c.station.name),
    (_("Locality"), lambda c: c.premises.locality.name if c.premises_id else ""),
    (_("Address"), lambda c: c.premises.address_raw if c.premises_id else ""),
    (_("Phones"), lambda c: "; ".join(p.number for p in c.phones.all())),
    (_("Status"), lambda c: c.get_status_display()),
    (_("Licence status"), lambda c: str(LicenceState(c.licence_state).label)),
    (_("Calls"), lambda c: c.get_direction_display()),
    (_("Service"), lambda c: c.get_service_display()),
    (_("Markets"), lambda c: ", ".join(c.markets or [])),
    (_("Languages"), lambda c: ", ".join(c.languages or [])),
    (_("Seats"), lambda c: c.seats),
    (_("Shift starts"), lambda c: _time(c.shift_start)),
    (_("Shift ends"), lambda c: _time(c.shift_end)),
    (_("Night shift"), lambda c: _yes(c.night_shift)),
    (_("Started on"), lambda c: _date(c.started_on)),
    (_("Closed or vacated on"), lambda c: _date(c.ended_on)),
    (_("Source"), lambda c: c.get_source_display()),
    (_("Landlord"), lambda c: c.premises.landlord_name if c.premises_id else ""),
    (_("Landlord's phone"), lambda c: c.premises.landlord_phone if c.premises_id else ""),
    (_("Vacated within six months"), lambda c: _yes(c.flag_quick_vacate)),
    (_("Premises hosted several"), lambda c: _yes(c.flag_shared_premises)),
    (_("Landlord lets to several"), lambda c: _yes(c.flag_busy_landlord)),
    (_("Notes"), lambda c: c.notes),
]


def export_rows(queryset) -> Iterator[list]:
    """The header, then one neutralised row per call centre, read in chunks (flat memory)."""
    yield [str(header) for header, _get in COLUMNS]
    for call_centre in queryset.iterator(chunk_size=CHUNK):
        yield [neutralise(get(call_centre)) for _h, get in COLUMNS]


def filter_params(query: QueryDict) -> dict[str, list[str]]:
    """The filter part of a query string, as a JSON-safe dict (kept on the Job)."""
    return {key: query.getlist(key) for key in query if key not in NOT_FILTERS}


def _querydict(params: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    return query


def export_queryset(*, user, params: dict[str, list[str]]):
    """Exactly the rows the list shows for these filters (all pages), in the list's order."""
    filterset = CallCentreFilterSet(
        _querydict(params), queryset=callcentre_list(user=user), request=SimpleNamespace(user=user)
    )
    if not filterset.is_valid():
        raise ValidationError(
            {name: [str(e) for e in errors] for name, errors in filterset.errors.items()}
        )
    return filterset.qs


def check_format(fmt: str | None) -> str:
    if fmt not in ExportFormat.values:
        raise ValidationError(
            {"format": _g("Unknown export format “%(f)s”: choose csv or xlsx.") % {"f": fmt or ""}}
        )
    return fmt


def export_filename(fmt: str) -> str:
    return f"call-centres-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


class _Echo:
    """A file-like object whose write returns the line, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterable[list]) -> Iterator[str]:
    """CSV lines one by one (UTF-8 BOM first, so Excel reads Hindi names correctly)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def write_xlsx(rows: Iterable[list], target) -> None:
    """Write rows to an XLSX file in openpyxl's write-only mode (rows go to disk as they come)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(_("Call centres"))[:31])
    for row in rows:
        sheet.append(row)
    book.save(target)


def xlsx_bytes(rows: Iterable[list]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(rows, buffer)
    return buffer.getvalue()


def _counted(rows: Iterable[list], job_id: int, total: int) -> Iterator[list]:
    """Pass rows through, reporting progress to the Job every CHUNK rows."""
    for n, row in enumerate(rows):
        if n and n % CHUNK == 0:
            job_progress(job_id=job_id, progress=n - 1, total=total, message=_g("%(n)s rows written") % {"n": n - 1})
        yield row


def export_start(*, actor, params: dict[str, list[str]], fmt: str, total: int) -> Job:
    """Queue a background export of the filtered rows; the page follows the Job's progress."""
    from .tasks import callcentre_export_task

    check_format(fmt)
    scope = user_scope(actor)
    station = actor.station if scope.role == Role.STATION else None
    with transaction.atomic():
        job = job_create(
            actor=actor, kind=EXPORT_KIND, station=station, params={"filters": params, "format": fmt}, total=total
        )
        transaction.on_commit(lambda: callcentre_export_task.delay(job.pk))
    return job


def exports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_run(*, job_id: int) -> None:
    """The background export: write the file, then finish the Job with its download link."""
    if not job_claim(job_id=job_id):
        return
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    with audit_context(Source.TASK, actor=job.requested_by):
        try:
            fmt = check_format(job.params.get("format"))
            queryset = export_queryset(user=job.requested_by, params=job.params.get("filters", {}))
            total = queryset.count()
            name = f"{job.pk}-{secrets.token_hex(8)}.{fmt}"
            path = exports_dir() / name
            rows = _counted(export_rows(queryset), job_id, total)
            if fmt == ExportFormat.CSV:
                with path.open("w", encoding="utf-8", newline="") as out:
                    out.writelines(csv_stream(rows))
            else:
                write_xlsx(rows, path)
        except ValidationError as exc:
            job_finish(job_id=job_id, error="; ".join(exc.messages))
            return
        except Exception as exc:  # the officer sees a failed job, not a worker traceback
            job_finish(job_id=job_id, error=_g("The export failed: %(e)s") % {"e": exc.__class__.__name__})
            raise
        job_finish(
            job_id=job_id,
            result={
                "file": f"exports/{name}",
                "filename": export_filename(fmt),
                "rows": total,
                "format": fmt,
                "next_url": reverse("registry:export-download", args=[job.pk]),
            },
        )


def export_file_path(job: Job) -> Path | None:
    """The file of a finished export, only if it lies inside MEDIA_ROOT/exports and exists."""
    relative = (job.result or {}).get("file")
    if job.kind != EXPORT_KIND or not relative:
        return None
    root = (Path(settings.MEDIA_ROOT) / "exports").resolve()
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


#: Finished exports keep their file this many days (settings.EXPORT_KEEP_DAYS); then the file is deleted.
EXPORT_KEEP_DAYS = 2


def exports_purge(*, now=None) -> int:
    """Delete the files of exports finished more than EXPORT_KEEP_DAYS ago (call-centre data
    should not pile up on the server); their Job says the file has expired. Returns how many."""
    now = now or timezone.now()
    keep_days = getattr(settings, "EXPORT_KEEP_DAYS", EXPORT_KEEP_DAYS)
    old = Job.objects.filter(
        kind=EXPORT_KIND, status=JobStatus.SUCCEEDED, finished_at__lt=now - timedelta(days=keep_days),
    ).exclude(result__file="")
    purged = 0
    for job in old.iterator():
        path = export_file_path(job)
        if path is not None:
            path.unlink(missing_ok=True)
        job.result = {**job.result, "file": "", "expired": True}
        job.save(update_fields=["result", "updated_at"])
        purged += 1
    return purged

