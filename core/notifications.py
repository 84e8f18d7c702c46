"""Service to notify a station or a user (an inbox on their home page)."""
from __future__ import annotations

from .models import Notification


def notification_send(*, kind: str, message: str, station=None, user=None, url: str = "") -> Notification:
    """Put a message in a station's (or a user's) inbox."""
    note = Notification(kind=kind, message=message[:500], station=station, user=user, url=url)
    note.full_clean()
    note.save()
    return note
