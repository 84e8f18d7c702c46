"""Grow a database to state or national scale, fast: `python manage.py seed_scale`.

New zones of 10–40 stations, 2–4 localities per station (one in five a hotspot, where call
centres are five times denser), call centres with premises (some shared over time: churn),
landlords who let several premises, phones, status histories, licences for half of them,
three monthly returns per station, persons with spelling variants of common names, busts
and arrests (most with bail). Every row goes in with COPY through core.bulk.BulkWriter, with
its "+" history row (the audit trail of a bulk load), in batches, with a progress bar.

Lives in the dashboards app because it writes every app's rows (the top of the dependency
order); it uses no service, on purpose: services check and audit one record at a time,
which is what makes them ~20× slower than COPY (bench/RESULTS-import.md).
"""
from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from core.audit import Source, audit_context, current_audit_attrs
from core.bulk import BulkWriter

BATCH = 20_000

FIRST = ["Rahul", "Rohit", "Amit", "Sumit", "Vikas", "Deepak", "Sandeep", "Manoj", "Ravi", "Ajay", "Vijay",
         "Sunil", "Anil", "Pooja", "Neha", "Priya", "Sonia", "Anjali", "Kavita", "Mohit", "Ankit", "Gaurav",
         "Mohammad", "Arjun", "Karan", "Naveen", "Pankaj", "Rakesh", "Suresh", "Ramesh", "Imran", "Salman"]
#: Spelling variants officers write for the same name (persons' "name variation").
VARIANTS = {"Mohammad": ["Mohd", "Mohammed", "Muhammad"], "Rahul": ["Rahool"], "Sandeep": ["Sundeep"],
            "Deepak": ["Dipak"], "Vikas": ["Vikash"], "Pooja": ["Puja"], "Ravi": ["Ravee"], "Sunil": ["Suneel"]}
LAST = ["Sharma", "Verma", "Yadav", "Singh", "Kumar", "Gupta", "Chauhan", "Khan", "Jain", "Agarwal", "Malik",
        "Saini", "Rathi", "Dahiya", "Tanwar", "Bansal", "Mittal", "Arora", "Kapoor", "Mehta"]
CC_WORDS = ["Global", "Tech", "Solutions", "Infotech", "Services", "BPO", "Connect", "Support", "Care", "Systems",
            "Digital", "Voice", "Star", "Prime", "Smart", "Quick", "Sky", "Net", "Link", "Data"]
STATUSES = [("reported", 20), ("under_verification", 15), ("compliant", 35), ("non_compliant", 10),
            ("busted", 5), ("closed", 5), ("vacated", 10)]
OPERATING = {"reported", "under_verification", "compliant", "non_compliant"}
COURTS = ["JMIC Gurugram", "CJM Gurugram", "Sessions Court Gurugram"]


@dataclass
class ScalePlan:
    stations: int = 2000
    call_centres: int = 200_000
    persons: int = 300_000
    busts: int = 30_000
    months: int = 3
    seed: int = 16
    counts: dict = field(default_factory=dict)


class Bar:
    """A console progress bar (stderr) for one step."""

    def __init__(self, label: str, total: int, out=None):
        self.label, self.total, self.done, self.out = label, max(total, 1), 0, out or sys.stderr

    def advance(self, n: int) -> None:
        self.done += n
        filled = int(30 * self.done / self.total)
        self.out.write(f"\r{self.label:<16} [{'#' * filled}{'.' * (30 - filled)}] {self.done:>9,}/{self.total:,}")
        if self.done >= self.total:
            self.out.write("\n")
        self.out.flush()


def _chunks(n: int, size: int = BATCH) -> Iterator[tuple[int, int]]:
    for start in range(0, n, size):
        yield start, min(n, start + size)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> Callable[[], str]:
    values, weights = [p[0] for p in pairs], [p[1] for p in pairs]
    return lambda: rng.choices(values, weights)[0]


def _phone(rng: random.Random) -> str:
    return f"{rng.choice('9876')}{rng.randrange(10**9):09d}"


def seed_scale(plan: ScalePlan, *, out=None, actor=None) -> dict:
    """Add `plan`'s rows to the database; returns the counts written, per model."""
    rng = random.Random(plan.seed)
    with audit_context(Source.COMMAND), transaction.atomic():
        writers: dict = {}
        audit = current_audit_attrs()
        now = timezone.now()

        def writer(model) -> BulkWriter:
            if model not in writers:
                writers[model] = BulkWriter(model, actor=actor, now=now, audit=audit)
            return writers[model]

        def put(model, rows: list[dict], *, ids: bool = True) -> list[int]:
            plan.counts[model._meta.label] = plan.counts.get(model._meta.label, 0) + len(rows)
            return writer(model).write(rows, ids=ids)

        stations, localities = _stations(plan, rng, put, out)
        cc_station = _call_centres(plan, rng, put, out, stations, localities)
        _returns(plan, rng, put, out, stations, cc_station)
        _offenders(plan, rng, put, out, stations, cc_station)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return plan.counts


def _stations(plan: ScalePlan, rng: random.Random, put, out) -> tuple[list[int], list[tuple[int, int, bool, str]]]:
    """New zones of 10–40 stations with 2–4 localities each; returns the new station ids and localities."""
    from stations.models import Locality, PoliceStation, Zone

    tag = f"s{plan.seed}-{PoliceStation.objects.count()}"
    bar = Bar("stations", plan.stations, out)
    station_ids: list[int] = []
    localities: list[tuple[int, int, bool, str]] = []  # (locality id, station id, hotspot, name)
    left, z = plan.stations, 0
    while left > 0:
        size = min(left, rng.randint(10, 40))
        z += 1
        zone_id = put(Zone, [{"code": f"z-{tag}-{z}", "name": f"Zone {tag} {z}"}])[0]
        rows = [{"code": f"ps-{tag}-{z}-{i}", "name": f"PS {tag} {z}-{i}", "zone_id": zone_id,
                 "address": f"Police Station {z}-{i}", "phone": f"01{rng.randrange(10**8):08d}"} for i in range(size)]
        ids = put(PoliceStation, rows)
        loc_rows = []
        for sid, row in zip(ids, rows, strict=True):
            for k in range(rng.randint(2, 4)):
                loc_rows.append({"name": f"{row['name']} Sector {k + 1}", "station_id": sid, "aliases": "",
                                 "pin_code": f"12{rng.randrange(10**4):04d}", "is_hotspot": rng.random() < 0.2,
                                 "latitude": None, "longitude": None})
        loc_ids = put(Locality, loc_rows)
        localities += [(lid, r["station_id"], r["is_hotspot"], r["name"]) for lid, r in zip(loc_ids, loc_rows, strict=True)]
        station_ids += ids
        left -= size
        bar.advance(size)
    return station_ids, localities


def _call_centres(plan: ScalePlan, rng: random.Random, put, out, stations, localities) -> dict[int, tuple[int, str]]:
    """Call centres with premises, phones, status history, occupancies and (for half) licences.

    Returns {call centre id: (station id, status)}."""
    from registry.addresses import name_key, normalize_address
    from registry.models import CallCentre, CallCentrePhone, Occupancy, Premises, StatusChange
    from verification.models import Licence

    if not localities:
        return {}
    weights = [5 if hot else 1 for _l, _s, hot, _n in localities]
    status_of = _weighted(rng, STATUSES)
    today = timezone.localdate()
    landlords = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", _phone(rng)) for _ in range(max(plan.call_centres // 3, 1))]
    result: dict[int, tuple[int, str]] = {}
    bar = Bar("call centres", plan.call_centres, out)
    previous: list[tuple[int, tuple]] = []  # premises of the last batch, some reused (churn)
    for start, end in _chunks(plan.call_centres):
        n = end - start
        picks = rng.choices(localities, weights, k=n)
        prem_rows, reuse = [], []
        for i in range(n):
            loc_id, _sid, _hot, loc_name = picks[i]
            if previous and rng.random() < 0.08:  # a premises that already had a tenant: churn
                reuse.append(rng.choice(previous))
                continue
            address = f"Plot {rng.randint(1, 900)}, {rng.choice(['Ground', 'First', 'Second', 'Third'])} Floor, {loc_name}"
            key = normalize_address(address, locality=loc_name).key
            landlord, lphone = rng.choice(landlords)
            has_phone = rng.random() < 0.7
            prem_rows.append({
                "address_raw": address, "plot": "", "floor": "", "building": "", "sector": "", "locality_id": loc_id,
                "city": "Gurugram", "pin_code": "", "address_key": key[:400], "landlord_name": landlord,
                "landlord_phone": lphone if has_phone else "", "landlord_key": lphone if has_phone else f"n:{name_key(landlord)}",
                "lease_start": None, "lease_end": None, "rooms": rng.randint(2, 40),
            })
            reuse.append(None)
        prem_ids = iter(put(Premises, prem_rows))
        premises = []
        for i in range(n):
            if reuse[i] is None:
                premises.append((next(prem_ids), picks[i]))
            else:
                premises.append(reuse[i])
        previous = premises[-2000:]
        cc_rows, statuses = [], []
        for i in range(n):
            prem_id, (loc_id, sid, _hot, _name) = premises[i]
            name = f"{rng.choice(CC_WORDS)} {rng.choice(CC_WORDS)} {rng.choice(['Pvt Ltd', 'LLP', '', 'India'])}".strip()
            status = status_of()
            started = today - timedelta(days=rng.randint(30, 2000))
            ended = started + timedelta(days=rng.randint(20, 600)) if status in ("vacated", "closed", "busted") else None
            if ended and ended > today:
                ended = today
            night = rng.random() < 0.4
            cc_rows.append({
                "name": name, "trading_names": "", "name_key": name_key(name)[:200],
                "company_name": name, "company_registration": "", "company_key": name_key(name)[:200],
                "premises_id": prem_id, "station_id": sid, "direction": rng.choice(["inbound", "outbound", "both"]),
                "service": rng.choice(["technical_support", "customer_care", "loans", "sales", "other"]),
                "markets": rng.choice([["USA"], ["UK"], ["USA", "Canada"], ["Australia"]]), "languages": ["English"],
                "seats": rng.randint(5, 400), "shift_start": time(20, 0) if night else time(9, 0),
                "shift_end": time(5, 0) if night else time(18, 0), "night_shift": night,
                "started_on": started, "ended_on": ended, "source": "station_survey", "status": status,
                "merged_into_id": None, "notes": "", "created_by_id": None,
            })
            statuses.append(status)
        cc_ids = put(CallCentre, cc_rows)
        phones, changes, stays, licences = [], [], [], []
        for cid, row in zip(cc_ids, cc_rows, strict=True):
            result[cid] = (row["station_id"], row["status"])
            for number in {_phone(rng) for _ in range(rng.randint(1, 2))}:
                phones.append({"call_centre_id": cid, "number": number})
            changes.append({"call_centre_id": cid, "from_status": "", "to_status": "reported",
                            "changed_at": timezone.now(), "changed_by_id": None, "reason": ""})
            if row["status"] != "reported":
                changes.append({"call_centre_id": cid, "from_status": "reported", "to_status": row["status"],
                                "changed_at": timezone.now(), "changed_by_id": None, "reason": ""})
            stays.append({"premises_id": row["premises_id"], "call_centre_id": cid,
                          "moved_in": row["started_on"], "moved_out": row["ended_on"]})
            if rng.random() < 0.5:
                for kind in ("osp", "shops"):
                    st = rng.choices(["held", "pending", "not_held", "not_required"], [60, 20, 10, 10])[0]
                    issued = today - timedelta(days=rng.randint(30, 900)) if st == "held" else None
                    licences.append({
                        "call_centre_id": cid, "kind": kind, "status": st, "agency": "DoT" if kind == "osp" else "Labour",
                        "number": f"L{rng.randrange(10**8)}" if st == "held" else "", "issued_on": issued,
                        "valid_until": issued + timedelta(days=rng.choice([365, 730, 1825])) if issued else None,
                        "not_required_from": date(2020, 11, 5) if st == "not_required" else None,
                        "reference": "", "checked_on": today, "notes": "", "recorded_by_id": None,
                    })
        put(CallCentrePhone, phones)
        put(StatusChange, changes)
        put(Occupancy, stays)
        put(Licence, licences)
        bar.advance(n)
    return result


def _returns(plan: ScalePlan, rng: random.Random, put, out, stations, cc_station) -> None:
    """`plan.months` monthly returns per new station, listing its operating call centres."""
    from registry.models import ReturnEntry, StationReturn

    by_station: dict[int, list[int]] = {}
    for cid, (sid, status) in cc_station.items():
        if status in OPERATING:
            by_station.setdefault(sid, []).append(cid)
    first = timezone.localdate().replace(day=1)
    periods = []
    for m in range(1, plan.months + 1):
        start = (first - timedelta(days=28 * m)).replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        periods.append((start, end))
    bar = Bar("returns", len(stations) * len(periods), out)
    for start, end in _chunks(len(stations), 500):
        rows, lists = [], []
        for sid in stations[start:end]:
            for p_start, p_end in periods:
                st = rng.choices(["accepted", "submitted", "draft", "sent_back"], [60, 20, 15, 5])[0]
                ccs = by_station.get(sid, [])
                rows.append({"station_id": sid, "period_start": p_start, "period_end": p_end, "status": st,
                             "is_nil": not ccs, "submitted_at": None if st == "draft" else timezone.now(),
                             "submitted_by_id": None, "reviewed_at": None, "reviewed_by_id": None, "remarks": ""})
                lists.append(ccs)
        ids = put(StationReturn, rows)
        entries = [{"station_return_id": rid, "call_centre_id": cid, "action": "listed", "remarks": ""}
                   for rid, ccs in zip(ids, lists, strict=True) for cid in ccs]
        for a, b in _chunks(len(entries), BATCH * 5):
            put(ReturnEntry, entries[a:b], ids=False)
        bar.advance(len(rows))


def _person_name(rng: random.Random) -> str:
    first = rng.choice(FIRST)
    if first in VARIANTS and rng.random() < 0.3:
        first = rng.choice(VARIANTS[first])
    return f"{first} {rng.choice(LAST)}"


def _offenders(plan: ScalePlan, rng: random.Random, put, out, stations, cc_station) -> None:
    """Persons (one identity each), busts at the stations' call centres, two arrests per bust."""
    from offenders.matching import normalize_name
    from offenders.models import Arrest, Bust, Identity, Person

    if not stations:
        return
    today = timezone.localdate()
    person_ids: list[int] = []
    bar = Bar("persons", plan.persons, out)
    for start, end in _chunks(plan.persons):
        n = end - start
        identity_ids = put(Identity, [{} for _ in range(n)]) if n else []
        rows = []
        for iid in identity_ids:
            name, father = _person_name(rng), _person_name(rng)
            year = rng.randint(1970, 2004)
            rows.append({"station_id": rng.choice(stations), "identity_id": iid, "name": name,
                         "name_key": normalize_name(name)[:200], "relation": "s/o", "father_name": father,
                         "father_key": normalize_name(father)[:200], "gender": "M", "dob": None, "birth_year": year,
                         "age_recorded": None, "age_recorded_on": None, "emails": [], "notes": "", "recorded_by_id": None})
        person_ids += put(Person, rows)
        bar.advance(n)
    by_station: dict[int, list[int]] = {}
    for cid, (sid, _status) in cc_station.items():
        by_station.setdefault(sid, []).append(cid)
    bar = Bar("busts", plan.busts, out)
    fir_counter: dict[tuple[int, int], int] = {}
    for start, end in _chunks(plan.busts):
        rows = []
        for _ in range(end - start):
            sid = rng.choice(stations)
            raid = today - timedelta(days=rng.randint(1, 1500))
            k = fir_counter[(sid, raid.year)] = fir_counter.get((sid, raid.year), 0) + 1
            ccs = by_station.get(sid)
            rows.append({"station_id": sid, "fir_number": f"{k:04d}/{raid.year}", "fir_year": raid.year, "raid_date": raid,
                         "call_centre_id": rng.choice(ccs) if ccs and rng.random() < 0.6 else None, "place": "",
                         "modus_operandi": [], "victim_count": None, "victim_countries": [], "money_involved": None,
                         "computers_seized": rng.randint(0, 40), "phones_seized": rng.randint(0, 60),
                         "sim_cards_seized": 0, "cash_seized": 0, "narrative": "", "recorded_by_id": None})
        bust_ids = put(Bust, rows)
        arrests = []
        for bid, row in zip(bust_ids, rows, strict=True):
            for pid in set(rng.sample(person_ids, 2)) if len(person_ids) >= 2 else []:
                bailed = rng.random() < 0.6
                bail = min(row["raid_date"] + timedelta(days=rng.randint(1, 60)), today) if bailed else None
                arrests.append({"person_id": pid, "bust_id": bid, "station_id": row["station_id"],
                                "arrested_on": row["raid_date"], "role": rng.choice(["caller", "caller", "manager", "mastermind"]),
                                "bail_date": bail, "bail_court": rng.choice(COURTS) if bailed else "",
                                "released_on": None, "notes": "", "recorded_by_id": None})
        put(Arrest, arrests)
        bar.advance(len(rows))
