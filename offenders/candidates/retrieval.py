"""Retrieval: at most MAX_CANDIDATES person ids worth scoring, from indexed lookups only
(see offenders.candidates for the order of the lookups)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.db.models import F, Q, Value

from ..choices import DocumentKind
from ..matching import normalize_name
from ..models import IdentityDocument, Person, PersonAlias, PersonPhone
from .query import BROAD_AFTER_SPECIFIC, MAX_CANDIDATES, YEAR_WINDOW, MatchQuery

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


