"""Reads of inspections: the planner's candidates, a station's schedule, a plan's visits, the
zone officer's queue and the call centre's timeline. Every read for a page starts from `for_user`."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from core.access import VIEW
from registry.choices import OPERATING_STATUSES
from registry.models import CallCentre

from ..choices import OPEN_INSPECTION_STATUSES, InspectionStatus, PlanStatus
from ..models import Inspection, InspectionCapacity, InspectionPhoto, InspectionPlan
from ..models.inspections import DEFAULT_VISITS_PER_DAY
from .risk import with_risk_score


def week_start(day: date) -> date:
    """The Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def coming_week(today: date | None = None) -> date:
    """The Monday after `today` (the week the planner prepares)."""
    today = today or timezone.localdate()
    return week_start(today) + timedelta(days=7)


def station_visits_per_day(station) -> int:
    """The station's capacity (DEFAULT_VISITS_PER_DAY when nobody has set it)."""
    row = InspectionCapacity.objects.filter(station=station).values_list("visits_per_day", flat=True).first()
    return DEFAULT_VISITS_PER_DAY if row is None else row


def plan_carried_candidates(*, station, plan: InspectionPlan) -> QuerySet[Inspection]:
    """Missed visits of the station not yet carried into a later plan, whose call centre still operates."""
    return (
        Inspection.objects.filter(
            plan__station=station, status=InspectionStatus.MISSED, carried_to__isnull=True,
            call_centre__status__in=OPERATING_STATUSES, plan__week__lt=plan.week,
        )
        .exclude(call_centre__inspections__plan=plan)
        .select_related("call_centre")
        .order_by("planned_date", "order", "pk")
    )


def station_capacities() -> dict[int, int]:
    """Every station's capacity that has been set, by station id (one query for a planning run)."""
    return dict(InspectionCapacity.objects.values_list("station_id", "visits_per_day"))


def call_centres_with_open_visits() -> set[int]:
    """Ids of the call centres with a visit still open in some plan (one query for a planning run: a
    plan made during the run only takes its own station's call centres, which no other station plans)."""
    return set(
        Inspection.objects.filter(status__in=OPEN_INSPECTION_STATUSES).order_by()
        .values_list("call_centre_id", flat=True).distinct()
    )


def plan_risk_candidates(*, station, plan: InspectionPlan, exclude_ids, today: date) -> QuerySet[CallCentre]:
    """The station's operating call centres by risk score, highest first, without those already planned
    (in this plan, or open in another plan). Only `risk_score` is computed (each factor once): explain
    the picked rows with `explain_risk`. (A run over every station ranks from `city_risk` instead.)"""
    open_elsewhere = Inspection.objects.filter(
        call_centre_id=OuterRef("pk"), status__in=OPEN_INSPECTION_STATUSES
    ).exclude(plan=plan)
    return (
        with_risk_score(CallCentre.objects.filter(station=station, status__in=OPERATING_STATUSES), today=today)
        .exclude(pk__in=list(exclude_ids))
        .exclude(Exists(open_elsewhere))
        .exclude(inspections__plan=plan)
        .order_by("-risk_score", "pk")
    )


def plan_visits(plan: InspectionPlan) -> QuerySet[Inspection]:
    """A plan's visits in order, with their call centre and premises, and the number of photographs."""
    return (
        plan.inspections.select_related("call_centre__premises__locality", "carried_from", "carried_to")
        .annotate(photo_count=Count("photos"))
        .order_by("planned_date", "order", "pk")
    )


def plan_detail(*, user, pk: int) -> InspectionPlan | None:
    """One plan the user may see, with its station and zone and the officers who proposed and approved it."""
    return (
        InspectionPlan.objects.for_user(user, VIEW)
        .select_related("station__zone", "proposed_by", "approved_by")
        .filter(pk=pk)
        .first()
    )


def station_plans(*, user, station) -> QuerySet[InspectionPlan]:
    """A station's plans, newest week first, with how many visits each has and how many are done."""
    return (
        InspectionPlan.objects.for_user(user, VIEW)
        .filter(station=station)
        .annotate(
            visit_count=Count("inspections"),
            done_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.DONE)),
        )
        .order_by("-week")
    )


def plan_list(*, user, week: date | None = None) -> QuerySet[InspectionPlan]:
    """Plans the user may see (of one week when given), with station, zone and visit counts."""
    plans = InspectionPlan.objects.for_user(user, VIEW).select_related("station__zone", "approved_by")
    if week is not None:
        plans = plans.filter(week=week)
    return plans.annotate(
        visit_count=Count("inspections"),
        done_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.DONE)),
        missed_count=Count("inspections", filter=Q(inspections__status=InspectionStatus.MISSED)),
    ).order_by("-week", "station__name")


def plans_awaiting_approval(*, user) -> QuerySet[InspectionPlan]:
    return plan_list(user=user).filter(status=PlanStatus.PROPOSED)


def missed_inspections(*, user) -> QuerySet[Inspection]:
    """Visits whose date passed without an outcome (the zone officer's queue), oldest first."""
    return (
        Inspection.objects.for_user(user, VIEW)
        .filter(status=InspectionStatus.MISSED)
        .select_related("call_centre", "plan__station", "carried_to__plan")
        .order_by("planned_date", "pk")
    )


def inspection_detail(*, user, pk: int) -> Inspection | None:
    return (
        Inspection.objects.for_user(user, VIEW)
        .select_related("call_centre__premises__locality", "plan__station", "recorded_by")
        .prefetch_related(Prefetch("photos", queryset=InspectionPhoto.objects.order_by("pk")))
        .filter(pk=pk)
        .first()
    )


def inspection_photo(*, user, key) -> InspectionPhoto | None:
    """A photograph of an inspection the user may see."""
    return InspectionPhoto.objects.for_user(user, VIEW).filter(key=key).only("image", "thumbnail").first()


def inspection_timeline_events(call_centre, ids: list[int]):
    """The call centre's inspections on its timeline: planned, missed, or what the visit found."""
    from django.urls import reverse
    from django.utils.translation import gettext as _g

    from registry.selectors.timeline import TimelineEvent

    from .. import choices

    rows = Inspection.objects.filter(call_centre_id__in=ids).select_related("recorded_by", "plan")
    for row in rows:
        url = reverse("verification:inspection-detail", args=[row.pk])
        by = (row.recorded_by.get_full_name() or row.recorded_by.get_username()) if row.recorded_by else ""
        if row.status == InspectionStatus.DONE:
            when = timezone.make_aware(datetime.combine(row.visited_on, time(12)))
            title = _g("Inspection: %(result)s") % {"result": choices.InspectionResult(row.result).label}
            yield TimelineEvent(when=when, kind="inspection", title=title, detail=row.findings[:200], url=url, by=by)
        elif row.status == InspectionStatus.MISSED:
            when = timezone.make_aware(datetime.combine(row.planned_date, time(23, 59)))
            title = _g("Inspection missed (planned for %(day)s)") % {"day": row.planned_date.strftime("%d/%m/%Y")}
            yield TimelineEvent(when=when, kind="inspection", title=title, url=url)
        else:
            title = _g("Inspection planned for %(day)s") % {"day": row.planned_date.strftime("%d/%m/%Y")}
            yield TimelineEvent(when=row.created_at, kind="inspection", title=title, detail=row.officers, url=url)
