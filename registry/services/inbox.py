"""The inbox: messages for an officer and their station (core.Notification), marked as read."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import VIEW
from core.models import Notification


def notification_mark_read(*, actor, notification_id: int) -> Notification:
    """Mark one message of the user's (or their station's) inbox as read.

    Reading is not editing a police record, so no write permission is needed — but only a
    recipient clears a message: the user it was sent to, or an officer of the station it was
    sent to. Anyone else who can see it (the commissioner, a zone officer) is refused (403).
    """
    with transaction.atomic():
        note = Notification.objects.for_user(actor, VIEW).select_for_update().get(pk=notification_id)
        recipient = note.user_id == actor.pk or (note.station_id is not None and note.station_id == actor.station_id)
        if not recipient:
            raise PermissionDenied(_g("Only its recipients can mark this message as read."))
        if note.read_at is None:
            note.read_at = timezone.now()
            note.save(update_fields=["read_at", "updated_at"])
    return note
