"""Exports of exactly the filtered call centres, as CSV or XLSX.

Small exports (up to EXPORT_BACKGROUND_ABOVE rows) stream straight to the browser; larger
ones run as a background Job on the one runner (core.jobs) that writes a file under
MEDIA_ROOT/exports/ (core.files) and offers a download link, served by an access-checked
view (the requester and their scope only). The daily purge deletes files after
EXPORT_KEEP_DAYS.

Spreadsheet programs run a cell that begins with = + - @ (or a tab or carriage return) as a
formula, so every such text cell is prefixed with an apostrophe ("formula injection").
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
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
from core.files import job_file_path, job_files_purge, media_new_path
from core.jobs import job_create, job_enqueue, job_run
from core.models import Job
from core.permissions import require
from core.roles import Role
from core.text import cell

from ..choices import ExportFormat
from ..filters import CallCentreFilterSet
from ..models import CallCentre
from ..selectors.callcentres import callcentre_list
from ..selectors.licences import licence_label

PERM_EXPORT = "registry.view_callcentre"
EXPORT_FOLDER = "exports"

EXPORT_KIND = "callcentre-export"
#: Above this many rows an export runs in the background.
EXPORT_BACKGROUND_ABOVE = 5000
CHUNK = 1000
#: Query parameters that are not filters.
NOT_FILTERS = {"format", "page", "page_size"}


def neutralise(value):
    """A cell value that no spreadsheet will run as a formula and that XLSX can hold (core.text.cell)."""
    return cell(value)


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
    (_("Licence status"), lambda c: licence_label(c.licence_state)),
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


def _counted(rows: Iterable[list], progress, total: int) -> Iterator[list]:
    """Pass rows through, reporting progress to the Job every CHUNK rows."""
    for n, row in enumerate(rows):
        if n and n % CHUNK == 0:
            progress(n - 1, total, _g("%(n)s rows written") % {"n": n - 1})
        yield row


def export_start(*, actor, params: dict[str, list[str]], fmt: str, total: int) -> Job:
    """Queue a background export of the filtered rows; the page follows the Job's progress."""
    require(actor, PERM_EXPORT)
    check_format(fmt)
    scope = user_scope(actor)
    station = actor.station if scope.role == Role.STATION else None
    with transaction.atomic():
        job = job_create(
            actor=actor, kind=EXPORT_KIND, station=station, params={"filters": params, "format": fmt}, total=total
        )
        job_enqueue(job, "registry.tasks.callcentre_export_task")
    return job


def _export_work(job: Job, progress) -> dict:
    """Write the file of the filtered rows; the result carries its download link."""
    fmt = check_format(job.params.get("format"))
    queryset = export_queryset(user=job.requested_by, params=job.params.get("filters", {}))
    total = queryset.count()
    name, path = media_new_path(folder=EXPORT_FOLDER, suffix=fmt, prefix=f"{job.pk}-")
    rows = _counted(export_rows(queryset), progress, total)
    if fmt == ExportFormat.CSV:
        with path.open("w", encoding="utf-8", newline="") as out:
            out.writelines(csv_stream(rows))
    else:
        write_xlsx(rows, path)
    return {
        "file": name,
        "filename": export_filename(fmt),
        "rows": total,
        "format": fmt,
        "next_url": reverse("registry:export-download", args=[job.pk]),
    }


def export_job(*, job_id: int) -> Job | None:
    """The background export (on the one job runner): write the file, finish the Job with its link."""
    return job_run(job_id=job_id, work=_export_work,
                   failure=_g("The export could not be made. Try again, or ask the administrator."))


def export_file_path(job: Job) -> Path | None:
    """The file of a finished export, only if it lies inside MEDIA_ROOT/exports and exists."""
    return job_file_path(job, kind=EXPORT_KIND, folder=EXPORT_FOLDER)


#: Finished exports keep their file this many days (settings.EXPORT_KEEP_DAYS); then the file is deleted.
EXPORT_KEEP_DAYS = 2


def exports_purge(*, now=None) -> int:
    """Delete the files of exports finished more than EXPORT_KEEP_DAYS ago (call-centre data
    should not pile up on the server); their Job says the file has expired. Returns how many."""
    keep_days = getattr(settings, "EXPORT_KEEP_DAYS", EXPORT_KEEP_DAYS)
    return job_files_purge(kind=EXPORT_KIND, folder=EXPORT_FOLDER, keep_days=keep_days, now=now)
