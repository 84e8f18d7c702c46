"""Reads for the home pages."""

from django.db.models import Count

from stations.models import Locality, PoliceStation


def home_summary(*, user) -> dict:
    """Counts for the home page of any role, within the user's scope."""
    stations = PoliceStation.objects.for_user(user).aggregate(n=Count("pk", distinct=True))["n"]
    localities = Locality.objects.for_user(user).count()
    summary = {"stations": stations, "localities": localities}
    # The apps' own counts (registry: call centres in scope, how many operate), through core.home.
    from .home import home_sections

    summary.update(home_sections(user=user))
    # The inbox card (station and zone homes): unread messages for the user and their station.
    from .models import Notification

    summary["inbox"] = list(Notification.objects.for_user(user).filter(read_at__isnull=True).order_by("-created_at")[:10])
    return summary
