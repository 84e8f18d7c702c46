"""Writes for call centres: register, update, status, phones, moves.

Every function takes keyword-only arguments and an `actor`, starts with the one write rule
(`require(actor, "registry.<permission>")`), validates with `full_clean()`, runs in one
transaction and checks, before it commits, that what it wrote is still within the actor's
jurisdiction (`ensure_in_scope`). Bad input raises `ValidationError` with a message in the
officer's terms (the API turns it into a 400, forms show it on the field).

`callcentre_row` is the one builder of a new call centre's row: `callcentre_register`, the
association notice (services/notices.py) and the import (imports/saving.py) all use it.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope
from core.permissions import may, require
from core.phones import normalize_phone, normalize_phone_list

from ..addresses import company_key, name_key
from ..choices import STATUS_TRANSITIONS, CallCentreSource, CallCentreStatus, Direction, Service
from ..models import CallCentre, CallCentrePhone, Occupancy, StatusChange
from .premises import PremisesInput, premises_get_or_create

PERM_ADD = "registry.add_callcentre"
PERM_CHANGE = "registry.change_callcentre"
PERM_ADD_PHONE = "registry.add_callcentrephone"
PERM_REMOVE_PHONE = "registry.delete_callcentrephone"
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


def _resolve_station(*, actor, locality, station):
    """The station of a call centre: its locality's, unless the cyber crime team sets another."""
    derived = locality.station
    if station is None or station.pk == derived.pk:
        return derived
    if not may(actor, PERM_REASSIGN):
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


# --------------------------------------------------------------------------- the one builder of a new call centre

def _clean_profile(fields: dict) -> dict:
    """Profile values as stored: names without stray spaces, countries and languages as lists."""
    out = {}
    for name, value in fields.items():
        if name in ("markets", "languages"):
            value = _text_list(value)
        elif name in ("name", "trading_names", "company_name", "company_registration"):
            value = " ".join((value or "").split())
        elif name in ("direction", "service", "notes") and value is None:
            value = ""
        out[name] = value
    return out


def _derived(*, name: str, company_name: str, shift_start: time | None, shift_end: time | None) -> dict:
    """The fields derived from the profile (keys for duplicate search, the night-shift flag)."""
    derived = {
        "name_key": name_key(name)[:200],
        "company_key": company_key(company_name)[:200],
        "night_shift": night_shift_of(shift_start, shift_end),
    }
    if bool(shift_start) != bool(shift_end):
        raise ValidationError({"shift_end": _g("Give both the start and the end of the shift, or neither.")})
    return derived


def callcentre_row(*, station_id: int, premises_id: int | None, created_by_id: int | None, source: str,
                   derived: dict | None = None, **profile) -> dict:
    """THE builder of a new call centre: attribute names to values, "reported", derived fields set.

    `profile` holds the fields of UPDATABLE_FIELDS (name, company, work profile, notes...).
    The register service and the association notice make a model instance of it; the import
    writes thousands of these rows at once (core.bulk). `derived` (name_key, company_key,
    night_shift) may be given by a caller that already computed them with the same functions
    (the import, when it checked each row): 20 µs a row saved on a file of 100,000 rows.
    """
    row = {
        "station_id": station_id, "premises_id": premises_id, "created_by_id": created_by_id,
        "source": source, "status": CallCentreStatus.REPORTED, **_clean_profile(profile),
    }
    if derived is None:
        derived = _derived(name=row.get("name", ""), company_name=row.get("company_name", ""),
                           shift_start=row.get("shift_start"), shift_end=row.get("shift_end"))
    row.update({"name_key": derived["name_key"], "company_key": derived["company_key"],
                "night_shift": bool(derived["night_shift"])})
    return row


def arrival_rows(*, call_centre_id: int, premises_id: int | None, started_on: date | None, actor_id: int | None,
                 reason: str, when: datetime | None = None) -> tuple[dict | None, dict]:
    """The first stay at its premises (None without premises) and the first status step of a new call centre."""
    stay = None
    if premises_id:
        stay = {"premises_id": premises_id, "call_centre_id": call_centre_id, "moved_in": started_on}
    step = {"call_centre_id": call_centre_id, "from_status": "", "to_status": CallCentreStatus.REPORTED,
            "changed_by_id": actor_id, "reason": reason[:300]}
    if when is not None:
        step["changed_at"] = when
    return stay, step


def callcentre_create(*, actor, station, premises, source: str, reason: str, phones: Iterable[str] = (),
                      **profile) -> CallCentre:
    """Save a new call centre built by `callcentre_row`, with its phones, first stay and first status step.

    The callers (register, the association notice) check the permission first.
    """
    call_centre = CallCentre(**callcentre_row(
        station_id=station.pk, premises_id=premises.pk if premises else None,
        created_by_id=getattr(actor, "pk", None), source=source, **profile,
    ))
    call_centre.full_clean()
    call_centre.save()
    _phones_add(call_centre, phones)
    stay, step = arrival_rows(call_centre_id=call_centre.pk, premises_id=call_centre.premises_id,
                              started_on=call_centre.started_on, actor_id=getattr(actor, "pk", None), reason=reason)
    if stay is not None:
        Occupancy.objects.create(**stay)
    StatusChange.objects.create(**step)
    return call_centre


# --------------------------------------------------------------------------- call centres

def _apply_profile(call_centre: CallCentre, fields: dict) -> None:
    """Set fields, keeping the derived ones (keys, night shift, lists) in step."""
    for name, value in _clean_profile(fields).items():
        setattr(call_centre, name, value)
    derived = _derived(name=call_centre.name, company_name=call_centre.company_name,
                       shift_start=call_centre.shift_start, shift_end=call_centre.shift_end)
    for name, value in derived.items():
        setattr(call_centre, name, value)


def _check_choices(*, direction: str, service: str, source: str) -> None:
    errors = {}
    if direction and direction not in Direction.values:
        errors["direction"] = _g("Choose inbound, outbound or both.")
    if service and service not in Service.values:
        errors["service"] = _g("Choose one of the listed services.")
    if source and source not in CallCentreSource.values:
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
    source: str = CallCentreSource.STATION_SURVEY,
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
    require(actor, PERM_ADD)
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
    call_centre = callcentre_create(
        actor=actor, station=target_station, premises=premises, source=source, phones=numbers,
        reason=str(CallCentreSource(source).label) if source else "",
        name=name, trading_names=trading_names, company_name=company_name,
        company_registration=company_registration, direction=direction, service=service, markets=markets,
        languages=languages, seats=seats, shift_start=shift_start, shift_end=shift_end, started_on=started_on,
        notes=notes,
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
    require(actor, PERM_CHANGE)
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
            if not may(actor, PERM_REASSIGN):
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
    require(actor, PERM_CHANGE)
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
    require(actor, PERM_ADD_PHONE)
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
    require(actor, PERM_REMOVE_PHONE)
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
    require(actor, PERM_CHANGE)
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
