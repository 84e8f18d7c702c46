"""Reads for premises: the list (occupant counts, churn flags), a premises' occupants, the landlord's other premises."""
from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from ..choices import CallCentreStatus
from ..models import CallCentre, Occupancy, Premises
from .churn import busy_landlord_q, flag, quick_vacate_premises_q, shared_premises_q


def _occupant_count() -> Coalesce:
    counted = (
        Occupancy.objects.filter(premises=OuterRef("pk"))
        .order_by()
        .values("premises")
        .annotate(n=Count("call_centre", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def premises_list(*, user) -> QuerySet[Premises]:
    """Premises the user may see, with locality, station, occupant count and churn flags.

    Queries when a page is evaluated: the rows (with joins, counts and flags) and one for
    the call centres now at each premises.
    """
    return (
        Premises.objects.for_user(user)
        .select_related("locality__station__zone")
        .annotate(
            occupant_count=_occupant_count(),
            flag_shared_premises=flag(shared_premises_q(prefix="pk")),
            flag_busy_landlord=flag(busy_landlord_q(prefix="")),
            flag_quick_vacate=flag(quick_vacate_premises_q(row=True)),
        )
        .prefetch_related(
            Prefetch(
                "call_centres",
                queryset=CallCentre.objects.exclude(status=CallCentreStatus.MERGED).order_by("name"),
            )
        )
        .order_by("address_raw", "pk")
    )


def premises_occupancies(*, premises: Premises) -> QuerySet[Occupancy]:
    """The premises' history of occupants, oldest first."""
    return premises.occupancies.select_related("call_centre__station").order_by("moved_in", "pk")


def landlord_other_premises(*, user, premises: Premises) -> QuerySet[Premises]:
    """Other premises (in the user's scope) let by the same landlord."""
    if not premises.landlord_key:
        return Premises.objects.none()
    return (
        Premises.objects.for_user(user)
        .filter(landlord_key=premises.landlord_key)
        .exclude(pk=premises.pk)
        .select_related("locality")
        .order_by("address_raw")
    )
