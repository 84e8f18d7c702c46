"""Who among all persons may be the same individual: database retrieval, then the matching engine.

1. Retrieval, from indexes only, at most MAX_CANDIDATES person ids:
   - exact: the same phone (PersonPhone.number), the same Aadhaar (keyed hash), the same
     PAN / passport / other document number;
   - PostgreSQL: names (and aliases) similar by trigrams (`%` operator, GIN gin_trgm_ops
     indexes of migration 0002), best first; the same father's name by trigrams within
     three years of birth;
   - SQLite (the embedded default of `make run`): the same normalised name or alias, a
     name starting with the same word, or the same father's name within three years.
2. Re-ranking in Python with offenders.matching.rank_candidates, which scores each pair
   and says why ("same phone 98xxxxxx12", "similar name (0.93)", "birth years differ by 1").

Records already linked to the same identity, and pairs decided "not the same person",
are never proposed.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q, Value

from .choices import DocumentKind, MatchVerdict
from .identity import aadhaar_hash
from .matching import PersonRecord, normalize_name, rank_candidates
from .models import IdentityDocument, MatchDecision, Person, PersonAddress, PersonAlias, PersonPhone

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
        return int(self.dob[:4]) if self.dob[:4].isdigit() else None

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


def _dob_text(person: Person) -> str:
    if person.dob:
        return person.dob.isoformat()
    return str(person.birth_year) if person.birth_year else ""


def _address_text(person: Person) -> str:
    addresses = list(person.addresses.all())
    best = next((a for a in addresses if a.last_known), addresses[0] if addresses else None)
    return str(best) if best else ""


def _gender(value: str) -> str:
    return value if value in ("M", "F") else ""


def query_from_person(person: Person) -> MatchQuery:
    """The match query for a stored person (their aliases, phones, documents and last address)."""
    documents = list(person.documents.all())
    return MatchQuery(
        names=[person.name, *[alias.name for alias in person.aliases.all()]],
        father_name=person.father_name,
        dob=_dob_text(person),
        gender=_gender(person.gender),
        phones=[phone.number for phone in person.phones.all()],
        aadhaar_hash=next((d.number_hash for d in documents if d.kind == DocumentKind.AADHAAR), ""),
        documents=[(d.kind, d.number_key) for d in documents if d.kind != DocumentKind.AADHAAR],
        address=_address_text(person),
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
        names=[name, *aliases], father_name=father_name, dob=dob_text, gender=_gender(gender), phones=list(phones),
        aadhaar_hash=aadhaar_hash(aadhaar) if aadhaar else "", documents=documents, address=address,
    )


# --------------------------------------------------------------------------- retrieval


class _Budget:
    """Collects candidate ids in order of priority, up to MAX_CANDIDATES."""

    def __init__(self, limit: int):
        self.limit = limit
        self.ids: dict[int, None] = {}

    @property
    def left(self) -> int:
        return self.limit - len(self.ids)

    def add(self, ids: Iterable[int]) -> None:
        for pk in ids:
            if self.left <= 0:
                return
            self.ids.setdefault(pk, None)


def _persons(base, query: MatchQuery):
    qs = base
    if query.exclude_identity:
        qs = qs.exclude(identity_id=query.exclude_identity)
    if query.exclude_person:
        qs = qs.exclude(pk=query.exclude_person)
    return qs


def _exact_ids(base, query: MatchQuery, budget: _Budget) -> None:
    persons = _persons(base, query)
    if query.phones:
        budget.add(
            PersonPhone.objects.filter(number__in=query.phones, person__in=persons).values_list("person_id", flat=True)[
                : budget.left
            ]
        )
    ids = Q()
    if query.aadhaar_hash:
        ids |= Q(kind=DocumentKind.AADHAAR, number_hash=query.aadhaar_hash)
    for kind, number in query.documents:
        ids |= Q(kind=kind, number_key=number)
    if ids and budget.left > 0:
        budget.add(
            IdentityDocument.objects.filter(ids, person__in=persons).values_list("person_id", flat=True)[: budget.left]
        )


def _name_keys(query: MatchQuery) -> list[str]:
    return list(dict.fromkeys(key for key in (normalize_name(n) for n in query.names[:4]) if key))


def _trigram_ids(base, query: MatchQuery, budget: _Budget) -> None:
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramSimilarity

    persons = _persons(base, query)
    for key in _name_keys(query):
        if budget.left <= 0:
            return
        budget.add(
            persons.filter(TrigramSimilar(F("name_key"), Value(key)))
            .annotate(similarity=TrigramSimilarity("name_key", Value(key)))
            .order_by("-similarity", "pk")
            .values_list("pk", flat=True)[: budget.left]
        )
        budget.add(
            PersonAlias.objects.filter(TrigramSimilar(F("name_key"), Value(key)), person__in=persons)
            .annotate(similarity=TrigramSimilarity("name_key", Value(key)))
            .order_by("-similarity", "pk")
            .values_list("person_id", flat=True)[: budget.left]
        )
    father = normalize_name(query.father_name)
    year = query.birth_year
    if father and year and budget.left > 0:
        budget.add(
            persons.filter(
                TrigramSimilar(F("father_key"), Value(father)),
                birth_year__range=(year - YEAR_WINDOW, year + YEAR_WINDOW),
            )
            .annotate(similarity=TrigramSimilarity("father_key", Value(father)))
            .order_by("-similarity", "pk")
            .values_list("pk", flat=True)[: budget.left]
        )


def _simple_ids(base, query: MatchQuery, budget: _Budget) -> None:
    """The SQLite fallback: exact normalised names and aliases, first word, father + birth year."""
    persons = _persons(base, query)
    keys = _name_keys(query)
    if keys:
        budget.add(persons.filter(name_key__in=keys).values_list("pk", flat=True)[: budget.left])
        budget.add(
            PersonAlias.objects.filter(name_key__in=keys, person__in=persons).values_list("person_id", flat=True)[
                : budget.left
            ]
        )
        first_words = {key.split()[0] for key in keys if len(key.split()[0]) > 1}
        for word in sorted(first_words):
            budget.add(persons.filter(name_key__startswith=word + " ").values_list("pk", flat=True)[: budget.left])
    father = normalize_name(query.father_name)
    year = query.birth_year
    if father and year and budget.left > 0:
        budget.add(
            persons.filter(father_key=father, birth_year__range=(year - YEAR_WINDOW, year + YEAR_WINDOW)).values_list(
                "pk", flat=True
            )[: budget.left]
        )


def retrieve_candidate_ids(query: MatchQuery, *, base=None, limit: int = MAX_CANDIDATES) -> list[int]:
    """Ids of at most `limit` persons worth scoring, from indexed lookups only (exact ones first)."""
    base = Person.objects.all() if base is None else base
    budget = _Budget(limit)
    _exact_ids(base, query, budget)
    if connection.vendor == "postgresql":
        _trigram_ids(base, query, budget)
    else:
        _simple_ids(base, query, budget)
    return list(budget.ids)


# --------------------------------------------------------------------------- re-ranking


@dataclass
class _Light:
    """What re-ranking needs of a stored person, read with plain value queries (no model instances)."""

    pk: int
    name: str
    father_name: str
    dob: str
    gender: str
    aliases: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    documents: list[tuple[str, str]] = field(default_factory=list)  # (kind, number_key or hash)
    address: str = ""


def _light_from_person(person: Person) -> _Light:
    return _Light(
        pk=person.pk, name=person.name, father_name=person.father_name, dob=_dob_text(person),
        gender=_gender(person.gender), aliases=[a.name for a in person.aliases.all()],
        phones=[p.number for p in person.phones.all()],
        documents=[(d.kind, d.number_hash if d.kind == DocumentKind.AADHAAR else d.number_key)
                   for d in person.documents.all()],
        address=_address_text(person),
    )


def _load_light(ids: list[int]) -> list[_Light]:
    """Up to MAX_CANDIDATES persons for re-ranking in five value queries (persons, aliases,
    phones, documents, addresses): far cheaper than model instances with prefetches."""
    people = {
        pk: _Light(pk=pk, name=name, father_name=father, dob=(dob.isoformat() if dob else str(year or "")),
                   gender=_gender(gender))
        for pk, name, father, dob, year, gender in Person.objects.filter(pk__in=ids).values_list(
            "pk", "name", "father_name", "dob", "birth_year", "gender"
        )
    }
    for pk, name in PersonAlias.objects.filter(person_id__in=ids).order_by("pk").values_list("person_id", "name"):
        people[pk].aliases.append(name)
    for pk, number in PersonPhone.objects.filter(person_id__in=ids).order_by("pk").values_list("person_id", "number"):
        people[pk].phones.append(number)
    for pk, kind, key, digest in IdentityDocument.objects.filter(person_id__in=ids).order_by("pk").values_list(
        "person_id", "kind", "number_key", "number_hash"
    ):
        people[pk].documents.append((kind, digest if kind == DocumentKind.AADHAAR else key))
    addresses = PersonAddress.objects.filter(person_id__in=ids).order_by("person_id", "-last_known", "-from_date", "-pk")
    for pk, address, city, state in addresses.values_list("person_id", "address", "city", "state"):
        if not people[pk].address:  # the last known (or latest) address only
            people[pk].address = ", ".join(part for part in (address, city, state) if part)
    return [people[pk] for pk in ids if pk in people]


def _records(person: _Light, id_number: str) -> list[PersonRecord]:
    """One record per name the person is known by (name first, then aliases)."""
    names = [person.name, *person.aliases][:4]
    return [
        PersonRecord(
            record_id=f"{person.pk}|{i}", name=name, father_name=person.father_name, dob=person.dob,
            gender=person.gender, phones=list(person.phones), address=person.address, id_number=id_number,
        )
        for i, name in enumerate(names)
    ]


def _candidate_id(person: _Light, query: MatchQuery) -> tuple[str, str]:
    """(kind, number) of the candidate's document to compare: a kind the query has too, Aadhaar first."""
    for kind in query.id_kinds():
        for doc_kind, number in person.documents:
            if doc_kind == kind:
                return kind, (number.upper() if kind == DocumentKind.AADHAAR else number)
    return "", ""


def _query_records(query: MatchQuery, id_number: str) -> list[PersonRecord]:
    return [
        PersonRecord(
            record_id="query", name=name, father_name=query.father_name, dob=query.dob, gender=query.gender,
            phones=list(query.phones), address=query.address, id_number=id_number,
        )
        for name in query.names[:4]
        if name
    ]


@dataclass
class _Scored:
    pk: int
    score: float
    reasons: list[str]


def _rank_light(query: MatchQuery, people: list[_Light]) -> list[_Scored]:
    """Score every person against the query (each name and alias on both sides); best first."""
    groups: dict[str, list[tuple[_Light, PersonRecord]]] = {}
    for person in people:
        kind, number = _candidate_id(person, query)
        for record in _records(person, number):
            groups.setdefault(kind, []).append((person, record))
    best: dict[int, _Scored] = {}
    for kind, members in groups.items():
        by_record = {record.record_id: person for person, record in members}
        for query_record in _query_records(query, query.id_for(kind) if kind else ""):
            for record, result in rank_candidates(query_record, [r for _p, r in members], limit=len(members)):
                person = by_record[record.record_id]
                current = best.get(person.pk)
                if current is not None and result.score <= current.score:
                    continue
                reasons = list(result.reasons)
                if record.name != person.name:
                    reasons.append(f"alias “{record.name}”")
                best[person.pk] = _Scored(pk=person.pk, score=result.score, reasons=reasons)
    return sorted(best.values(), key=lambda c: (-c.score, c.pk))


def rank(query: MatchQuery, persons: list[Person], *, limit: int = 10) -> list[Candidate]:
    """Score these persons (model instances, relations prefetched) against the query; best first."""
    by_pk = {person.pk: person for person in persons}
    scored = _rank_light(query, [_light_from_person(person) for person in persons])[:limit]
    return [Candidate(person=by_pk[s.pk], score=s.score, reasons=s.reasons) for s in scored]


def _decisions(person_id: int | None, others: list[int]) -> dict[int, MatchDecision]:
    if person_id is None or not others:
        return {}
    rows = MatchDecision.objects.filter(
        Q(person_a_id=person_id, person_b_id__in=others) | Q(person_b_id=person_id, person_a_id__in=others)
    )
    return {row.other(person_id): row for row in rows}


def find_candidates(
    *, user, person: Person | None = None, query: MatchQuery | None = None, limit: int = 10,
    min_score: float = SHOW_MIN,
) -> list[Candidate]:
    """The persons most likely to be `person` (or the `query`), best first, with scores and reasons.

    Pairs decided "not the same person" are left out; pending ones carry their decision.
    """
    if query is None:
        query = query_from_person(person)
    base = Person.objects.for_user(user)
    ids = retrieve_candidate_ids(query, base=base)
    if not ids:
        return []
    scored = [s for s in _rank_light(query, _load_light(ids)) if s.score >= min_score]
    decisions = _decisions(query.exclude_person, [s.pk for s in scored])
    shown = [
        s for s in scored
        if not (s.pk in decisions and decisions[s.pk].verdict == MatchVerdict.DIFFERENT)
    ][:limit]
    # Model instances only for what is shown.
    persons = Person.objects.select_related("station").in_bulk([s.pk for s in shown])
    return [
        Candidate(person=persons[s.pk], score=s.score, reasons=s.reasons, decision=decisions.get(s.pk))
        for s in shown
        if s.pk in persons
    ]
