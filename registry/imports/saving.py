"""Saving a confirmed import: every accepted row in ONE transaction — premises, call centre,
phones, occupancy, initial status and, when the batch belongs to an editable draft return,
the return entries — or nothing at all.

Rows are built by the registry's one builder of a new call centre
(`registry.services.callcentres.callcentre_row`, `arrival_rows`), premises are matched by the
one "same premises" rule (same locality and normalised address key: services/premises.py), and
written 1,000 at a time with their history rows by core.bulk.BulkWriter.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope
from core.audit import current_audit_attrs
from core.bulk import BulkWriter
from core.permissions import require

from ..choices import CallCentreSource, ImportStatus, ReturnStatus, RowOutcome
from ..models import (
    CallCentre,
    CallCentrePhone,
    ImportBatch,
    ImportRow,
    Occupancy,
    Premises,
    ReturnEntry,
    StationReturn,
    StatusChange,
)
from ..services.callcentres import arrival_rows, callcentre_row
from ..services.premises import premises_matching
from . import limits
from .progress import CommittedProgress

PERM_IMPORT = "registry.add_importbatch"
PERM_CONFIRM = "registry.add_callcentre"


def check_confirmable(actor, batch: ImportBatch) -> None:
    """May this actor save this batch now? (403 without the permissions, else a clear message.)"""
    require(actor, PERM_IMPORT, _g("Your role cannot import call centres."))
    require(actor, PERM_CONFIRM, _g("Your role cannot import call centres."))
    if not ImportBatch.objects.for_user(actor, CHANGE).filter(pk=batch.pk).exists():
        raise PermissionDenied(_g("This import is outside your jurisdiction."))
    if batch.status == ImportStatus.CONFIRMED:
        raise ValidationError(_g("This import has already been saved."))
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError(_g("This import is not ready to be saved (%(status)s).") % {"status": batch.get_status_display()})
    if batch.rows_error:
        raise ValidationError(
            _g("The file has %(count)s rows with errors. Nothing was saved: fix those rows in your file and upload it again.")
            % {"count": batch.rows_error}
        )


@dataclass
class ConfirmResult:
    created: int = 0
    skipped: int = 0
    premises_created: int = 0
    return_entries: int = 0
    return_locked: bool = False


def import_confirm(*, actor, batch: ImportBatch, job_id: int | None = None,
                   fail_after_rows: int | None = None) -> ConfirmResult:
    """Save every new row (and the duplicates the SHO chose to record) in ONE transaction.

    All or nothing: any failure rolls back every call centre of the batch and leaves the batch
    open for review. `fail_after_rows` exists for tests that prove it (a failure mid-way).
    """
    check_confirmable(actor, batch)
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.PREVIEW).update(status=ImportStatus.CONFIRMING)
    if claimed != 1:
        raise ValidationError(_g("This import is already being saved."))
    try:
        with CommittedProgress(job_id) as progress, transaction.atomic():
            result = _confirm_rows(actor=actor, batch=batch, progress=progress, fail_after_rows=fail_after_rows)
            batch.refresh_from_db()
            batch.status = ImportStatus.CONFIRMED
            batch.save()
            ensure_in_scope(actor, batch)
    except Exception:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.PREVIEW)
        batch.refresh_from_db()
        raise
    return result


def _confirm_rows(*, actor, batch: ImportBatch, progress, fail_after_rows: int | None) -> ConfirmResult:
    from stations.models import Locality

    result = ConfirmResult()
    now = timezone.now()
    writers = {model: BulkWriter(model, actor=actor, now=now, audit=current_audit_attrs())
               for model in (Premises, CallCentre, CallCentrePhone, Occupancy, StatusChange, ReturnEntry)}
    station_of = dict(Locality.objects.values_list("pk", "station_id"))
    station_return = None
    if batch.station_return_id:
        station_return = StationReturn.objects.select_for_update().get(pk=batch.station_return_id)
        if station_return.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK) or station_return.station_id != batch.station_id:
            result.return_locked = True
            station_return = None
    reason = (_g("Imported from %(file)s") % {"file": batch.original_name})[:300]
    with _without_jit():
        _confirm_chunks(actor=actor, batch=batch, progress=progress, fail_after_rows=fail_after_rows, result=result,
                        writers=writers, station_of=station_of, station_return=station_return, reason=reason, now=now)
    return result


@contextmanager
def _without_jit() -> Iterator[None]:
    """PostgreSQL's JIT compiler off for this transaction's remaining work, then as it was.

    The premises look-up costs "expensive" on paper (1,000 index probes) and JIT compilation
    would add ~30 ms to each 2 ms look-up. SET LOCAL: a rollback restores the setting too.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        previous = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('jit', %s, true)", [previous])


def _confirm_chunks(*, actor, batch, progress, fail_after_rows, result, writers, station_of, station_return, reason,
                    now) -> None:
    done = 0
    for chunk in _preview_chunks(batch):
        rows = []
        for line, outcome, data in chunk:
            if outcome == RowOutcome.NEW or (outcome == RowOutcome.DUPLICATE and data.get("record_as_new")):
                if station_of.get(data["locality_id"]) != batch.station_id:
                    raise ValidationError(
                        _g("Line %(line)s: locality %(locality)s no longer belongs to this station; nothing was saved.")
                        % {"line": line, "locality": data.get("locality")}
                    )
                rows.append((line, data))
            elif outcome == RowOutcome.DUPLICATE:
                result.skipped += 1
            else:
                raise ValidationError(_g("Line %(line)s has an error; nothing was saved.") % {"line": line})
        _save_chunk(rows, actor=actor, batch=batch, writers=writers, reason=reason, now=now,
                    station_return=station_return, result=result)
        done += len(chunk)
        if fail_after_rows is not None and done >= fail_after_rows:
            raise RuntimeError("Forced failure (test)")
        progress(min(99, int(100 * done / max(batch.rows_total, 1))), _g("%(rows)s rows saved") % {"rows": done})


def _preview_chunks(batch: ImportBatch) -> Iterator[list[tuple[int, str, dict]]]:
    """The batch's preview rows (line, outcome, data) in line order, limits.CHUNK_ROWS at a time.

    One query read through a server-side cursor on PostgreSQL (fetched 1,000 rows at a time, so
    memory stays flat): paging with `line > last ... LIMIT 1000` made the database find and sort
    every remaining row of the batch for each page, quadratic in the size of the file.
    """
    rows = (ImportRow.objects.filter(batch=batch).order_by("line").values_list("line", "outcome", "data")
            .iterator(chunk_size=limits.CHUNK_ROWS))
    chunk: list[tuple[int, str, dict]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= limits.CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _premises_for(rows: list[tuple[int, dict]], *, writer: BulkWriter, result: ConfirmResult) -> list[int | None]:
    """The premises of each row: the same premises (same locality and address key), or created once per chunk.

    One query per chunk finds the existing premises (including those created by earlier chunks
    of this import, inside the same transaction). An address without a key ("near bus stand")
    gets premises of its own.
    """
    def key_of(line: int, d: dict) -> tuple:
        return (d["locality_id"], d.get("address_key") or f"line:{line}")

    wanted = {(d["locality_id"], d["address_key"]) for _line, d in rows if d.get("address") and d.get("address_key")}
    found: dict[tuple, int] = {}
    if wanted:
        for locality_id, key, pk in _existing_premises(wanted):
            if (locality_id, key) in wanted:
                found.setdefault((locality_id, key), pk)
    new: dict[tuple, dict] = {}
    for line, d in rows:
        if not d.get("address"):
            continue
        key = key_of(line, d)
        if key not in found and key not in new:
            new[key] = {
                "address_raw": d["address"][:400], "plot": d.get("plot", ""), "floor": d.get("floor", ""),
                "building": d.get("building", ""), "sector": d.get("sector", ""), "locality_id": d["locality_id"],
                "city": d.get("city") or "Gurugram", "pin_code": (d.get("pin") or "")[:6],
                "address_key": d.get("address_key", ""), "landlord_name": d.get("landlord_name", "")[:150],
                "landlord_phone": d.get("landlord_phone", ""), "landlord_key": d.get("landlord_key", ""),
            }
    if new:
        for key, pk in zip(new, writer.write(list(new.values())), strict=True):
            found[key] = pk
        result.premises_created += len(new)
    return [found[key_of(line, d)] if d.get("address") else None for line, d in rows]


# The rule of `premises_matching` (same locality and address key, oldest first), written for the
# planner: one index probe per key, the keys driving a nested loop (OFFSET 0 keeps the lateral
# subquery from being flattened into a join); the caller keeps the wanted (locality, key) pairs.
# A plain `address_key IN (...)` is planned from the statistics of the registry before the
# import, which know nothing of the premises this import has written so far: on a young
# registry it scans every premises once per 1,000 rows.
_PREMISES_BY_KEY_SQL = """
    SELECT p.locality_id, p.address_key, p.id
    FROM unnest(%s::text[]) AS w(k)
    CROSS JOIN LATERAL (SELECT locality_id, address_key, id FROM "registry_premises" WHERE address_key = w.k OFFSET 0) p
    ORDER BY p.id
"""


def _existing_premises(wanted: set[tuple[int, str]]) -> Iterator[tuple[int, str, int]]:
    """(locality id, address key, id) of premises having one of the wanted address keys, oldest first.

    May include premises of other localities with the same key: the caller keeps the wanted pairs.
    """
    keys = sorted({key for _locality, key in wanted})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PREMISES_BY_KEY_SQL, [keys])
            yield from cursor.fetchall()
        return
    for locality_id in sorted({locality for locality, _key in wanted}):
        yield from premises_matching(locality_id=locality_id, keys=keys).values_list("locality_id", "address_key", "pk")


def _save_chunk(rows: list[tuple[int, dict]], *, actor, batch, writers, reason, now, station_return,
                result: ConfirmResult) -> None:
    """Premises (found or new), call centres, phones, occupancies, status changes, return entries."""
    if not rows:
        return
    premises_ids = _premises_for(rows, writer=writers[Premises], result=result)
    centres = []
    for (_line, d), premises_id in zip(rows, premises_ids, strict=True):
        centres.append(callcentre_row(
            station_id=batch.station_id, premises_id=premises_id, created_by_id=actor.pk,
            source=CallCentreSource.STATION_SURVEY, name=d["name"][:200], company_name=d.get("company", "")[:200],
            service=d.get("service", ""), seats=d.get("seats"),
            shift_start=time.fromisoformat(d["shift_start"]) if d.get("shift_start") else None,
            shift_end=time.fromisoformat(d["shift_end"]) if d.get("shift_end") else None,
            started_on=date.fromisoformat(d["started_on"]) if d.get("started_on") else None,
            notes=d.get("notes", ""),
            # Computed by checking.check_row with the builder's own functions (name_key, company_key, night_shift_of).
            derived={"name_key": d["name_key"], "company_key": d.get("company_key", ""),
                     "night_shift": d.get("night_shift", False)},
        ))
    centre_ids = writers[CallCentre].write(centres)
    result.created += len(centre_ids)

    phones, stays, steps, entries = [], [], [], []
    for (_line, d), centre, pk in zip(rows, centres, centre_ids, strict=True):
        phones.extend({"call_centre_id": pk, "number": n} for n in d.get("phones", ()))
        stay, step = arrival_rows(call_centre_id=pk, premises_id=centre["premises_id"], started_on=centre["started_on"],
                                  actor_id=actor.pk, reason=reason, when=now)
        if stay is not None:
            stays.append(stay)
        steps.append(step)
        if station_return is not None:
            entries.append({"station_return_id": station_return.pk, "call_centre_id": pk})
    writers[CallCentrePhone].write(phones)
    writers[Occupancy].write(stays)
    writers[StatusChange].write(steps)
    writers[ReturnEntry].write(entries)
    result.return_entries += len(entries)
