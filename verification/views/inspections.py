"""Pages of inspections, under /verification/inspections/.

Every page needs a read permission of inspections (`permission_required`); the object comes
from `for_user` (out of scope: 404), and only then is a write permission asked for (missing: 403).
Views parse input and call a service; reads come from selectors.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import VIEW, access_logged, get_scoped_or_404, user_scope
from core.forms import apply_service_errors
from core.permissions import permission_required, require
from core.roles import Role
from stations.models import PoliceStation

from .. import selectors, services
from ..choices import CHECKLIST_ITEMS, InspectionResult, LicenceKind, PermissionSeen, YesNo
from ..forms import OfficersForm, OutcomeForm, RescheduleForm
from ..models import Inspection, InspectionPlan

VIEW_PLAN = "verification.view_inspectionplan"
VIEW_INSPECTION = "verification.view_inspection"


def _plan_url(inspection: Inspection) -> str:
    return reverse("verification:inspection-plan", args=[inspection.plan_id])


def _visits_context(plan: InspectionPlan | None) -> dict:
    visits = list(selectors.plan_visits(plan)) if plan is not None else []
    for visit in visits:
        visit.reasons = selectors.reasons_shown(visit.risk_reasons)  # labels in the reader's language
    return {"plan": plan, "visits": visits, "officers_form": OfficersForm()}


@permission_required(VIEW_PLAN)
@require_safe
def inspection_home(request):
    """Station officers: their station's schedule. Zone officers, the cyber crime team and the
    commissioner: plans awaiting approval, missed visits, and this and the coming week's plans."""
    scope = user_scope(request.user)
    if scope.role == Role.STATION:
        return _station_schedule(request, request.user.station)
    today = timezone.localdate()
    this_week, next_week = selectors.week_start(today), selectors.coming_week(today)
    context = {
        "awaiting": list(selectors.plans_awaiting_approval(user=request.user)[:100]),
        "missed": list(selectors.missed_inspections(user=request.user)[:100]),
        "this_week": list(selectors.plan_list(user=request.user, week=this_week)),
        "next_week": list(selectors.plan_list(user=request.user, week=next_week)),
        "this_monday": this_week, "next_monday": next_week,
    }
    return render(request, "verification/inspection_home.html", context)


@permission_required(VIEW_PLAN)
@require_safe
def inspection_station(request, code: str):
    """A station's schedule: its plans, and this week's visits in order with the reasons for each."""
    station = PoliceStation.objects.for_user(request.user, VIEW).filter(code=code).first()
    if station is None:
        raise Http404
    return _station_schedule(request, station)


def _station_schedule(request, station):
    today = timezone.localdate()
    plans = list(selectors.station_plans(user=request.user, station=station)[:26])
    current = next((p for p in plans if p.week == selectors.week_start(today)), None)
    context = {"station": station, "plans": plans, "today": today, **_visits_context(current)}
    return render(request, "verification/inspection_station.html", context)


@permission_required(VIEW_PLAN)
@require_safe
def inspection_plan(request, pk: int):
    """One plan's visits, highest risk first within each day, with the reasons and the station's actions."""
    plan = selectors.plan_detail(user=request.user, pk=pk)
    if plan is None:
        raise Http404
    return render(request, "verification/inspection_plan.html", {"today": timezone.localdate(), **_visits_context(plan)})


@permission_required(VIEW_PLAN)
def inspection_plan_approve(request, pk: int):
    """Approve a proposed plan (POST; the cyber crime team or the station's zone officer)."""
    plan = get_scoped_or_404(InspectionPlan, request.user, VIEW, pk=pk)
    require(request.user, services.PERM_APPROVE, _("Your role cannot approve inspection plans."))
    if request.method == "POST":
        try:
            services.inspection_plan_approve(actor=request.user, plan=plan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Plan approved."))
    return redirect("verification:inspection-plan", pk=plan.pk)


@permission_required(VIEW_PLAN)
def inspection_propose(request):
    """The cyber crime team's button: propose the coming week's plans in the background (POST)."""
    require(request.user, services.PERM_PROPOSE, _("Your role cannot propose inspection plans."))
    if request.method != "POST":
        return redirect("verification:inspection-home")
    job = services.inspection_plans_request(actor=request.user)
    messages.info(request, _("The plans are being prepared."))
    return redirect("core:job-detail", pk=job.pk)


@permission_required(VIEW_PLAN)
@require_safe
def inspection_risk(request):
    """Operating call centres in the user's scope by risk, with each factor's points (the "why")."""
    ranked = selectors.risk_ranked(user=request.user)
    page = Paginator(ranked, 50).get_page(request.GET.get("page"))
    explained = selectors.explain_risk(page.object_list)  # the reasons of the page's rows, one query
    rows = [{"cc": cc, "reasons": selectors.risk_reasons(explained[cc.pk])} for cc in page.object_list]
    return render(request, "verification/inspection_risk.html",
                  {"page": page, "rows": rows, "weights": selectors.risk_weights()})


@permission_required(VIEW_INSPECTION)
@require_safe
def inspection_detail(request, pk: int):
    """One visit: its plan, what was found (checklist, findings, photographs) and why it was planned."""
    inspection = selectors.inspection_detail(user=request.user, pk=pk)
    if inspection is None:
        raise Http404
    checklist = inspection.checklist or {}
    permissions = [
        (kind.label, PermissionSeen(v).label if v in PermissionSeen.values else "—")
        for kind in LicenceKind for v in [(checklist.get("permissions") or {}).get(kind.value)]
    ]
    items = [(label, YesNo(checklist[key]).label if checklist.get(key) in YesNo.values else "—")
             for key, label in CHECKLIST_ITEMS.items()]
    return render(request, "verification/inspection_detail.html", {
        "inspection": inspection, "permissions": permissions, "items": items, "checklist": checklist,
        "reasons": selectors.reasons_shown(inspection.risk_reasons),
    })


def _editable_or_404(request, pk: int) -> Inspection:
    """The visit in the user's scope (404 otherwise), then the write permission (403 otherwise)."""
    inspection = get_scoped_or_404(Inspection, request.user, VIEW, pk=pk)
    require(request.user, services.PERM_CHANGE_INSPECTION, _("Your role cannot change inspections."))
    return inspection


@permission_required(VIEW_INSPECTION)
def inspection_move(request, pk: int):
    """Move a visit up or down among the day's visits (POST)."""
    inspection = _editable_or_404(request, pk)
    if request.method == "POST":
        try:
            services.inspection_move(actor=request.user, inspection=inspection,
                                     direction=request.POST.get("direction", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(_plan_url(inspection))


@permission_required(VIEW_INSPECTION)
def inspection_officers(request, pk: int):
    """Name the officers of a visit (POST from the plan page)."""
    inspection = _editable_or_404(request, pk)
    if request.method == "POST":
        form = OfficersForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors.get("officers") or _("Check the officers."))
            services.inspection_assign(actor=request.user, inspection=inspection,
                                       officers=form.cleaned_data["officers"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Officers saved."))
    return redirect(_plan_url(inspection))


@permission_required(VIEW_INSPECTION)
def inspection_reschedule(request, pk: int):
    """Move a visit to another day; the reason is required and kept."""
    inspection = _editable_or_404(request, pk)
    form = RescheduleForm(request.POST or None, initial={"new_date": inspection.planned_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_reschedule(actor=request.user, inspection=inspection, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Visit rescheduled."))
            return redirect(_plan_url(inspection))
    return render(request, "verification/inspection_reschedule.html", {"inspection": inspection, "form": form},
                  status=400 if request.method == "POST" else 200)


@permission_required(VIEW_INSPECTION)
def inspection_outcome(request, pk: int):
    """Record what the visit found. A violation goes on to the bust form, pre-filled for the call centre."""
    inspection = _editable_or_404(request, pk)
    form = OutcomeForm(request.POST or None, request.FILES or None,
                       initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            done = services.inspection_record_outcome(
                actor=request.user, inspection=inspection, visited_on=form.cleaned_data["visited_on"],
                result=form.cleaned_data["result"], checklist=form.checklist(),
                findings=form.cleaned_data["findings"], photos=form.cleaned_data["photos"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Outcome recorded."))
            if done.result == InspectionResult.VIOLATION:
                return redirect(_bust_form_url(done))
            return redirect(_plan_url(done))
    return render(request, "verification/inspection_outcome.html", {"inspection": inspection, "form": form},
                  status=400 if request.method == "POST" else 200)


def _bust_form_url(inspection: Inspection) -> str:
    """The bust form, pre-filled with the call centre, the day of the visit, the place and the findings."""
    centre = inspection.call_centre
    params = {
        "call_centre": centre.pk,
        "raid_date": inspection.visited_on.isoformat(),
        "place": centre.premises.address_raw if centre.premises_id else "",
        "narrative": _("Inspection of %(day)s found a violation. %(findings)s") % {
            "day": inspection.visited_on.strftime("%d/%m/%Y"), "findings": inspection.findings,
        },
    }
    return f"{reverse('offenders:bust-create')}?{urlencode({k: v for k, v in params.items() if v})}"


@permission_required(VIEW_INSPECTION)
@require_safe
@access_logged("inspection photo", key="key")
def inspection_photo(request, key):
    """A photograph of a visit, to officers who may see the visit (?size=thumb for the thumbnail)."""
    photo = selectors.inspection_photo(user=request.user, key=key)
    if photo is None:
        raise Http404
    file = photo.thumbnail if request.GET.get("size") == "thumb" else photo.image
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
