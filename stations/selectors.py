"""Reads for stations that need joins or aggregates."""

from django.db.models import Count, QuerySet
from django.urls import reverse

from .models import Locality, PoliceStation


def station_list(*, user) -> QuerySet[PoliceStation]:
    """Stations the user may see, with zone and locality count (2 queries with pagination count)."""
    return (
        PoliceStation.objects.for_user(user)
        .select_related("zone")
        .annotate(locality_count=Count("localities"))
        .order_by("zone__name", "name")
    )


def stations_in_scope(*, user) -> int:
    """How many stations the user's scope holds (the home pages' card; 1 query)."""
    return PoliceStation.objects.for_user(user).aggregate(n=Count("pk", distinct=True))["n"]


def station_cards(*, user) -> dict:
    """The home pages' stations card: the stations in scope, counted as the station list lists
    them (its selector and FilterSet), its link opening that list (1 query)."""
    from core.home import filterset_rows, home_cards

    from .filters import PoliceStationFilterSet

    return home_cards(
        rows=filterset_rows(user=user, queryset=station_list(user=user), filterset_class=PoliceStationFilterSet),
        list_url=reverse("stations:list"),
        cards={"all": {}},
    )


def localities_in_scope(*, user) -> int:
    """How many localities the user's scope holds (the home pages' card; 1 query)."""
    return Locality.objects.for_user(user).count()
