"""The inbox: messages for an officer and their station (core.Notification), marked as read."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core.access import VIEW
from core.models import Notification


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
