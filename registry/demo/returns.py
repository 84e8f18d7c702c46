"""Demo data for station returns: called by `seed_demo` after the call centres are seeded.

For the current month and the three before it: most stations submitted (older months
mostly accepted), a few returns sent back with remarks, a few stations late, nil returns
where a station has no call centre, and a few coverage gaps (a busted or association-
reported call centre left off a station's latest return). Also a handful of association
notices and this month's reminders. Idempotent: existing returns and notices are kept.
"""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import current_audit_attrs
from core.roles import Role
from stations.models import Locality, PoliceStation, User

from ..choices import OPERATING_STATUSES, CallCentreSource, CallCentreStatus, EntryAction, ReturnStatus
from ..models import AssociationNotice, CallCentre, ReturnEntry, StationReturn
from ..selectors.returns import period_bounds, recent_periods
from ..services.returns import returns_send_reminders

SEND_BACK_REMARKS = [
    "The call centres of Udyog Vihar Phase IV are missing; list every operating centre.",
    "Two entries have no address; complete them and submit again.",
    "The centre busted on the 12th must be shown as closed.",
]

#: Demo notices of the Udyog Vihar association (locality name, call centre, company, address).
DEMO_NOTICES = [
    ("Udyog Vihar Phase IV", "BrightPath Support", "BrightPath Services Pvt Ltd", "Plot 231, 2nd Floor, Udyog Vihar Phase 4"),
    ("Udyog Vihar Phase V", "Global Care Desk", "Global Care BPO LLP", "Plot 118, Udyog Vihar Phase 5"),
    ("Cyber City", "NorthStar Helpline", "NorthStar Contact Solutions", "Tower B, 9th Floor, DLF Cyber City"),
    ("Sohna Road", "QuickFix Tech", "", "SCO 44, Sohna Road"),
    ("Udyog Vihar Phase I", "Prime Loans Connect", "Prime Fincall Pvt Ltd", "Plot 61, Udyog Vihar Phase 1"),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_returns(*, today: date | None = None, seed: int = 2020) -> dict[str, int]:
    """Create the demo returns, entries, notices and reminders; returns what was created."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    counts = {"notices": _seed_notices(today=today)}
    stations = list(PoliceStation.objects.order_by("code"))
    if not stations:
        return counts
    shos = {}
    for user in User.objects.filter(role=Role.STATION, is_active=True).order_by("pk"):
        shos.setdefault(user.station_id, user)
    cyber = User.objects.filter(role=Role.CYBER, is_active=True).order_by("pk").first()
    centres: dict[int, list[dict]] = defaultdict(list)
    for cc in (
        CallCentre.objects.filter(merged_into__isnull=True)
        .exclude(status=CallCentreStatus.MERGED)
        .values("pk", "station_id", "status", "source", "started_on", "created_at")
        .order_by("pk")
    ):
        cc["known_since"] = cc["started_on"] or timezone.localtime(cc["created_at"]).date()
        centres[cc["station_id"]].append(cc)

    periods = sorted(recent_periods(today=today, count=4))  # oldest first; the last is this month
    latest_complete = periods[-2]
    shuffled = stations[:]
    rng.shuffle(shuffled)
    late = {s.pk for s in shuffled[:3]}
    sent_back = {s.pk for s in shuffled[3:6]}
    flaggable = [s.pk for s in shuffled[6:] if any(_gap_candidate(c) for c in centres[s.pk])]
    gap_stations = set(flaggable[:4])
    # The quietest stations filed nil returns in the oldest months (their centres came later).
    quiet = {s.pk for s in sorted(stations, key=lambda s: (len(centres[s.pk]), s.code))[:3]}

    existing = set(StationReturn.objects.values_list("station_id", "period_start"))
    plan: list[tuple[StationReturn, list[dict]]] = []
    for period in periods:
        start, end = period_bounds(period)
        for station in stations:
            if (station.pk, start) in existing:
                continue
            # One random stream per station and month: the same plan on every run, whatever exists.
            pick = random.Random(f"{seed}:{station.code}:{start}")
            status = _status_for(pick, station.pk, start, periods, late=late, sent_back=sent_back, today=today)
            if status is None:
                continue
            listed = [c for c in centres[station.pk] if c["known_since"] <= end]
            if station.pk in quiet and start in periods[:2]:
                listed = []
            if start == latest_complete and station.pk in gap_stations:
                missed = [c for c in listed if _gap_candidate(c)][:2]
                listed = [c for c in listed if c not in missed]
            plan.append((_return_row(pick, station, start, end, status, listed, shos.get(station.pk), cyber, today), listed))

    returns = bulk_create_with_history(
        [r for r, _l in plan], StationReturn, custom_historical_attrs=current_audit_attrs()
    )
    entries = []
    for ret, (_r, listed) in zip(returns, plan, strict=True):
        for cc in listed:
            action = EntryAction.LISTED if cc["status"] in OPERATING_STATUSES else EntryAction.CLOSED
            entries.append(ReturnEntry(station_return_id=ret.pk, call_centre_id=cc["pk"], action=action))
    bulk_create_with_history(entries, ReturnEntry, batch_size=2000, custom_historical_attrs=current_audit_attrs())
    counts.update(returns=len(returns), entries=len(entries), gap_stations=len(gap_stations))
    counts.update(returns_send_reminders(today=today))
    return counts


def _gap_candidate(cc: dict) -> bool:
    return cc["status"] == CallCentreStatus.BUSTED or cc["source"] == CallCentreSource.ASSOCIATION_NOTICE


def _status_for(rng, station_id, start, periods, *, late, sent_back, today) -> str | None:
    """Which status the demo gives a station's return for a month (None: not even a draft)."""
    current, latest_complete = periods[-1], periods[-2]
    if start == current:
        if today.day <= 3:
            return None
        roll = rng.random()
        return ReturnStatus.SUBMITTED if roll < 0.35 else ReturnStatus.DRAFT if roll < 0.6 else None
    if start == latest_complete:
        if station_id in late:
            return ReturnStatus.DRAFT if rng.random() < 0.5 else None
        if station_id in sent_back:
            return ReturnStatus.SENT_BACK
        return ReturnStatus.ACCEPTED if rng.random() < 0.3 else ReturnStatus.SUBMITTED
    return ReturnStatus.ACCEPTED if rng.random() < 0.9 else ReturnStatus.SUBMITTED


def _return_row(rng, station, start, end, status, listed, sho, cyber, today) -> StationReturn:
    ret = StationReturn(station=station, period_start=start, period_end=end, status=status)
    if status == ReturnStatus.DRAFT:
        return ret
    ret.is_nil = not listed
    submitted_on = min(end + timedelta(days=rng.randint(1, 6)), today)
    ret.submitted_at, ret.submitted_by = _at(submitted_on, rng.randint(10, 17)), sho
    if status in (ReturnStatus.ACCEPTED, ReturnStatus.SENT_BACK):
        ret.reviewed_at, ret.reviewed_by = _at(min(submitted_on + timedelta(days=2), today), 18), cyber
        if status == ReturnStatus.SENT_BACK:
            ret.remarks = rng.choice(SEND_BACK_REMARKS)
    return ret


def _seed_notices(*, today: date) -> int:
    """A few notices from the demo association member, through the real service."""
    from ..services.notices import notice_submit

    member = User.objects.filter(role=Role.ASSOCIATION, is_active=True).order_by("pk").first()
    if member is None or AssociationNotice.objects.filter(submitted_by=member).exists():
        return 0
    localities = {loc.name: loc for loc in Locality.objects.select_related("station")}
    created = 0
    for i, (locality, name, company, address) in enumerate(DEMO_NOTICES):
        if locality not in localities:
            continue
        notice_submit(
            actor=member, name=name, company_name=company, address=address, locality=localities[locality],
            contact_name="Association desk", contact_phone=f"98110{i:05d}",
            started_on=today - timedelta(days=20 + 15 * i),
        )
        created += 1
    return created
