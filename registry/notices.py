"""Association notices: an industrial association tells the police of a new call-centre set-up.

`notice_submit` records the notice and registers a "reported" call centre (source:
association notice) in the station that covers the notice's locality; that station is
notified and finds it in its queue. The member who sent the notice sees only their own
notices and, through `AssociationNotice.status`, how far the police have got with each.
"""
from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from core.access import VIEW, ensure_in_scope
from core.models import Notification
from core.notifications import notification_send
from core.phones import normalize_phone, normalize_phone_list
from stations.models import Locality

from .addresses import company_key, name_key
from .choices import CallCentreStatus, Source
from .models import AssociationNotice, CallCentre, CallCentrePhone, Occupancy, StatusChange
from .services import PremisesInput, premises_get_or_create

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
    if not actor.has_perm(PERM_SUBMIT):
        raise PermissionDenied(_("Only industrial association members can send notices."))
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

    Why not `services.callcentre_register`: it refuses actors who are not police officers
    (`_check_can_write`) and checks the locality is in the actor's jurisdiction, which an
    association member never has. The notice is the member's own act, so the record is
    built here with the same building blocks (premises matching, phone normalisation, name
    keys, first stay and first status step) and attributed to the member in the audit trail.
    The cyber crime team can still correct the station later.
    """
    premises, _created = premises_get_or_create(data=PremisesInput(address=notice.address, locality=notice.locality))
    call_centre = CallCentre(
        name=notice.name,
        name_key=name_key(notice.name)[:200],
        company_name=notice.company_name,
        company_key=company_key(notice.company_name)[:200],
        premises=premises,
        station=notice.locality.station,
        started_on=notice.started_on,
        source=Source.ASSOCIATION_NOTICE,
        status=CallCentreStatus.REPORTED,
        notes=_notice_notes(notice),
        created_by=actor,
    )
    call_centre.full_clean()
    call_centre.save()
    for number in normalize_phone_list([notice.contact_phone]):
        CallCentrePhone.objects.create(call_centre=call_centre, number=number)
    Occupancy.objects.create(premises=premises, call_centre=call_centre, moved_in=notice.started_on)
    StatusChange.objects.create(
        call_centre=call_centre, from_status="", to_status=CallCentreStatus.REPORTED, changed_by=actor,
        reason=str(Source.ASSOCIATION_NOTICE.label),
    )
    return call_centre


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


# --------------------------------------------------------------------------- notifications inbox


def notification_mark_read(*, actor, notification_id: int) -> Notification:
    """Mark one message of the user's (or their station's) inbox as read.

    Reading is not editing a police record, so the VIEW scope is enough (the commissioner,
    who is read-only, can still clear their inbox).
    """
    with transaction.atomic():
        note = Notification.objects.for_user(actor, VIEW).select_for_update().get(pk=notification_id)
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at", "updated_at"])
    return note


# --------------------------------------------------------------------------- selectors


def notice_list(*, user) -> QuerySet[AssociationNotice]:
    """Notices the user may see (members: their own; police: their scope), with what the status needs."""
    return (
        AssociationNotice.objects.for_user(user)
        .select_related("locality", "locality__station", "call_centre", "submitted_by")
        .order_by("-created_at", "-pk")
    )


def station_queue(*, user, show_all: bool = False) -> QuerySet[AssociationNotice]:
    """The station's queue: notices whose call centre is still only "reported" (or all of them)."""
    notices = notice_list(user=user)
    if not show_all:
        notices = notices.filter(call_centre__status=CallCentreStatus.REPORTED)
    return notices


def inbox(*, user, limit: int = 10) -> list[Notification]:
    """Unread messages for the user and their station, newest first."""
    return list(Notification.objects.for_user(user).filter(read_at__isnull=True).order_by("-created_at")[:limit])
