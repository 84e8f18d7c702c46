"""Association notices: an industrial association tells the police of a new call-centre set-up.

`notice_submit` records the notice and registers a "reported" call centre (source:
association notice) in the station that covers the notice's locality; that station is
notified and finds it in its queue. The member who sent the notice sees only their own
notices and, through `AssociationNotice.status`, how far the police have got with each.
"""
from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.access import VIEW, ensure_in_scope
from core.notifications import notification_send
from core.permissions import require
from core.phones import normalize_phone
from stations.models import Locality

from ..choices import CallCentreSource
from ..models import AssociationNotice, CallCentre
from .callcentres import callcentre_create
from .premises import PremisesInput, premises_get_or_create

PERM_SUBMIT = "registry.add_associationnotice"
NOTICE_KIND = "association-notice"


def notice_submit(
    *,
    actor,
    name: str,
    address: str,
    locality: Locality,
    contact_phone: str,
    company_name: str = "",
    contact_name: str = "",
    contact_email: str = "",
    started_on: date | None = None,
) -> AssociationNotice:
    """Record an association's notice and put the reported call centre in the right station's queue."""
    require(actor, PERM_SUBMIT, _("Only industrial association members can send notices."))
    name, address = (name or "").strip(), (address or "").strip()
    phone = normalize_phone(contact_phone)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the name the call centre trades under.")
    if not address:
        errors["address"] = _("Give the address of the premises.")
    if not phone:
        errors["contact_phone"] = _(
            "“%(value)s” is not a 10-digit Indian phone number (for example 98765 43210 or +91 98765 43210)."
        ) % {"value": contact_phone or ""}
    if started_on and started_on > timezone.localdate():
        errors["started_on"] = _("The start date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        notice = AssociationNotice(
            submitted_by=actor,
            organisation=getattr(actor, "organisation", "") or "",
            name=name,
            company_name=(company_name or "").strip(),
            address=address,
            locality=locality,
            contact_name=(contact_name or "").strip(),
            contact_phone=phone,
            contact_email=(contact_email or "").strip(),
            started_on=started_on,
        )
        notice.full_clean()
        notice.call_centre = _callcentre_from_notice(actor=actor, notice=notice)
        notice.save()
        ensure_in_scope(actor, notice, VIEW)
        transaction.on_commit(lambda: _notify_station(notice.pk))
    return notice

def _callcentre_from_notice(*, actor, notice: AssociationNotice) -> CallCentre:
    """The "reported" call centre of a notice, under the station of the notice's locality.

    Built by the registry's one builder (`callcentre_create`: premises matching, phone
    normalisation, name keys, first stay and first status step) but not through
    `callcentre_register`: that service needs "registry.add_callcentre" and a locality in the
    actor's jurisdiction, which an association member never has. The notice is the member's
    own act (checked above: "registry.add_associationnotice"), so the record is attributed to
    the member in the audit trail. The cyber crime team can still correct the station later.
    """
    premises, _created = premises_get_or_create(data=PremisesInput(address=notice.address, locality=notice.locality))
    return callcentre_create(
        actor=actor, station=notice.locality.station, premises=premises, source=CallCentreSource.ASSOCIATION_NOTICE,
        reason=str(CallCentreSource.ASSOCIATION_NOTICE.label), phones=[notice.contact_phone],
        name=notice.name, company_name=notice.company_name, started_on=notice.started_on, notes=_notice_notes(notice),
    )


def _notice_notes(notice: AssociationNotice) -> str:
    parts = [_g("Reported by %(org)s.") % {"org": notice.organisation or notice.submitted_by.get_username()}]
    if notice.contact_name:
        parts.append(_g("Contact: %(name)s") % {"name": notice.contact_name})
    if notice.contact_email:
        parts.append(notice.contact_email)
    return " ".join(parts)


def _notify_station(notice_id: int) -> None:
    notice = AssociationNotice.objects.select_related("locality__station").get(pk=notice_id)
    notification_send(
        kind=NOTICE_KIND,
        station=notice.locality.station,
        message=_g("New call centre reported by %(org)s: %(name)s, %(address)s")
        % {"org": notice.organisation or _g("an industrial association"), "name": notice.name, "address": notice.address},
        url=reverse("registry:station-queue"),
    )
