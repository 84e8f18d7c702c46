"""Writes for persons and what is known about them: aliases, phones, addresses, accounts, identity documents, photographs.

Aadhaar numbers arrive here whole only as an argument, and leave as last four digits and a
keyed hash (offenders.aadhaar.aadhaar_parts): never stored, logged or put in a message.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope
from core.permissions import require
from core.phones import normalize_phone, normalize_phone_list

from ..aadhaar import aadhaar_parts
from ..choices import AccountKind, DocumentKind, Gender, Relation
from ..matching import normalize_name
from ..models import (
    Identity,
    IdentityDocument,
    Person,
    PersonAccount,
    PersonAddress,
    PersonAlias,
    PersonPhone,
    PersonPhoto,
)
from ..photos import photo_clean
from .common import check_fields, choice, clean_text, save_with_files, station_for, text_list

PERSON_FIELDS = {"name", "father_name", "relation", "gender", "dob", "age", "age_on", "birth_year", "emails", "notes"}


def _emails(raw) -> list[str]:
    items = text_list(raw, limit=10, size=254)
    bad = []
    for item in items:
        try:
            validate_email(item)
        except ValidationError:
            bad.append(item)
    if bad:
        raise ValidationError({"emails": _g("Not a valid e-mail address: %(emails)s") % {"emails": ", ".join(bad)}})
    return [item.lower() for item in items]


def _apply_person(person: Person, fields: dict) -> None:
    """Set a person's own fields, keeping the derived ones (name keys, year of birth) in step."""
    for name in ("name", "father_name"):
        if name in fields:
            setattr(person, name, clean_text(fields[name])[:200])
    if "relation" in fields:
        person.relation = choice(fields["relation"], Relation, "relation")
    if "gender" in fields:
        person.gender = choice(fields["gender"], Gender, "gender")
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
    require(actor, "offenders.add_person")
    check_fields(fields, PERSON_FIELDS)
    station = station_for(actor, station)
    numbers = normalize_phone_list(phones)
    person = Person(station=station, recorded_by=actor)
    _apply_person(person, {"name": name, **fields})
    person.full_clean(exclude=["identity"])
    person.identity = Identity.objects.create()
    person.save()
    for number in numbers:
        PersonPhone.objects.create(person=person, number=number)
    for alias in text_list(aliases, limit=10, size=200):
        _alias_add(person, alias)
    if clean_text(address):
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
    require(actor, "offenders.change_person")
    check_fields(fields, PERSON_FIELDS)
    person = _person_for_change(actor, person)
    _apply_person(person, fields)
    person.full_clean()
    person.save()
    ensure_in_scope(actor, person)
    return person


def _alias_add(person: Person, name: str) -> PersonAlias | None:
    name = clean_text(name)[:200]
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
        person=person, address=clean_text(address)[:400], city=clean_text(city)[:100], state=clean_text(state)[:100],
        from_date=from_date, to_date=to_date, last_known=last_known,
    )
    if not row.address:
        raise ValidationError({"address": _g("Write the address.")})
    row.full_clean()
    row.save()
    return row


def _document_add(person: Person, kind: str, number: str) -> IdentityDocument:
    kind = choice(kind, DocumentKind, "kind", blank=False)
    if kind == DocumentKind.AADHAAR:
        last_four, digest = aadhaar_parts(number)  # ValidationError never repeats the number
        if IdentityDocument.objects.filter(person=person, kind=kind, number_hash=digest).exists():
            raise ValidationError({"number": _g("This Aadhaar number is already recorded for the person.")})
        row = IdentityDocument(person=person, kind=kind, last_four=last_four, number_hash=digest)
    else:
        shown = clean_text(number)[:30]
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
    require(actor, "offenders.change_person")
    return _alias_add(_person_for_change(actor, person), name)


@transaction.atomic
def person_phone_add(*, actor, person: Person, number: str, note: str = "") -> PersonPhone | None:
    """Add a phone number (normalised to 10 digits; nothing is added if already recorded)."""
    require(actor, "offenders.change_person")
    person = _person_for_change(actor, person)
    normal = normalize_phone(number)
    if normal is None:
        raise ValidationError({"number": _g("Not a valid phone number. Write 10 digits, optionally with +91 or 0 in front.")})
    if PersonPhone.objects.filter(person=person, number=normal).exists():
        return None
    phone = PersonPhone(person=person, number=normal, note=clean_text(note)[:100])
    phone.full_clean()
    phone.save()
    return phone


@transaction.atomic
def person_address_add(
    *, actor, person: Person, address: str, city: str = "", state: str = "", from_date=None, to_date=None,
    last_known: bool = False,
) -> PersonAddress:
    """Add an address; marking it last known unmarks the previous last known address."""
    require(actor, "offenders.change_person")
    return _address_add(
        _person_for_change(actor, person), address=address, city=city, state=state, from_date=from_date,
        to_date=to_date, last_known=last_known,
    )


@transaction.atomic
def person_account_add(
    *, actor, person: Person, kind: str, bank_name: str = "", ifsc: str = "", account_number: str = "", upi_id: str = ""
) -> PersonAccount:
    """Add a bank account, UPI id or wallet."""
    require(actor, "offenders.change_person")
    person = _person_for_change(actor, person)
    kind = choice(kind, AccountKind, "kind", blank=False)
    account_number = "".join(ch for ch in str(account_number or "") if ch.isalnum()).upper()[:34]
    upi_id = clean_text(upi_id).lower()[:100]
    ifsc = clean_text(ifsc).upper()[:11]
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
        person=person, kind=kind, bank_name=clean_text(bank_name)[:100], ifsc=ifsc, account_number=account_number,
        upi_id=upi_id, identifier=identifier,
    )
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def person_document_add(*, actor, person: Person, kind: str, number: str) -> IdentityDocument:
    """Add an identity document. An Aadhaar number is kept only as last four digits and a keyed hash."""
    require(actor, "offenders.change_person")
    return _document_add(_person_for_change(actor, person), kind, number)


def person_photo_add(*, actor, person: Person, upload, caption: str = "", taken_on=None) -> PersonPhoto:
    """Add a photograph: checked and re-encoded without metadata (offenders.photos) before anything is stored."""
    require(actor, "offenders.change_person")
    if not Person.objects.for_user(actor, CHANGE).filter(pk=person.pk).exists():
        raise PermissionDenied(_g("Only the recording station or the cyber crime team may change this person."))
    clean = photo_clean(upload)  # refuses before anything is written
    photo = PersonPhoto(
        person=person, key=clean.key, width=clean.width, height=clean.height, caption=clean_text(caption)[:200],
        taken_on=taken_on, uploaded_by=actor,
    )
    photo.image.save(clean.image.name, clean.image, save=False)
    photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    save_with_files(actor=actor, obj=photo, files=[photo.image, photo.thumbnail])
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
    require(actor, "offenders.change_person")
    _person_for_change(actor, part.person)
    files = [part.image, part.thumbnail] if isinstance(part, PersonPhoto) else []
    part.delete()
    for stored in files:
        transaction.on_commit(lambda s=stored.storage, n=stored.name: s.delete(n))

