"""Demo licence checks: called by `seed_demo` after the call centres are seeded.

The findings agree with each call centre's status: a compliant centre's permissions are
held (or, for DoT OSP registration after November 2020, not required); a non-compliant
one lacks at least one; one under verification awaits some answers; a reported one has
not been checked yet. Idempotent: skipped when any licence exists.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import current_audit_attrs
from core.roles import Role
from registry.choices import CallCentreStatus
from registry.models import CallCentre
from stations.models import User

from .choices import DEFAULT_AGENCY, LicenceKind, LicenceStatus
from .models import Licence

SEED = 66
#: DoT relaxed the OSP registration from this date (DOMAIN.md).
OSP_RELAXED = date(2020, 11, 5)
#: The permissions the demo checks for every centre that was checked.
CHECKED = [LicenceKind.OSP, LicenceKind.SHOPS, LicenceKind.GST, LicenceKind.TRADE, LicenceKind.FIRE]


def _held(rng, centre: CallCentre, kind: str, today: date) -> dict:
    if kind == LicenceKind.OSP and (centre.started_on or today) >= OSP_RELAXED:
        return {"status": LicenceStatus.NOT_REQUIRED, "not_required_from": OSP_RELAXED}
    issued = (centre.started_on or today - timedelta(days=400)) - timedelta(days=rng.randint(5, 60))
    return {
        "status": LicenceStatus.HELD, "number": f"{kind.upper()}/{issued.year}/{rng.randint(1000, 99999)}",
        "issued_on": min(issued, today), "valid_until": today + timedelta(days=rng.randint(60, 900)),
    }


def _findings(rng, centre: CallCentre, today: date) -> list[dict]:
    findings = []
    for kind in CHECKED:
        finding = _held(rng, centre, kind, today)
        if centre.status == CallCentreStatus.UNDER_VERIFICATION and rng.random() < 0.5:
            finding = {"status": LicenceStatus.PENDING}
        findings.append({"kind": kind, **finding})
    if centre.status in (CallCentreStatus.NON_COMPLIANT, CallCentreStatus.BUSTED):
        lacking = rng.choice([LicenceKind.SHOPS, LicenceKind.TRADE, LicenceKind.FIRE])
        findings = [f if f["kind"] != lacking else {"kind": lacking, "status": LicenceStatus.NOT_HELD} for f in findings]
    if centre.status == CallCentreStatus.UNDER_VERIFICATION and all(f["status"] != LicenceStatus.PENDING for f in findings):
        findings[-1] = {"kind": findings[-1]["kind"], "status": LicenceStatus.PENDING}
    return findings


def seed_licences(*, today: date | None = None) -> int:
    """Create the demo licence checks, then the letters to agencies about them (`seed_letters`, which
    seed_demo reaches through here); returns how many licences were created."""
    created = 0 if Licence.objects.exists() else _seed_licence_rows(today=today)
    seed_letters(today=today)
    return created


def _seed_licence_rows(*, today: date | None = None) -> int:
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    cyber = User.objects.filter(role=Role.CYBER, is_active=True).order_by("pk").first()
    checked = [
        CallCentreStatus.COMPLIANT, CallCentreStatus.NON_COMPLIANT, CallCentreStatus.UNDER_VERIFICATION,
        CallCentreStatus.BUSTED,
    ]
    rows = []
    for centre in CallCentre.objects.filter(status__in=checked).order_by("pk").only("pk", "status", "started_on"):
        checked_on = today - timedelta(days=rng.randint(1, 120))
        for finding in _findings(rng, centre, today):
            kind = finding.pop("kind")
            rows.append(Licence(
                call_centre=centre, kind=kind, agency=DEFAULT_AGENCY[LicenceKind(kind)], checked_on=checked_on,
                recorded_by=cyber, reference=f"CC/{checked_on.year}/{rng.randint(100, 9999)}", **finding,
            ))
    bulk_create_with_history(rows, Licence, batch_size=2000, custom_historical_attrs=current_audit_attrs())
    return len(rows)


# --------------------------------------------------------------------------- inspections


def _sho_of(station):
    return User.objects.filter(role=Role.STATION, station=station, is_active=True).order_by("pk").first()


def _demo_checklist(rng, violation: bool) -> dict:
    from .choices import PermissionSeen, YesNo

    permissions = {kind.value: PermissionSeen.SEEN for kind in LicenceKind}
    permissions[LicenceKind.OSP.value] = PermissionSeen.NOT_REQUIRED
    if violation:
        permissions[LicenceKind.SHOPS.value] = PermissionSeen.NOT_SEEN
        permissions[LicenceKind.STAFF.value] = PermissionSeen.NOT_SEEN
    return {
        "permissions": permissions,
        "lease": YesNo.YES,
        "staff_verification": YesNo.NO if violation else YesNo.YES,
        "call_records": YesNo.NO if violation else YesNo.YES,
        "customer_source": "Pop-up adverts shown abroad" if violation else rng.choice(
            ["Inbound calls of a telecom client", "Leads bought from a marketing firm", "Client's own customers"]),
        "payment_mode": "Gift cards and crypto wallets" if violation else rng.choice(
            ["Invoices to the client", "Bank transfer from the client"]),
    }


def _demo_violation_bust(rng, visit, sho) -> None:
    """The one visit that found a violation became a bust (FIR of the station, raid on the day of the visit)."""
    from offenders.models import Bust
    from offenders.services import bust_create

    year = visit.visited_on.year
    used = set(Bust.objects.filter(station=visit.plan.station, fir_year=year).values_list("fir_number", flat=True))
    number = next(f"{n:04d}/{year}" for n in range(900, 9999) if f"{n:04d}/{year}" not in used)
    centre = visit.call_centre
    bust_create(
        actor=sho, fir_number=number, raid_date=visit.visited_on, call_centre=centre,
        place=centre.premises.address_raw if centre.premises_id else "",
        narrative=f"Inspection of {visit.visited_on:%d/%m/%Y} found no shops registration and unverified staff; "
                  "callers were running tech-support pop-up scripts.",
    )


def _demo_outcomes(rng, plan, *, today: date, counts: dict) -> None:
    """Record the outcomes of the plan's visits of days before `today` (one in ten is left: missed)."""
    from .choices import InspectionResult
    from .services import inspection_record_outcome

    sho = _sho_of(plan.station)
    if sho is None:
        return
    visits = plan.inspections.select_related("call_centre__premises").filter(planned_date__lt=today)
    for visit in visits.order_by("planned_date", "order"):
        if rng.random() < 0.1:
            continue  # not visited: missed, carried into the next plan
        violation = counts["busts"] == 0 and visit.call_centre.status != "compliant"
        result = InspectionResult.VIOLATION if violation else rng.choice(
            [InspectionResult.COMPLIANT] * 8 + [InspectionResult.CLOSED, InspectionResult.NOT_FOUND])
        done = inspection_record_outcome(
            actor=sho, inspection=visit, visited_on=visit.planned_date, result=result,
            checklist=_demo_checklist(rng, violation), today=today,
            findings="No shops registration; staff not police-verified; pop-up scripts on the screens."
            if violation else "Documents seen at the premises.",
        )
        counts["outcomes"] += 1
        if violation:
            _demo_violation_bust(rng, done, sho)
            counts["busts"] += 1


def seed_inspections(*, today: date | None = None) -> dict:
    """Demo inspections: every station's approved plans of last week and this week, the outcomes of the
    days gone by (one visit in ten missed: last week's are carried into this week's plan), and one
    violation that became a bust. Idempotent: skipped when any plan exists."""
    from stations.models import PoliceStation

    from .models import InspectionPlan
    from .selectors import week_start
    from .services import inspection_plan_approve, inspection_plan_propose, inspections_mark_missed

    counts = {"plans": 0, "outcomes": 0, "busts": 0}
    if InspectionPlan.objects.exists():
        return counts
    today = today or timezone.localdate()
    rng = random.Random(SEED + 1)
    this_week = week_start(today)
    stations = list(PoliceStation.objects.order_by("pk"))
    for week, until in ((this_week - timedelta(days=7), this_week), (this_week, today)):
        inspections_mark_missed(today=week)  # last week's unvisited centres are carried into this week's plan
        for station in stations:
            plan, _created = inspection_plan_propose(station=station, week=week, today=week)
            counts["plans"] += 1
            _demo_outcomes(rng, plan, today=until, counts=counts)
    inspections_mark_missed(today=today)
    approver = User.objects.filter(role=Role.CYBER, is_active=True).order_by("pk").first()
    if approver is not None:
        for plan in InspectionPlan.objects.order_by("pk"):
            inspection_plan_approve(actor=approver, plan=plan)
    return counts
# --------------------------------------------------------------------------- letters


#: (agency code, what became of the letter of two cycles ago): answered, overdue, acknowledged and overdue.
OLD_CYCLE_FATE = {"DOT": "answered", "LABOUR": "answered", "GST": "overdue", "MCG": "acknowledged", "HSIIDC": "answered",
                  "FIRE": "overdue"}
LETTER_SAMPLE = 25


def seed_letters(*, today: date | None = None) -> int:
    """Demo letters: to every licensing agency for two monthly cycles (the older one sent long ago:
    some answered, some overdue; the recent one drafted or just sent), and two letters to other bodies.
    PDFs are not drawn (the letter's page draws one on request). Idempotent: skipped when any letter exists."""
    from .models import Letter
    from .selectors import agencies_licensing, enclosure_rows
    from .services import letter_mark_acknowledged, letter_mark_answered, letter_mark_sent
    from .services.letters import _letter_for_agency

    if Letter.objects.exists():
        return 0
    today = today or timezone.localdate()
    cyber = User.objects.filter(role=Role.CYBER, is_active=True).order_by("pk").first()
    if cyber is None:
        return 0
    rng = random.Random(SEED + 1)
    checked = list(Licence.objects.order_by().values_list("call_centre_id", flat=True).distinct())
    if not checked:
        return 0
    old, new = today - timedelta(days=62), today - timedelta(days=8)
    made = 0
    for agency in agencies_licensing():
        for cycle_day, fate in ((old, OLD_CYCLE_FATE.get(agency.code, "answered")), (new, rng.choice(["drafted", "sent"]))):
            ids = sorted(rng.sample(checked, min(LETTER_SAMPLE, len(checked))))
            letter = _letter_for_agency(actor=cyber, agency=agency, cycle=f"{cycle_day.year}-{cycle_day.month:02d}",
                                        language="en", rows=enclosure_rows(ids))
            Letter.objects.filter(pk=letter.pk).update(dated=cycle_day)
            letter.dated = cycle_day
            made += 1
            if fate == "drafted":
                continue
            letter = letter_mark_sent(actor=cyber, letter=letter, dispatch_number=f"CCT/{rng.randint(100, 999)}",
                                      sent_on=cycle_day + timedelta(days=1))
            if fate == "acknowledged":
                letter_mark_acknowledged(actor=cyber, letter=letter, acknowledged_on=cycle_day + timedelta(days=6))
            elif fate == "answered":
                letter_mark_answered(actor=cyber, letter=letter,
                                     answered_on=min(today, letter.due_on - timedelta(days=rng.randint(1, 10))))
    bank = letter_other_create_nopdf(
        actor=cyber, addressee_kind="bank", addressee="The Branch Manager, Punjab National Bank, Udyog Vihar",
        subject="Statement of account used by a call centre",
        body="Kindly provide the statement of account and the KYC documents of the account holder.",
        call_centre_ids=checked[:1],
    )
    Letter.objects.filter(pk=bank.pk).update(dated=today - timedelta(days=31))
    bank.dated = today - timedelta(days=31)
    letter_mark_sent(actor=cyber, letter=bank, dispatch_number="CCT/B/1", sent_on=today - timedelta(days=30))
    letter_other_create_nopdf(
        actor=cyber, addressee_kind="telecom", addressee="Nodal Officer, a telecom operator",
        subject="Subscriber details of numbers used by call centres",
        body="Kindly provide the subscriber details and call records of the numbers in the enclosure.",
        call_centre_ids=checked[1:4],
    )
    return made + 2


def letter_other_create_nopdf(**kwargs):
    """A letter to another body without drawing its PDF (demo data is made fast)."""
    from .services.letters import _letter_other_save

    return _letter_other_save(**kwargs)
