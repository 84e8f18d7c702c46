"""Reads for stations that need joins or aggregates."""

from django.db.models import Count, QuerySet

from .models import PoliceStation


def station_list(*, user) -> QuerySet[PoliceStation]:
    """Stations the user may see, with zone and locality count (2 queries with pagination count)."""
    return (
        PoliceStation.objects.for_user(user)
        .select_related("zone")
        .annotate(locality_count=Count("localities"))
        .order_by("zone__name", "name")
    )
