"""Who among all persons may be the same individual: database retrieval, then the matching engine.

1. Retrieval, from indexes only, at most MAX_CANDIDATES person ids:
   - exact: the same phone (PersonPhone.number), the same Aadhaar (keyed hash), the same
     PAN / passport / other document number;
   - PostgreSQL: the same full date of birth (b-tree index of migration 0005), at most
     SAME_DOB_MAX; then names (and aliases) similar by trigrams (`%` operator, GIN
     gin_trgm_ops indexes of migration 0002) or one slip of the pen away (b-tree on the
     normalised names), and the same father's name by trigrams within three years of
     birth, all ranked together: first those that agree on the name, the father's name
     and the birth year, then those with fewer agreements (see _tiered). With 1,000,000
     persons a common name is shared by thousands: ranked by the name alone, the one who
     also has the father's name and the birth year fell outside the candidates. When some
     agree on everything the query gives, the others are kept to BROAD_AFTER_SPECIFIC
     (each candidate costs loading and scoring);
   - SQLite (the embedded default of `make run`): the same normalised name or alias, a
     name starting with the same word, the same father's name within three years, or the
     same date of birth.
2. Re-ranking in Python with offenders.matching.rank_candidates, which scores each pair
   and says why ("same phone 98xxxxxx12", "similar name (0.93)", "birth years differ by 1").

Records already linked to the same identity, and pairs decided "not the same person",
are never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from ..choices import DocumentKind, MatchVerdict
from ..matching import PersonRecord, rank_candidates
from ..models import IdentityDocument, MatchDecision, Person, PersonAddress, PersonAlias, PersonPhone
from .query import (
    BROAD_AFTER_SPECIFIC,
    LIKELY_MATCH,
    MAX_CANDIDATES,
    REVIEW_MIN,
    SHOW_MIN,
    Candidate,
    MatchQuery,
    gender_code,
    person_address_text,
    person_dob_text,
    query_from_input,
    query_from_person,
)
from .retrieval import retrieve_candidate_ids

__all__ = [
    "BROAD_AFTER_SPECIFIC", "LIKELY_MATCH", "MAX_CANDIDATES", "REVIEW_MIN", "SHOW_MIN", "Candidate", "MatchQuery",
    "find_candidates", "query_from_input", "query_from_person", "rank", "retrieve_candidate_ids",
]


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
        pk=person.pk, name=person.name, father_name=person.father_name, dob=person_dob_text(person),
        gender=gender_code(person.gender), aliases=[a.name for a in person.aliases.all()],
        phones=[p.number for p in person.phones.all()],
        documents=[(d.kind, d.number_hash if d.kind == DocumentKind.AADHAAR else d.number_key)
                   for d in person.documents.all()],
        address=person_address_text(person),
    )


def _load_light(ids: list[int]) -> list[_Light]:
    """Up to MAX_CANDIDATES persons for re-ranking in five value queries (persons, aliases,
    phones, documents, addresses): far cheaper than model instances with prefetches."""
    people = {
        pk: _Light(pk=pk, name=name, father_name=father, dob=(dob.isoformat() if dob else str(year or "")),
                   gender=gender_code(gender))
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
