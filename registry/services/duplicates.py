"""Writes for duplicates: merging two records of one call centre (and undoing it), and judging
two records to be different call centres ("not a duplicate").

Merging needs "registry.merge_callcentre" (the cyber crime team); undoing a merge
"registry.unmerge_callcentre" (administrators).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope
from core.permissions import require

from ..choices import CallCentreStatus
from ..models import (
    AssociationNotice,
    CallCentre,
    CallCentrePhone,
    Merge,
    NotDuplicate,
    Occupancy,
    ReturnEntry,
    StatusChange,
)

PERM_MERGE = "registry.merge_callcentre"
PERM_UNMERGE = "registry.unmerge_callcentre"


@dataclass(frozen=True)
class MergeRelation:
    """A table whose rows belong to a call centre and move to the survivor on a merge.

    `unique_with` names the other columns of a unique constraint with the call centre:
    a row that would collide (the survivor already has that number, is already on that
    return) stays with the merged record. Later apps (letters, inspections, busts) append
    their relations to MERGE_RELATIONS.
    """

    key: str
    model: type
    field: str = "call_centre"
    unique_with: tuple[str, ...] = ()


MERGE_RELATIONS: list[MergeRelation] = [
    MergeRelation("phones", CallCentrePhone, unique_with=("number",)),
    MergeRelation("occupancies", Occupancy),
    MergeRelation("return_entries", ReturnEntry, unique_with=("station_return_id",)),
    MergeRelation("notices", AssociationNotice),
]


def _lock_pair(a: CallCentre, b: CallCentre) -> tuple[CallCentre, CallCentre]:
    """Lock both records in primary-key order (no deadlock with a merge the other way)."""
    rows = {cc.pk: cc for cc in CallCentre.objects.select_for_update().filter(pk__in=[a.pk, b.pk]).order_by("pk")}
    return rows[a.pk], rows[b.pk]


@transaction.atomic
def callcentre_merge(*, actor, survivor: CallCentre, merged: CallCentre, reasons: Iterable[str] = ()) -> Merge:
    """Two records are one call centre: `merged` is absorbed into `survivor`, keeping both histories.

    The merged record's phones, stays, return entries and notices move to the survivor
    (each one saved, so each move is in the audit trail); the merged record becomes MERGED
    and points at the survivor. `Merge.moved` lists every row moved so the merge can be undone.
    """
    require(actor, PERM_MERGE, _g("Only the cyber crime team can merge call centres."))
    if survivor.pk == merged.pk:
        raise ValidationError(_g("Choose two different records to merge."))
    survivor, merged = _lock_pair(survivor, merged)
    for record in (survivor, merged):
        ensure_in_scope(actor, record)
        if record.status == CallCentreStatus.MERGED:
            raise ValidationError(
                _g("“%(name)s” was already merged into another record.") % {"name": record.name}
            )
    moved: dict[str, list[int]] = {}
    for relation in MERGE_RELATIONS:
        taken = set()
        if relation.unique_with:
            taken = set(
                relation.model.objects.filter(**{relation.field: survivor}).values_list(*relation.unique_with)
            )
        ids = []
        for row in relation.model.objects.select_for_update().filter(**{relation.field: merged}).order_by("pk"):
            if relation.unique_with and tuple(getattr(row, f) for f in relation.unique_with) in taken:
                continue  # the survivor already has it: it stays on the merged record
            setattr(row, relation.field, survivor)
            row.save()
            ids.append(row.pk)
        moved[relation.key] = ids
    # Records merged earlier into `merged` now point at the survivor (no chains).
    earlier = []
    for record in CallCentre.objects.select_for_update().filter(merged_into=merged).order_by("pk"):
        record.merged_into = survivor
        record.save()
        earlier.append(record.pk)
    moved["merged_records"] = earlier
    if survivor.premises_id is None and merged.premises_id is not None:
        survivor.premises_id = merged.premises_id
        survivor.save()
        moved["survivor_premises"] = [merged.premises_id]
    previous_status = merged.status
    merged.status = CallCentreStatus.MERGED
    merged.merged_into = survivor
    merged.save()
    StatusChange.objects.create(
        call_centre=merged, from_status=previous_status, to_status=CallCentreStatus.MERGED, changed_by=actor,
        reason=(_g("Merged into “%(name)s” (#%(pk)s)") % {"name": survivor.name, "pk": survivor.pk})[:300],
    )
    merge = Merge(
        survivor=survivor, merged=merged, reasons=[str(r) for r in reasons], moved=moved,
        previous_status=previous_status, merged_by=actor,
    )
    merge.full_clean()
    merge.save()
    return merge


@transaction.atomic
def callcentre_merge_undo(*, actor, merge: Merge) -> Merge:
    """Undo a merge exactly: every moved row goes back, the merged record gets its status back.

    Refused when a later merge absorbed the survivor (undo that one first), so that rows
    are never pulled from a third record.
    """
    require(actor, PERM_UNMERGE, _g("Only an administrator can undo a merge."))
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise ValidationError(_g("This merge was already undone."))
    survivor, merged = _lock_pair(merge.survivor, merge.merged)
    if survivor.status == CallCentreStatus.MERGED:
        raise ValidationError(
            _g("“%(name)s” was itself merged into another record later: undo that merge first.")
            % {"name": survivor.name}
        )
    if merged.status != CallCentreStatus.MERGED or merged.merged_into_id != survivor.pk:
        raise ValidationError(_g("The merged record has changed since; this merge cannot be undone."))
    moved = merge.moved or {}
    for relation in MERGE_RELATIONS:
        ids = moved.get(relation.key, [])
        for row in relation.model.objects.select_for_update().filter(pk__in=ids, **{relation.field: survivor}):
            setattr(row, relation.field, merged)
            row.save()
    for record in CallCentre.objects.select_for_update().filter(pk__in=moved.get("merged_records", []), merged_into=survivor):
        record.merged_into = merged
        record.save()
    if moved.get("survivor_premises") and survivor.premises_id == moved["survivor_premises"][0]:
        survivor.premises = None
        survivor.save()
    merged.status = merge.previous_status
    merged.merged_into = None
    merged.save()
    StatusChange.objects.create(
        call_centre=merged, from_status=CallCentreStatus.MERGED, to_status=merge.previous_status, changed_by=actor,
        reason=(_g("Merge into “%(name)s” (#%(pk)s) undone") % {"name": survivor.name, "pk": survivor.pk})[:300],
    )
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save()
    return merge


@transaction.atomic
def duplicate_dismiss(*, actor, call_centre: CallCentre, other: CallCentre, note: str = "") -> NotDuplicate:
    """Record that two records are different call centres: the pair is not proposed again."""
    require(actor, PERM_MERGE, _g("Only the cyber crime team can decide on duplicates."))
    if call_centre.pk == other.pk:
        raise ValidationError(_g("A record cannot be a duplicate of itself."))
    in_scope = CallCentre.objects.for_user(actor, CHANGE).filter(pk__in=[call_centre.pk, other.pk]).count()
    if in_scope != 2:
        raise ValidationError(_g("Both records must be within your jurisdiction."))
    a_id, b_id = sorted((call_centre.pk, other.pk))
    if NotDuplicate.objects.filter(a_id=a_id, b_id=b_id).exists():
        raise ValidationError(_g("These records were already judged to be different call centres."))
    decision = NotDuplicate(a_id=a_id, b_id=b_id, decided_by=actor, note=(note or "").strip()[:300])
    decision._history_user = actor
    decision.save()
    return decision


@transaction.atomic
def duplicate_dismiss_undo(*, actor, decision: NotDuplicate) -> None:
    """Undo a "not a duplicate" decision: the pair may be proposed again (the history keeps the decision)."""
    require(actor, PERM_MERGE, _g("Only the cyber crime team can decide on duplicates."))
    decision = NotDuplicate.objects.select_for_update().filter(pk=decision.pk).first()
    if decision is None:
        raise ValidationError(_g("This decision was already undone."))
    decision._history_user = actor
    decision.delete()
