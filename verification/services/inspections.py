"""Writes of inspections: proposing and approving weekly plans, and the station's changes to its
schedule (order, dates, officers, outcomes). Each use-case is one function with an `actor`,
checked against the one write rule (`require`) and the access rule (`for_user(..., CHANGE)`)."""
from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _g
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.access import CHANGE
from core.audit import current_audit_attrs
from core.jobs import job_create, job_enqueue
from core.models import Job
from core.permissions import require
from registry.choices import STATUS_TRANSITIONS, CallCentreStatus
from registry.services import callcentre_set_status
from registry.services.callcentres import ENDING_STATUSES
from stations.models import PoliceStation

from ..choices import (
    CHECKLIST_ITEMS,
    OPEN_INSPECTION_STATUSES,
    InspectionResult,
    InspectionStatus,
    LicenceKind,
    PermissionSeen,
    PlanStatus,
    YesNo,
)
from ..models import Inspection, InspectionPhoto, InspectionPlan
from ..models.inspections import DEFAULT_VISITS_PER_DAY, PLAN_DAYS
from ..selectors.inspections import (
    call_centres_with_open_visits,
    coming_week,
    plan_carried_candidates,
    plan_risk_candidates,
    station_capacities,
    station_visits_per_day,
    week_start,
)
from ..selectors.risk import city_risk, explain_risk, risk_reasons

PERM_PROPOSE = "verification.add_inspectionplan"
PERM_APPROVE = "verification.approve_inspectionplan"
PERM_CHANGE_INSPECTION = "verification.change_inspection"
PLAN_JOB_KIND = "inspection-plans"
PLAN_TASK = "verification.tasks.inspection_plans_propose_task"
#: At most this many photographs with one outcome.
MAX_PHOTOS = 10
CHECKLIST_TEXT_MAX = 300


# --------------------------------------------------------------------------- missed visits


def inspections_mark_missed(*, today: date | None = None, station=None) -> int:
    """Visits whose planned date has passed without an outcome become "missed" (audited). Returns how many."""
    today = today or timezone.localdate()
    rows = Inspection.objects.filter(status__in=OPEN_INSPECTION_STATUSES, planned_date__lt=today)
    if station is not None:
        rows = rows.filter(plan__station=station)
    with transaction.atomic():
        missed = list(rows.select_for_update().order_by("pk"))
        for row in missed:
            row.status = InspectionStatus.MISSED
        if missed:
            bulk_update_with_history(missed, Inspection, ["status"], custom_historical_attrs=current_audit_attrs())
    return len(missed)


# --------------------------------------------------------------------------- proposing plans


def _visit_days(plan: InspectionPlan, today: date) -> list[date]:
    """The days of the plan's week still ahead (Monday to Saturday, from today on)."""
    days = [plan.week + timedelta(days=i) for i in range(PLAN_DAYS)]
    return [day for day in days if day >= today]


def inspection_plan_propose(
    *, station: PoliceStation, week: date, actor=None, today: date | None = None, run: dict | None = None
) -> tuple[InspectionPlan, bool]:
    """Propose the station's plan for `week`: missed visits carried over first, then the operating
    call centres by risk, highest first, within the station's capacity.

    Idempotent: a station has one plan per week; when it exists it is returned untouched
    (created False). `actor` is None when the weekly schedule runs it (the system). `run` carries
    what a planning run of every station read once (`_planning_run`): every operating call
    centre's risk points (`city_risk`), the capacities and the call centres with open visits; without it they are read for this station alone.
    """
    today = today or timezone.localdate()
    if week.weekday() != 0:
        raise ValidationError({"week": _g("A plan's week starts on a Monday.")})
    if week < week_start(today):
        raise ValidationError({"week": _g("A plan cannot be made for a week that is over.")})
    if actor is not None:
        require(actor, PERM_PROPOSE, _g("Your role cannot propose inspection plans."))
    existing = InspectionPlan.objects.filter(station=station, week=week).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _plan_create(station=station, week=week, actor=actor, today=today, run=run), True
    except IntegrityError:  # another run made it at the same moment: the unique (station, week) held
        return InspectionPlan.objects.get(station=station, week=week), False


def _plan_create(*, station, week: date, actor, today: date, run: dict | None) -> InspectionPlan:
    """The plan and its visits: a fixed number of queries, whatever the station's or the city's size."""
    per_day = station_visits_per_day(station) if run is None else run["capacities"].get(station.pk, DEFAULT_VISITS_PER_DAY)
    plan = InspectionPlan(station=station, week=week, visits_per_day=per_day, proposed_by=actor)
    # The station is the row being planned and the unique (station, week) is held by the database
    # (IntegrityError above): the field checks only, no query.
    plan.full_clean(exclude=["station", "proposed_by", "approved_by"], validate_unique=False, validate_constraints=False)
    plan._history_user = actor
    plan.save()
    days = _visit_days(plan, today)
    capacity = per_day * len(days)
    carried = list(plan_carried_candidates(station=station, plan=plan)[:capacity])
    rows: list[Inspection] = [
        Inspection(plan=plan, call_centre=old.call_centre, carried_from=old, risk_score=old.risk_score,
                   risk_reasons=old.risk_reasons, officers=old.officers)
        for old in carried
    ]
    planned_ids = {old.call_centre_id for old in carried}
    room = max(capacity - len(rows), 0)
    if run is None:  # one station: its call centres ranked in SQL, the picked ones explained
        picked = list(plan_risk_candidates(station=station, plan=plan, exclude_ids=planned_ids, today=today)
                      .values_list("pk", flat=True)[:room])
        explained = explain_risk(picked, today=today)
        ranked = [explained[pk] for pk in picked]
    else:  # every station: ranked from the run's city-wide points, without those open in another plan
        ranked = run["risk"].ranked(station.pk, exclude=planned_ids | run["busy"])[:room]
    for centre in ranked:
        rows.append(Inspection(plan=plan, call_centre_id=centre.pk, risk_score=centre.risk_score,
                               risk_reasons=risk_reasons(centre, today=today)))
    for position, row in enumerate(rows):
        row.planned_date = days[position // per_day]
        row.order = position % per_day + 1
    if rows:
        bulk_create_with_history(rows, Inspection, default_user=actor, custom_historical_attrs=current_audit_attrs())
    plan.visits_made = len(rows)
    return plan


def _planning_run(today: date) -> dict:
    """What every station's plan needs from the whole city, read once per run (three queries)."""
    return {"risk": city_risk(today=today), "capacities": station_capacities(),
            "busy": call_centres_with_open_visits()}


def inspection_plans_propose(*, week: date, actor=None, today: date | None = None, progress=None) -> dict:
    """Propose every station's plan for `week` (the weekly schedule and the cyber team's button).

    Missed visits are marked first, so that they are carried into the new plans. The risk points of
    every operating call centre are read once for the run (one query over the city), then each
    station's plan is made in its own transaction with a fixed number of queries (eight): a run
    stopped half-way is finished by the next one.
    """
    today = today or timezone.localdate()
    if actor is not None:
        require(actor, PERM_PROPOSE, _g("Your role cannot propose inspection plans."))
    inspections_mark_missed(today=today)
    stations = list(PoliceStation.objects.order_by("pk"))
    planned = set(InspectionPlan.objects.filter(week=week).values_list("station_id", flat=True))
    run = _planning_run(today) if len(planned) < len(stations) else None
    created = existing = visits = 0
    for done, station in enumerate(stations, start=1):
        if station.pk in planned:
            existing += 1
        else:
            plan, made = inspection_plan_propose(station=station, week=week, actor=actor, today=today, run=run)
            if made:
                created += 1
                visits += plan.visits_made
            else:
                existing += 1
        if progress:
            progress(done, len(stations), station.name)
    return {"week": week.isoformat(), "created": created, "existing": existing, "visits": visits}


def inspection_plans_request(*, actor, week: date | None = None) -> Job:
    """The cyber crime team's button: propose the coming week's plans in the background (a Job)."""
    require(actor, PERM_PROPOSE, _g("Your role cannot propose inspection plans."))
    week = week or coming_week()
    with transaction.atomic():
        job = job_create(actor=actor, kind=PLAN_JOB_KIND, params={"week": week.isoformat()},
                         total=PoliceStation.objects.count())
        job_enqueue(job, PLAN_TASK)
    return job


def inspection_plans_job(job: Job, progress) -> dict:
    """The work of the planning job (run by core.jobs.job_run as the officer who asked)."""
    from django.urls import reverse

    result = inspection_plans_propose(
        week=date.fromisoformat(job.params["week"]), actor=job.requested_by, progress=progress
    )
    return {**result, "next_url": reverse("verification:inspection-home")}


@transaction.atomic
def inspection_plan_approve(*, actor, plan: InspectionPlan) -> InspectionPlan:
    """The cyber crime team or the station's zone officer approves a proposed plan."""
    require(actor, PERM_APPROVE, _g("Your role cannot approve inspection plans."))
    plan = InspectionPlan.objects.for_user(actor, CHANGE).select_for_update().filter(pk=plan.pk).first()
    if plan is None:
        raise PermissionDenied(_g("This plan is outside your jurisdiction."))
    if plan.status != PlanStatus.PROPOSED:
        raise ValidationError(_g("This plan is already approved."))
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan._history_user = actor
    plan.save()
    return plan


# --------------------------------------------------------------------------- the station's schedule


def _editable(actor, inspection: Inspection, *, allow_missed: bool = False) -> Inspection:
    """The inspection as it is now, locked, if the actor may change it; refuses closed visits."""
    require(actor, PERM_CHANGE_INSPECTION, _g("Your role cannot change inspections."))
    row = (
        Inspection.objects.for_user(actor, CHANGE).select_for_update().select_related("plan")
        .filter(pk=inspection.pk).first()
    )
    if row is None:
        raise PermissionDenied(_g("This inspection is outside your jurisdiction."))
    allowed = set(OPEN_INSPECTION_STATUSES) | ({InspectionStatus.MISSED} if allow_missed else set())
    if row.status not in allowed or (row.status == InspectionStatus.MISSED and hasattr(row, "carried_to")):
        raise ValidationError(_g("This visit is closed: its outcome is recorded or it was carried to a later plan."))
    row._history_user = actor
    return row


@transaction.atomic
def inspection_move(*, actor, inspection: Inspection, direction: str) -> Inspection:
    """Move a visit one place earlier ("up") or later ("down") among the same day's visits."""
    if direction not in ("up", "down"):
        raise ValidationError(_g("Move a visit up or down."))
    row = _editable(actor, inspection)
    day = list(
        Inspection.objects.select_for_update().filter(plan=row.plan, planned_date=row.planned_date)
        .order_by("order", "pk")
    )
    index = next(i for i, other in enumerate(day) if other.pk == row.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(day):
        raise ValidationError(_g("There is no visit to swap with on that day: reschedule to change the day."))
    day[index], day[target] = day[target], day[index]
    for position, other in enumerate(day, start=1):  # the day's order becomes 1, 2, 3... again
        if other.order != position:
            other.order = position
            other._history_user = actor
            other.save(update_fields=["order", "updated_at"])
    return next(other for other in day if other.pk == row.pk)


@transaction.atomic
def inspection_reschedule(
    *, actor, inspection: Inspection, new_date: date, reason: str, today: date | None = None
) -> Inspection:
    """Move a visit to another day, for a reason the station must give (kept in the history)."""
    today = today or timezone.localdate()
    row = _editable(actor, inspection)
    reason = " ".join((reason or "").split())
    errors = {}
    if not reason:
        errors["reason"] = _g("Give the reason for rescheduling.")
    if new_date is None:
        errors["new_date"] = _g("Give the new date.")
    elif new_date < today:
        errors["new_date"] = _g("The new date cannot be in the past.")
    elif new_date < row.plan.week:
        errors["new_date"] = _g("The new date must be in the plan's week or later.")
    if errors:
        raise ValidationError(errors)
    last = Inspection.objects.filter(plan=row.plan, planned_date=new_date).exclude(pk=row.pk).aggregate(m=Max("order"))
    row.planned_date = new_date
    row.order = (last["m"] or 0) + 1
    row.status = InspectionStatus.RESCHEDULED
    row.reschedule_reason = reason[:300]
    row.full_clean(exclude=["plan", "call_centre", "carried_from", "recorded_by"])
    row.save()
    return row


@transaction.atomic
def inspection_assign(*, actor, inspection: Inspection, officers: str) -> Inspection:
    """Name the officers (names or belt numbers) who will make the visit."""
    row = _editable(actor, inspection)
    row.officers = " ".join((officers or "").split())
    if len(row.officers) > 300:
        raise ValidationError({"officers": _g("Keep the list of officers under 300 characters.")})
    row.save(update_fields=["officers", "updated_at"])
    return row


def checklist_clean(checklist: dict | None) -> dict:
    """The checklist as stored, or a ValidationError naming what is missing. Every item must be answered."""
    checklist = checklist if isinstance(checklist, dict) else {}
    permissions = checklist.get("permissions") if isinstance(checklist.get("permissions"), dict) else {}
    clean = {"permissions": {}}
    missing = []
    for kind in LicenceKind:
        value = permissions.get(kind.value)
        if value not in PermissionSeen.values:
            missing.append(str(kind.label))
        clean["permissions"][kind.value] = value
    for key, label in CHECKLIST_ITEMS.items():
        value = checklist.get(key)
        if value not in YesNo.values:
            missing.append(str(label))
        clean[key] = value
    for key, label in (("customer_source", _g("Source of customers")), ("payment_mode", _g("Mode of payment"))):
        value = " ".join(str(checklist.get(key) or "").split())[:CHECKLIST_TEXT_MAX]
        if not value:
            missing.append(label)
        clean[key] = value
    if missing:
        raise ValidationError(
            {"checklist": _g("Complete the checklist before recording the outcome: %(items)s.")
             % {"items": "; ".join(missing)}}
        )
    return clean


#: The call centre's status an inspection's result leads to. A violation makes it non-compliant
#: (the bust, if any, is recorded on the pre-filled bust form and makes it busted).
STATUS_AFTER_RESULT = {
    InspectionResult.COMPLIANT: CallCentreStatus.COMPLIANT,
    InspectionResult.VIOLATION: CallCentreStatus.NON_COMPLIANT,
    InspectionResult.CLOSED: CallCentreStatus.CLOSED,
    InspectionResult.NOT_FOUND: CallCentreStatus.VACATED,
}


def _status_follows_outcome(*, actor, inspection: Inspection) -> None:
    """Move the call centre to the status the visit found, through "under verification" when the
    registry's transitions require it (a reported call centre is verified by the visit). A status
    the visit cannot change (busted, merged, or already there) is left as it is."""
    target = STATUS_AFTER_RESULT[inspection.result]
    centre = inspection.call_centre
    reason = _g("Inspection of %(date)s: %(result)s") % {
        "date": inspection.visited_on.strftime("%d-%m-%Y"), "result": InspectionResult(inspection.result).label,
    }
    if centre.status == target:
        return
    allowed = STATUS_TRANSITIONS.get(centre.status, set())
    if target not in allowed and CallCentreStatus.UNDER_VERIFICATION in allowed and target in STATUS_TRANSITIONS.get(
        CallCentreStatus.UNDER_VERIFICATION, set()
    ):
        centre = callcentre_set_status(
            actor=actor, call_centre=centre, status=CallCentreStatus.UNDER_VERIFICATION, reason=reason,
            on=inspection.visited_on,
        )
        allowed = STATUS_TRANSITIONS[CallCentreStatus.UNDER_VERIFICATION]
    if target in allowed:
        if target in ENDING_STATUSES and centre.started_on and inspection.visited_on < centre.started_on:
            return  # the registry says it started after the visit: an officer settles the status by hand
        callcentre_set_status(actor=actor, call_centre=centre, status=target, reason=reason, on=inspection.visited_on)


@transaction.atomic
def inspection_record_outcome(
    *, actor, inspection: Inspection, visited_on: date, result: str, checklist: dict, findings: str = "",
    photos: list | None = None, today: date | None = None,
) -> Inspection:
    """Record what the visit found: the checklist (required), findings, photographs and the result.

    Photographs are checked and re-encoded by offenders.photos.photo_clean before anything is
    saved: one file that is not a photograph refuses the whole outcome, with its message.
    A late outcome of a missed visit (not yet carried to another plan) is accepted.
    """
    from offenders.photos import photo_clean

    today = today or timezone.localdate()
    row = _editable(actor, inspection, allow_missed=True)
    errors = {}
    if result not in InspectionResult.values:
        errors["result"] = _g("Choose the result of the visit.")
    if visited_on is None:
        errors["visited_on"] = _g("Give the date of the visit.")
    elif visited_on > today:
        errors["visited_on"] = _g("The visit cannot be in the future.")
    elif visited_on < row.plan.week:
        errors["visited_on"] = _g("The visit cannot be before the plan's week.")
    try:
        clean_checklist = checklist_clean(checklist)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _g("Attach at most %(n)s photographs.") % {"n": MAX_PHOTOS}
    cleaned = []
    if "photos" not in errors:
        for upload in photos:
            try:
                cleaned.append(photo_clean(upload))
            except ValidationError as exc:
                name = getattr(upload, "name", "")
                errors.setdefault("photos", []).extend(f"{name}: {m}" if name else m for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    row.visited_on = visited_on
    row.result = result
    row.checklist = clean_checklist
    row.findings = (findings or "").strip()
    row.status = InspectionStatus.DONE
    row.recorded_by = actor
    row.save()
    _status_follows_outcome(actor=actor, inspection=row)
    for clean in cleaned:
        photo = InspectionPhoto(inspection=row, key=clean.key, width=clean.width, height=clean.height)
        photo.image.save(clean.image.name, clean.image, save=False)
        photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
        photo._history_user = actor
        photo.save()
    return row
