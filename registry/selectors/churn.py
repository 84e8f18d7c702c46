"""Churn, in SQL: call centres that vacate fast, premises that host several, landlords who let to several.

Each flag is a condition on the row itself: an EXISTS over the occupancies of *this* call centre,
*this* premises or *this* landlord, found through their indexes (occupancy by call centre, by
premises; premises by landlord key). A page of 50 rows costs 50 small index probes per flag, the
same for one city as for the country; a filter on a flag costs what the rows in scope cost.
(They were once `pk IN (grouped subquery)` over the whole city: fine for one city, but every list
query grouped every occupancy of the state, and with a nested loop the planner re-ran the grouping
for each row: the SHO filter zone=west&night_shift=false&busy_landlord=true held PostgreSQL for
minutes. See bench/RESULTS-scale.md.)

Churn is a fact about premises and landlords across the registry, so the subqueries count every
call centre, not only those in the reader's scope; the flag reveals no record.
"""
from __future__ import annotations

from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.lookups import IsNull

from ..choices import CallCentreStatus
from ..models import Occupancy

#: "Within six months": half a year of days, so that the rule is the same in SQL everywhere.
SIX_MONTHS = timedelta(days=183)
#: How many call centres (or premises) make a premises (or landlord) "several".
SEVERAL = 2  # the conditions below say "at least two different", i.e. min(id) < max(id)


# --------------------------------------------------------------------------- churn, in SQL

def per_row(queryset) -> IsNull:
    """"Some row of `queryset` exists", as a scalar subquery (`(SELECT id … LIMIT 1) IS NOT NULL`).

    For a page's columns (SELECT list): PostgreSQL may turn an EXISTS there into a *hashed* subplan
    that reads the whole table (it plans for every row, not for the page's LIMIT); a scalar
    subquery is always probed row by row, through the index — 50 probes for a page of 50.
    Conditions in WHERE keep EXISTS (there it becomes a semi-join)."""
    return IsNull(Subquery(queryset.order_by().values("pk")[:1]), False)


def _left_quickly(*, row: bool = False, **where):
    """Some occupancy matching `where` ended within six months of moving in."""
    deadline = ExpressionWrapper(F("moved_in") + SIX_MONTHS, output_field=DateField())
    rows = Occupancy.objects.filter(moved_in__isnull=False, moved_out__isnull=False, moved_out__lte=deadline, **where)
    return per_row(rows) if row else Exists(rows)


def _at_least_two(group_by: str, counted: str, **where) -> Exists:
    """Occupancies matching `where` name at least two different `counted` (min < max of the group)."""
    return Exists(
        Occupancy.objects.filter(**where).order_by().values(group_by)
        .annotate(lo=Min(counted), hi=Max(counted)).filter(lo__lt=F("hi"))
    )


def quick_vacate_q(*, row: bool = False) -> Q:
    """Call centres that vacated within six months of starting (or left a premises that fast).
    `row`: the form for a page's column (see per_row)."""
    ended_early = ExpressionWrapper(F("started_on") + SIX_MONTHS, output_field=DateField())
    return Q(_left_quickly(row=row, call_centre_id=OuterRef("pk"))) | Q(
        status=CallCentreStatus.VACATED, started_on__isnull=False, ended_on__isnull=False, ended_on__lte=ended_early
    )


def quick_vacate_premises_q(*, row: bool = False) -> Q:
    """Premises that a call centre left within six months of moving in."""
    return Q(_left_quickly(row=row, premises_id=OuterRef("pk")))


def shared_premises_q(prefix: str = "") -> Q:
    """Call centres (prefix "") or premises (prefix "pk") at premises that hosted several call centres
    (over time or at once)."""
    premises = OuterRef(prefix or "premises_id")
    return Q(_at_least_two("premises_id", "call_centre_id", premises_id=premises))


def busy_landlord_q(prefix: str = "premises__") -> Q:
    """Rows whose landlord (phone, or name when no phone) let several premises to call centres.

    Counted over premises that had at least one call centre. A landlord whose one premises saw
    several tenants is not counted here: that premises carries its own "several occupants" flag.
    """
    key = f"{prefix}landlord_key"
    return ~Q(**{key: ""}) & Q(**{f"{key}__isnull": False}) & Q(
        _at_least_two("premises__landlord_key", "premises_id", premises__landlord_key=OuterRef(key))
    )


def flag(q: Q) -> Case:
    """A True/False column for a condition."""
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def with_churn_flags(queryset: QuerySet) -> QuerySet:
    """Annotate call centres with flag_quick_vacate, flag_shared_premises, flag_busy_landlord."""
    return queryset.annotate(
        flag_quick_vacate=flag(quick_vacate_q(row=True)),
        flag_shared_premises=flag(shared_premises_q()),
        flag_busy_landlord=flag(busy_landlord_q()),
    )
