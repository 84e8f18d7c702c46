"""Saving complaints: rows already checked (complaints/imports.py, or one from a form or the API)
are written in chunks, each with a constant number of queries, and linked (services/linking.py).

Idempotent by (source, reference): a complaint already recorded is skipped, never changed.
Every row is audited (core.bulk writes the "+" history rows). The stations whose call centres
the complaints name get one inbox notification per call centre.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.audit import current_audit_attrs
from core.bulk import BulkWriter
from core.models import Notification
from core.permissions import require

from ..models import Complaint, ComplaintIdentifier, ComplaintLink, Identifier
from ..normalise import match_key
from .linking import Named, links_for_batch

PERM_ADD = "complaints.add_complaint"
CHUNK = 1000
NOTIFICATION_KIND = "complaint_linked"


@dataclass
class ComplaintRow:
    """One checked complaint: values normalised, identifiers as [(kind, value)]."""

    source: str
    reference: str
    reported_on: date
    victim_country: str = ""
    amount: Decimal | None = None
    currency: str = ""
    narrative: str = ""
    identifiers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class SaveResult:
    created: int = 0
    skipped: int = 0
    identifiers_created: int = 0
    links: int = 0
    call_centres: dict[int, tuple[int, str, set[int]]] = field(default_factory=dict)


class _Writers:
    def __init__(self, actor):
        now, audit = timezone.now(), current_audit_attrs()
        self.complaints = BulkWriter(Complaint, actor=actor, now=now, audit=audit)
        self.identifiers = BulkWriter(Identifier, actor=actor, now=now, audit=audit)
        self.named = BulkWriter(ComplaintIdentifier, actor=actor, now=now, audit=audit)
        self.links = BulkWriter(ComplaintLink, actor=actor, now=now, audit=audit)
        self.now = now


def _save_chunk(rows: list[ComplaintRow], *, actor, writers: _Writers, result: SaveResult) -> None:
    """Write one chunk: about ten queries (existing references, identifiers, the COPYs, linking, counts)."""
    condition = Q(pk__in=[])
    for source in {r.source for r in rows}:
        condition |= Q(source=source, reference__in=[r.reference for r in rows if r.source == source])
    known = set(Complaint.objects.filter(condition).values_list("source", "reference"))
    fresh, seen = [], set()
    for row in rows:
        key = (row.source, row.reference)
        if key in known or key in seen:
            result.skipped += 1
            continue
        seen.add(key)
        fresh.append(row)
    if not fresh:
        return
    wanted = {(kind, value) for row in fresh for kind, value in row.identifiers}
    ids: dict[tuple[str, str], int] = {}
    if wanted:
        condition = Q(pk__in=[])
        for kind in {k for k, _v in wanted}:
            condition |= Q(kind=kind, value__in=[v for k, v in wanted if k == kind])
        ids = {(k, v): pk for pk, k, v in Identifier.objects.filter(condition).values_list("pk", "kind", "value")}
        missing = sorted(wanted - set(ids))
        new_ids = writers.identifiers.write(
            [{"kind": k, "value": v, "key": match_key(k, v), "complaint_count": 0} for k, v in missing]
        )
        ids.update(zip(missing, new_ids, strict=True))
        result.identifiers_created += len(missing)
    complaint_ids = writers.complaints.write([
        {"source": r.source, "reference": r.reference, "reported_on": r.reported_on, "victim_country": r.victim_country,
         "amount": r.amount, "currency": r.currency, "narrative": r.narrative, "recorded_by_id": getattr(actor, "pk", None)}
        for r in fresh
    ])
    result.created += len(fresh)
    named: list[Named] = []
    for complaint_id, row in zip(complaint_ids, fresh, strict=True):
        for kind, value in dict.fromkeys(row.identifiers):
            named.append(Named(complaint_id, ids[(kind, value)], kind, match_key(kind, value)))
    writers.named.write([{"complaint_id": n.complaint_id, "identifier_id": n.identifier_id} for n in named], ids=False)
    linked = links_for_batch(named, batch_complaints=set(complaint_ids))
    writers.links.write([{**row, "created_at": writers.now} for row in linked.rows], ids=False)
    result.links += len(linked.rows)
    for cc_id, (station_id, name, complaints) in linked.call_centres.items():
        result.call_centres.setdefault(cc_id, (station_id, name, set()))[2].update(complaints)
    if ids:
        # the identifiers' complaint counts, in one UPDATE
        count = ComplaintIdentifier.objects.filter(identifier_id=OuterRef("pk")).order_by().values("identifier_id")
        Identifier.objects.filter(pk__in=set(ids.values())).update(
            complaint_count=Subquery(count.annotate(n=Count("pk")).values("n")[:1])
        )


def _notify(result: SaveResult, *, writers: _Writers) -> None:
    """One inbox notification per call centre named, to its station (one COPY for all of them)."""
    if not result.call_centres:
        return
    writer = BulkWriter(Notification, actor=writers.complaints.actor, now=writers.now, audit=writers.complaints.audit)
    rows = []
    for cc_id, (station_id, name, complaints) in sorted(result.call_centres.items()):
        message = _g("%(count)s new complaint(s) name the call centre %(name)s.") % {"count": len(complaints), "name": name}
        rows.append({"kind": NOTIFICATION_KIND, "station_id": station_id, "user_id": None, "message": message[:500],
                     "url": reverse("registry:callcentre-detail", args=[cc_id]) + "#complaints", "read_at": None})
    writer.write(rows, ids=False)


def complaints_save(
    *, actor, rows: Iterable[ComplaintRow], progress: Callable[[int], None] | None = None
) -> SaveResult:
    """Save checked complaints, all or nothing, CHUNK rows at a time; skip those already recorded.

    Constant queries per chunk (no query per row); memory holds one chunk.
    """
    require(actor, PERM_ADD, _g("Your role cannot record complaints."))
    result = SaveResult()
    with transaction.atomic():
        writers = _Writers(actor)
        chunk: list[ComplaintRow] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                _save_chunk(chunk, actor=actor, writers=writers, result=result)
                chunk = []
                if progress:
                    progress(result.created + result.skipped)
        if chunk:
            _save_chunk(chunk, actor=actor, writers=writers, result=result)
        _notify(result, writers=writers)
    return result
