"""Writes for enforcement: busts, persons and what is known about them, arrests, prior records, matches.

Every function takes keyword-only arguments and an `actor`, checks the actor's permission,
validates with `full_clean()`, runs in one transaction and checks before it commits that
what it wrote is within the actor's jurisdiction (`ensure_in_scope`). Bad input raises
ValidationError in the officer's terms (forms show it, the API turns it into a 400).

Aadhaar numbers arrive here whole only as an argument, and leave as last four digits and a
keyed hash (offenders.identity.aadhaar_parts): never stored, logged or put in a message.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, VIEW, ensure_in_scope, user_scope
from core.phones import normalize_phone, normalize_phone_list
from registry.choices import STATUS_TRANSITIONS, CallCentreStatus
from stations.models import PoliceStation

from .choices import (
    AccountKind,
    ArrestRole,
    DocumentKind,
    Force,
    Gender,
    MatchVerdict,
    ModusOperandi,
    RecordSource,
    Relation,
)
from .identity import aadhaar_parts
from .matching import normalize_name
from .models import (
    Arrest,
    Bust,
    BustDocument,
    Identity,
    IdentityDocument,
    LawSection,
    MatchDecision,
    Person,
    PersonAccount,
    PersonAddress,
    PersonAlias,
    PersonPhone,
    PersonPhoto,
    PriorRecord,
)
from .photos import document_clean, photo_clean

PERM_DECIDE = "offenders.decide_match"
PERM_REVIEW = "offenders.review_match"


# --------------------------------------------------------------------------- helpers


def _require(actor, perm: str) -> None:
    """The actor holds the permission and may write at all (not a read-only role)."""
    scope = user_scope(actor)
    if scope.role is None or scope.read_only or not scope.is_police or not actor.has_perm(perm):
        raise PermissionDenied(_g("You may not make this change."))


def _station_for(actor, station) -> PoliceStation:
    """The station a new record belongs to: the officer's own, or one chosen by a city-wide role."""
    if station is None:
        station = getattr(actor, "station", None)
    if station is None:
        raise ValidationError({"station": _g("Choose the station.")})
    if not PoliceStation.objects.for_user(actor, CHANGE).filter(pk=station.pk).exists():
        raise ValidationError({"station": _g("This station is outside your jurisdiction.")})
    return station


def _clean_text(value) -> str:
    return " ".join(str(value or "").split())


def _text_list(raw, *, limit: int = 30, size: int = 60) -> list[str]:
    """Names from a list or a comma-separated text, cleaned and without repeats."""
    if raw is None or raw == "":
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValidationError(_g("Write names as text, separated by commas."))
        value = _clean_text(item)[:size]
        if value and value.casefold() not in {o.casefold() for o in out}:
            out.append(value)
    return out[:limit]


def _emails(raw) -> list[str]:
    items = _text_list(raw, limit=10, size=254)
    bad = []
    for item in items:
        try:
            validate_email(item)
        except ValidationError:
            bad.append(item)
    if bad:
        raise ValidationError({"emails": _g("Not a valid e-mail address: %(emails)s") % {"emails": ", ".join(bad)}})
    return [item.lower() for item in items]


def _choice(value, choices, field_name: str, *, blank: bool = True) -> str:
    value = value or ""
    if (value == "" and blank) or value in choices.values:
        return value
    raise ValidationError({field_name: _g("Choose one of the listed values.")})


# --------------------------------------------------------------------------- busts


def _mark_busted(*, actor, bust: Bust) -> None:
    """The raided call centre becomes "busted" (registry service), when its status allows it.

    A call centre already busted stays so; one recorded as closed or vacated keeps its
    status (the registry does not allow that step) and its timeline still shows the bust.
    """
    from registry.models import CallCentre
    from registry.services import callcentre_set_status

    if bust.call_centre_id is None:
        return
    call_centre = CallCentre.objects.get(pk=bust.call_centre_id)  # the status as stored, not as passed in
    if CallCentreStatus.BUSTED not in STATUS_TRANSITIONS.get(call_centre.status, set()):
        return  # already busted, or closed / vacated / merged
    callcentre_set_status(
        actor=actor, call_centre=call_centre, status=CallCentreStatus.BUSTED,
        reason=_g("Raided: FIR %(fir)s of %(date)s") % {"fir": bust.fir_number, "date": bust.raid_date.isoformat()},
    )


def _check_call_centre(actor, call_centre) -> None:
    if call_centre is None:
        return
    from registry.models import CallCentre

    if not CallCentre.objects.for_user(actor, CHANGE).filter(pk=call_centre.pk).exists():
        raise ValidationError({"call_centre": _g("This call centre is outside your jurisdiction.")})
    if call_centre.status == CallCentreStatus.MERGED:
        raise ValidationError({"call_centre": _g("This record was merged into another call centre: choose that one.")})


def _sections(values) -> list[LawSection]:
    sections = list(values or [])
    for section in sections:
        if not isinstance(section, LawSection):
            raise ValidationError({"sections": _g("Choose sections of law from the list.")})
    return sections


def _modus(values) -> list[str]:
    tags = list(dict.fromkeys(values or []))
    if any(tag not in ModusOperandi.values for tag in tags):
        raise ValidationError({"modus_operandi": _g("Choose the modus operandi from the list.")})
    return tags


BUST_FIELDS = {
    "fir_number", "raid_date", "call_centre", "place", "victim_count", "victim_countries", "money_involved",
    "computers_seized", "phones_seized", "sim_cards_seized", "cash_seized", "narrative", "modus_operandi",
}


def _apply_bust(bust: Bust, fields: dict) -> None:
    for name, value in fields.items():
        if name == "victim_countries":
            value = _text_list(value)
        elif name == "modus_operandi":
            value = _modus(value)
        elif name in ("place",):
            value = _clean_text(value)[:400]
        elif name == "narrative":
            value = (value or "").strip()
        elif name in ("computers_seized", "phones_seized", "sim_cards_seized") and value is None:
            value = 0
        elif name == "cash_seized" and value is None:
            value = Decimal("0")
        setattr(bust, name, value)


def _save_bust(bust: Bust) -> None:
    # The FIR's uniqueness is checked here, for a message on the field; the constraint stays the guard.
    bust.full_clean(validate_unique=False, validate_constraints=False)
    if Bust.objects.filter(station=bust.station, fir_number=bust.fir_number).exclude(pk=bust.pk).exists():
        raise ValidationError(
            {"fir_number": _g("FIR %(fir)s is already recorded at this station.") % {"fir": bust.fir_number}}
        )
    try:
        with transaction.atomic():
            bust.save()
    except IntegrityError:  # a concurrent save of the same FIR
        raise ValidationError(
            {"fir_number": _g("FIR %(fir)s is already recorded at this station.") % {"fir": bust.fir_number}}
        )


@transaction.atomic
def bust_create(
    *, actor, fir_number: str, raid_date: date, station=None, call_centre=None, sections: Iterable = (), **fields
) -> Bust:
    """Record a bust (raid and FIR). A raided call centre of the registry becomes "busted"."""
    _require(actor, "offenders.add_bust")
    unknown = set(fields) - BUST_FIELDS
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    station = _station_for(actor, station)
    _check_call_centre(actor, call_centre)
    bust = Bust(station=station, recorded_by=actor, fir_number=fir_number, raid_date=raid_date, call_centre=call_centre)
    _apply_bust(bust, fields)
    _save_bust(bust)
    bust.sections.set(_sections(sections))
    ensure_in_scope(actor, bust)
    _mark_busted(actor=actor, bust=bust)
    return bust


@transaction.atomic
def bust_update(*, actor, bust: Bust, sections: Iterable | None = None, **fields) -> Bust:
    """Change a bust's details. Choosing a (new) raided call centre marks it busted."""
    _require(actor, "offenders.change_bust")
    unknown = set(fields) - BUST_FIELDS
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    bust = Bust.objects.for_user(actor, CHANGE).select_for_update().filter(pk=bust.pk).first()
    if bust is None:
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    old_call_centre = bust.call_centre_id
    if "call_centre" in fields and fields["call_centre"] is not None and fields["call_centre"].pk != old_call_centre:
        _check_call_centre(actor, fields["call_centre"])
    _apply_bust(bust, fields)
    _save_bust(bust)
    if sections is not None:
        bust.sections.set(_sections(sections))
    ensure_in_scope(actor, bust)
    if bust.call_centre_id and bust.call_centre_id != old_call_centre:
        _mark_busted(actor=actor, bust=bust)
    return bust


def _save_with_files(*, actor, obj, files) -> None:
    """Save a row whose files were just written; if the row is refused, remove the files again.

    (Files written inside an outer transaction that later rolls back are not removed: the
    services that store files are called on their own by views and viewsets.)
    """
    try:
        with transaction.atomic():
            obj.full_clean()
            obj.save()
            ensure_in_scope(actor, obj)
    except BaseException:
        for stored in files:
            if stored:
                stored.storage.delete(stored.name)
        raise


def bust_document_add(*, actor, bust: Bust, upload, description: str = "") -> BustDocument:
    """Attach a document (PDF, JPEG or PNG, checked by name and content) to a bust."""
    _require(actor, "offenders.change_bust")
    if not Bust.objects.for_user(actor, CHANGE).filter(pk=bust.pk).exists():
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    clean = document_clean(upload)  # refuses before anything is written
    document = BustDocument(
        bust=bust, original_name=clean.original_name, content_type=clean.content_type, size=clean.size,
        description=_clean_text(description)[:200], uploaded_by=actor,
    )
    document.file.save(clean.content.name, clean.content, save=False)
    _save_with_files(actor=actor, obj=document, files=[document.file])
    return document


# --------------------------------------------------------------------------- persons


PERSON_FIELDS = {"name", "father_name", "relation", "gender", "dob", "age", "age_on", "birth_year", "emails", "notes"}


def _apply_person(person: Person, fields: dict) -> None:
    """Set a person's own fields, keeping the derived ones (name keys, year of birth) in step."""
    for name in ("name", "father_name"):
        if name in fields:
            setattr(person, name, _clean_text(fields[name])[:200])
    if "relation" in fields:
        person.relation = _choice(fields["relation"], Relation, "relation")
    if "gender" in fields:
        person.gender = _choice(fields["gender"], Gender, "gender")
    if "emails" in fields:
        person.emails = _emails(fields["emails"])
    if "notes" in fields:
        person.notes = (fields["notes"] or "").strip()
    if {"dob", "age", "age_on", "birth_year"} & set(fields):
        _apply_birth(person, fields.get("dob"), fields.get("age"), fields.get("age_on"), fields.get("birth_year"))
    person.name_key = normalize_name(person.name)[:200]
    person.father_key = normalize_name(person.father_name)[:200]


def _apply_birth(person: Person, dob, age, age_on, birth_year) -> None:
    """Date of birth, or an age on a date, or a year only: keep what is known and the year it gives."""
    person.dob = dob or None
    person.age_recorded = None
    person.age_recorded_on = None
    if dob:
        person.birth_year = dob.year
    elif age not in (None, ""):
        try:
            age = int(age)
        except (TypeError, ValueError):
            raise ValidationError({"age": _g("Write the age in years.")})
        if not 0 < age <= 120:
            raise ValidationError({"age": _g("The age must be between 1 and 120.")})
        on = age_on or timezone.localdate()
        person.age_recorded, person.age_recorded_on = age, on
        person.birth_year = on.year - age  # within one year: the birthday may not have come yet
    else:
        person.birth_year = int(birth_year) if birth_year not in (None, "") else None


def _person_for_change(actor, person: Person) -> Person:
    locked = Person.objects.for_user(actor, CHANGE).select_for_update().filter(pk=person.pk).first()
    if locked is None:
        raise PermissionDenied(_g("Only the recording station or the cyber crime team may change this person."))
    return locked


@transaction.atomic
def person_create(
    *, actor, name: str, station=None, phones=(), aliases=(), address: str = "", city: str = "", state: str = "",
    aadhaar: str = "", pan: str = "", passport: str = "", **fields,
) -> Person:
    """Record a person (with their first phones, aliases, address and identity numbers).

    The person starts as an identity of their own; a confirmed match links it to others.
    """
    _require(actor, "offenders.add_person")
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    station = _station_for(actor, station)
    numbers = normalize_phone_list(phones)
    person = Person(station=station, recorded_by=actor)
    _apply_person(person, {"name": name, **fields})
    person.full_clean(exclude=["identity"])
    person.identity = Identity.objects.create()
    person.save()
    for number in numbers:
        PersonPhone.objects.create(person=person, number=number)
    for alias in _text_list(aliases, limit=10, size=200):
        _alias_add(person, alias)
    if _clean_text(address):
        _address_add(person, address=address, city=city, state=state, last_known=True)
    if aadhaar:
        _document_add(person, DocumentKind.AADHAAR, aadhaar)
    if pan:
        _document_add(person, DocumentKind.PAN, pan)
    if passport:
        _document_add(person, DocumentKind.PASSPORT, passport)
    ensure_in_scope(actor, person)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    """Change a person's own fields (name, father's name, birth, e-mails, notes)."""
    _require(actor, "offenders.change_person")
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    person = _person_for_change(actor, person)
    _apply_person(person, fields)
    person.full_clean()
    person.save()
    ensure_in_scope(actor, person)
    return person


def _alias_add(person: Person, name: str) -> PersonAlias | None:
    name = _clean_text(name)[:200]
    key = normalize_name(name)[:200]
    if not name:
        raise ValidationError({"name": _g("Write the alias.")})
    if key == person.name_key or PersonAlias.objects.filter(person=person, name_key=key).exists():
        return None
    alias = PersonAlias(person=person, name=name, name_key=key)
    alias.full_clean()
    alias.save()
    return alias


def _address_add(person: Person, *, address: str, city: str = "", state: str = "", from_date=None, to_date=None,
                 last_known: bool = False) -> PersonAddress:
    if last_known:
        for old in PersonAddress.objects.select_for_update().filter(person=person, last_known=True):
            old.last_known = False
            old.save()
    row = PersonAddress(
        person=person, address=_clean_text(address)[:400], city=_clean_text(city)[:100], state=_clean_text(state)[:100],
        from_date=from_date, to_date=to_date, last_known=last_known,
    )
    if not row.address:
        raise ValidationError({"address": _g("Write the address.")})
    row.full_clean()
    row.save()
    return row


def _document_add(person: Person, kind: str, number: str) -> IdentityDocument:
    kind = _choice(kind, DocumentKind, "kind", blank=False)
    if kind == DocumentKind.AADHAAR:
        last_four, digest = aadhaar_parts(number)  # ValidationError never repeats the number
        if IdentityDocument.objects.filter(person=person, kind=kind, number_hash=digest).exists():
            raise ValidationError({"number": _g("This Aadhaar number is already recorded for the person.")})
        row = IdentityDocument(person=person, kind=kind, last_four=last_four, number_hash=digest)
    else:
        shown = _clean_text(number)[:30]
        key = "".join(ch for ch in shown.upper() if ch.isalnum())
        if not key:
            raise ValidationError({"number": _g("Write the document number.")})
        if IdentityDocument.objects.filter(person=person, kind=kind, number_key=key).exists():
            raise ValidationError({"number": _g("This document is already recorded for the person.")})
        row = IdentityDocument(person=person, kind=kind, number=shown, number_key=key)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def person_alias_add(*, actor, person: Person, name: str) -> PersonAlias | None:
    """Add another name the person is known by (nothing is added if it is already known)."""
    _require(actor, "offenders.change_person")
    return _alias_add(_person_for_change(actor, person), name)


@transaction.atomic
def person_phone_add(*, actor, person: Person, number: str, note: str = "") -> PersonPhone | None:
    """Add a phone number (normalised to 10 digits; nothing is added if already recorded)."""
    _require(actor, "offenders.change_person")
    person = _person_for_change(actor, person)
    normal = normalize_phone(number)
    if normal is None:
        raise ValidationError({"number": _g("Not a valid phone number. Write 10 digits, optionally with +91 or 0 in front.")})
    if PersonPhone.objects.filter(person=person, number=normal).exists():
        return None
    phone = PersonPhone(person=person, number=normal, note=_clean_text(note)[:100])
    phone.full_clean()
    phone.save()
    return phone


@transaction.atomic
def person_address_add(
    *, actor, person: Person, address: str, city: str = "", state: str = "", from_date=None, to_date=None,
    last_known: bool = False,
) -> PersonAddress:
    """Add an address; marking it last known unmarks the previous last known address."""
    _require(actor, "offenders.change_person")
    return _address_add(
        _person_for_change(actor, person), address=address, city=city, state=state, from_date=from_date,
        to_date=to_date, last_known=last_known,
    )


@transaction.atomic
def person_account_add(
    *, actor, person: Person, kind: str, bank_name: str = "", ifsc: str = "", account_number: str = "", upi_id: str = ""
) -> PersonAccount:
    """Add a bank account, UPI id or wallet."""
    _require(actor, "offenders.change_person")
    person = _person_for_change(actor, person)
    kind = _choice(kind, AccountKind, "kind", blank=False)
    account_number = "".join(ch for ch in str(account_number or "") if ch.isalnum()).upper()[:34]
    upi_id = _clean_text(upi_id).lower()[:100]
    ifsc = _clean_text(ifsc).upper()[:11]
    if kind == AccountKind.UPI:
        if "@" not in upi_id:
            raise ValidationError({"upi_id": _g("Write the UPI id, e.g. name@bank.")})
        identifier = upi_id
    else:
        if not account_number:
            raise ValidationError({"account_number": _g("Write the account number.")})
        identifier = account_number
    if PersonAccount.objects.filter(person=person, kind=kind, identifier=identifier).exists():
        raise ValidationError({"account_number": _g("This account is already recorded for the person.")})
    account = PersonAccount(
        person=person, kind=kind, bank_name=_clean_text(bank_name)[:100], ifsc=ifsc, account_number=account_number,
        upi_id=upi_id, identifier=identifier,
    )
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def person_document_add(*, actor, person: Person, kind: str, number: str) -> IdentityDocument:
    """Add an identity document. An Aadhaar number is kept only as last four digits and a keyed hash."""
    _require(actor, "offenders.change_person")
    return _document_add(_person_for_change(actor, person), kind, number)


def person_photo_add(*, actor, person: Person, upload, caption: str = "", taken_on=None) -> PersonPhoto:
    """Add a photograph: checked and re-encoded without metadata (offenders.photos) before anything is stored."""
    _require(actor, "offenders.change_person")
    if not Person.objects.for_user(actor, CHANGE).filter(pk=person.pk).exists():
        raise PermissionDenied(_g("Only the recording station or the cyber crime team may change this person."))
    clean = photo_clean(upload)  # refuses before anything is written
    photo = PersonPhoto(
        person=person, key=clean.key, width=clean.width, height=clean.height, caption=_clean_text(caption)[:200],
        taken_on=taken_on, uploaded_by=actor,
    )
    photo.image.save(clean.image.name, clean.image, save=False)
    photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    _save_with_files(actor=actor, obj=photo, files=[photo.image, photo.thumbnail])
    return photo


PERSON_PART_MODELS = {
    "alias": PersonAlias,
    "phone": PersonPhone,
    "address": PersonAddress,
    "account": PersonAccount,
    "document": IdentityDocument,
    "photo": PersonPhoto,
}


@transaction.atomic
def person_part_remove(*, actor, part) -> None:
    """Remove something recorded about a person (a wrong phone, a duplicate photo ...). Audited."""
    _require(actor, "offenders.change_person")
    _person_for_change(actor, part.person)
    files = [part.image, part.thumbnail] if isinstance(part, PersonPhoto) else []
    part.delete()
    for stored in files:
        transaction.on_commit(lambda s=stored.storage, n=stored.name: s.delete(n))


# --------------------------------------------------------------------------- arrests and prior records


ARREST_FIELDS = {"arrested_on", "role", "bail_date", "bail_court", "released_on", "notes"}


def _apply_arrest(arrest: Arrest, fields: dict) -> None:
    for name, value in fields.items():
        if name == "role":
            value = _choice(value, ArrestRole, "role", blank=False)
        elif name in ("bail_court",):
            value = _clean_text(value)[:200]
        elif name == "notes":
            value = (value or "").strip()
        setattr(arrest, name, value)


@transaction.atomic
def arrest_create(*, actor, bust: Bust, person: Person, arrested_on: date | None = None, station=None, **fields) -> Arrest:
    """Record the arrest of a person in a bust, then look for the same individual among all persons.

    Possible matches that are not yet decided are put in the review queue
    (see `match_check`); the page that called this shows them to the officer.
    """
    _require(actor, "offenders.add_arrest")
    unknown = set(fields) - ARREST_FIELDS
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if not Bust.objects.for_user(actor, CHANGE).filter(pk=bust.pk).exists():
        raise ValidationError({"bust": _g("This bust is outside your jurisdiction.")})
    if not Person.objects.for_user(actor, VIEW).filter(pk=person.pk).exists():
        raise ValidationError({"person": _g("Unknown person.")})
    if Arrest.objects.filter(person=person, bust=bust).exists():
        raise ValidationError({"person": _g("This person's arrest in this bust is already recorded.")})
    station = _station_for(actor, station or bust.station)
    arrest = Arrest(
        bust=bust, person=person, station=station, arrested_on=arrested_on or bust.raid_date, recorded_by=actor,
        role=ArrestRole.CALLER,
    )
    _apply_arrest(arrest, fields)
    arrest.full_clean()
    arrest.save()
    ensure_in_scope(actor, arrest)
    match_check(actor=actor, person=person)
    return arrest


@transaction.atomic
def arrest_update(*, actor, arrest: Arrest, **fields) -> Arrest:
    """Change an arrest: role, bail (date and court), release, notes."""
    _require(actor, "offenders.change_arrest")
    unknown = set(fields) - ARREST_FIELDS
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    arrest = Arrest.objects.for_user(actor, CHANGE).select_for_update().filter(pk=arrest.pk).first()
    if arrest is None:
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    _apply_arrest(arrest, fields)
    arrest.full_clean()
    arrest.save()
    ensure_in_scope(actor, arrest)
    return arrest


PRIOR_FIELDS = {"city", "police_station", "fir_number", "sections", "arrested_on", "role", "bail_date", "notes"}


@transaction.atomic
def prior_record_create(
    *, actor, person: Person, force: str, station=None, source: str = RecordSource.MANUAL, check_matches: bool = True,
    **fields,
) -> PriorRecord:
    """Record an earlier arrest of a person by another force, then look for the same individual."""
    _require(actor, "offenders.add_priorrecord")
    unknown = set(fields) - PRIOR_FIELDS
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if not Person.objects.for_user(actor, VIEW).filter(pk=person.pk).exists():
        raise ValidationError({"person": _g("Unknown person.")})
    record = PriorRecord(
        person=person, station=_station_for(actor, station), force=_choice(force, Force, "force", blank=False),
        source=_choice(source, RecordSource, "source", blank=False), entered_by=actor,
    )
    for name, value in fields.items():
        if name == "role":
            value = _choice(value, ArrestRole, "role")
        elif name in ("city", "police_station", "fir_number", "sections"):
            value = _clean_text(value)[: PriorRecord._meta.get_field(name).max_length]
        elif name == "notes":
            value = (value or "").strip()
        setattr(record, name, value)
    record.full_clean()
    record.save()
    ensure_in_scope(actor, record)
    if check_matches:
        match_check(actor=actor, person=person)
    return record


# --------------------------------------------------------------------------- prior records from CSV

#: Columns of a prior-records CSV. `force` and either `person_id` or `name` are required.
PRIOR_CSV_COLUMNS = [
    "person_id", "name", "father_name", "relation", "gender", "dob", "age", "phone", "address", "aadhaar",
    "force", "city", "police_station", "fir_number", "sections", "arrested_on", "role", "bail_date", "notes",
]
PRIOR_CSV_MAX_ROWS = 5000
PRIOR_CSV_MAX_BYTES = 2 * 1024 * 1024


@dataclass
class PriorImportResult:
    """What an import created."""

    records: list[PriorRecord] = field(default_factory=list)
    persons_created: int = 0


def _parse_date(value: str, column: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError({column: _g("Write the date as YYYY-MM-DD or DD/MM/YYYY.")})


def _lookup_choice(value: str, choices, column: str, *, blank: bool) -> str:
    """A choice given by its code or its label, in any case ("Delhi", "delhi", "Delhi Police")."""
    text = _clean_text(value).casefold()
    if not text:
        if blank:
            return ""
        raise ValidationError({column: _g("This column is required.")})
    for code, label in choices.choices:
        if text in (str(code).casefold(), str(label).casefold()):
            return code
    for code, label in choices.choices:  # "Noida" for "UP Police, Gautam Buddh Nagar (Noida)"
        if text in str(label).casefold():
            return code
    raise ValidationError(
        {column: _g("Unknown value. Use one of: %(values)s") % {"values": ", ".join(str(c) for c in choices.values)}}
    )


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [f"{name}: {message}" for name, errors in exc.message_dict.items() for message in errors]
    return exc.messages


def _read_csv(data: bytes | str) -> list[dict]:
    if isinstance(data, bytes):
        if len(data) > PRIOR_CSV_MAX_BYTES:
            raise ValidationError(_g("The file is larger than 2 MB. Split it into smaller files."))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_g("The file is not UTF-8 text. Save it as CSV (UTF-8) and try again."))
    reader = csv.DictReader(io.StringIO(data))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    if "force" not in header or not ({"person_id", "name"} & set(header)):
        raise ValidationError(
            _g("The first line must name the columns, including force and either person_id or name. Columns: %(c)s")
            % {"c": ", ".join(PRIOR_CSV_COLUMNS)}
        )
    unknown = [h for h in header if h and h not in PRIOR_CSV_COLUMNS]
    if unknown:
        raise ValidationError(_g("Unknown columns: %(c)s") % {"c": ", ".join(unknown)})
    reader.fieldnames = header
    rows = []
    for row in reader:
        if len(rows) >= PRIOR_CSV_MAX_ROWS:
            raise ValidationError(_g("At most %(n)s rows per file.") % {"n": PRIOR_CSV_MAX_ROWS})
        values = {k: (v or "").strip() for k, v in row.items() if k}
        if any(values.values()):
            rows.append({"line": reader.line_num, **values})
    if not rows:
        raise ValidationError(_g("The file has no rows."))
    return rows


def _import_row(*, actor, row: dict, station) -> tuple[PriorRecord, bool]:
    if row.get("person_id"):
        if not row["person_id"].isdigit():
            raise ValidationError({"person_id": _g("Write the person's number.")})
        person = Person.objects.for_user(actor, VIEW).filter(pk=int(row["person_id"])).first()
        if person is None:
            raise ValidationError({"person_id": _g("Unknown person.")})
        created = False
    else:
        if not row.get("name"):
            raise ValidationError({"name": _g("Write the person's name or person_id.")})
        person = person_create(
            actor=actor, station=station, name=row["name"], father_name=row.get("father_name", ""),
            relation=_lookup_choice(row.get("relation", ""), Relation, "relation", blank=True),
            gender=_lookup_choice(row.get("gender", ""), Gender, "gender", blank=True),
            dob=_parse_date(row.get("dob", ""), "dob"), age=row.get("age") or None,
            age_on=_parse_date(row.get("arrested_on", ""), "arrested_on"),
            phones=row.get("phone", ""), address=row.get("address", ""), aadhaar=row.get("aadhaar", ""),
        )
        created = True
    record = prior_record_create(
        actor=actor, person=person, station=station, source=RecordSource.CSV, check_matches=False,
        force=_lookup_choice(row.get("force", ""), Force, "force", blank=False),
        city=row.get("city", ""), police_station=row.get("police_station", ""), fir_number=row.get("fir_number", ""),
        sections=row.get("sections", ""), arrested_on=_parse_date(row.get("arrested_on", ""), "arrested_on"),
        role=_lookup_choice(row.get("role", ""), ArrestRole, "role", blank=True),
        bail_date=_parse_date(row.get("bail_date", ""), "bail_date"), notes=row.get("notes", ""),
    )
    return record, created


@transaction.atomic
def prior_records_import_csv(*, actor, data: bytes | str, station=None) -> PriorImportResult:
    """Import prior records from CSV: all rows or none.

    Each row names an existing person (`person_id`) or describes a new one (name, father's
    name, age ...). Every bad row is reported with its line number and nothing is saved.
    After the import, each person is searched for among all persons and the possible
    matches go to the review queue.
    """
    _require(actor, "offenders.add_priorrecord")
    station = _station_for(actor, station)
    rows = _read_csv(data)
    result = PriorImportResult()
    errors: list[str] = []
    for row in rows:
        try:
            with transaction.atomic():
                record, created = _import_row(actor=actor, row=row, station=station)
        except ValidationError as exc:
            # The row's own message: a value the row gave (never an Aadhaar number) may be named.
            errors.extend(_g("Line %(line)s: %(message)s") % {"line": row["line"], "message": m} for m in _messages(exc))
            continue
        result.records.append(record)
        result.persons_created += created
    if errors:
        raise ValidationError(errors)
    for person in {record.person for record in result.records}:
        match_check(actor=actor, person=person)
    return result


# --------------------------------------------------------------------------- matching persons


def _ordered(person: Person, other: Person) -> tuple[Person, Person]:
    if person.pk == other.pk:
        raise ValidationError(_g("A record cannot be matched with itself."))
    return (person, other) if person.pk < other.pk else (other, person)


def match_check_may_decide(actor, person: Person, other: Person) -> None:
    """PermissionDenied unless the actor may decide this pair. Deciding needs the permission, both records readable, and one of them the actor's (or the review right)."""
    if actor.has_perm(PERM_REVIEW):
        _require(actor, PERM_REVIEW)
    else:
        _require(actor, PERM_DECIDE)
    readable = Person.objects.for_user(actor, VIEW).filter(pk__in=[person.pk, other.pk]).count()
    if readable != 2:
        raise PermissionDenied(_g("Unknown person."))
    if actor.has_perm(PERM_REVIEW):
        return
    if not Person.objects.for_user(actor, CHANGE).filter(pk__in=[person.pk, other.pk]).exists():
        raise PermissionDenied(
            _g("Only the station of one of the two records, or the cyber crime team, may decide this match.")
        )


def match_check(*, actor, person: Person) -> list:
    """Search all persons for `person`'s individual and queue the undecided possible matches.

    Candidates scoring at least REVIEW_MIN with no decision yet become PENDING decisions:
    the review queue of the cyber crime team. Returns the candidates (best first) for the
    page to show. Nothing is linked automatically.
    """
    from .candidates import REVIEW_MIN, find_candidates

    candidates = find_candidates(user=actor, person=person)
    for candidate in candidates:
        if candidate.score < REVIEW_MIN or candidate.decision is not None:
            continue
        a, b = _ordered(person, candidate.person)
        decision, created = MatchDecision.objects.get_or_create(
            person_a=a, person_b=b,
            defaults={"verdict": MatchVerdict.PENDING, "score": round(candidate.score, 4), "reasons": candidate.reasons},
        )
        candidate.decision = decision
    return candidates


@transaction.atomic
def match_decide(
    *, actor, person: Person, other: Person, verdict: str, score: float | None = None, reasons: Iterable[str] = (),
    note: str = "",
) -> MatchDecision:
    """Decide whether two records are the same individual; SAME links them into one identity.

    Changing a SAME decision to DIFFERENT splits the identity again. Every decision is kept
    (one row per pair, with its history), and DIFFERENT pairs are never proposed again.
    """
    if verdict not in (MatchVerdict.SAME, MatchVerdict.DIFFERENT):
        raise ValidationError({"verdict": _g("Choose “same person” or “not the same person”.")})
    match_check_may_decide(actor, person, other)
    a, b = _ordered(person, other)
    decision = MatchDecision.objects.select_for_update().filter(person_a=a, person_b=b).first()
    if decision is None:
        decision = MatchDecision(person_a=a, person_b=b)
    decision.verdict = verdict
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.note = _clean_text(note)[:300]
    if score is not None:
        decision.score = round(float(score), 4)
    if reasons:
        decision.reasons = [str(r)[:200] for r in reasons][:20]
    decision.full_clean()
    decision.save()
    identity_rebuild(persons=[a, b])
    return decision


def match_confirm(*, actor, person: Person, other: Person, **kwargs) -> MatchDecision:
    """The two records are the same individual: link them (and everything linked to them)."""
    return match_decide(actor=actor, person=person, other=other, verdict=MatchVerdict.SAME, **kwargs)


def match_reject(*, actor, person: Person, other: Person, **kwargs) -> MatchDecision:
    """The two records are different people: remembered, never proposed again."""
    return match_decide(actor=actor, person=person, other=other, verdict=MatchVerdict.DIFFERENT, **kwargs)


@transaction.atomic
def match_undo(*, actor, decision: MatchDecision, note: str = "") -> MatchDecision:
    """Undo a decision: the pair goes back to the review queue (a link is removed)."""
    decision = MatchDecision.objects.select_for_update().select_related("person_a", "person_b").get(pk=decision.pk)
    match_check_may_decide(actor, decision.person_a, decision.person_b)
    if decision.verdict == MatchVerdict.PENDING:
        return decision
    decision.verdict = MatchVerdict.PENDING
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.note = _clean_text(note)[:300]
    decision.save()
    identity_rebuild(persons=[decision.person_a, decision.person_b])
    return decision


def _same_edges(person_ids: set[int]) -> dict[int, set[int]]:
    edges: dict[int, set[int]] = {pk: set() for pk in person_ids}
    rows = MatchDecision.objects.filter(verdict=MatchVerdict.SAME).filter(
        Q(person_a_id__in=person_ids) | Q(person_b_id__in=person_ids)
    ).values_list("person_a_id", "person_b_id")
    for a, b in rows:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    return edges


def identity_rebuild(*, persons: Iterable[Person]) -> None:
    """Make identities equal the groups of records joined by SAME decisions, around these persons.

    Looks at the persons given, everyone sharing their identities and everyone reachable
    through SAME decisions; gives each group one identity (keeping the one of its oldest
    record when it can), and deletes identities left without records. Person rows are
    saved one by one, so every identity change is in their history.
    """
    affected: set[int] = set()
    frontier = {p.pk for p in persons}
    while frontier:
        affected |= frontier
        identities = Person.objects.filter(pk__in=frontier).values_list("identity_id", flat=True)
        same_identity = set(Person.objects.filter(identity_id__in=identities).values_list("pk", flat=True))
        edges = _same_edges(frontier)
        reached = same_identity | {other for pk in frontier for other in edges.get(pk, ())}
        frontier = reached - affected
    rows = list(Person.objects.select_for_update().filter(pk__in=affected).order_by("pk"))
    by_pk = {row.pk: row for row in rows}
    edges = _same_edges(affected)
    seen: set[int] = set()
    used: set[int] = set()
    old_identities = {row.identity_id for row in rows}
    for row in rows:  # in pk order: the oldest record of each group keeps its identity
        if row.pk in seen:
            continue
        group, stack = [], [row.pk]
        while stack:
            pk = stack.pop()
            if pk in seen or pk not in by_pk:
                continue
            seen.add(pk)
            group.append(by_pk[pk])
            stack.extend(edges.get(pk, ()))
        identity_id = row.identity_id if row.identity_id not in used else Identity.objects.create().pk
        used.add(identity_id)
        for member in group:
            if member.identity_id != identity_id:
                member.identity_id = identity_id
                member.save(update_fields=["identity", "updated_at"])
    for orphan in Identity.objects.filter(pk__in=old_identities - used, persons__isnull=True):
        orphan.delete()
