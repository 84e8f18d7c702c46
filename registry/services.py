"""Writes for call centres and premises: register, update, status, phones, premises, moves, merges.

Every function takes keyword-only arguments and an `actor`, validates with `full_clean()`,
runs in one transaction and checks, before it commits, that what it wrote is still within
the actor's jurisdiction (`ensure_in_scope`). Bad input raises `ValidationError` with a
message in the officer's terms (the API turns it into a 400, forms show it on the field).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope, user_scope
from core.phones import normalize_phone, normalize_phone_list

from .addresses import company_key, name_key, normalize_address
from .choices import STATUS_TRANSITIONS, CallCentreStatus, Direction, Service, Source
from .models import (
    AssociationNotice,
    CallCentre,
    CallCentrePhone,
    Merge,
    NotDuplicate,
    Occupancy,
    Premises,
    ReturnEntry,
    StatusChange,
)

PERM_MERGE = "registry.merge_callcentre"
PERM_UNMERGE = "registry.unmerge_callcentre"
PERM_REASSIGN = "registry.reassign_callcentre"

#: The night window whose hours mark a night shift (foreign markets are served at night).
NIGHT_FROM = time(22, 0)
NIGHT_TO = time(5, 0)
#: How much of the night window a shift must cover to count as a night shift.
NIGHT_MINUTES_MIN = 60

#: Statuses that end a call centre's stay: ended_on is set and its occupancy closed.
ENDING_STATUSES = {CallCentreStatus.CLOSED, CallCentreStatus.VACATED}

#: Fields of a call centre that `callcentre_update` may change.
UPDATABLE_FIELDS = {
    "name", "trading_names", "company_name", "company_registration", "direction", "service", "markets",
    "languages", "seats", "shift_start", "shift_end", "started_on", "source", "notes", "station",
}


# --------------------------------------------------------------------------- small helpers

def night_shift_of(shift_start: time | None, shift_end: time | None) -> bool:
    """True when the shift covers at least an hour of 22:00–05:00.

    A shift that ends at or before it starts runs past midnight (21:00–06:00); one that
    starts and ends at the same time runs round the clock.
    """
    if shift_start is None or shift_end is None:
        return False
    start = shift_start.hour * 60 + shift_start.minute
    end = shift_end.hour * 60 + shift_end.minute
    if end <= start:
        end += 24 * 60
    night_from = NIGHT_FROM.hour * 60 + NIGHT_FROM.minute
    night_len = (NIGHT_TO.hour * 60 + NIGHT_TO.minute) - night_from + 24 * 60
    covered = 0
    # The shift lies within [0, 48h); nights start at 22:00 of the day before, of day 1 and of day 2.
    for day in (-1, 0, 1):
        lo = night_from + day * 24 * 60
        covered += max(0, min(end, lo + night_len) - max(start, lo))
    return covered >= NIGHT_MINUTES_MIN


def _text_list(raw: Iterable[str] | str | None) -> list[str]:
    """Countries or languages from a list or a comma-separated text, cleaned and without repeats."""
    if raw is None:
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValidationError(_g("Write names as text, separated by commas."))
        value = " ".join(item.split())
        if value and value.casefold() not in {o.casefold() for o in out}:
            out.append(value[:60])
    return out


def landlord_key_of(landlord_name: str, landlord_phone: str) -> str:
    """The landlord's identity: their phone when known, else their normalised name."""
    if landlord_phone:
        return landlord_phone
    key = name_key(landlord_name)
    return f"n:{key}"[:160] if key else ""


def _can_reassign(actor) -> bool:
    return actor.has_perm(PERM_REASSIGN) and not user_scope(actor).read_only


def _check_can_write(actor) -> None:
    scope = user_scope(actor)
    if scope.role is None or scope.read_only or not scope.is_police:
        raise PermissionDenied(_g("You may not change the registry."))


def _resolve_station(*, actor, locality, station):
    """The station of a call centre: its locality's, unless the cyber crime team sets another."""
    derived = locality.station
    if station is None or station.pk == derived.pk:
        return derived
    if not _can_reassign(actor):
        raise ValidationError(
            {"station": _g("The station follows the locality; only the cyber crime team can set another station.")}
        )
    return station


def _check_locality_in_scope(*, actor, station) -> None:
    """An officer registers call centres in their own jurisdiction only (a clear message, not a 403)."""
    from stations.models import PoliceStation

    if not PoliceStation.objects.for_user(actor, CHANGE).filter(pk=station.pk).exists():
        raise ValidationError(
            {"locality": _g("This locality is outside your jurisdiction. Ask the cyber crime team to record it.")}
        )


# --------------------------------------------------------------------------- premises

@dataclass(frozen=True)
class PremisesInput:
    """An address as an officer wrote it, with its locality and what is known of the landlord."""

    address: str
    locality: object  # stations.Locality
    landlord_name: str = ""
    landlord_phone: str = ""
    lease_start: date | None = None
    lease_end: date | None = None
    rooms: int | None = None


def premises_get_or_create(*, data: PremisesInput) -> tuple[Premises, bool]:
    """The premises at this address (same normalised address), or a new one.

    Matching is city-wide on purpose: two stations writing the same address differently
    must land on one premises, so that its occupants and its landlord are seen together.
    Landlord details fill the blanks of an existing premises and never overwrite them.
    """
    address = " ".join((data.address or "").split())
    if not address:
        raise ValidationError({"address": _g("Write the address of the premises.")})
    landlord_phone = ""
    if data.landlord_phone:
        landlord_phone = normalize_phone_list([data.landlord_phone], field="landlord_phone")[0]
    parts = normalize_address(address, locality=data.locality.name)
    premises = None
    if parts.key:
        premises = Premises.objects.select_for_update().filter(address_key=parts.key).order_by("pk").first()
    created = premises is None
    if created:
        premises = Premises(
            address_raw=address[:400],
            plot=parts.plot[:50],
            floor=parts.floor[:30],
            building=parts.building[:150],
            sector=(parts.sector or parts.phase)[:50],
            locality=data.locality,
            city=parts.city[:50],
            pin_code=parts.pin or data.locality.pin_code,
            address_key=parts.key[:400],
        )
    changed = created
    for name, value in (
        ("landlord_name", (data.landlord_name or "").strip()[:150]),
        ("landlord_phone", landlord_phone),
        ("lease_start", data.lease_start),
        ("lease_end", data.lease_end),
        ("rooms", data.rooms),
    ):
        if value not in (None, "") and getattr(premises, name) in (None, ""):
            setattr(premises, name, value)
            changed = True
    if changed:
        premises.landlord_key = landlord_key_of(premises.landlord_name, premises.landlord_phone)
        premises.full_clean()
        premises.save()
    return premises, created


@transaction.atomic
def premises_update(
    *,
    actor,
    premises: Premises,
    landlord_name: str = "",
    landlord_phone: str = "",
    lease_start: date | None = None,
    lease_end: date | None = None,
    rooms: int | None = None,
) -> Premises:
    """Record the landlord, the lease and the number of rooms of a premises."""
    _check_can_write(actor)
    premises = Premises.objects.select_for_update().get(pk=premises.pk)
    premises.landlord_name = (landlord_name or "").strip()[:150]
    premises.landlord_phone = (
        normalize_phone_list([landlord_phone], field="landlord_phone")[0] if landlord_phone else ""
    )
    premises.landlord_key = landlord_key_of(premises.landlord_name, premises.landlord_phone)
    premises.lease_start = lease_start
    premises.lease_end = lease_end
    premises.rooms = rooms
    premises.full_clean()
    premises.save()
    ensure_in_scope(actor, premises)
    return premises


# --------------------------------------------------------------------------- call centres

def _apply_profile(call_centre: CallCentre, fields: dict) -> None:
    """Set fields, keeping the derived ones (keys, night shift, lists) in step."""
    for name, value in fields.items():
        if name in ("markets", "languages"):
            value = _text_list(value)
        elif name in ("name", "trading_names", "company_name", "company_registration"):
            value = " ".join((value or "").split())
        elif name in ("direction", "service", "notes") and value is None:
            value = ""
        setattr(call_centre, name, value)
    call_centre.name_key = name_key(call_centre.name)[:200]
    call_centre.company_key = company_key(call_centre.company_name)[:200]
    call_centre.night_shift = night_shift_of(call_centre.shift_start, call_centre.shift_end)
    if bool(call_centre.shift_start) != bool(call_centre.shift_end):
        raise ValidationError({"shift_end": _g("Give both the start and the end of the shift, or neither.")})


def _check_choices(*, direction: str, service: str, source: str) -> None:
    errors = {}
    if direction and direction not in Direction.values:
        errors["direction"] = _g("Choose inbound, outbound or both.")
    if service and service not in Service.values:
        errors["service"] = _g("Choose one of the listed services.")
    if source and source not in Source.values:
        errors["source"] = _g("Choose one of the listed sources.")
    if errors:
        raise ValidationError(errors)


def _phones_add(call_centre: CallCentre, numbers: Iterable[str]) -> list[CallCentrePhone]:
    existing = set(call_centre.phones.values_list("number", flat=True))
    added = []
    for number in numbers:
        if number in existing:
            continue
        phone = CallCentrePhone(call_centre=call_centre, number=number)
        phone.full_clean()
        phone.save()
        existing.add(number)
        added.append(phone)
    return added


def _set_phones(call_centre: CallCentre, numbers: list[str]) -> None:
    for row in CallCentrePhone.objects.filter(call_centre=call_centre).exclude(number__in=numbers):
        row.delete()  # one by one, so each removal leaves a history row
    _phones_add(call_centre, numbers)


@transaction.atomic
def callcentre_register(
    *,
    actor,
    name: str,
    locality,
    address: str,
    trading_names: str = "",
    company_name: str = "",
    company_registration: str = "",
    phones: Iterable[str] | str | None = None,
    station=None,
    direction: str = "",
    service: str = "",
    markets: Iterable[str] | str | None = None,
    languages: Iterable[str] | str | None = None,
    seats: int | None = None,
    shift_start: time | None = None,
    shift_end: time | None = None,
    started_on: date | None = None,
    source: str = Source.STATION_SURVEY,
    notes: str = "",
    landlord_name: str = "",
    landlord_phone: str = "",
    lease_start: date | None = None,
    lease_end: date | None = None,
    rooms: int | None = None,
) -> CallCentre:
    """Put a call centre on the registry, at its premises, under the station of its locality.

    The premises is found by normalised address (or created); the call centre's stay there
    starts an Occupancy; the first StatusChange records that it was reported.
    """
    _check_can_write(actor)
    if not (name or "").strip():
        raise ValidationError({"name": _g("Write the call centre's name.")})
    if locality is None:
        raise ValidationError({"locality": _g("Choose the locality.")})
    _check_choices(direction=direction, service=service, source=source)
    numbers = normalize_phone_list(phones)
    target_station = _resolve_station(actor=actor, locality=locality, station=station)
    _check_locality_in_scope(actor=actor, station=target_station)

    premises, _created = premises_get_or_create(
        data=PremisesInput(
            address=address, locality=locality, landlord_name=landlord_name, landlord_phone=landlord_phone,
            lease_start=lease_start, lease_end=lease_end, rooms=rooms,
        )
    )
    call_centre = CallCentre(station=target_station, premises=premises, created_by=actor, status=CallCentreStatus.REPORTED)
    _apply_profile(
        call_centre,
        {
            "name": name, "trading_names": trading_names, "company_name": company_name,
            "company_registration": company_registration, "direction": direction, "service": service,
            "markets": markets, "languages": languages, "seats": seats, "shift_start": shift_start,
            "shift_end": shift_end, "started_on": started_on, "source": source, "notes": notes,
        },
    )
    call_centre.full_clean()
    call_centre.save()
    _phones_add(call_centre, numbers)
    Occupancy.objects.create(premises=premises, call_centre=call_centre, moved_in=started_on)
    StatusChange.objects.create(
        call_centre=call_centre, from_status="", to_status=CallCentreStatus.REPORTED, changed_by=actor,
        reason=str(Source(source).label) if source else "",
    )
    ensure_in_scope(actor, call_centre)
    return call_centre


@transaction.atomic
def callcentre_update(
    *, actor, call_centre: CallCentre, phones: Iterable[str] | str | None = None, **fields
) -> CallCentre:
    """Change a call centre's names, company, work profile, start date, source, notes or station.

    `phones`, when given, becomes exactly the list of its numbers. Only the cyber crime team
    may move a call centre to a station other than its locality's.
    """
    _check_can_write(actor)
    numbers = normalize_phone_list(phones) if phones is not None else None
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise ValidationError(_g("These fields cannot be changed here: %(f)s") % {"f": ", ".join(sorted(unknown))})
    call_centre = CallCentre.objects.select_for_update().get(pk=call_centre.pk)
    if call_centre.status == CallCentreStatus.MERGED:
        raise ValidationError(_g("This record was merged into another one; change that one instead."))
    if "station" in fields:
        station = fields.pop("station")
        if station is not None and station.pk != call_centre.station_id:
            if not _can_reassign(actor):
                raise ValidationError({"station": _g("Only the cyber crime team can set another station.")})
            call_centre.station = station
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError({"name": _g("Write the call centre's name.")})
    _check_choices(
        direction=fields.get("direction") or "", service=fields.get("service") or "", source=fields.get("source") or ""
    )
    _apply_profile(call_centre, fields)
    call_centre.full_clean()
    call_centre.save()
    if numbers is not None:
        _set_phones(call_centre, numbers)
    ensure_in_scope(actor, call_centre)
    return call_centre


@transaction.atomic
def callcentre_set_status(
    *, actor, call_centre: CallCentre, status: str, reason: str = "", on: date | None = None
) -> CallCentre:
    """Move a call centre to a new status, as STATUS_TRANSITIONS allows, and record the step.

    Closing or vacating sets `ended_on` (today unless `on` is given) and ends the stay at
    its premises; reporting a closed call centre again reopens it.
    """
    _check_can_write(actor)
    call_centre = CallCentre.objects.select_for_update().get(pk=call_centre.pk)
    current = call_centre.status
    if status not in CallCentreStatus.values:
        raise ValidationError({"status": _g("Unknown status.")})
    if status not in STATUS_TRANSITIONS.get(current, set()):
        raise ValidationError(
            {
                "status": _g("A call centre that is “%(current)s” cannot become “%(new)s”.")
                % {"current": CallCentreStatus(current).label, "new": CallCentreStatus(status).label}
            }
        )
    today = timezone.localdate()
    if on and on > today:
        raise ValidationError({"on": _g("The date cannot be in the future.")})
    if status in ENDING_STATUSES:
        ended = on or today
        if call_centre.started_on and ended < call_centre.started_on:
            raise ValidationError({"on": _g("A call centre cannot close before it started.")})
        call_centre.ended_on = ended
        for stay in Occupancy.objects.select_for_update().filter(call_centre=call_centre, moved_out__isnull=True):
            stay.moved_out = max(ended, stay.moved_in) if stay.moved_in else ended
            stay.save()
    elif current in ENDING_STATUSES:
        call_centre.ended_on = None
    call_centre.status = status
    call_centre.full_clean()
    call_centre.save()
    StatusChange.objects.create(
        call_centre=call_centre, from_status=current, to_status=status, changed_by=actor, reason=(reason or "")[:300]
    )
    ensure_in_scope(actor, call_centre)
    return call_centre


@transaction.atomic
def callcentre_phone_add(*, actor, call_centre: CallCentre, phone: str) -> CallCentrePhone | None:
    """Add one phone number (normalised); None when the call centre already has it."""
    _check_can_write(actor)
    call_centre = CallCentre.objects.select_for_update().get(pk=call_centre.pk)
    number = normalize_phone_list([phone], field="phone")
    if not number:
        raise ValidationError({"phone": _g("Write a phone number.")})
    added = _phones_add(call_centre, number)
    ensure_in_scope(actor, call_centre)
    return added[0] if added else None


@transaction.atomic
def callcentre_phone_remove(*, actor, call_centre: CallCentre, phone: str) -> bool:
    """Remove a phone number (written any way); False when the call centre did not have it."""
    _check_can_write(actor)
    ensure_in_scope(actor, call_centre)
    number = normalize_phone(phone)
    if number is None:
        raise ValidationError({"phone": _g("Not a valid phone number: “%(n)s”.") % {"n": phone}})
    removed = False
    for row in CallCentrePhone.objects.filter(call_centre=call_centre, number=number):
        row.delete()  # one by one, so each removal leaves a history row
        removed = True
    return removed


@transaction.atomic
def callcentre_set_phones(*, actor, call_centre: CallCentre, phones: Iterable[str] | str) -> list[str]:
    """Make the call centre's numbers exactly `phones` (as the edit form and the API send them)."""
    _check_can_write(actor)
    ensure_in_scope(actor, call_centre)
    wanted = normalize_phone_list(phones)
    _set_phones(call_centre, wanted)
    return wanted


@transaction.atomic
def callcentre_move(
    *,
    actor,
    call_centre: CallCentre,
    address: str,
    locality,
    moved_on: date | None = None,
    landlord_name: str = "",
    landlord_phone: str = "",
    lease_start: date | None = None,
    lease_end: date | None = None,
    rooms: int | None = None,
) -> CallCentre:
    """The call centre moved: its stay at the old premises ends and one at the new premises starts.

    The station follows the new locality (unless the cyber crime team set the station by hand).
    """
    _check_can_write(actor)
    if locality is None:
        raise ValidationError({"locality": _g("Choose the locality.")})
    call_centre = CallCentre.objects.select_for_update().get(pk=call_centre.pk)
    if call_centre.status == CallCentreStatus.MERGED:
        raise ValidationError(_g("This record was merged into another one; change that one instead."))
    moved_on = moved_on or timezone.localdate()
    if moved_on > timezone.localdate():
        raise ValidationError({"moved_on": _g("The date cannot be in the future.")})
    premises, _created = premises_get_or_create(
        data=PremisesInput(
            address=address, locality=locality, landlord_name=landlord_name, landlord_phone=landlord_phone,
            lease_start=lease_start, lease_end=lease_end, rooms=rooms,
        )
    )
    if premises.pk == call_centre.premises_id:
        raise ValidationError({"address": _g("The call centre is already at this address.")})
    for stay in Occupancy.objects.select_for_update().filter(call_centre=call_centre, moved_out__isnull=True):
        if stay.moved_in and moved_on < stay.moved_in:
            raise ValidationError({"moved_on": _g("The move cannot be before the call centre moved in.")})
        stay.moved_out = moved_on
        stay.save()
    Occupancy.objects.create(premises=premises, call_centre=call_centre, moved_in=moved_on)
    old_locality_station = call_centre.premises.locality.station_id if call_centre.premises_id else None
    if call_centre.station_id == old_locality_station or old_locality_station is None:
        call_centre.station = locality.station  # the station followed the locality; it still does
    call_centre.premises = premises
    call_centre.full_clean()
    call_centre.save()
    ensure_in_scope(actor, call_centre)
    return call_centre


# --------------------------------------------------------------------------- merges

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
    if not actor.has_perm(PERM_MERGE):
        raise PermissionDenied(_g("Only the cyber crime team can merge call centres."))
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
    if not actor.has_perm(PERM_UNMERGE):
        raise PermissionDenied(_g("Only an administrator can undo a merge."))
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


__all__ = [
    "MERGE_RELATIONS", "MergeRelation", "PremisesInput", "callcentre_merge", "callcentre_merge_undo",
    "callcentre_move", "callcentre_phone_add", "callcentre_phone_remove", "callcentre_register",
    "callcentre_set_phones", "callcentre_set_status", "callcentre_update", "landlord_key_of", "night_shift_of",
    "normalize_phone_list", "premises_get_or_create", "premises_update",
]


# --------------------------------------------------------------------------- "not a duplicate"


@transaction.atomic
def duplicate_dismiss(*, actor, call_centre: CallCentre, other: CallCentre, note: str = "") -> NotDuplicate:
    """Record that two records are different call centres: the pair is not proposed again."""
    if not actor.has_perm(PERM_MERGE):
        raise PermissionDenied(_g("Only the cyber crime team can decide on duplicates."))
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
    if not actor.has_perm(PERM_MERGE):
        raise PermissionDenied(_g("Only the cyber crime team can decide on duplicates."))
    decision = NotDuplicate.objects.select_for_update().filter(pk=decision.pk).first()
    if decision is None:
        raise ValidationError(_g("This decision was already undone."))
    decision._history_user = actor
    decision.delete()
