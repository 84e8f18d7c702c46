"""Finding the same call centre reported twice, or by two stations.

Candidates share a normalised address (premises.address_key), a phone number, an operating
company (company_key), or have a similar name (`names_similar`) at the same premises or in
the same locality.

`names_similar` is THE rule for "similar names" in the registry: the duplicates page, a
record's page, the merge page and the import's check (registry/imports/checking.py) use it.

No all-pairs scan: each key is grouped in SQL (GROUP BY key HAVING count >= 2, on indexed
columns) and pairs are formed only inside those groups; names are compared only within a
locality. A group larger than MAX_GROUP (a company with many branches, a tower with many
tenants) says little about any one pair, so it is skipped rather than flooding the list.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Prefetch, Q, QuerySet
from rapidfuzz import fuzz, process

from ..choices import CallCentreStatus, DuplicateReason
from ..models import CallCentre, CallCentrePhone, NotDuplicate

#: Two name keys are similar from this rapidfuzz token_set_ratio on (0-100) ...
NAME_SIMILARITY = 85
#: ... and only when they carry the same numbers ("Star Support 2" is not "Star Support 3").
NAME_SCORER = fuzz.token_set_ratio
MAX_GROUP = 25

#: Reasons that are strong on their own; an address alone is weak when the stays did not overlap.
STRONG = {DuplicateReason.PHONE, DuplicateReason.NAME_PREMISES, DuplicateReason.NAME_LOCALITY, DuplicateReason.COMPANY}


def name_numbers(key: str) -> tuple[str, ...]:
    """The numbers of a name key (name keys are [a-z0-9 ])."""
    return tuple(word for word in key.split() if not word.isalpha())


def names_similar(a: str, b: str) -> bool:
    """THE "similar name" rule: the same numbers, and a token_set_ratio of at least NAME_SIMILARITY."""
    return bool(a and b) and name_numbers(a) == name_numbers(b) and NAME_SCORER(a, b) >= NAME_SIMILARITY


def most_similar_name(key: str, choices: list[str]) -> int | None:
    """The index of the choice most similar to `key` by `names_similar`, or None (rapidfuzz in C++)."""
    numbers = name_numbers(key)
    for _choice, _score, index in process.extract(
        key, choices, scorer=NAME_SCORER, score_cutoff=NAME_SIMILARITY, limit=None
    ):
        if name_numbers(choices[index]) == numbers:
            return index
    return None


@dataclass
class DuplicateCandidate:
    """Two records that may be one call centre, and why."""

    a: CallCentre
    b: CallCentre
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [str(DuplicateReason(r).label) for r in self.reasons]

    @property
    def stations_differ(self) -> bool:
        return self.a.station_id != self.b.station_id


def _live(user) -> QuerySet[CallCentre]:
    return CallCentre.objects.for_user(user).exclude(status=CallCentreStatus.MERGED)


def _pairs_in_groups(rows, pairs: dict, reason: str) -> None:
    """rows: (call_centre_id, key). Adds every pair sharing a key (groups up to MAX_GROUP)."""
    groups: dict[str, set[int]] = defaultdict(set)
    for pk, key in rows:
        groups[key].add(pk)
    for members in groups.values():
        if 2 <= len(members) <= MAX_GROUP:
            for a, b in combinations(sorted(members), 2):
                pairs[(a, b)].add(reason)


def _grouped(base: QuerySet, key: str, *, text: bool = True) -> QuerySet:
    """Keys shared by at least two records (one GROUP BY, inlined as a subquery)."""
    if text:
        base = base.exclude(**{key: ""})
    return (
        base.exclude(**{f"{key}__isnull": True})
        .values(key)
        .annotate(n=Count("pk", distinct=True))
        .filter(n__gte=2)
        .values(key)
    )


def _name_pairs(base: QuerySet, pairs: dict) -> None:
    """Similar names within each locality (the only place names are compared)."""
    localities = _grouped(base, "premises__locality_id", text=False)
    rows = (
        base.filter(premises__locality_id__in=localities)
        .exclude(name_key="")
        .values_list("pk", "name_key", "premises_id", "premises__locality_id")
        .order_by("premises__locality_id", "pk")
    )
    by_locality: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for pk, key, premises_id, locality_id in rows:
        by_locality[locality_id].append((pk, key, premises_id))
    for members in by_locality.values():
        names = [m[1] for m in members]
        for i, name in enumerate(names[:-1]):
            # rapidfuzz compares one name with the rest of the locality in C++ (no numpy needed).
            numbers = name_numbers(name)
            for _choice, _score, offset in process.extract(
                name, names[i + 1:], scorer=NAME_SCORER, score_cutoff=NAME_SIMILARITY, limit=None
            ):
                if name_numbers(names[i + 1 + offset]) != numbers:
                    continue  # the same rule as names_similar
                a, b = members[i], members[i + 1 + offset]
                reason = DuplicateReason.NAME_PREMISES if a[2] == b[2] else DuplicateReason.NAME_LOCALITY
                pairs[tuple(sorted((a[0], b[0])))].add(reason)


def _stays_overlap(a, b) -> bool:
    """False when one left before the other started (successive tenants, not one call centre).
    a, b: call centres, or rows with started_on and ended_on."""
    if a.ended_on and b.started_on and a.ended_on <= b.started_on:
        return False
    return not (b.ended_on and a.started_on and b.ended_on <= a.started_on)


def duplicate_pairs(*, user) -> dict[tuple[int, int], set[str]]:
    """(smaller pk, larger pk) -> reasons, for every candidate pair within the user's scope."""
    base = _live(user)
    pairs: dict[tuple[int, int], set[str]] = defaultdict(set)
    addresses = _grouped(base, "premises__address_key")
    _pairs_in_groups(
        base.filter(premises__address_key__in=addresses).values_list("pk", "premises__address_key"),
        pairs, DuplicateReason.ADDRESS,
    )
    companies = _grouped(base, "company_key")
    _pairs_in_groups(base.filter(company_key__in=companies).values_list("pk", "company_key"), pairs, DuplicateReason.COMPANY)
    phones = (
        CallCentrePhone.objects.filter(call_centre__in=base)
        .values("number")
        .annotate(n=Count("call_centre", distinct=True))
        .filter(n__gte=2)
        .values("number")
    )
    _pairs_in_groups(
        CallCentrePhone.objects.filter(call_centre__in=base, number__in=phones).values_list("call_centre_id", "number"),
        pairs, DuplicateReason.PHONE,
    )
    _name_pairs(base, pairs)
    for pair in NotDuplicate.objects.values_list("a_id", "b_id"):  # judged different: never proposed again
        pairs.pop(pair, None)
    return pairs


def _order(reasons: set[str]) -> list[str]:
    return [r for r in DuplicateReason.values if r in reasons]


def duplicate_candidates(*, user, limit: int = 200) -> list[DuplicateCandidate]:
    """Candidate pairs for the duplicates page, the most reasons first (two stations before one).

    Pairs whose only link is the address and whose stays did not overlap are successive
    tenants (premises churn), not duplicates, and are left out. Sorting reads a few columns of
    every record involved; only the records of the pairs shown are loaded whole (one query
    plus their phones).
    """
    pairs = duplicate_pairs(user=user)
    ids = {pk for pair in pairs for pk in pair}
    # Plain tuples with the five fields the ranking reads: building a model object per record cost
    # half the page at state scale (110,000 records in pairs).
    brief = {
        row.pk: row
        for row in CallCentre.objects.filter(pk__in=ids)
        .values_list("pk", "station_id", "name", "started_on", "ended_on", named=True)
    }
    ranked = []
    for (a_id, b_id), reasons in pairs.items():
        a, b = brief[a_id], brief[b_id]
        if not (reasons & STRONG) and not _stays_overlap(a, b):
            continue
        ranked.append((-len(reasons), a.station_id == b.station_id, a.name.casefold(), b_id, a_id, reasons))
    ranked.sort()
    shown = ranked[:limit]
    records = {
        cc.pk: cc
        for cc in CallCentre.objects.filter(pk__in={r[3] for r in shown} | {r[4] for r in shown})
        .select_related("station", "premises__locality")
        .prefetch_related(Prefetch("phones", queryset=CallCentrePhone.objects.order_by("number")))
    }
    return [DuplicateCandidate(a=records[a_id], b=records[b_id], reasons=_order(reasons))
            for *_k, b_id, a_id, reasons in shown]


def pair_reasons(a: CallCentre, b: CallCentre) -> list[str]:
    """Why these two records may be one call centre (for the merge page), computed directly."""
    reasons = set()
    if a.premises_id and b.premises_id:
        if a.premises.address_key and a.premises.address_key == b.premises.address_key:
            reasons.add(DuplicateReason.ADDRESS)
    if {p.number for p in a.phones.all()} & {p.number for p in b.phones.all()}:
        reasons.add(DuplicateReason.PHONE)
    if a.company_key and a.company_key == b.company_key:
        reasons.add(DuplicateReason.COMPANY)
    if names_similar(a.name_key, b.name_key):
        if a.premises_id and a.premises_id == b.premises_id:
            reasons.add(DuplicateReason.NAME_PREMISES)
        elif a.premises_id and b.premises_id and a.premises.locality_id == b.premises.locality_id:
            reasons.add(DuplicateReason.NAME_LOCALITY)
    return _order(reasons)


def judged_different(*, user, limit: int = 20) -> list[NotDuplicate]:
    """The latest pairs judged to be different call centres (the duplicates page), with their records."""
    return list(NotDuplicate.objects.for_user(user).select_related("a__station", "b__station", "decided_by")[:limit])


def _judged_different(pk: int) -> QuerySet:
    """Ids of the records judged different call centres from record `pk` (a subquery)."""
    from django.db.models import Case, F, When

    return (
        NotDuplicate.objects.filter(Q(a_id=pk) | Q(b_id=pk))
        .annotate(other=Case(When(a_id=pk, then=F("b_id")), default=F("a_id")))
        .values("other")
    )


def duplicates_of(*, user, call_centre: CallCentre, limit: int = 20) -> list[DuplicateCandidate]:
    """Possible duplicates of one record (its page), looked up by its own keys through the indexes."""
    base = _live(user).exclude(pk=call_centre.pk).exclude(pk__in=_judged_different(call_centre.pk))
    condition = Q(pk__in=[])
    if call_centre.premises_id and call_centre.premises.address_key:
        condition |= Q(premises__address_key=call_centre.premises.address_key)
    numbers = [p.number for p in call_centre.phones.all()]
    if numbers:
        condition |= Q(pk__in=CallCentrePhone.objects.filter(number__in=numbers).values("call_centre_id"))
    if call_centre.company_key:
        condition |= Q(company_key=call_centre.company_key)
    if call_centre.premises_id and call_centre.name_key:
        condition |= Q(premises__locality_id=call_centre.premises.locality_id)
    others = base.filter(condition).select_related("station", "premises__locality").prefetch_related("phones")[:500]
    out = []
    for other in others:
        reasons = pair_reasons(call_centre, other)
        if not reasons or (not (set(reasons) & STRONG) and not _stays_overlap(call_centre, other)):
            continue
        out.append(DuplicateCandidate(a=call_centre, b=other, reasons=reasons))
    out.sort(key=lambda c: -len(c.reasons))
    return out[:limit]


def likely_duplicates_of_new(*, user, address: str, locality, phones, limit: int = 10) -> list[DuplicateCandidate]:
    """Before registering: live call centres in the user's scope at the same premises (the one
    "same premises" rule, services.premises.premises_matching) or sharing a phone number, with the
    reasons, most reasons first (two queries: the rows, their phones)."""
    from core.phones import normalize_phone

    from ..addresses import normalize_address
    from ..services.premises import premises_matching

    condition = Q(pk__in=[])
    premises_ids: set[int] = set()
    if locality is not None and address:
        key = normalize_address(address, locality=locality.name).key
        if key:
            premises_ids = set(premises_matching(locality_id=locality.pk, keys=[key]).values_list("pk", flat=True))
            condition |= Q(premises_id__in=premises_ids)
    numbers = {n for n in (normalize_phone(p) for p in phones or []) if n}
    if numbers:
        condition |= Q(pk__in=CallCentrePhone.objects.filter(number__in=numbers).values("call_centre_id"))
    if not premises_ids and not numbers:
        return []
    rows = (_live(user).filter(condition).select_related("station", "premises__locality")
            .prefetch_related("phones").order_by("name", "pk")[:limit])
    out = []
    for row in rows:
        reasons = []
        if row.premises_id in premises_ids:
            reasons.append(DuplicateReason.ADDRESS)
        if numbers & {p.number for p in row.phones.all()}:
            reasons.append(DuplicateReason.PHONE)
        out.append(DuplicateCandidate(a=row, b=row, reasons=reasons))
    out.sort(key=lambda c: -len(c.reasons))
    return out
