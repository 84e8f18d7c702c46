"""Writes for busts (raids and FIRs) and their documents. A raided call centre of the registry becomes "busted"."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope
from core.permissions import require
from registry.choices import STATUS_TRANSITIONS, CallCentreStatus

from ..choices import ModusOperandi
from ..models import Bust, BustDocument, LawSection
from ..photos import document_clean
from .common import check_fields, clean_text, save_with_files, station_for, text_list


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
            value = text_list(value)
        elif name == "modus_operandi":
            value = _modus(value)
        elif name in ("place",):
            value = clean_text(value)[:400]
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
    require(actor, "offenders.add_bust")
    check_fields(fields, BUST_FIELDS)
    station = station_for(actor, station)
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
    require(actor, "offenders.change_bust")
    check_fields(fields, BUST_FIELDS)
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


def bust_document_add(*, actor, bust: Bust, upload, description: str = "") -> BustDocument:
    """Attach a document (PDF, JPEG or PNG, checked by name and content) to a bust."""
    require(actor, "offenders.change_bust")
    if not Bust.objects.for_user(actor, CHANGE).filter(pk=bust.pk).exists():
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    clean = document_clean(upload)  # refuses before anything is written
    document = BustDocument(
        bust=bust, original_name=clean.original_name, content_type=clean.content_type, size=clean.size,
        description=clean_text(description)[:200], uploaded_by=actor,
    )
    document.file.save(clean.content.name, clean.content, save=False)
    save_with_files(actor=actor, obj=document, files=[document.file])
    return document

