"""Churn, in SQL: call centres that vacate fast, premises that host several, landlords who let to several.

The churn flags are computed in SQL for the whole page at once (each flag is a
`pk IN (grouped subquery)` that PostgreSQL evaluates once as a hashed subplan), so a list
costs the same number of queries for 5 rows as for 500.

Churn is a fact about premises and landlords across the city, so the grouped subqueries
count every call centre, not only those in the reader's scope; the flag reveals no record.
"""
from __future__ import annotations

from datetime import timedelta

from django.db.models import BooleanField, Case, Count, DateField, ExpressionWrapper, F, Q, QuerySet, Value, When

from ..choices import CallCentreStatus
from ..models import Occupancy

#: "Within six months": half a year of days, so that the rule is the same in SQL everywhere.
SIX_MONTHS = timedelta(days=183)
#: How many call centres (or premises) make a premises (or landlord) "several".
SEVERAL = 2


# --------------------------------------------------------------------------- churn, in SQL

def quick_leavers() -> QuerySet:
    """Ids of call centres that left a premises within six months of moving in."""
    deadline = ExpressionWrapper(F("moved_in") + SIX_MONTHS, output_field=DateField())
    return (
        Occupancy.objects.filter(moved_in__isnull=False, moved_out__isnull=False, moved_out__lte=deadline)
        .values("call_centre_id")
    )


def shared_premises() -> QuerySet:
    """Ids of premises that hosted several call centres (over time or at once)."""
    return (
        Occupancy.objects.values("premises_id")
        .annotate(n=Count("call_centre_id", distinct=True))
        .filter(n__gte=SEVERAL)
        .values("premises_id")
    )


def busy_landlords() -> QuerySet:
    """Landlord keys (phone, or name when no phone) that let several premises to call centres.

    Counted over premises that had at least one call centre. A landlord whose one premises saw
    several tenants is not counted here: that premises carries its own "several occupants" flag.
    """
    return (
        Occupancy.objects.exclude(premises__landlord_key="")
        .values("premises__landlord_key")
        .annotate(n_premises=Count("premises_id", distinct=True))
        .filter(n_premises__gte=SEVERAL)
        .values("premises__landlord_key")
    )


def quick_vacate_premises() -> QuerySet:
    """Ids of premises that a call centre left within six months of moving in."""
    deadline = ExpressionWrapper(F("moved_in") + SIX_MONTHS, output_field=DateField())
    return (
        Occupancy.objects.filter(moved_in__isnull=False, moved_out__isnull=False, moved_out__lte=deadline)
        .values("premises_id")
    )


def quick_vacate_q() -> Q:
    """Call centres that vacated within six months of starting (or left a premises that fast)."""
    ended_early = ExpressionWrapper(F("started_on") + SIX_MONTHS, output_field=DateField())
    return Q(pk__in=quick_leavers()) | Q(
        status=CallCentreStatus.VACATED, started_on__isnull=False, ended_on__isnull=False, ended_on__lte=ended_early
    )


def shared_premises_q(prefix: str = "") -> Q:
    """Call centres (prefix "") or premises (prefix "pk") at premises that hosted several call centres."""
    return Q(**{f"{prefix or 'premises_id'}__in": shared_premises()})


def busy_landlord_q(prefix: str = "premises__") -> Q:
    """Rows whose landlord let to several premises or call centres."""
    return Q(**{f"{prefix}landlord_key__in": busy_landlords()})


def flag(q: Q) -> Case:
    """A True/False column for a condition."""
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def with_churn_flags(queryset: QuerySet) -> QuerySet:
    """Annotate call centres with flag_quick_vacate, flag_shared_premises, flag_busy_landlord."""
    return queryset.annotate(
        flag_quick_vacate=flag(quick_vacate_q()),
        flag_shared_premises=flag(shared_premises_q()),
        flag_busy_landlord=flag(busy_landlord_q()),
    )
