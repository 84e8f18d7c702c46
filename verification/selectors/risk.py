"""The risk score of a call centre, explained: which call centres to inspect first, and why.

The weights live in ONE place, `RISK_FACTORS`, and each factor's points are ONE SQL expression
(`_factor_points`). `with_risk_score(queryset)` adds their sum `risk_score` (each expression once:
to order and pick); `with_risk(queryset)` adds, in the same SQL query, one `risk_<factor>` column
per factor (the points it contributes, 0 when it does not apply), their sum and
`last_inspected_on` (to explain the rows picked). `risk_reasons(row)` turns a row's columns into
the "why" a page shows. No factor reads anything row by row in Python.

Planning every station: the facts about the city (hotspots, churn, busts at a premises) and the
records behind the other factors are read once per run (`city_risk`: one query over the city, each
factor's expression once), and each station ranks its own call centres from them, so a station's
planning costs the same however large the city is.

Facts about the whole city (how many call centres operate in a locality, which premises saw
a tenant leave within six months, busts at a premises) are counted over every record, not
only the reader's scope: like the registry's churn flags, a factor reveals no record.

Night shifts: the registry records `night_shift` on each call centre, so it is a factor.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from offenders.models import Bust
from registry.choices import OPERATING_STATUSES, EntryAction, ReturnStatus
from registry.models import CallCentre, Occupancy, ReturnEntry

from ..choices import InspectionStatus, LicenceState
from ..models import Inspection
from .licences import licence_state_q


@dataclass(frozen=True)
class RiskFactor:
    """One reason to inspect a call centre: its points and how an officer reads it."""

    weight: int
    label: str


#: The weights of the risk score, in one place. Changing a number here changes the planner,
#: the risk page and the reasons shown on every schedule.
RISK_FACTORS: dict[str, RiskFactor] = {
    "licence_lacking": RiskFactor(30, _("A permission is missing or expired")),
    "licence_unchecked": RiskFactor(15, _("Permissions never checked")),
    "bust_link": RiskFactor(25, _("Linked to a bust (the call centre or its premises)")),
    "new_setup": RiskFactor(15, _("New set-up (first seen in the last 90 days)")),
    "hotspot": RiskFactor(15, _("Hotspot locality (many call centres operating)")),
    "premises_churn": RiskFactor(15, _("Premises vacated by a tenant within six months")),
    "night_shift": RiskFactor(10, _("Works night shifts")),
    "coverage_gap": RiskFactor(10, _("Not listed on the station's recent returns")),
    "not_inspected": RiskFactor(20, _("Never inspected, or not for a long time")),
}

#: Factors added by upper apps (complaints): key -> fn(today) -> condition on call centres.
_REGISTERED_CONDITIONS: dict[str, Callable[[date], Q]] = {}


def register_risk_factor(key: str, factor: RiskFactor, condition: Callable[[date], Q]) -> None:
    """Add a factor from an app above verification (called from its AppConfig.ready), so that
    verification never imports it: its weight and label join RISK_FACTORS, its condition the SQL."""
    RISK_FACTORS[key] = factor
    _REGISTERED_CONDITIONS[key] = condition


#: A call centre first seen (recorded or started) within this many days is a new set-up.
NEW_SETUP_DAYS = 90
#: A locality is a hotspot when its operating call centres number at least HOTSPOT_FACTOR times the
#: average of the localities that have any, and at least HOTSPOT_MIN_OPERATING (settings may override
#: it: INSPECTION_HOTSPOT_MIN). Derived from the registry, never from a list of names.
HOTSPOT_FACTOR = 1.5
HOTSPOT_MIN_OPERATING = 10
#: The registry's "within six months" (registry.selectors.SIX_MONTHS: the same 183 days).
SIX_MONTHS = timedelta(days=183)
#: Returns cover a month: a call centre on none of its station's returns for this long is a coverage gap.
COVERAGE_DAYS = 62
#: Time since the last inspection: (older than so many days, share of the weight). Never inspected: all of it.
INSPECTION_AGE_STEPS = ((365, 1.0), (180, 2 / 3), (90, 1 / 3))


def hotspot_min() -> int:
    return int(getattr(settings, "INSPECTION_HOTSPOT_MIN", HOTSPOT_MIN_OPERATING))


def hotspot_localities() -> QuerySet:
    """Ids of hotspot localities: many operating call centres, compared with the average of the city's
    localities that have any (a scalar subquery of the same SQL statement)."""
    operating = CallCentre.objects.filter(status__in=OPERATING_STATUSES, premises__isnull=False).order_by()
    city_average = (
        operating.annotate(city=Value(1)).values("city")
        .annotate(average=ExpressionWrapper(
            Count("pk") * 1.0 / Count("premises__locality_id", distinct=True), output_field=FloatField()))
        .values("average")
    )
    return (
        operating.values("premises__locality_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=hotspot_min())
        .filter(n__gte=ExpressionWrapper(Subquery(city_average) * HOTSPOT_FACTOR, output_field=FloatField()))
        .values("premises__locality_id")
    )


def _quick_vacated_premises() -> QuerySet:
    """Ids of premises that a call centre left within six months of moving in (registry's quick-vacate rule)."""
    deadline = ExpressionWrapper(F("moved_in") + SIX_MONTHS, output_field=DateField())
    return Occupancy.objects.filter(
        moved_in__isnull=False, moved_out__isnull=False, moved_out__lte=deadline
    ).values("premises_id")


def _quick_leavers() -> QuerySet:
    deadline = ExpressionWrapper(F("moved_in") + SIX_MONTHS, output_field=DateField())
    return Occupancy.objects.filter(
        moved_in__isnull=False, moved_out__isnull=False, moved_out__lte=deadline
    ).values("call_centre_id")


def _conditions(today: date) -> dict[str, Q]:
    """The yes/no factors, each a condition on call centres (the registered ones last)."""
    return {**_own_conditions(today), **{key: fn(today) for key, fn in _REGISTERED_CONDITIONS.items()}}


def _own_conditions(today: date) -> dict[str, Q]:
    now = timezone.now()
    return {
        "licence_lacking": licence_state_q(LicenceState.LACKING, today=today),
        "licence_unchecked": licence_state_q(LicenceState.UNCHECKED, today=today),
        "bust_link": Q(Exists(Bust.objects.filter(call_centre_id=OuterRef("pk"))))
        | Q(premises__isnull=False, premises_id__in=Bust.objects.filter(
            call_centre__premises__isnull=False).values("call_centre__premises_id")),
        "new_setup": Q(created_at__gte=now - timedelta(days=NEW_SETUP_DAYS))
        | Q(started_on__gte=today - timedelta(days=NEW_SETUP_DAYS)),
        "hotspot": Q(premises__locality_id__in=hotspot_localities()),
        "premises_churn": Q(premises_id__in=_quick_vacated_premises()) | Q(pk__in=_quick_leavers()),
        "night_shift": Q(night_shift=True),
        "coverage_gap": ~Q(Exists(ReturnEntry.objects.filter(
            call_centre_id=OuterRef("pk"), action=EntryAction.LISTED,
            station_return__status__in=[ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED],
            station_return__period_end__gte=today - timedelta(days=COVERAGE_DAYS),
        ))),
    }


def _points(condition: Q, weight: int) -> Case:
    return Case(When(condition, then=Value(weight)), default=Value(0), output_field=IntegerField())


def _last_visit() -> Subquery:
    return Subquery(
        Inspection.objects.filter(call_centre_id=OuterRef("pk"), status=InspectionStatus.DONE)
        .order_by("-visited_on").values("visited_on")[:1],
        output_field=DateField(),
    )


def _inspection_age_points(today: date) -> Coalesce:
    """Points for the time since the last inspection, as ONE subquery (the steps are applied to the
    latest visit inside it; never inspected: no row, so the whole weight)."""
    weight = RISK_FACTORS["not_inspected"].weight
    steps = [
        When(last__lt=today - timedelta(days=days), then=Value(round(weight * share)))
        for days, share in INSPECTION_AGE_STEPS
    ]
    points = (
        Inspection.objects.filter(call_centre_id=OuterRef("pk"), status=InspectionStatus.DONE)
        .order_by().values("call_centre_id").annotate(last=Max("visited_on"))
        .annotate(points=Case(*steps, default=Value(0), output_field=IntegerField())).values("points")
    )
    return Coalesce(Subquery(points, output_field=IntegerField()), Value(weight), output_field=IntegerField())


def _factor_points(today: date) -> dict[str, Expression]:
    """Each factor's points as ONE SQL expression, in the order of RISK_FACTORS."""
    conditions = _conditions(today)
    points = {key: _points(conditions[key], RISK_FACTORS[key].weight) for key in RISK_FACTORS if key in conditions}
    points["not_inspected"] = _inspection_age_points(today)
    return {key: points[key] for key in RISK_FACTORS}


def _total(expressions) -> ExpressionWrapper:
    total = None
    for expression in expressions:
        total = expression if total is None else total + expression
    return ExpressionWrapper(total, output_field=IntegerField())


def with_risk_score(queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    """Call centres annotated with `risk_score` only: every factor's expression appears ONCE in the SQL
    (for ordering and picking the highest; `with_risk` then explains the rows picked)."""
    today = today or timezone.localdate()
    return queryset.annotate(risk_score=_total(_factor_points(today).values()))


def with_risk(queryset: QuerySet, *, today: date | None = None) -> QuerySet:
    """Call centres annotated with `risk_<factor>` (points) for every factor, `risk_score` (their sum)
    and `last_inspected_on`, all computed in the one SQL query of the queryset.

    The sum repeats each factor's expression (SQL cannot add up the columns of its own SELECT), so
    use it on the rows to explain (a page, a plan's picks); order large sets with `with_risk_score`,
    and plan every station with `city_risk`.
    """
    today = today or timezone.localdate()
    points = _factor_points(today)
    queryset = queryset.annotate(last_inspected_on=_last_visit(), **{f"risk_{key}": e for key, e in points.items()})
    return queryset.annotate(risk_score=_total(points.values()))


def explain_risk(call_centres, *, today: date | None = None) -> dict[int, object]:
    """`with_risk` rows of the given call centres (ids or objects), by id, in one query."""
    ids = [getattr(cc, "pk", cc) for cc in call_centres]
    if not ids:
        return {}
    return {row.pk: row for row in with_risk(CallCentre.objects.filter(pk__in=ids), today=today)}


@dataclass(frozen=True)
class ScoredCentre:
    """One call centre's risk as `with_risk` gives it (pk, risk_score, last_inspected_on, risk_<factor>),
    read from a `CityRisk` row: `risk_reasons` explains it like any annotated row."""

    pk: int
    risk_score: int
    last_inspected_on: date | None
    points: tuple

    def __getattr__(self, name: str):
        if name.startswith("risk_") and name[5:] in RISK_FACTORS:
            return self.points[list(RISK_FACTORS).index(name[5:])]
        raise AttributeError(name)


@dataclass(frozen=True)
class CityRisk:
    """Every operating call centre's factor points, counted ONCE for a planning run, by station.

    The facts about the whole city (hotspot localities, premises churn, busts at the premises, and the
    licences, returns and visits behind the other factors) are evaluated in one query over the city,
    with each factor's expression once; a station's planning then reads only its own rows, so it costs
    the same however large the city grows.
    """

    by_station: dict

    def ranked(self, station_id: int, *, exclude: set[int] = frozenset()) -> list[ScoredCentre]:
        """The station's operating call centres by risk, highest first (then by id), without `exclude`."""
        rows = [ScoredCentre(pk=pk, risk_score=sum(points), last_inspected_on=last, points=points)
                for pk, last, points in self.by_station.get(station_id, ()) if pk not in exclude]
        return sorted(rows, key=lambda row: (-row.risk_score, row.pk))


def city_risk(*, today: date | None = None) -> CityRisk:
    """The factor points of every operating call centre of the city (one query; see `CityRisk`)."""
    today = today or timezone.localdate()
    columns = {f"risk_{key}": e for key, e in _factor_points(today).items()}
    rows = (
        CallCentre.objects.filter(status__in=OPERATING_STATUSES).order_by()
        .annotate(last_inspected_on=_last_visit(), **columns)
        .values_list("pk", "station_id", "last_inspected_on", *columns)
    )
    by_station: dict[int, list] = {}
    for pk, station_id, last, *points in rows.iterator(chunk_size=5000):
        by_station.setdefault(station_id, []).append((pk, last, tuple(points)))
    return CityRisk(by_station=by_station)


def reason_label(reason: dict) -> str:
    """A reason's label in the reader's language (stored reasons keep their key, points and, for the
    time since the last inspection, the days; the label is made afresh when shown)."""
    key = reason.get("key")
    if key == "not_inspected":
        days = reason.get("days")
        if days is None:
            return _g("Never inspected")
        return _g("Last inspected %(days)s days ago") % {"days": days}
    factor = RISK_FACTORS.get(key)
    return str(factor.label) if factor else str(reason.get("label", ""))


def reasons_shown(reasons: list[dict]) -> list[dict]:
    """Stored reasons as a page shows them: [{key, label, points}] with labels in the reader's language."""
    return [{"key": r.get("key"), "label": reason_label(r), "points": r.get("points", 0)} for r in reasons or []]


def risk_reasons(row, *, today: date | None = None) -> list[dict]:
    """Why a row (annotated by `with_risk`) scores what it does: [{key, label, points, days}], biggest first.
    `days` is the time since the last inspection (None when never inspected) for that factor."""
    today = today or timezone.localdate()
    reasons = []
    for key in RISK_FACTORS:
        points = getattr(row, f"risk_{key}", 0) or 0
        if not points:
            continue
        reason = {"key": key, "points": points}
        if key == "not_inspected":
            last = getattr(row, "last_inspected_on", None)
            reason["days"] = None if last is None else (today - last).days
        reason["label"] = reason_label(reason)
        reasons.append(reason)
    return sorted(reasons, key=lambda r: -r["points"])


def risk_ranked(*, user, today: date | None = None) -> QuerySet[CallCentre]:
    """Operating call centres the user may see, highest risk first (the risk page; `explain_risk` gives
    the reasons of the rows shown)."""
    return (
        with_risk_score(CallCentre.objects.for_user(user).filter(status__in=OPERATING_STATUSES), today=today)
        .select_related("station", "premises__locality")
        .order_by("-risk_score", "name", "pk")
    )


def risk_weights() -> list[dict]:
    """The weights as a page shows them (the legend of the risk page)."""
    return [{"key": key, "label": str(f.label), "weight": f.weight} for key, f in RISK_FACTORS.items()]

