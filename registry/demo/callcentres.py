"""Demo call centres: a few thousand over the 40 stations, concentrated in the hotspots of DOMAIN.md.

Deterministic (one seeded RNG, no clock except "today" as the anchor of dates) and idempotent
(nothing happens when call centres exist). Everything is inserted with
`bulk_create_with_history`, so the demo rows have their audit history like any other.

What it shows (all *illustrative*):
- Udyog Vihar Phases I–V hold the most call centres (well over 100 operating), then Cyber City,
  Sohna Road, DLF Phase 2 and 3, MG Road and Golf Course Road; the rest spread thin.
- Premises churn: about one in six call centres vacated, many of them within six months; some
  premises hosted several call centres one after another; a few landlords let to several.
- Duplicates: some call centres reported twice, by the same or a neighbouring station, with the
  name, address and phone written differently.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.audit import current_audit_attrs
from stations.models import Locality

from ..addresses import company_key, name_key, normalize_address
from ..choices import CallCentreSource, CallCentreStatus, Direction, Service
from ..models import CallCentre, CallCentrePhone, Occupancy, Premises, StatusChange
from ..services.callcentres import night_shift_of
from ..services.premises import landlord_key_of

SEED = 20200915
TOTAL = 3000
DUPLICATES = 60

#: Share of the call centres per hotspot locality (the rest spread over every other locality).
HOTSPOTS = {
    "Udyog Vihar Phase I": 0.05,
    "Udyog Vihar Phase II": 0.05,
    "Udyog Vihar Phase III": 0.05,
    "Udyog Vihar Phase IV": 0.06,
    "Udyog Vihar Phase V": 0.04,
    "Cyber City": 0.08,
    "Sohna Road": 0.07,
    "DLF Phase 2": 0.06,
    "DLF Phase 3": 0.05,
    "MG Road": 0.03,
    "Golf Course Road": 0.03,
}

_FIRST = [
    "Apex", "Shree", "Global", "Nexus", "Star", "Prime", "Vision", "Infinity", "Blue Ocean", "Galaxy", "Sai",
    "Om", "Ganesh", "Trident", "Zenith", "Pinnacle", "Quantum", "Matrix", "Synergy", "Silverline", "Bright",
    "Elite", "Royal", "Crystal", "Orbit", "Aadi", "Arya", "Sapphire", "Lotus", "Horizon", "Vertex", "Unity",
    "Metro", "Alpha", "Omega", "Krishna", "Radiant", "Sterling", "Maxwell", "Phoenix", "Eagle", "Delta",
]
_SECOND = [
    "Info", "Tech", "Connect", "Solutions", "Support", "Services", "Telecom", "Call", "Contact", "Data",
    "Systems", "Global", "Digital", "Soft", "Web", "Care", "Link", "Net", "Voice", "Care Point",
]
_KIND = ["Solutions", "Services", "BPO", "Technologies", "Infotech", "Consultancy", "Enterprises", "Contact Centre"]
_LEGAL = ["Pvt. Ltd.", "Private Limited", "LLP", "Pvt Ltd", "(OPC) Pvt. Ltd."]
_LANDLORD_FIRST = [
    "Rajesh", "Suresh", "Ramesh", "Mahesh", "Anil", "Sunil", "Vijay", "Ajay", "Sanjay", "Manoj", "Rakesh",
    "Dinesh", "Satish", "Naresh", "Kuldeep", "Jagdish", "Om Prakash", "Ram Kishan", "Sushila", "Kamla", "Sunita",
    "Rajbir", "Dharampal", "Mukesh", "Pawan", "Sandeep", "Harish",
]
_LANDLORD_LAST = ["Yadav", "Sharma", "Gupta", "Singh", "Chauhan", "Kumar", "Jain", "Aggarwal", "Rao", "Dahiya",
                  "Malik", "Saini", "Bansal", "Goyal", "Khatri", "Tanwar"]
_BUILDINGS = ["Tower A", "Tower B", "Business Park", "Trade Centre", "Corporate Tower", "Plaza", "Complex",
              "Square", "Arcade", "Chambers"]
_FLOORS = ["Ground Floor", "First Floor", "Second Floor", "Third Floor", "Fourth Floor", "Basement", "1st Floor",
           "2nd Floor", "3rd Floor"]
_MARKETS = [["USA"], ["USA", "Canada"], ["UK"], ["Australia"], ["USA", "UK"], ["India"], ["India"], ["India"],
            ["UK", "Australia"], ["USA", "UK", "Australia"]]
_LANGUAGES = [["English"], ["English", "Hindi"], ["Hindi"], ["English"], ["English", "Hindi", "Punjabi"]]

_STATUS_WEIGHTS = [
    (CallCentreStatus.REPORTED, 24), (CallCentreStatus.UNDER_VERIFICATION, 18), (CallCentreStatus.COMPLIANT, 27),
    (CallCentreStatus.NON_COMPLIANT, 7), (CallCentreStatus.BUSTED, 4), (CallCentreStatus.CLOSED, 6),
    (CallCentreStatus.VACATED, 14),
]
_SOURCE_WEIGHTS = [(CallCentreSource.STATION_SURVEY, 70), (CallCentreSource.ASSOCIATION_NOTICE, 12), (CallCentreSource.TIP, 10),
                   (CallCentreSource.AGENCY_ANSWER, 5), (CallCentreSource.BUST, 3)]
_SERVICE_WEIGHTS = [(Service.TECH_SUPPORT, 22), (Service.CUSTOMER_CARE, 30), (Service.JOB_PLACEMENT, 8),
                    (Service.LOANS, 10), (Service.SALES, 20), (Service.OTHER, 10)]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"{rng.choice('6789')}{rng.randrange(10**8, 10**9)}"
        if number not in used:
            used.add(number)
            return number


def _landlord_name(rng: random.Random) -> str:
    return f"{rng.choice(_LANDLORD_FIRST)} {rng.choice('ABCDEGHJKLMNPRSTV')}. {rng.choice(_LANDLORD_LAST)}"


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_SECOND)} {rng.choice(_KIND)}"


def _address(rng: random.Random, locality: Locality) -> str:
    plot = rng.randrange(1, 450)
    style = rng.random()
    if style < 0.45:
        return f"Plot No. {plot}, {rng.choice(_FLOORS)}, {locality.name}, Gurugram"
    if style < 0.75:
        building = f"{rng.choice(_FIRST)} {rng.choice(_BUILDINGS)}"
        return f"Office {rng.randrange(101, 999)}, {building}, {locality.name}, Gurgaon"
    return f"#{plot}, {rng.choice(_FLOORS)}, {locality.name}, Haryana"


def _variant_address(address: str) -> str:
    """The same address as another station would write it."""
    text = address.replace("Plot No. ", "#").replace("Gurugram", "Gurgaon").replace("Udyog Vihar Phase ", "UV Ph-")
    return text.replace("First Floor", "1st Floor").replace("Second Floor", "2nd Floor")


def _variant_name(name: str) -> str:
    words = name.split()
    if len(words) > 2 and words[-1] in ("Solutions", "Services", "Technologies"):
        return " ".join(words[:-1]) + " " + {"Solutions": "Solution", "Services": "Service",
                                              "Technologies": "Technology"}[words[-1]]
    return name.upper()


def _localities() -> tuple[list[Locality], list[float]]:
    localities = list(Locality.objects.select_related("station").order_by("name"))
    hot_share = sum(HOTSPOTS.values())
    others = [loc for loc in localities if loc.name not in HOTSPOTS]
    weights = []
    for loc in localities:
        weights.append(HOTSPOTS.get(loc.name, (1 - hot_share) / max(1, len(others))))
    return localities, weights


class _Plan:
    """Rows to insert, built in memory first (one bulk insert per table at the end)."""

    def __init__(self):
        self.premises: list[Premises] = []
        self.premises_by_key: dict[str, Premises] = {}
        self.centres: list[CallCentre] = []
        self.phones: list[tuple[int, str]] = []  # (index of centre, number)
        self.stays: list[tuple[int, Premises, date | None, date | None]] = []
        self.steps: list[tuple[int, str, str, date]] = []


def _premises_for(plan: _Plan, address: str, locality: Locality, landlord: tuple[str, str], rng) -> Premises:
    parts = normalize_address(address, locality=locality.name)
    existing = plan.premises_by_key.get(parts.key) if parts.key else None
    if existing:
        return existing
    name, phone = landlord
    premises = Premises(
        address_raw=address, plot=parts.plot[:50], floor=parts.floor[:30], building=parts.building[:150],
        sector=(parts.sector or parts.phase)[:50], locality=locality, city=parts.city, pin_code=parts.pin,
        address_key=parts.key[:400], landlord_name=name, landlord_phone=phone,
        landlord_key=landlord_key_of(name, phone), rooms=rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 10]),
    )
    plan.premises.append(premises)
    if parts.key:
        plan.premises_by_key[parts.key] = premises
    return premises


def _dates(rng: random.Random, today: date, status: str) -> tuple[date, date | None]:
    started = today - timedelta(days=rng.randrange(40, 4 * 365))
    if status not in (CallCentreStatus.CLOSED, CallCentreStatus.VACATED):
        return started, None
    if status == CallCentreStatus.VACATED and rng.random() < 0.55:
        ended = started + timedelta(days=rng.randrange(30, 170))  # vacated within six months
    else:
        ended = started + timedelta(days=rng.randrange(200, 900))
    return started, min(ended, today - timedelta(days=1))


def _centre(rng: random.Random, *, name: str, station, premises: Premises, status: str, started: date,
            ended: date | None, used_phones: set[str]) -> CallCentre:
    service = _pick(rng, _SERVICE_WEIGHTS)
    night = service == Service.TECH_SUPPORT or rng.random() < 0.15
    shift = (time(rng.choice([18, 19, 20, 21]), 0), time(rng.choice([3, 4, 5, 6]), 0)) if night else (
        time(rng.choice([8, 9, 10]), 0), time(rng.choice([17, 18, 19]), 0))
    # Family names make companies distinct; a few companies still run several call centres.
    company = f"{rng.choice(_LANDLORD_LAST)} {name.rsplit(' ', 1)[0]} {rng.choice(_LEGAL)}" if rng.random() < 0.8 else ""
    return CallCentre(
        name=name, name_key=name_key(name)[:200], company_name=company, company_key=company_key(company)[:200],
        company_registration=f"U7{rng.randrange(1000, 9999)}HR20{rng.randrange(10, 20)}PTC{rng.randrange(10**5, 10**6)}"
        if company and rng.random() < 0.5 else "",
        premises=premises, station=station, direction=rng.choice(Direction.values), service=service,
        markets=rng.choice(_MARKETS[:5] if night else _MARKETS), languages=rng.choice(_LANGUAGES),
        seats=rng.choice([8, 12, 15, 20, 25, 30, 40, 50, 60, 80, 120, 200]), shift_start=shift[0], shift_end=shift[1],
        night_shift=night_shift_of(*shift), started_on=started, ended_on=ended, source=_pick(rng, _SOURCE_WEIGHTS),
        status=status,
    )


def _status_path(status: str) -> list[str]:
    """The steps a call centre went through to reach its status (for its timeline)."""
    S = CallCentreStatus
    paths = {
        S.REPORTED: [S.REPORTED],
        S.UNDER_VERIFICATION: [S.REPORTED, S.UNDER_VERIFICATION],
        S.COMPLIANT: [S.REPORTED, S.UNDER_VERIFICATION, S.COMPLIANT],
        S.NON_COMPLIANT: [S.REPORTED, S.UNDER_VERIFICATION, S.NON_COMPLIANT],
        S.BUSTED: [S.REPORTED, S.UNDER_VERIFICATION, S.BUSTED],
        S.CLOSED: [S.REPORTED, S.UNDER_VERIFICATION, S.CLOSED],
        S.VACATED: [S.REPORTED, S.VACATED],
    }
    return paths[status]


def _build(rng: random.Random, today: date) -> _Plan:
    plan = _Plan()
    localities, weights = _localities()
    used_phones: set[str] = set()
    busy = [(_landlord_name(rng), _phone(rng, used_phones)) for _ in range(40)]  # these let to several premises
    vacated_premises: list[tuple[Premises, Locality, date]] = []
    for _i in range(TOTAL - DUPLICATES):
        locality = rng.choices(localities, weights=weights)[0]
        status = _pick(rng, _STATUS_WEIGHTS)
        started, ended = _dates(rng, today, status)
        if vacated_premises and rng.random() < 0.12:
            # A new tenant in a room another call centre left (premises churn).
            premises, locality, left = vacated_premises.pop(rng.randrange(len(vacated_premises)))
            stay = (ended - started) if ended is not None else None
            started = min(today - timedelta(days=2), left + timedelta(days=rng.randrange(10, 120)))
            if stay is not None:
                ended = max(started, min(today - timedelta(days=1), started + stay))
        else:
            if rng.random() < 0.06:
                landlord = rng.choice(busy)
            elif rng.random() < 0.04:
                landlord = (_landlord_name(rng), "")  # landlord known by name only
            else:
                landlord = (_landlord_name(rng), _phone(rng, used_phones))
            premises = _premises_for(plan, _address(rng, locality), locality, landlord, rng)
        centre = _centre(rng, name=_name(rng), station=locality.station, premises=premises, status=status,
                         started=started, ended=ended, used_phones=used_phones)
        index = len(plan.centres)
        plan.centres.append(centre)
        for _n in range(rng.choice([1, 1, 2, 2, 3])):
            plan.phones.append((index, _phone(rng, used_phones)))
        plan.stays.append((index, premises, started, ended))
        if ended is not None:
            vacated_premises.append((premises, locality, ended))
        _add_steps(plan, index, status, started, ended, today)
    _add_duplicates(plan, rng, today, localities)
    return plan


def _add_steps(plan: _Plan, index: int, status: str, started: date, ended: date | None, today: date) -> None:
    path = _status_path(status)
    previous = ""
    for n, step in enumerate(path):
        when = ended if (ended and step in (CallCentreStatus.CLOSED, CallCentreStatus.VACATED)) else min(
            today, started + timedelta(days=20 * n)
        )
        plan.steps.append((index, previous, step, when))
        previous = step


def _add_duplicates(plan: _Plan, rng: random.Random, today: date, localities: list[Locality]) -> None:
    """The same call centre reported again: name and address written differently, same phone,
    sometimes by a neighbouring station of the same zone (its own survey found it too)."""
    by_zone: dict[int, list] = {}
    for loc in localities:
        by_zone.setdefault(loc.station.zone_id, []).append(loc.station)
    operating = [i for i, c in enumerate(plan.centres) if c.ended_on is None and c.premises is not None]
    for index in rng.sample(operating, DUPLICATES):
        original = plan.centres[index]
        premises = original.premises
        address = _variant_address(premises.address_raw)
        twin_premises = _premises_for(plan, address, premises.locality, (premises.landlord_name, premises.landlord_phone), rng)
        station = original.station
        if rng.random() < 0.5:
            station = rng.choice(by_zone[original.station.zone_id])
        name = _variant_name(original.name)
        twin = CallCentre(
            name=name, name_key=name_key(name)[:200], company_name=original.company_name,
            company_key=original.company_key, premises=twin_premises, station=station, service=original.service,
            direction=original.direction, markets=original.markets, languages=original.languages,
            seats=original.seats, started_on=original.started_on, source=CallCentreSource.STATION_SURVEY,
            status=CallCentreStatus.REPORTED,
        )
        twin_index = len(plan.centres)
        plan.centres.append(twin)
        shared = next((num for i, num in plan.phones if i == index), None)
        if shared:
            plan.phones.append((twin_index, shared))
        plan.stays.append((twin_index, twin_premises, original.started_on, None))
        plan.steps.append((twin_index, "", CallCentreStatus.REPORTED, min(today, original.started_on + timedelta(days=60))))


def _save(plan: _Plan) -> None:
    attrs = current_audit_attrs()
    bulk_create_with_history(plan.premises, Premises, batch_size=1000, custom_historical_attrs=attrs)
    for centre in plan.centres:
        centre.premises = centre.premises  # re-assign: copies the new key and keeps the cached object
    bulk_create_with_history(plan.centres, CallCentre, batch_size=1000, custom_historical_attrs=attrs)
    centres = plan.centres  # PostgreSQL and SQLite >= 3.35 return the new keys from bulk inserts
    phones = [CallCentrePhone(call_centre_id=centres[i].pk, number=num) for i, num in plan.phones]
    bulk_create_with_history(phones, CallCentrePhone, batch_size=2000, custom_historical_attrs=attrs)
    stays = [Occupancy(call_centre_id=centres[i].pk, premises_id=p.pk, moved_in=a, moved_out=b)
             for i, p, a, b in plan.stays]
    bulk_create_with_history(stays, Occupancy, batch_size=2000, custom_historical_attrs=attrs)
    tz = timezone.get_current_timezone()
    steps = [
        StatusChange(
            call_centre_id=centres[i].pk, from_status=prev, to_status=to,
            changed_at=timezone.datetime(when.year, when.month, when.day, 11, 0, tzinfo=tz),
        )
        for i, prev, to, when in plan.steps
    ]
    bulk_create_with_history(steps, StatusChange, batch_size=2000, custom_historical_attrs=attrs)


def seed_call_centres(stdout=None) -> int:
    """Create the demo call centres (skipped when the registry already has call centres).

    Returns how many were created. Run inside the caller's transaction and audit context.
    """
    if CallCentre.objects.exists() or not Locality.objects.exists():
        return 0
    rng = random.Random(SEED)
    plan = _build(rng, timezone.localdate())
    _save(plan)
    if stdout is not None:
        per_status = Counter(c.status for c in plan.centres)
        uv = sum(1 for c in plan.centres if c.premises.locality.name.startswith("Udyog Vihar")
                 and c.status in (CallCentreStatus.REPORTED, CallCentreStatus.UNDER_VERIFICATION,
                                  CallCentreStatus.COMPLIANT, CallCentreStatus.NON_COMPLIANT))
        stdout.write(
            f"Call centres: {len(plan.centres)} at {len(plan.premises)} premises "
            f"({uv} operating in Udyog Vihar; {per_status[CallCentreStatus.VACATED]} vacated)."
        )
    return len(plan.centres)
