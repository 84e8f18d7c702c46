"""Reads for the home pages."""

from django.db.models import Count

from stations.models import Locality, PoliceStation


def home_summary(*, user) -> dict:
    """Counts for the home page of any role, within the user's scope."""
    stations = PoliceStation.objects.for_user(user).aggregate(n=Count("pk", distinct=True))["n"]
    localities = Locality.objects.for_user(user).count()
    return {"stations": stations, "localities": localities}
