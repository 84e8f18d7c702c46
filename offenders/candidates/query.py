"""What is looked for (a MatchQuery, from a stored person or from details typed in), what is found
(a Candidate with its score and reasons), and the score bands."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from core.numbers import parse_int

from ..aadhaar import aadhaar_hash
from ..choices import DocumentKind, MatchVerdict
from ..models import MatchDecision, Person

#: At or above this score a candidate is a likely match: the officer is asked to confirm it.
LIKELY_MATCH = 0.9
#: From this score up to LIKELY_MATCH a match is uncertain and goes to the review queue too.
REVIEW_MIN = 0.5
#: Candidates below this score are not shown at all.
SHOW_MIN = 0.2
#: The most candidates retrieved from the database for re-ranking.
MAX_CANDIDATES = 1000
#: Years either side of a birth year searched with the father's name.
YEAR_WINDOW = 3
#: When some persons agree on the name, the father's name and the birth year, the candidates that
#: agree less are kept to this many: each candidate costs loading and scoring, and these rarely
#: outrank the agreeing ones.
BROAD_AFTER_SPECIFIC = 250


@dataclass
class MatchQuery:
    """What is known of the person being looked for (from a record or from the match API).

    Aadhaar is held only as its keyed hash.
    """

    names: list[str]
    father_name: str = ""
    dob: str = ""  # "YYYY-MM-DD", or "YYYY" when only the year (or an age) is known
    gender: str = ""
    phones: list[str] = field(default_factory=list)
    aadhaar_hash: str = ""
    documents: list[tuple[str, str]] = field(default_factory=list)  # (kind, number_key), not Aadhaar
    address: str = ""
    exclude_person: int | None = None
    exclude_identity: int | None = None

    @property
    def birth_year(self) -> int | None:
        return parse_int(self.dob[:4], max_digits=4)

    def id_for(self, kind: str) -> str:
        if kind == DocumentKind.AADHAAR:
            return self.aadhaar_hash.upper()
        return next((number for k, number in self.documents if k == kind), "")

    def id_kinds(self) -> list[str]:
        kinds = [DocumentKind.AADHAAR] if self.aadhaar_hash else []
        return kinds + [kind for kind, _number in self.documents if kind not in kinds]


@dataclass
class Candidate:
    """A person who may be the one looked for, with the score and the reasons."""

    person: Person
    score: float
    reasons: list[str]
    decision: MatchDecision | None = None

    @property
    def band(self) -> str:
        if self.score >= LIKELY_MATCH:
            return "likely"
        if self.score >= REVIEW_MIN:
            return "uncertain"
        return "unlikely"

    @property
    def pending(self) -> bool:
        return self.decision is not None and self.decision.verdict == MatchVerdict.PENDING


def person_dob_text(person: Person) -> str:
    if person.dob:
        return person.dob.isoformat()
    return str(person.birth_year) if person.birth_year else ""


def person_address_text(person: Person) -> str:
    addresses = list(person.addresses.all())
    best = next((a for a in addresses if a.last_known), addresses[0] if addresses else None)
    return str(best) if best else ""


def gender_code(value: str) -> str:
    return value if value in ("M", "F") else ""


def query_from_person(person: Person) -> MatchQuery:
    """The match query for a stored person (their aliases, phones, documents and last address)."""
    documents = list(person.documents.all())
    return MatchQuery(
        names=[person.name, *[alias.name for alias in person.aliases.all()]],
        father_name=person.father_name,
        dob=person_dob_text(person),
        gender=gender_code(person.gender),
        phones=[phone.number for phone in person.phones.all()],
        aadhaar_hash=next((d.number_hash for d in documents if d.kind == DocumentKind.AADHAAR), ""),
        documents=[(d.kind, d.number_key) for d in documents if d.kind != DocumentKind.AADHAAR],
        address=person_address_text(person),
        exclude_person=person.pk,
        exclude_identity=person.identity_id,
    )


def query_from_input(
    *, name: str, aliases: Iterable[str] = (), father_name: str = "", dob=None, birth_year: int | None = None,
    gender: str = "", phones: Iterable[str] = (), aadhaar: str = "", pan: str = "", passport: str = "",
    address: str = "",
) -> MatchQuery:
    """The match query for details typed in (the match API). An Aadhaar number is hashed at once."""
    documents = []
    for kind, number in ((DocumentKind.PAN, pan), (DocumentKind.PASSPORT, passport)):
        key = "".join(ch for ch in (number or "").upper() if ch.isalnum())
        if key:
            documents.append((kind, key))
    if dob:
        dob_text = dob.isoformat()
    else:
        dob_text = str(birth_year) if birth_year else ""
    return MatchQuery(
        names=[name, *aliases], father_name=father_name, dob=dob_text, gender=gender_code(gender), phones=list(phones),
        aadhaar_hash=aadhaar_hash(aadhaar) if aadhaar else "", documents=documents, address=address,
    )


