"""Writes of the licence check."""
from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope
from core.permissions import may, require
from registry.choices import CallCentreStatus
from registry.models import CallCentre

from ..choices import DEFAULT_AGENCY, LicenceKind, LicenceStatus
from ..models import Licence

PERM_RECORD = "verification.add_licence"
PERM_CHANGE = "verification.change_licence"


def _may_record_anything(actor) -> bool:
    return may(actor, PERM_RECORD) and may(actor, PERM_CHANGE)


def licence_may_record(*, actor, call_centre: CallCentre) -> bool:
    """Whether the actor may record answers for this call centre (the page offers the form)."""
    return (
        _may_record_anything(actor)
        and call_centre.status != CallCentreStatus.MERGED
        and CallCentre.objects.for_user(actor, CHANGE).filter(pk=call_centre.pk).exists()
    )


@transaction.atomic
def licence_record(
    *, actor, call_centre: CallCentre, kind: str, status: str, agency: str = "", number: str = "",
    issued_on: date | None = None, valid_until: date | None = None, not_required_from: date | None = None,
    reference: str = "", checked_on: date | None = None, notes: str = "",
) -> Licence:
    """Record what is known of one permission of a call centre (a new answer replaces the last;
    the history keeps every answer)."""
    require(actor, PERM_RECORD, _g("Your role cannot record licence checks."))
    require(actor, PERM_CHANGE, _g("Your role cannot record licence checks."))
    call_centre = CallCentre.objects.for_user(actor, CHANGE).filter(pk=call_centre.pk).first()  # as it is now
    if call_centre is None:
        raise ValidationError({"call_centre": _g("This call centre is outside your jurisdiction.")})
    if call_centre.status == CallCentreStatus.MERGED:
        raise ValidationError(_g("This record was merged into another: record the licence on that one."))
    if kind not in LicenceKind.values:
        raise ValidationError({"kind": _g("Unknown permission.")})
    if status not in LicenceStatus.values:
        raise ValidationError({"status": _g("Unknown finding.")})
    licence = Licence.objects.filter(call_centre=call_centre, kind=kind).select_for_update().first()
    if licence is None:
        licence = Licence(call_centre=call_centre, kind=kind)
    licence.status = status
    licence.agency = (agency or "").strip() or DEFAULT_AGENCY[LicenceKind(kind)]
    licence.number = " ".join((number or "").split()).upper()
    licence.issued_on = issued_on
    licence.valid_until = valid_until
    licence.not_required_from = not_required_from
    licence.reference = (reference or "").strip()
    licence.notes = (notes or "").strip()
    licence.recorded_by = actor
    if checked_on is not None:
        licence.checked_on = checked_on
    licence.full_clean(exclude=["call_centre", "recorded_by"])
    licence._history_user = actor  # the history names the actor even outside a request (shell, tasks)
    licence.save()
    ensure_in_scope(actor, licence)
    return licence
