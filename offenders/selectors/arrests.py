"""Reads of arrests (station-scoped, `for_user`). A person's arrests anywhere: selectors.persons."""
from __future__ import annotations

from django.db.models import QuerySet

from ..models import Arrest


def arrest_list(*, user) -> QuerySet[Arrest]:
    """Arrests of the user's scope with person, bust and station (1 query + count)."""
    return Arrest.objects.for_user(user).select_related("person", "bust", "station").order_by("-arrested_on", "-pk")

