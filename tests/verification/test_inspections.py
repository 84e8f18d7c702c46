"""Inspections: the risk score and its reasons, the weekly planner, the station's schedule and outcomes."""
from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from offenders.models import Bust
from registry.models import CallCentre, Occupancy
from registry.selectors import callcentre_timeline
from tests.factories import BustFactory, LocalityFactory
from tests.registry.cc_helpers import register
from verification.choices import InspectionStatus, LicenceKind, LicenceStatus, PlanStatus
from verification.models import Inspection, InspectionCapacity, InspectionPhoto, InspectionPlan
from verification.selectors import RISK_FACTORS, coming_week, risk_reasons, week_start, with_risk
from verification.services import (
    inspection_move,
    inspection_plan_approve,
    inspection_plan_propose,
    inspection_plans_propose,
    inspection_record_outcome,
    inspection_reschedule,
    inspections_mark_missed,
    licence_record,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = week_start(TODAY)
NEXT_MONDAY = coming_week(TODAY)


def _checklist(**over) -> dict:
    checklist = {
        "permissions": {kind.value: "seen" for kind in LicenceKind},
        "lease": "yes", "staff_verification": "yes", "call_records": "no",
        "customer_source": "Pop-up adverts abroad", "payment_mode": "Gift cards",
    }
    checklist.update(over)
    return checklist


def _outcome_post(**over) -> dict:
    data = {f"perm_{kind.value}": "seen" for kind in LicenceKind}
    data.update({
        "visited_on": TODAY.strftime("%d/%m/%Y"), "result": "compliant", "findings": "All documents shown.",
        "lease": "yes", "staff_verification": "yes", "call_records": "yes",
        "customer_source": "Inbound calls from the US", "payment_mode": "Card payments",
    })
    data.update(over)
    return data


def _png(colour=(10, 120, 200)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), colour).save(buffer, format="PNG")
    return SimpleUploadedFile("door.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def hotspot_settings(settings):
    settings.INSPECTION_HOTSPOT_MIN = 2  # two operating call centres make a hotspot in these small worlds
    return settings


@pytest.fixture
def quiet_locality(station_a):
    return LocalityFactory(name="Alpha Quiet Lane", station=station_a)


def _current_plan(cyber, station, n=2, sho=None, locality=None):
    """A plan of this week (as if proposed on Monday) with n call centres of the station."""
    for i in range(n):
        register(sho, locality, f"Planned Calls {i}")
    plan, _ = inspection_plan_propose(actor=cyber, station=station, week=MONDAY, today=MONDAY)
    return plan


# --------------------------------------------------------------------------- risk


def test_a_lacking_licence_in_a_hotspot_outranks_a_compliant_centre(
    hotspot_settings, cyber, sho_a, locality_a, quiet_locality
):
    risky = register(sho_a, locality_a, "Risky Support")
    register(sho_a, locality_a, "Neighbour Support")  # three here against one elsewhere: locality A is a hotspot
    register(sho_a, locality_a, "Second Neighbour Support")
    compliant = register(sho_a, quiet_locality, "Careful Care")
    licence_record(actor=cyber, call_centre=risky, kind=LicenceKind.SHOPS, status=LicenceStatus.NOT_HELD)
    for kind in (LicenceKind.SHOPS, LicenceKind.GST):
        licence_record(actor=cyber, call_centre=compliant, kind=kind, status=LicenceStatus.HELD, number="X-1")

    ranked = list(with_risk(CallCentre.objects.filter(pk__in=[risky.pk, compliant.pk])).order_by("-risk_score"))
    assert [cc.pk for cc in ranked] == [risky.pk, compliant.pk]
    risky_row, compliant_row = ranked
    reasons = {r["key"]: r["points"] for r in risk_reasons(risky_row)}
    assert reasons["licence_lacking"] == RISK_FACTORS["licence_lacking"].weight
    assert reasons["hotspot"] == RISK_FACTORS["hotspot"].weight
    assert "licence_lacking" not in {r["key"] for r in risk_reasons(compliant_row)}
    assert "hotspot" not in {r["key"] for r in risk_reasons(compliant_row)}
    # The score is the sum of the reasons shown: nothing hidden.
    assert risky_row.risk_score == sum(r["points"] for r in risk_reasons(risky_row))


def test_hotspots_are_derived_from_the_registry_not_named(hotspot_settings, sho_a, locality_a, station_a):
    from verification.selectors import hotspot_localities

    quiet = [LocalityFactory(name=f"Alpha Lane {i}", station=station_a) for i in range(2)]
    for i in range(3):
        register(sho_a, locality_a, f"Crowded Calls {i}")
    for loc in quiet:
        register(sho_a, loc, f"Lonely Calls {loc.pk}")
    # 5 operating centres over 3 localities: average 5/3, a hotspot needs 1.5 x that (2.5) and the minimum (2).
    assert {row["premises__locality_id"] for row in hotspot_localities()} == {locality_a.pk}
    hotspot_settings.INSPECTION_HOTSPOT_MIN = 4
    assert not hotspot_localities().exists()


def test_risk_of_many_call_centres_is_one_query(django_assert_num_queries, sho_a, locality_a):
    for i in range(6):
        register(sho_a, locality_a, f"Counted Calls {i}")
    with django_assert_num_queries(1):  # call centres with every factor, in SQL
        rows = list(with_risk(CallCentre.objects.all()))
    assert len(rows) == 6 and all(r.risk_score > 0 for r in rows)


def test_busts_churn_night_shift_and_time_since_inspection_count(sho_a, locality_a, station_a):
    linked = register(sho_a, locality_a, "Busted Neighbour Calls", address="Plot 9, Raided House")
    BustFactory(station=station_a, call_centre=linked)
    night = register(sho_a, locality_a, "Owl Support")
    CallCentre.objects.filter(pk=night.pk).update(night_shift=True)
    churn = register(sho_a, locality_a, "Churned Calls")
    Occupancy.objects.create(premises=churn.premises, call_centre=linked, moved_in=TODAY - datetime.timedelta(days=100),
                             moved_out=TODAY - datetime.timedelta(days=20))
    rows = {cc.pk: cc for cc in with_risk(CallCentre.objects.all())}
    assert rows[linked.pk].risk_bust_link == RISK_FACTORS["bust_link"].weight
    assert rows[night.pk].risk_night_shift == RISK_FACTORS["night_shift"].weight
    assert rows[night.pk].risk_bust_link == 0
    assert rows[churn.pk].risk_premises_churn == RISK_FACTORS["premises_churn"].weight
    assert rows[night.pk].risk_premises_churn == 0
    assert all(row.risk_not_inspected == RISK_FACTORS["not_inspected"].weight for row in rows.values())
    assert all(row.risk_coverage_gap == RISK_FACTORS["coverage_gap"].weight for row in rows.values())
    assert "Never inspected" in {r["label"] for r in risk_reasons(rows[night.pk])}


def test_risk_page_shows_weights_and_reasons_in_scope(client, sho_a, sho_b, locality_a, locality_b):
    register(sho_a, locality_a, "Alpha Risky Calls")
    register(sho_b, locality_b, "Bravo Risky Calls")
    client.force_login(sho_b)
    response = client.get(reverse("verification:inspection-risk"))
    body = response.content.decode()
    assert "Bravo Risky Calls" in body and "Alpha Risky Calls" not in body
    assert str(RISK_FACTORS["licence_lacking"].label) in body and "Never inspected" in body


# --------------------------------------------------------------------------- planning


def test_planning_twice_gives_one_plan_and_capacity_is_respected(cyber, sho_a, locality_a, station_a):
    InspectionCapacity.objects.create(station=station_a, visits_per_day=1)
    for i in range(9):
        register(sho_a, locality_a, f"Queue Calls {i}")
    first = inspection_plans_propose(week=NEXT_MONDAY, actor=cyber)
    second = inspection_plans_propose(week=NEXT_MONDAY, actor=cyber)
    assert (first["created"], second["created"], second["existing"]) == (1, 0, 1)
    plan = InspectionPlan.objects.get(station=station_a)
    visits = list(plan.inspections.all())
    assert len(visits) == 6  # one a day, Monday to Saturday
    assert sorted(v.planned_date for v in visits) == [NEXT_MONDAY + datetime.timedelta(days=i) for i in range(6)]
    assert all(v.risk_reasons for v in visits)


def test_planner_puts_highest_risk_first_and_skips_closed_centres(cyber, sho_a, locality_a, station_a):
    InspectionCapacity.objects.create(station=station_a, visits_per_day=1)
    calm = register(sho_a, locality_a, "Calm Calls")
    risky = register(sho_a, locality_a, "Risky Calls")
    closed = register(sho_a, locality_a, "Shut Calls")
    licence_record(actor=cyber, call_centre=risky, kind=LicenceKind.FIRE, status=LicenceStatus.NOT_HELD)
    CallCentre.objects.filter(pk=closed.pk).update(status="closed")
    plan, created = inspection_plan_propose(actor=cyber, station=station_a, week=NEXT_MONDAY)
    ordered = [v.call_centre_id for v in plan.inspections.order_by("planned_date", "order")]
    assert created and ordered == [risky.pk, calm.pk]


def test_a_missed_visit_is_flagged_and_carried_into_the_next_plan(client, cyber, dcp_a, sho_a, locality_a, station_a):
    plan = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a)
    visit = plan.inspections.get()
    assert inspections_mark_missed(today=MONDAY + datetime.timedelta(days=7)) == 1
    visit.refresh_from_db()
    assert visit.status == InspectionStatus.MISSED
    client.force_login(dcp_a)
    queue = client.get(reverse("verification:inspection-home")).content.decode()
    assert "Planned Calls 0" in queue and "not yet" in queue
    next_plan, _ = inspection_plan_propose(actor=cyber, station=station_a, week=MONDAY + datetime.timedelta(days=7),
                                           today=MONDAY + datetime.timedelta(days=7))
    carried = next_plan.inspections.get(call_centre=visit.call_centre)
    assert carried.carried_from == visit and carried.order == 1


def test_zone_officer_approves_and_the_station_cannot(cyber, dcp_a, sho_a, station_a, locality_a):
    plan = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a)
    with pytest.raises(PermissionDenied):
        inspection_plan_approve(actor=sho_a, plan=plan)
    approved = inspection_plan_approve(actor=dcp_a, plan=plan)
    assert approved.status == PlanStatus.APPROVED and approved.approved_by == dcp_a


def test_zone_officer_of_another_zone_cannot_approve(client, cyber, sho_a, station_a, locality_a, zone_b):
    from core.roles import Role
    from tests.factories import UserFactory

    dcp_b = UserFactory(username="dcp-bravo", role=Role.ZONE, station=None, zone=zone_b)
    plan = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a)
    client.force_login(dcp_b)
    assert client.post(reverse("verification:inspection-plan-approve", args=[plan.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        inspection_plan_approve(actor=dcp_b, plan=plan)


# --------------------------------------------------------------------------- the station's schedule


def test_station_sees_this_weeks_visits_with_reasons_and_reorders(client, cyber, sho_a, station_a, locality_a):
    plan = _current_plan(cyber, station_a, n=2, sho=sho_a, locality=locality_a)
    client.force_login(sho_a)
    body = client.get(reverse("verification:inspection-home")).content.decode()
    assert "Planned Calls 0" in body and "Never inspected" in body
    first, second = plan.inspections.filter(planned_date=MONDAY).order_by("order")
    response = client.post(reverse("verification:inspection-move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert list(plan.inspections.filter(planned_date=MONDAY).order_by("order").values_list("pk", flat=True)) == [
        second.pk, first.pk
    ]
    with pytest.raises(ValidationError):
        inspection_move(actor=sho_a, inspection=second, direction="up")  # already first of the day


def test_reschedule_needs_a_reason_and_a_date_not_in_the_past(client, cyber, sho_a, station_a, locality_a):
    plan = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a)
    visit = plan.inspections.get()
    with pytest.raises(ValidationError) as past:
        inspection_reschedule(actor=sho_a, inspection=visit, new_date=TODAY - datetime.timedelta(days=1), reason="Raid")
    assert "past" in str(past.value)
    client.force_login(sho_a)
    url = reverse("verification:inspection-reschedule", args=[visit.pk])
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert client.post(url, {"new_date": tomorrow.strftime("%d/%m/%Y"), "reason": " "}).status_code == 400
    response = client.post(url, {"new_date": tomorrow.strftime("%d/%m/%Y"), "reason": "Team on court duty"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.planned_date, visit.status, visit.reschedule_reason) == (tomorrow, "rescheduled", "Team on court duty")


def test_officers_are_assigned_from_the_plan_page(client, cyber, sho_a, station_a, locality_a):
    visit = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a).inspections.get()
    client.force_login(sho_a)
    client.post(reverse("verification:inspection-officers", args=[visit.pk]), {"officers": "SI Rana, HC 1234"})
    visit.refresh_from_db()
    assert visit.officers == "SI Rana, HC 1234"


def test_outcome_without_the_checklist_is_refused(client, cyber, sho_a, station_a, locality_a):
    visit = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a).inspections.get()
    with pytest.raises(ValidationError) as refused:
        inspection_record_outcome(actor=sho_a, inspection=visit, visited_on=TODAY, result="compliant", checklist={})
    assert "Complete the checklist" in str(refused.value)
    client.force_login(sho_a)
    data = _outcome_post()
    del data["perm_fire"], data["payment_mode"]
    response = client.post(reverse("verification:inspection-outcome", args=[visit.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Complete the checklist" in body and "Fire safety certificate" in body and "Mode of payment" in body
    visit.refresh_from_db()
    assert visit.status == InspectionStatus.PLANNED


def test_a_file_that_is_not_a_photograph_is_refused_with_a_message(client, cyber, sho_a, station_a, locality_a,
                                                                   settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a).inspections.get()
    client.force_login(sho_a)
    fake = SimpleUploadedFile("door.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client.post(reverse("verification:inspection-outcome", args=[visit.pk]),
                           {**_outcome_post(), "photos": [_png(), fake]})
    assert response.status_code == 400
    assert "not a photograph" in response.content.decode()
    assert not InspectionPhoto.objects.exists()
    visit.refresh_from_db()
    assert visit.status == InspectionStatus.PLANNED


def test_compliant_outcome_with_photographs_is_recorded_and_on_the_timeline(
    client, cyber, sho_a, sho_b, station_a, locality_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    visit = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a).inspections.get()
    client.force_login(sho_a)
    response = client.post(reverse("verification:inspection-outcome", args=[visit.pk]),
                           {**_outcome_post(), "photos": [_png(), _png((1, 2, 3))]})
    assert response.status_code == 302 and response["Location"] == reverse("verification:inspection-plan",
                                                                            args=[visit.plan_id])
    visit.refresh_from_db()
    assert visit.status == "done" and visit.result == "compliant" and visit.checklist["payment_mode"] == "Card payments"
    photo = visit.photos.first()
    assert visit.photos.count() == 2
    assert client.get(reverse("verification:inspection-photo", args=[photo.key])).status_code == 200
    detail = client.get(reverse("verification:inspection-detail", args=[visit.pk])).content.decode()
    assert "Card payments" in detail and "Held and seen" in detail and detail.count("size=thumb") == 2
    titles = [e.title for e in callcentre_timeline(visit.call_centre)]
    assert "Inspection: Compliant" in titles
    client.force_login(sho_b)
    assert client.get(reverse("verification:inspection-photo", args=[photo.key])).status_code == 404


def test_a_violation_leads_to_the_bust_form_filled_for_the_call_centre(client, cyber, sho_a, station_a, locality_a):
    visit = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a).inspections.get()
    client.force_login(sho_a)
    response = client.post(reverse("verification:inspection-outcome", args=[visit.pk]),
                           _outcome_post(result="violation", findings="No OSP papers; pop-up scripts on screens"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("offenders:bust-create"))
    form = client.get(location).context["form"]
    assert str(form["call_centre"].value()) == str(visit.call_centre_id)
    assert str(form["raid_date"].value()) == TODAY.isoformat()
    assert "pop-up scripts" in form["narrative"].value()
    assert not Bust.objects.exists()  # the officer completes and saves the bust form


@pytest.mark.parametrize("result, expected, steps", [
    ("compliant", "compliant", ["under_verification", "compliant"]),  # a reported centre is verified by the visit
    ("violation", "non_compliant", ["under_verification", "non_compliant"]),
    ("closed", "closed", ["closed"]),
    ("not_found", "vacated", ["vacated"]),
])
def test_the_call_centre_status_follows_the_visit(cyber, sho_a, station_a, locality_a, result, expected, steps):
    visit = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a).inspections.get()
    centre = visit.call_centre
    assert centre.status == "reported"

    inspection_record_outcome(actor=sho_a, inspection=visit, visited_on=TODAY, result=result, checklist=_checklist())

    centre.refresh_from_db()
    assert centre.status == expected
    changes = list(centre.status_changes.filter(reason__startswith="Inspection").order_by("pk")
                   .values_list("to_status", "reason", "changed_by"))
    assert [c[0] for c in changes] == steps
    assert all(c[1].startswith(f"Inspection of {TODAY:%d-%m-%Y}") and c[2] == sho_a.pk for c in changes)


def test_a_busted_call_centre_stays_busted_whatever_the_visit_found(cyber, sho_a, station_a, locality_a):
    from registry.services import callcentre_set_status

    visit = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a).inspections.get()
    callcentre_set_status(actor=sho_a, call_centre=visit.call_centre, status="busted")

    inspection_record_outcome(actor=sho_a, inspection=visit, visited_on=TODAY, result="compliant", checklist=_checklist())

    visit.call_centre.refresh_from_db()
    assert visit.call_centre.status == "busted"
    assert not visit.call_centre.status_changes.filter(reason__startswith="Inspection").exists()


# --------------------------------------------------------------------------- who may do what


def _write_routes(plan, visit):
    return [
        ("verification:inspection-plan-approve", plan.pk, {}),
        ("verification:inspection-move", visit.pk, {"direction": "down"}),
        ("verification:inspection-officers", visit.pk, {"officers": "x"}),
        ("verification:inspection-reschedule", visit.pk, {"new_date": TODAY.strftime("%d/%m/%Y"), "reason": "x"}),
        ("verification:inspection-outcome", visit.pk, _outcome_post()),
    ]


def test_station_b_gets_404_on_station_a_plan_and_inspection(client, cyber, sho_a, sho_b, station_a, locality_a):
    plan = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a)
    visit = plan.inspections.get()
    client.force_login(sho_b)
    assert client.get(reverse("verification:inspection-plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("verification:inspection-detail", args=[visit.pk])).status_code == 404
    assert client.get(reverse("verification:inspection-station", args=[station_a.code])).status_code == 404
    for name, pk, data in _write_routes(plan, visit):
        assert client.post(reverse(name, args=[pk]), data).status_code == 404, name
    visit.refresh_from_db()
    assert visit.status == "planned" and visit.officers == ""


def test_commissioner_reads_but_gets_403_on_every_write(client, cyber, commissioner, sho_a, station_a, locality_a):
    plan = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a)
    visit = plan.inspections.get()
    client.force_login(commissioner)
    assert client.get(reverse("verification:inspection-plan", args=[plan.pk])).status_code == 200
    for name, pk, data in _write_routes(plan, visit):
        assert client.post(reverse(name, args=[pk]), data).status_code == 403, name
    assert client.post(reverse("verification:inspection-propose")).status_code == 403
    plan.refresh_from_db()
    visit.refresh_from_db()
    assert plan.status == "proposed" and visit.status == "planned"
    with pytest.raises(PermissionDenied):
        inspection_plan_propose(actor=commissioner, station=station_a, week=NEXT_MONDAY)


def test_plan_page_costs_the_same_queries_for_any_number_of_visits(
    client, django_assert_num_queries, cyber, sho_a, station_a, locality_a
):
    plan = _current_plan(cyber, station_a, n=5, sho=sho_a, locality=locality_a)
    client.force_login(sho_a)
    url = reverse("verification:inspection-plan", args=[plan.pk])
    client.get(url)  # warm the session
    # 1 session, 2 user, 3-4 the user's own and group permissions (`perms` in the template),
    # 5 the plan with station, zone, proposer and approver, 6 its visits with call centre, premises,
    # locality, carried from/to and photo count, 7 the user's station (the header's "who am I").
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count('data-testid="visit"') == 5


def test_cyber_team_button_queues_the_planning_job(client, cyber, django_capture_on_commit_callbacks):
    from core.models import Job

    client.force_login(cyber)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("verification:inspection-propose"))
    job = Job.objects.get(kind="inspection-plans")
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert job.params == {"week": NEXT_MONDAY.isoformat()} and len(callbacks) == 1


# --------------------------------------------------------------------------- the real worker


@pytest.mark.worker
def test_real_worker_proposes_the_coming_weeks_plans(celery_worker_process, cyber, sho_a, station_a, locality_a):
    from core.models import Job, JobStatus
    from tests.conftest import wait_for
    from verification.services import inspection_plans_request

    register(sho_a, locality_a, "Worker Planned Calls")
    job = inspection_plans_request(actor=cyber)
    done = wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first())
    assert done.status == JobStatus.SUCCEEDED, done.error
    assert done.result["created"] == 1 and done.result["visits"] == 1
    plan = InspectionPlan.objects.get(station=station_a, week=NEXT_MONDAY)
    assert plan.proposed_by == cyber
    assert Inspection.objects.get(plan=plan).call_centre.name == "Worker Planned Calls"
    assert plan.history.filter(history_source="task").exists()


# --------------------------------------------------------------------------- API


def test_api_lists_only_the_callers_station_and_404s_the_others(
    client, django_assert_num_queries, cyber, sho_a, sho_b, station_a, locality_a
):
    plan = _current_plan(cyber, station_a, n=3, sho=sho_a, locality=locality_a)
    visit = plan.inspections.first()
    client.force_login(sho_b)
    assert client.get("/api/inspections/").json()["count"] == 0
    assert client.get(f"/api/inspections/{visit.pk}/").status_code == 404
    client.force_login(sho_a)
    client.get("/api/inspections/")
    # 1 session, 2 user, 3 count, 4 the page of visits with plan, station and call centre.
    with django_assert_num_queries(4):
        body = client.get("/api/inspections/?status=planned").json()
    assert body["count"] == 3 and body["results"][0]["station"] == station_a.code
    assert body["results"][0]["risk_reasons"][0]["label"]
    assert client.get(f"/api/inspections/{visit.pk}/").json()["call_centre"] == visit.call_centre_id
    assert client.post("/api/inspections/", {}, content_type="application/json").status_code in (403, 405)


# --------------------------------------------------------------------------- demo data


def test_demo_inspections_approve_every_plan_record_outcomes_and_one_bust(cyber, sho_a, sho_b, locality_a, locality_b):
    from verification.demo import seed_inspections

    for i in range(4):
        register(sho_a, locality_a, f"Demo Alpha {i}")
        register(sho_b, locality_b, f"Demo Bravo {i}")
    summary = seed_inspections()
    assert summary["plans"] == 4 and summary["outcomes"] >= 4 and summary["busts"] == 1
    assert not InspectionPlan.objects.exclude(status=PlanStatus.APPROVED).exists()
    assert InspectionPlan.objects.filter(week=MONDAY).count() == 2
    violation = Inspection.objects.get(result="violation")
    bust = Bust.objects.get(call_centre=violation.call_centre)
    assert bust.raid_date == violation.visited_on and bust.call_centre.status == "busted"
    assert seed_inspections() == {"plans": 0, "outcomes": 0, "busts": 0}


def test_zone_officer_approves_from_the_plan_page_and_the_sho_gets_403(client, cyber, dcp_a, sho_a, station_a, locality_a):
    plan = _current_plan(cyber, station_a, n=1, sho=sho_a, locality=locality_a)
    url = reverse("verification:inspection-plan-approve", args=[plan.pk])
    client.force_login(sho_a)
    assert client.post(url).status_code == 403
    client.force_login(dcp_a)
    page = client.get(reverse("verification:inspection-plan", args=[plan.pk])).content.decode()
    assert 'data-testid="approve"' in page
    assert client.post(url).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == dcp_a


def test_stored_reasons_are_labelled_afresh_when_shown():
    from verification.selectors import reasons_shown

    shown = reasons_shown([{"key": "not_inspected", "points": 7, "days": 120, "label": "stale"},
                           {"key": "night_shift", "points": 10, "label": "stale"},
                           {"key": "retired_factor", "points": 3, "label": "Kept as written"}])
    assert [r["label"] for r in shown] == [
        "Last inspected 120 days ago", str(RISK_FACTORS["night_shift"].label), "Kept as written"
    ]
