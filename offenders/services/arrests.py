"""Writes for arrests: who was arrested in a bust, in which role, bail and release."""
from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g

from core.access import CHANGE, VIEW, ensure_in_scope
from core.permissions import require

from ..choices import ArrestRole
from ..models import Arrest, Bust, Person
from .common import check_fields, choice, clean_text, station_for
from .matches import match_check

ARREST_FIELDS = {"arrested_on", "role", "bail_date", "bail_court", "released_on", "notes"}


def _apply_arrest(arrest: Arrest, fields: dict) -> None:
    for name, value in fields.items():
        if name == "role":
            value = choice(value, ArrestRole, "role", blank=False)
        elif name in ("bail_court",):
            value = clean_text(value)[:200]
        elif name == "notes":
            value = (value or "").strip()
        setattr(arrest, name, value)


@transaction.atomic
def arrest_create(*, actor, bust: Bust, person: Person, arrested_on: date | None = None, station=None, **fields) -> Arrest:
    """Record the arrest of a person in a bust, then look for the same individual among all persons.

    Possible matches that are not yet decided are put in the review queue
    (see `match_check`); the page that called this shows them to the officer.
    """
    require(actor, "offenders.add_arrest")
    check_fields(fields, ARREST_FIELDS)
    if not Bust.objects.for_user(actor, CHANGE).filter(pk=bust.pk).exists():
        raise ValidationError({"bust": _g("This bust is outside your jurisdiction.")})
    if not Person.objects.for_user(actor, VIEW).filter(pk=person.pk).exists():
        raise ValidationError({"person": _g("Unknown person.")})
    if Arrest.objects.filter(person=person, bust=bust).exists():
        raise ValidationError({"person": _g("This person's arrest in this bust is already recorded.")})
    station = station_for(actor, station or bust.station)
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
    require(actor, "offenders.change_arrest")
    check_fields(fields, ARREST_FIELDS)
    arrest = Arrest.objects.for_user(actor, CHANGE).select_for_update().filter(pk=arrest.pk).first()
    if arrest is None:
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    _apply_arrest(arrest, fields)
    arrest.full_clean()
    arrest.save()
    ensure_in_scope(actor, arrest)
    return arrest

