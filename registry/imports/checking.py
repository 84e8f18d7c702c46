"""Checking each row of an import: required values, lengths, locality (and its station), phones,
service, seats, shift, start date; and "similar name" against the station's call centres,
by the registry's one rule (`registry.selectors.duplicates.names_similar`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _g

from core.phones import normalize_phone, split_phones
from core.text import REPLACEMENT

from ..addresses import LocalityIndex, company_key, name_key, normalize_address
from ..choices import Service
from ..models import CallCentre
from ..selectors.duplicates import most_similar_name
from ..services.callcentres import night_shift_of
from ..services.premises import landlord_key_of
from . import limits
from .messages import DUPLICATE, ERROR, msg
from .reading import COLUMNS

LENGTHS = {"name": 200, "company": 200, "address": 400, "landlord_name": 150, "notes": 5000}

SERVICE_WORDS = {
    "tech support": Service.TECH_SUPPORT, "technical support": Service.TECH_SUPPORT, "it support": Service.TECH_SUPPORT,
    "customer care": Service.CUSTOMER_CARE, "customer service": Service.CUSTOMER_CARE,
    "customer support": Service.CUSTOMER_CARE, "job placement": Service.JOB_PLACEMENT, "jobs": Service.JOB_PLACEMENT,
    "job": Service.JOB_PLACEMENT, "placement": Service.JOB_PLACEMENT, "recruitment": Service.JOB_PLACEMENT,
    "loan": Service.LOANS, "loans": Service.LOANS, "sale": Service.SALES, "sales": Service.SALES,
    "telesales": Service.SALES, "other": Service.OTHER, "others": Service.OTHER,
}


# --------------------------------------------------------------------------- checking rows

@dataclass
class CheckContext:
    """What checking a row needs, loaded once per batch (two queries)."""

    station_id: int
    station_name: str
    localities: LocalityIndex
    today: date
    #: Existing call centres per locality: [(name_key, id, name, station name)], for "similar name".
    names_by_locality: dict[int, list[tuple[str, int, str, str]]] = field(default_factory=dict)
    _name_keys: dict[int, dict[str, tuple[int, str, str]]] = field(default_factory=dict)
    _name_choices: dict[int, dict[tuple, tuple[list[str], list[tuple[int, str, str]]]]] = field(default_factory=dict)
    _memo: dict[str, dict] = field(default_factory=dict)

    def memo(self, kind: str, text: str, compute: Callable[[str], Any]) -> Any:
        """`compute(text)`, remembered: files repeat localities, services, shifts, dates, landlords.

        Each memo is emptied when it reaches limits.MEMO_LIMIT entries, so memory stays flat.
        """
        cache = self._memo.get(kind)
        if cache is None:
            cache = self._memo[kind] = {}
        try:
            return cache[text]
        except KeyError:
            if len(cache) >= limits.MEMO_LIMIT:
                cache.clear()
            value = cache[text] = compute(text)
            return value

    def similar_name(self, locality_id: int, key: str) -> tuple[int, str, str] | None:
        """An existing call centre of the locality with the same or a similar name: (id, name, station).

        Similar by the registry's one rule (`names_similar`: same numbers, token_set_ratio >= 85).
        For speed in a locality of hundreds of call centres, only names that begin with the same
        word are compared (they are blocked by first word and numbers): unlike the duplicates
        page, the import misses a typo in the first word.
        """
        names = self.names_by_locality.get(locality_id)
        if not names or not key:
            return None
        exact = self._name_keys.get(locality_id)
        if exact is None:
            exact = self._name_keys[locality_id] = {k: (i, n, s) for k, i, n, s in names}
            blocks: dict[tuple, tuple[list[str], list[tuple[int, str, str]]]] = {}
            for k, i, n, s in names:
                keys, found = blocks.setdefault(_name_block(k), ([], []))
                keys.append(k)
                found.append((i, n, s))
            self._name_choices[locality_id] = blocks
        if key in exact:
            return exact[key]
        block = self._name_choices[locality_id].get(_name_block(key))
        if block is None or len(block[0]) > limits.FUZZY_LIMIT:
            return None
        index = most_similar_name(key, block[0])
        return None if index is None else block[1][index]


def _name_block(key: str) -> tuple:
    """Names compared for similarity share their first word and their numbers."""
    words = key.split()
    return (words[0] if words else "", tuple(w for w in words if not w.isalpha()))  # name keys are [a-z0-9 ]


def check_context(*, station) -> CheckContext:
    """Load the locality index (every locality of the city: one query) and the station's existing names (one query)."""
    from stations.models import Locality

    localities = list(
        Locality.objects.select_related("station").only("id", "name", "aliases", "pin_code", "station", "station__name")
    )
    names: dict[int, list] = defaultdict(list)
    existing = (
        CallCentre.objects.filter(premises__locality__station=station, merged_into__isnull=True)
        .exclude(name_key="")
        .values_list("premises__locality_id", "name_key", "id", "name", "station__name")
    )
    for locality_id, key, pk, name, station_name in existing.iterator(chunk_size=5000):
        names[locality_id].append((key, pk, name, station_name))
    return CheckContext(
        station_id=station.pk, station_name=station.name, localities=LocalityIndex(localities),
        today=timezone.localdate(), names_by_locality=dict(names),
    )


_SHIFT = re.compile(
    r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*(?:-|–|—|to)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.I
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_shift(text: str) -> tuple[time, time] | None:
    """"21:00-06:00", "9:30 - 18:30", "9pm-6am", "21.00 to 06.00" -> (start, end); None if not understood."""
    m = _SHIFT.match(text)
    if not m:
        return None
    out = []
    for hour, minute, meridiem in ((m[1], m[2], m[3]), (m[4], m[5], m[6])):
        h, mi = int(hour), int(minute or 0)
        if meridiem:
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
        if h == 24 and mi == 0:
            h = 0
        if h > 23 or mi > 59:
            return None
        out.append(time(h, mi))
    return out[0], out[1]


def parse_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY (also DD-MM-YYYY, DD.MM.YYYY); None if not a real date."""
    m = _ISO_DATE.match(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _DMY_DATE.match(text)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


_SERVICE_LOOKUP: dict[str, dict[str, str]] = {}


def parse_service(text: str) -> str | None:
    """A Service value from its value, label or a common word ("tech support"); None if unknown."""
    from django.utils.translation import get_language

    language = get_language() or ""
    lookup = _SERVICE_LOOKUP.get(language)
    if lookup is None:
        # Built once per language: labels are translated, and str() of a lazy label is slow.
        lookup = dict(SERVICE_WORDS)
        for value, label in Service.choices:
            lookup.update({value: value, value.replace("_", " "): value, str(label).lower(): value})
        _SERVICE_LOOKUP[language] = lookup
    return lookup.get(" ".join(re.sub(r"[_\-/]+", " ", text.lower()).split()))


#: The words stations write for a shift instead of its hours, and the hours they stand for.
#: 24x7 runs round the clock (start = end); "rotational" shifts run through the night.
SHIFT_WORDS: dict[str, tuple[time, time]] = {
    **dict.fromkeys(("night", "nights", "night shift", "night time", "raat", "रात"), (time(21), time(6))),
    **dict.fromkeys(("day", "days", "day shift", "general", "general shift", "office hours", "din", "दिन"),
                    (time(9), time(18))),
    **dict.fromkeys(("24x7", "24 x 7", "24*7", "24/7", "24 hours", "24 hrs", "round the clock", "all day"),
                    (time(0), time(0))),
    **dict.fromkeys(("rotational", "rotating", "rotation", "rotational shift", "shifts"), (time(0), time(0))),
}
_SEATS = re.compile(
    r"^(?:approx\.?|approximately|about|around|apprx\.?|~|nearly|lagbhag|लगभग)?\s*(\d{1,6})\s*"
    r"(?:\+|plus|approx\.?|seats?|(?:-|–|to)\s*(\d{1,6}))?\s*(?:seats?)?$",
    re.I,
)


def parse_seats(text: str) -> int | None:
    """"40", "1,200", "50+", "approx 40", "about 40 seats", "40-50" (the larger) -> seats; None if not understood."""
    m = _SEATS.match(" ".join(text.replace(",", "").split()))
    if not m or not m[1].isascii() or (m[2] and not m[2].isascii()):
        return None
    return max(int(m[1]), int(m[2] or 0))


def shift_written_as_words(text: str) -> bool:
    return " ".join(text.lower().split()) in SHIFT_WORDS


def _shift_values(text: str) -> tuple[str, str, bool] | None:
    shift = SHIFT_WORDS.get(" ".join(text.lower().split())) or parse_shift(text)
    if shift is None:
        return None
    return shift[0].strftime("%H:%M"), shift[1].strftime("%H:%M"), night_shift_of(*shift)


def _notes_with_what_was_written(get) -> str:
    """The row's notes, plus the shift or seats as the station wrote them when they were words
    ("night", "approx 40"): the registry keeps the normalised value and what was written."""
    notes = [get("notes", "")] if get("notes") else []
    if get("shift") and shift_written_as_words(get("shift")):
        notes.append(_g("Shift as written: %(value)s") % {"value": get("shift")[:40]})
    seats = get("seats", "")
    if seats and not seats.replace(",", "").strip().isdecimal():
        notes.append(_g("Seats as written: %(value)s") % {"value": seats[:20]})
    return "; ".join(notes)


def _landlord_name_key(text: str) -> str:
    return landlord_key_of(text, "")


def check_row(cells: dict[str, str], ctx: CheckContext) -> tuple[dict, list[dict]]:
    """Check one row. Returns the cleaned values (or the cells as written when there are errors)
    and the messages (errors, and "similar name" duplicates against the registry).

    Runs 100,000 times per big file: values that repeat (locality, service, shift, date,
    landlord) are worked out once per file (`ctx.memo`).
    """
    errors: list[dict] = []
    get = cells.get
    name = " ".join(get("name", "").split())
    if not name:
        errors.append(msg(ERROR, "missing_name"))
    for column, limit in LENGTHS.items():
        value = get(column)
        if value and len(value) > limit:
            errors.append(msg(ERROR, "too_long", column=column, max=limit))
    for column, value in cells.items():
        if REPLACEMENT in value:  # a control character, replaced when the file was read (core.text.scrub)
            errors.append(msg(ERROR, "control_characters", column=column))

    locality = None
    locality_text = get("locality", "")
    if not locality_text:
        errors.append(msg(ERROR, "missing_locality"))
    else:
        locality = ctx.memo("locality", locality_text, ctx.localities.resolve)
        if locality is None:
            errors.append(msg(ERROR, "unknown_locality", value=locality_text[:100]))
        elif locality.station_id != ctx.station_id:
            errors.append(msg(ERROR, "other_station", locality=locality.name, station=locality.station.name,
                               batch_station=ctx.station_name))

    phones: list[str] = []
    phones_text = get("phones")
    if phones_text:
        for raw in split_phones(phones_text):
            number = normalize_phone(raw)
            if number is None:
                errors.append(msg(ERROR, "bad_phone", value=raw[:40]))
            elif number not in phones:
                phones.append(number)
    landlord_phone = ""
    if get("landlord_phone"):
        landlord_phone = normalize_phone(get("landlord_phone")) or ""
        if not landlord_phone:
            errors.append(msg(ERROR, "bad_landlord_phone", value=get("landlord_phone")[:40]))

    service = ""
    if get("service"):
        service = ctx.memo("service", get("service"), parse_service) or ""
        if not service:
            choices = ", ".join(str(label).lower() for label in Service.labels)
            errors.append(msg(ERROR, "bad_service", value=get("service")[:60], choices=choices))

    seats = None
    if get("seats"):
        seats = parse_seats(get("seats"))
        if seats is None or seats > 100000:
            errors.append(msg(ERROR, "bad_seats", value=get("seats")[:20]))

    shift = None
    if get("shift"):
        shift = ctx.memo("shift", get("shift"), _shift_values)
        if shift is None:
            errors.append(msg(ERROR, "bad_shift", value=get("shift")[:40]))

    started_on = None
    if get("started_on"):
        started_on = ctx.memo("date", get("started_on"), parse_date)
        if started_on is None:
            errors.append(msg(ERROR, "bad_date", value=get("started_on")[:30]))
        elif started_on > ctx.today:
            errors.append(msg(ERROR, "future_date", value=started_on.isoformat()))

    if errors:
        return {col: get(col, "")[:500] for col in COLUMNS if get(col)}, errors

    address = " ".join(get("address", "").split())
    landlord_name = " ".join(get("landlord_name", "").split())
    company = " ".join(get("company", "").split())
    data = {
        "name": name,
        "name_key": name_key(name)[:200],
        "company": company,
        "company_key": company_key(company)[:200] if company else "",
        "address": address,
        "locality": locality.name,
        "locality_id": locality.pk,
        "phones": phones,
        "service": service,
        "seats": seats,
        "shift_start": shift[0] if shift else None,
        "shift_end": shift[1] if shift else None,
        "night_shift": shift[2] if shift else False,
        "started_on": started_on.isoformat() if started_on else None,
        "landlord_name": landlord_name,
        "landlord_phone": landlord_phone,
        # The landlord's identity: their phone when known, else their normalised name (services.landlord_key_of).
        "landlord_key": landlord_phone or (ctx.memo("landlord", landlord_name, _landlord_name_key) if landlord_name else ""),
        "notes": _notes_with_what_was_written(get),
    }
    if address:
        parts = normalize_address(address, locality=locality.name)
        data.update(address_key=parts.key[:400], plot=parts.plot[:50], floor=parts.floor[:30],
                    building=parts.building[:150], sector=(parts.sector or parts.phase)[:50], city=parts.city,
                    pin=parts.pin or locality.pin_code or "")
    if ctx.names_by_locality:
        similar = ctx.similar_name(locality.pk, data["name_key"])
        if similar:
            pk, existing_name, station_name = similar
            return data, [msg(DUPLICATE, "dup_name", name=existing_name, station=station_name, call_centre_id=pk)]
    return data, []
