"""The person record as received, and its normalised features used for matching."""

from __future__ import annotations

from dataclasses import dataclass, field

from .normalize import (
    address_tokens,
    core_tokens,
    filler_tokens,
    name_tokens,
    normalize_id,
    normalize_phones,
    parse_dob,
)


@dataclass
class PersonRecord:
    """One person as one source wrote them down.

    ``dob`` is 'YYYY-MM-DD', 'YYYY' or ''. ``gender`` is 'M', 'F' or ''.
    ``phones`` may hold numbers in any common Indian format. ``id_number`` may
    be an Aadhaar number, a keyed hash of one, a PAN, a passport number, etc.
    """

    record_id: str
    name: str
    father_name: str = ""
    dob: str = ""
    gender: str = ""
    phones: list[str] = field(default_factory=list)
    address: str = ""
    id_number: str = ""


@dataclass(frozen=True, slots=True)
class Features:
    """Normalised, comparison-ready view of a ``PersonRecord`` (computed once)."""

    record_id: str
    name: tuple[str, ...]
    fillers: frozenset[str]
    father: tuple[str, ...]
    year: int | None
    dob: str | None
    gender: str
    phones: frozenset[str]
    id: tuple[str, str] | None
    address: frozenset[str]


def prepare(record: PersonRecord) -> Features:
    """Normalise a record once so that it can be compared many times cheaply."""
    year, full_dob = parse_dob(record.dob)
    gender = (record.gender or "").strip().upper()[:1]
    tokens = name_tokens(record.name)
    return Features(
        record_id=record.record_id,
        name=core_tokens(tokens),
        fillers=filler_tokens(tokens),
        father=core_tokens(name_tokens(record.father_name)),
        year=year,
        dob=full_dob,
        gender=gender if gender in ("M", "F") else "",
        phones=frozenset(normalize_phones(record.phones)),
        id=normalize_id(record.id_number),
        address=address_tokens(record.address),
    )
