"""Who and what the demo invents: names written the way different stations write them, busts in the
hotspots, arrests, prior records, matches, phones and accounts. Deterministic (one seeded RNG).
Nothing is saved here: offenders.demo saves the plan."""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Max, Q
from django.utils import timezone

from registry.choices import OPERATING_STATUSES
from registry.models import CallCentre, StatusChange
from stations.models import User

from ..aadhaar import verhoeff_digit
from ..choices import ArrestRole, Force, MatchVerdict, ModusOperandi, RecordSource
from ..models import Bust, LawSection

SEED = 20200917


BUSTS = 100


#: Share of busts with someone arrested before (47 of 62 cases, DOMAIN.md).
REPEAT_SHARE = 47 / 62


#: Where the busts were, by locality (40 of the busts in Udyog Vihar).
HOTSPOT_WEIGHTS = {
    "Udyog Vihar": 0.40, "Cyber City": 0.15, "Sohna Road": 0.14, "DLF Phase 2": 0.11, "DLF Phase 3": 0.10,
    "MG Road": 0.05, "Golf Course Road": 0.05,
}


_MALE = ("Rakesh Sunil Vikas Amit Rahul Manoj Sanjay Deepak Ankit Rohit Ajay Vijay Pradeep Sachin Gaurav Abhishek "
         "Mukesh Vishal Nitin Sumit Mohit Praveen Naveen Ashish Sandeep Pankaj Yogesh Jitender Kapil Tarun Lalit "
         "Himanshu Sonu Monu Lokesh Ritesh Mayank Devender Virender").split()


_MUSLIM = "Salman Irfan Imran Arif Asif Javed Shahid Wasim Nadeem Faizan Aamir Danish Sameer Zubair Tariq Rizwan".split()


_SIKH = "Gurpreet Harpreet Manpreet Jaspreet Amandeep Harjeet Kulwinder Sukhwinder".split()


_FEMALE = "Pooja Priya Neha Sunita Kavita Ritu Preeti Jyoti Nisha Komal Shalini Monika".split()


_SURNAME = ("Sharma Yadav Gupta Verma Chauhan Jain Aggarwal Garg Mishra Tiwari Chaudhary Tyagi Bansal Saini Rana "
            "Malik Dahiya Kashyap Arora Khanna Bhardwaj Kaushik Saxena Rathore Joshi Jha Sinha Pathak").split()


_MUSLIM_SURNAME = "Khan Ansari Qureshi Siddiqui Saifi Mirza Ahmed Pathan".split()


_ELDER = ("Ram Kishan|Om Prakash|Ramesh Chand|Satpal|Dharampal|Raj Kumar|Jagdish|Mahender|Subhash|Krishan Lal|"
          "Ved Prakash|Hari Om|Rampal|Ishwar Singh|Balbir").split("|")


_MUSLIM_ELDER = "Abdul Rashid|Mohammad Yusuf|Abdul Karim|Nisar Ahmed|Mohammad Ishaq|Abdul Hamid".split("|")


_NICKNAMES = "Rinku Bittu Sonu Monu Pappu Guddu Chintu Bablu Raju Lucky Sunny Bunty".split()


#: Ways another force writes the same word (transliteration), DOMAIN.md.
_VARIANTS = {
    "Mohammad": ["Mohd", "Mohammed", "Muhammad", "Md."], "Chaudhary": ["Choudhary", "Chaudhry"],
    "Sharma": ["Sarma"], "Aggarwal": ["Agarwal"], "Jitender": ["Jitendra"], "Devender": ["Devendra"],
    "Virender": ["Virendra"], "Sandeep": ["Sandip"], "Praveen": ["Parveen"], "Qureshi": ["Kureshi"],
    "Siddiqui": ["Siddiqi"], "Gurpreet": ["Gurprit"], "Yadav": ["Yadava"],
}


#: Some names as a Hindi FIR writes them.
_DEVANAGARI = {
    "Rakesh": "राकेश", "Sunil": "सुनील", "Vikas": "विकास", "Amit": "अमित", "Rahul": "राहुल", "Manoj": "मनोज",
    "Sanjay": "संजय", "Deepak": "दीपक", "Ajay": "अजय", "Vijay": "विजय", "Sharma": "शर्मा", "Yadav": "यादव",
    "Gupta": "गुप्ता", "Verma": "वर्मा", "Kumar": "कुमार", "Singh": "सिंह", "Chauhan": "चौहान", "Saini": "सैनी",
    "Mishra": "मिश्रा", "Tiwari": "तिवारी", "Rana": "राणा", "Malik": "मलिक", "Khan": "ख़ान", "Salman": "सलमान",
}


_COLONIES = {
    "Delhi": ["Uttam Nagar", "Laxmi Nagar", "Janakpuri", "Rohini Sector 7", "Dwarka Sector 12", "Shaheen Bagh",
              "Sangam Vihar", "Mundka", "Najafgarh", "Bhajanpura"],
    "Noida": ["Sector 22", "Sector 49", "Hoshiyarpur", "Sector 62", "Bhangel"],
    "Ghaziabad": ["Indirapuram", "Khoda Colony", "Vijay Nagar", "Loni", "Sahibabad"],
    "Gurugram": ["Sector 10A", "Chakkarpur", "Sikanderpur", "Nathupur", "Sector 45", "Wazirabad"],
}


_VILLAGES = ["Punhana, Nuh", "Firozpur Jhirka, Nuh", "Karmatar, Jamtara", "Narayanpur, Jamtara", "Tapukara, Alwar",
             "Hodal, Palwal", "Sikri, Bharatpur"]


_PRIOR_STATIONS = {
    Force.DELHI: ("Delhi", ["Saket", "Uttam Nagar", "Laxmi Nagar", "Janakpuri", "Dwarka Sector 23", "Cyber Cell (IFSO)"]),
    Force.NOIDA: ("Noida", ["Sector 20", "Sector 58", "Sector 63", "Phase 3", "Sector 39"]),
    Force.GHAZIABAD: ("Ghaziabad", ["Indirapuram", "Kavi Nagar", "Sahibabad", "Kaushambi"]),
}


_COURTS = ["CJM Gurugram", "JMIC Gurugram", "Sessions Court Gurugram", "Punjab and Haryana High Court"]


_COUNTRIES = [["United States"], ["United States", "Canada"], ["United Kingdom"], ["Australia"],
              ["United States", "United Kingdom"], ["Canada"]]


_BANKS = ["State Bank of India", "Punjab National Bank", "HDFC Bank", "ICICI Bank", "Axis Bank", "Yes Bank"]


_UPI = ["okaxis", "oksbi", "ybl", "paytm", "okhdfcbank"]


@dataclass
class _Individual:
    """One true person of the demo, with every fact any record of them may show."""

    n: int
    first: list[str]
    surname: str
    father: str
    gender: str
    birth: date
    phones: list[str]
    address: str
    nickname: str = ""
    aadhaar: str = ""
    career: bool = False  # recurs across busts (has priors or earlier arrests here)
    role: str = ArrestRole.CALLER
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, bank, number or UPI id)
    records: dict[int, int] = field(default_factory=dict)  # station id -> index of its person record
    arrests: int = 0
    priors: int = 0

    @property
    def name(self) -> str:
        return " ".join([*self.first, self.surname]).strip()


@dataclass
class _Record:
    individual: _Individual
    station_id: int
    name: str
    aliases: list[str]
    phones: list[str]
    photo: bool
    recorded_on: date
    identity: int  # index in _Plan.identities


@dataclass
class _Plan:
    busts: list[Bust] = field(default_factory=list)
    bust_sections: list[list[LawSection]] = field(default_factory=list)
    centres: list[CallCentre] = field(default_factory=list)
    records: list[_Record] = field(default_factory=list)
    identities: int = 0
    arrests: list[tuple[int, int, dict]] = field(default_factory=list)  # (bust index, record index, fields)
    priors: list[tuple[int, dict]] = field(default_factory=list)  # (record index, fields)
    decisions: list[tuple[int, int, str, date]] = field(default_factory=list)  # (record, record, verdict, date)


class _Builder:
    """Builds the whole demo in memory first; `_save` writes it with one bulk insert per table."""

    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.plan = _Plan()
        self.people: list[_Individual] = []
        self.careers: list[_Individual] = []
        self.used_phones: set[str] = set()
        self.firs: dict[tuple[int, int], int] = {}

    # ----------------------------------------------------------------- people

    def _phone(self) -> str:
        while True:
            number = f"{self.rng.choice('6789')}{self.rng.randrange(10**8, 10**9)}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def _address(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return f"Village {rng.choice(_VILLAGES)}"
        city = rng.choice(list(_COLONIES))
        return f"H.No. {rng.randrange(1, 900)}, Gali No. {rng.randrange(1, 25)}, {rng.choice(_COLONIES[city])}, {city}"

    def _aadhaar(self) -> str:
        body = f"{self.rng.randrange(2, 10)}{self.rng.randrange(10**9, 10**10)}"
        return body + verhoeff_digit(body)

    def individual(self, *, career: bool) -> _Individual:
        rng = self.rng
        kind = rng.random()
        gender = "F" if rng.random() < 0.1 else "M"
        if gender == "F":
            first, surname, father = [rng.choice(_FEMALE)], rng.choice(_SURNAME), rng.choice(_ELDER)
        elif kind < 0.18:
            first = (["Mohammad"] if rng.random() < 0.5 else []) + [rng.choice(_MUSLIM)]
            surname, father = rng.choice(_MUSLIM_SURNAME), rng.choice(_MUSLIM_ELDER)
        elif kind < 0.25:
            first, surname, father = [rng.choice(_SIKH), "Singh"], rng.choice(["", "Sandhu", "Gill"]), rng.choice(_ELDER)
        else:
            first = [rng.choice(_MALE)] + (["Kumar"] if rng.random() < 0.3 else [])
            surname, father = rng.choice(_SURNAME), rng.choice(_ELDER)
        age = rng.randint(19, 34) if rng.random() < 0.8 else rng.randint(35, 55)
        person = _Individual(
            n=len(self.people), first=first, surname=surname, father=father, gender=gender,
            birth=self.today - timedelta(days=365 * age + rng.randrange(365)),
            phones=[self._phone() for _ in range(rng.choice([1, 1, 2]))], address=self._address(),
            nickname=rng.choice(_NICKNAMES) if rng.random() < 0.25 else "",
            aadhaar=self._aadhaar() if rng.random() < 0.5 else "", career=career,
        )
        if career:
            person.role = rng.choices(
                [ArrestRole.MASTERMIND, ArrestRole.MANAGER, ArrestRole.TEAM_LEADER, ArrestRole.CALLER],
                weights=[12, 18, 20, 50],
            )[0]
            if person.role in (ArrestRole.MASTERMIND, ArrestRole.MANAGER):
                person.accounts.append(("bank", rng.choice(_BANKS), str(rng.randrange(10**10, 10**12))))
                if rng.random() < 0.5:
                    handle = f"{person.first[0].lower()}{rng.randrange(10, 99)}@{rng.choice(_UPI)}"
                    person.accounts.append(("upi", "", handle))
            self.careers.append(person)
        self.people.append(person)
        return person

    def _spelling(self, person: _Individual, *, varied: bool) -> str:
        """The individual's name as one station wrote it."""
        rng = self.rng
        words = [*person.first, person.surname] if person.surname else list(person.first)
        if not varied:
            return " ".join(words)
        words = [rng.choice(_VARIANTS[w]) if w in _VARIANTS and rng.random() < 0.7 else w for w in words]
        style = rng.random()
        if style < 0.25 and len(words) > 2 and words[1] in ("Kumar", "Singh"):
            words = [words[0], *words[2:]]  # the dropped "Kumar" or "Singh"
        elif style < 0.4 and len(words) > 1:
            words = [f"{w[0]}." for w in words[:-1]] + words[-1:]  # "R. K. Sharma"
        elif style < 0.5 and len(words) > 1:
            words = words[-1:] + words[:-1]  # surname first
        return " ".join(words)

    def record(self, person: _Individual, station_id: int, when: date) -> int:
        """The station's record of the individual: reused when the station has one, else a new one."""
        rng = self.rng
        known = person.records.get(station_id)
        if known is not None and rng.random() < 0.8:
            return known
        first = not person.records
        aliases = [person.nickname] if person.nickname and rng.random() < 0.7 else []
        if rng.random() < 0.2:
            hindi = " ".join(_DEVANAGARI[w] for w in [*person.first, person.surname] if w in _DEVANAGARI)
            if hindi and len(hindi.split()) >= 2:
                aliases.append(hindi)
        index = len(self.plan.records)
        identity = self.plan.records[next(iter(person.records.values()))].identity if person.records else None
        linked = identity is not None and rng.random() < 0.88  # the rest wait in the review queue
        if not linked:
            identity = self.plan.identities
            self.plan.identities += 1
        phones = list(person.phones) if first or rng.random() < 0.6 else [self._phone()]  # changed numbers
        self.plan.records.append(_Record(
            individual=person, station_id=station_id, name=self._spelling(person, varied=not first), aliases=aliases,
            phones=phones, photo=person.career or rng.random() < 0.35, recorded_on=when, identity=identity,
        ))
        if person.records:
            other = next(iter(person.records.values()))
            self.plan.decisions.append((other, index, MatchVerdict.SAME if linked else MatchVerdict.PENDING, when))
        person.records.setdefault(station_id, index)
        return index

    def priors(self, person: _Individual, record: int, before: date) -> None:
        rng = self.rng
        for n in range(rng.choice([1, 1, 1, 2])):
            force = rng.choices([Force.DELHI, Force.NOIDA, Force.GHAZIABAD], weights=[45, 30, 25])[0]
            city, stations = _PRIOR_STATIONS[force]
            arrested = before - timedelta(days=rng.randrange(120, 1400) + 400 * n)
            self.plan.priors.append((record, {
                "force": force, "city": city, "police_station": rng.choice(stations),
                "fir_number": f"{rng.randrange(10, 900)}/{arrested.year}",
                "sections": rng.choice(["419/420/120B IPC, 66D IT Act", "420/120B IPC", "420 IPC, 66C/66D IT Act"]),
                "arrested_on": arrested, "bail_date": arrested + timedelta(days=rng.randrange(15, 90)),
                "role": person.role if rng.random() < 0.6 else "",
                "source": RecordSource.CSV if rng.random() < 0.5 else RecordSource.MANUAL,
            }))
            person.priors += 1

    # ----------------------------------------------------------------- busts

    def fir(self, station_id: int, year: int) -> str:
        last = self.firs.get((station_id, year), self.rng.randrange(20, 300))
        number = last + self.rng.randrange(1, 15)
        self.firs[(station_id, year)] = number
        return f"{number:04d}/{year}"

    def arrested(self, bust_index: int, raid: date, station_id: int, repeat: bool) -> None:
        """Who was arrested in a bust: with a repeat offender in most busts, everyone new in the others."""
        rng = self.rng
        size = rng.choice([2, 3, 3, 4, 4, 5, 6, 7])
        chosen: list[_Individual] = []
        used: dict[int, int] = {}  # individual -> the record arrested in this bust
        if repeat:
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                seen = [p for p in self.careers if p.arrests and p not in chosen]
                if seen and rng.random() < 0.55:
                    chosen.append(rng.choice(seen))
                else:
                    chosen.append(self.individual(career=True))
        while len(chosen) < size:
            chosen.append(self.individual(career=False))
        for person in chosen:
            record = used[person.n] = self.record(person, station_id, raid)
            if person.career and person.priors == 0 and person.arrests == 0:
                self.priors(person, record, raid)
            role = person.role if person.career else rng.choice([ArrestRole.CALLER] * 6 + [ArrestRole.OTHER])
            bail = raid + timedelta(days=rng.randrange(15, 120))
            fields = {"role": role}
            if rng.random() < 0.75 and bail < self.today:
                fields.update(bail_date=bail, bail_court=rng.choice(_COURTS))
            self.plan.arrests.append((bust_index, record, fields))
            person.arrests += 1
        boss = next((p for p in chosen if p.role in (ArrestRole.MASTERMIND, ArrestRole.MANAGER)), None)
        if boss:  # the boss's phone and account are used by some of the team
            for person in chosen:
                if person is not boss and not person.career and rng.random() < 0.35:
                    rec = self.plan.records[used[person.n]]
                    rec.phones = list(dict.fromkeys([*rec.phones, boss.phones[0]]))
                if person is not boss and not person.career and boss.accounts and rng.random() < 0.2:
                    person.accounts.append(boss.accounts[0])


def _hotspot_centres(rng: random.Random, today: date) -> list[tuple[CallCentre, date]]:
    """About BUSTS operating call centres of the hotspots, with a raid date after their last status step."""
    start = today - timedelta(days=730)
    last_steps = dict(StatusChange.objects.values("call_centre_id").annotate(last=Max("changed_at")).values_list(
        "call_centre_id", "last"
    ))
    by_spot: dict[str, list[CallCentre]] = defaultdict(list)
    in_hotspots = Q()
    for spot in HOTSPOT_WEIGHTS:
        in_hotspots |= Q(premises__locality__name__startswith=spot)
    centres = (
        CallCentre.objects.filter(in_hotspots, status__in=OPERATING_STATUSES)
        .select_related("premises__locality")
        .order_by("pk")
    )
    for centre in centres:
        locality = centre.premises.locality.name
        spot = next((s for s in HOTSPOT_WEIGHTS if locality.startswith(s)), None)
        if spot:
            by_spot[spot].append(centre)
    spots = [s for s in HOTSPOT_WEIGHTS if by_spot[s]]
    if not spots:
        return []
    chosen: list[tuple[CallCentre, date]] = []
    for _ in range(BUSTS * 3):
        if len(chosen) >= BUSTS:
            break
        spot = rng.choices(spots, weights=[HOTSPOT_WEIGHTS[s] for s in spots])[0]
        if not by_spot[spot]:
            continue
        centre = by_spot[spot].pop(rng.randrange(len(by_spot[spot])))
        last = last_steps.get(centre.pk)
        earliest = max(start, (timezone.localtime(last).date() if last else start) + timedelta(days=1),
                       (centre.started_on or start) + timedelta(days=1))
        latest = today - timedelta(days=1)
        if earliest > latest:
            continue
        chosen.append((centre, earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))))
    chosen.sort(key=lambda item: (item[1], item[0].pk))
    return chosen


def _sections(raid: date) -> list[tuple[str, str]]:
    """The usual sections: IPC before 1 July 2024, BNS after (DOMAIN.md), and the IT Act."""
    if raid < date(2024, 7, 1):
        return [("IPC", "419"), ("IPC", "420"), ("IPC", "120B"), ("IT Act", "66D")]
    return [("BNS", "319(2)"), ("BNS", "318(4)"), ("BNS", "61(2)"), ("IT Act", "66D")]


def build(rng: random.Random, today: date) -> tuple[_Builder, list[tuple[CallCentre, date]]]:
    builder = _Builder(rng, today)
    raided = _hotspot_centres(rng, today)
    shos = {u.station_id: u for u in User.objects.filter(role="station", username__startswith="sho-")}
    sections = {(s.code, s.section): s for s in LawSection.objects.all()}
    for index, (centre, raid) in enumerate(raided):
        station_id = centre.station_id
        fir = builder.fir(station_id, raid.year)
        victims = rng.randrange(20, 4000)
        bust = Bust(
            station_id=station_id, fir_number=fir, fir_year=raid.year, raid_date=raid, call_centre=centre,
            place=centre.premises.address_raw[:400],
            modus_operandi=rng.sample([ModusOperandi.FAKE_POPUP, ModusOperandi.SCREEN_LOCK, ModusOperandi.REMOTE_ACCESS,
                                       ModusOperandi.BANK_TRANSFER, ModusOperandi.GIFT_CARDS], k=rng.randrange(2, 5)),
            victim_count=victims, victim_countries=rng.choice(_COUNTRIES),
            money_involved=Decimal(victims * rng.randrange(8000, 40000)), computers_seized=rng.randrange(4, 60),
            phones_seized=rng.randrange(5, 80), sim_cards_seized=rng.randrange(5, 120),
            cash_seized=Decimal(rng.randrange(0, 500) * 1000),
            narrative=f"Raid at night on {centre.name}: callers posing as technical support to foreign nationals.",
            recorded_by=shos.get(station_id),
        )
        builder.plan.busts.append(bust)
        builder.plan.bust_sections.append([sections[key] for key in _sections(raid) if key in sections])
        builder.plan.centres.append(centre)
        builder.arrested(index, raid, station_id, repeat=rng.random() < REPEAT_SHARE)
    return builder, raided

