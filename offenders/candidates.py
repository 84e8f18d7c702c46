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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import F, Q, Value

from .choices import DocumentKind, MatchVerdict
from .aadhaar import aadhaar_hash
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


#: The tier of a person whose name is not similar by trigrams (found by the father's name and the
#: birth year): after those with the name and at most one other disagreement.
NAME_DIFFERS = 1.5
#: The most persons retrieved for having the same full date of birth (best names first).
SAME_DOB_MAX = 100
#: Names up to this long are also looked up one slip of the pen away (see _one_slip).
ONE_SLIP_MAX_LENGTH = 16
#: pg_trgm's default similarity threshold (the `%` operator): a father's name at least this similar agrees.
TRIGRAM_AGREES = 0.3


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_slip(key: str) -> list[str]:
    """The key and every name one slip of the pen away: a letter replaced, dropped, added or two swapped.

    A short name ("neha", "amit", "zakir") with one slip keeps too few of its trigrams to be similar
    by them, and a slip in a common name ("ankit yadav" as "anikt yadav") can make other names look
    closer than the right one; these are looked up exactly in the b-tree index of the normalised
    names instead. Keys longer than ONE_SLIP_MAX_LENGTH are left to the trigrams.
    """
    if len(key) > ONE_SLIP_MAX_LENGTH:
        return []
    found = {key}
    for i in range(len(key) + 1):
        head, tail = key[:i], key[i:]
        found.update(head + letter + tail for letter in _LETTERS)
        if tail:
            found.add(head + tail[1:])
            if tail[0] != " ":
                found.update(head + letter + tail[1:] for letter in _LETTERS)
        if len(tail) > 1:
            found.add(head + tail[1] + tail[0] + tail[2:])
    return sorted(variant for variant in found if variant.strip() == variant and "  " not in variant)


def _full_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _tiered(
    qs, query: MatchQuery, *, person: str, name_key: str, name_agrees: bool, limit: int, one_slip: bool = False
) -> list[tuple]:
    """The best `limit` rows of `qs` (persons, or aliases with `person` = "person__") as
    (person id, tier, relevance, birth-year gap), best first.

    The tier counts the disagreements with the query among the name, the father's name and the birth
    year (those the query gives): 0 for each that agrees, 1 for each that differs, 0.5 for each the
    stored person lacks (the matching engine scores a missing father's name or birth year between an
    agreeing and a differing one), NAME_DIFFERS for a name not similar by trigrams. The relevance adds the trigram similarities of the name (1 for a name one slip
    away, `one_slip`) and of the father's name, and 1 for the same full date of birth.
    Order: lowest tier, most relevant, nearest birth year, then id.

    One statement, the rows coming from the indexes `qs` filters on. The subquery only names the
    columns: PostgreSQL flattens it (and may then share the work among parallel workers, which a
    subquery kept apart with OFFSET 0 would prevent: half as slow again for a common name among
    1,000,000 persons).
    """
    from django.contrib.postgres.search import TrigramSimilarity

    father = normalize_name(query.father_name)
    year = query.birth_year
    inner = qs.annotate(
        c_pk=F(f"{person}pk"),
        c_ns=Value(1.0) if one_slip else TrigramSimilarity("name_key", Value(name_key)),
        c_fs=TrigramSimilarity(f"{person}father_key", Value(father)) if father else Value(0.0),
        c_father=F(f"{person}father_key"),
        c_year=F(f"{person}birth_year"),
        c_dob=F(f"{person}dob"),
    ).order_by().values_list("c_pk", "c_ns", "c_fs", "c_father", "c_year", "c_dob")
    sql, params = inner.query.sql_with_params()
    tier, tier_params = ["%s"], [0.0 if name_agrees else NAME_DIFFERS]
    if father:
        tier.append("CASE WHEN c_fs >= %s THEN 0.0 WHEN c_father <> '' THEN 1.0 ELSE 0.5 END")
        tier_params.append(TRIGRAM_AGREES)
    gap, gap_params = "0", []
    if year:
        tier.append("CASE WHEN c_year BETWEEN %s AND %s THEN 0.0 WHEN c_year IS NOT NULL THEN 1.0 ELSE 0.5 END")
        tier_params += [year - YEAR_WINDOW, year + YEAR_WINDOW]
        gap, gap_params = "abs(c_year - %s)", [year]
    relevance, relevance_params = "c_ns + c_fs", []
    born = _full_date(query.dob)
    if born:
        relevance += " + CASE WHEN c_dob = %s THEN 1.0 ELSE 0.0 END"
        relevance_params.append(born)
    # Only fixed SQL fragments are joined in; every value is a parameter.
    columns = f"c_pk, ({' + '.join(tier)})::float8 AS tier, ({relevance})::float8 AS relevance, {gap} AS gap"
    statement = f"SELECT {columns} FROM ({sql}) AS c ORDER BY 2, 3 DESC, 4 NULLS LAST, 1 LIMIT %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, [*tier_params, *relevance_params, *gap_params, *params, limit])
        return cursor.fetchall()


def _trigram_ids(base, query: MatchQuery, budget: _Budget) -> None:
    """PostgreSQL: the same full date of birth; then names and aliases similar by trigrams or one slip
    away, and the same father's name within the birth years, ranked together (see _tiered), so that a
    common name shared by thousands does not crowd out the one person who also has the father's name
    and the birth year. When some persons agree on the name and on all else the query knows of the
    father's name and birth year (tier 0), the others add at most BROAD_AFTER_SPECIFIC candidates."""
    from django.contrib.postgres.lookups import TrigramSimilar

    if budget.left <= 0:
        return
    persons = _persons(base, query)
    keys = _name_keys(query)
    born = _full_date(query.dob)
    if born:
        # The same full date of birth (index of migration 0005): a few dozen persons, whatever the names
        # (a short name with a slip may keep none of its trigrams: "Raul" for Rahul).
        budget.add(row[0] for row in _tiered(
            persons.filter(dob=born), query, person="", name_key=keys[0] if keys else "", name_agrees=False,
            limit=min(budget.left, SAME_DOB_MAX),
        ))
    rows: list[tuple] = []
    for key in keys:
        similar = TrigramSimilar(F("name_key"), Value(key))
        rows += _tiered(persons.filter(similar), query, person="", name_key=key, name_agrees=True,
                        limit=budget.left)
        rows += _tiered(PersonAlias.objects.filter(similar, person__in=persons), query, person="person__",
                        name_key=key, name_agrees=True, limit=budget.left)
        slips = _one_slip(key)
        if slips:
            rows += _tiered(persons.filter(name_key__in=slips), query, person="", name_key=key, name_agrees=True,
                            limit=budget.left, one_slip=True)
            rows += _tiered(PersonAlias.objects.filter(name_key__in=slips, person__in=persons), query,
                            person="person__", name_key=key, name_agrees=True, limit=budget.left, one_slip=True)
    father = normalize_name(query.father_name)
    year = query.birth_year
    if father or year:
        specific = len({row[0] for row in rows if row[1] == 0} - set(budget.ids))
        if specific:
            budget.limit = min(budget.limit, len(budget.ids) + specific + BROAD_AFTER_SPECIFIC)
    better = {row[0] for row in rows if row[1] < NAME_DIFFERS} - set(budget.ids)
    if father and year and len(better) < budget.left:
        # A name written too differently for its trigrams, with the father's name and the birth years
        # (tier NAME_DIFFERS): only when the names that agree better leave room (this statement reads
        # every person with a similar father's name in those years: thousands for a common one).
        rows += _tiered(
            persons.filter(
                TrigramSimilar(F("father_key"), Value(father)),
                birth_year__range=(year - YEAR_WINDOW, year + YEAR_WINDOW),
            ),
            query, person="", name_key=keys[0] if keys else "", name_agrees=False, limit=budget.left,
        )
    rows.sort(key=lambda row: (row[1], -row[2], 99 if row[3] is None else row[3], row[0]))
    budget.add(row[0] for row in rows)


def _simple_ids(base, query: MatchQuery, budget: _Budget) -> None:
    """The SQLite fallback: exact normalised names and aliases, first word, father + birth year, date of birth."""
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
    born = _full_date(query.dob)
    if born and budget.left > 0:
        budget.add(persons.filter(dob=born).values_list("pk", flat=True)[: min(budget.left, SAME_DOB_MAX)])


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
