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
from .similarity import token_similarity


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
    father_given: tuple[str, ...]
    year: int | None
    dob: str | None
    gender: str
    phones: frozenset[str]
    id: tuple[str, str] | None
    address: frozenset[str]


def _given_part(father: tuple[str, ...], name: tuple[str, ...]) -> tuple[str, ...]:
    """The father's name without the family name his child also carries.

    "Rahul Tiwari s/o Naresh Tiwari" and "Rahul Tewari s/o Mohan Lal Tiwari"
    share "Tiwari" only because it is the family name: "Naresh" and "Mohan"
    are what tell the two fathers apart.
    """
    family = [t for t in name if len(t) > 1]
    given = tuple(
        t for t in father if not any(token_similarity(t, f) >= 0.9 for f in family)
    )
    return given or father


def prepare(record: PersonRecord) -> Features:
    """Normalise a record once so that it can be compared many times cheaply."""
    year, full_dob = parse_dob(record.dob)
    gender = (record.gender or "").strip().upper()[:1]
    tokens = name_tokens(record.name)
    name = core_tokens(tokens)
    father = core_tokens(name_tokens(record.father_name))
    return Features(
        record_id=record.record_id,
        name=name,
        fillers=filler_tokens(tokens),
        father=father,
        father_given=_given_part(father, name),
        year=year,
        dob=full_dob,
        gender=gender if gender in ("M", "F") else "",
        phones=frozenset(normalize_phones(record.phones)),
        id=normalize_id(record.id_number),
        address=address_tokens(record.address),
    )
