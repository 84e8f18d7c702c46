"""Reads for the home pages."""

from .home import home_sections, work_queue
from .models import Notification


def home_summary(*, user) -> dict:
    """Counts for the home page of any role, within the user's scope: the apps' own sections
    (stations: stations and localities; registry: call centres, through core.home) and the inbox."""
    summary = home_sections(user=user)
    # What waits for this officer (matches to review, returns to accept, letters unanswered...).
    summary["queue"] = work_queue(user=user)
    # The inbox card (station and zone homes): unread messages for the user and their station.
    summary["inbox"] = list(Notification.objects.for_user(user).filter(read_at__isnull=True).order_by("-created_at")[:10])
    return summary
