"""Writes for matching persons: the review queue, same / not the same decisions, and identities."""
from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _g

from core.access import CHANGE, VIEW
from core.permissions import may, require

from ..candidates import REVIEW_MIN, find_candidates
from ..choices import MatchVerdict
from ..models import Identity, MatchDecision, Person
from .common import clean_text

PERM_DECIDE = "offenders.decide_match"


PERM_REVIEW = "offenders.review_match"


def _ordered(person: Person, other: Person) -> tuple[Person, Person]:
    if person.pk == other.pk:
        raise ValidationError(_g("A record cannot be matched with itself."))
    return (person, other) if person.pk < other.pk else (other, person)


def match_check_may_decide(actor, person: Person, other: Person) -> None:
    """PermissionDenied unless the actor may decide this pair. Deciding needs the permission, both records readable, and one of them the actor's (or the review right)."""
    if not may(actor, PERM_REVIEW):
        require(actor, PERM_DECIDE)
    readable = Person.objects.for_user(actor, VIEW).filter(pk__in=[person.pk, other.pk]).count()
    if readable != 2:
        raise PermissionDenied(_g("Unknown person."))
    if may(actor, PERM_REVIEW):
        return
    if not Person.objects.for_user(actor, CHANGE).filter(pk__in=[person.pk, other.pk]).exists():
        raise PermissionDenied(
            _g("Only the station of one of the two records, or the cyber crime team, may decide this match.")
        )


def match_check(*, actor, person: Person) -> list:
    """Search all persons for `person`'s individual and queue the undecided possible matches.

    Candidates scoring at least REVIEW_MIN with no decision yet become PENDING decisions:
    the review queue of the cyber crime team. Returns the candidates (best first) for the
    page to show. Nothing is linked automatically.
    """
    candidates = find_candidates(user=actor, person=person)
    for candidate in candidates:
        if candidate.score < REVIEW_MIN or candidate.decision is not None:
            continue
        a, b = _ordered(person, candidate.person)
        decision, created = MatchDecision.objects.get_or_create(
            person_a=a, person_b=b,
            defaults={"verdict": MatchVerdict.PENDING, "score": round(candidate.score, 4), "reasons": candidate.reasons},
        )
        candidate.decision = decision
    return candidates


@transaction.atomic
def match_decide(
    *, actor, person: Person, other: Person, verdict: str, score: float | None = None, reasons: Iterable[str] = (),
    note: str = "",
) -> MatchDecision:
    """Decide whether two records are the same individual; SAME links them into one identity.

    Changing a SAME decision to DIFFERENT splits the identity again. Every decision is kept
    (one row per pair, with its history), and DIFFERENT pairs are never proposed again.
    """
    if verdict not in (MatchVerdict.SAME, MatchVerdict.DIFFERENT):
        raise ValidationError({"verdict": _g("Choose “same person” or “not the same person”.")})
    match_check_may_decide(actor, person, other)
    a, b = _ordered(person, other)
    decision = MatchDecision.objects.select_for_update().filter(person_a=a, person_b=b).first()
    if decision is None:
        decision = MatchDecision(person_a=a, person_b=b)
    decision.verdict = verdict
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.note = clean_text(note)[:300]
    if score is not None:
        decision.score = round(float(score), 4)
    if reasons:
        decision.reasons = [str(r)[:200] for r in reasons][:20]
    decision.full_clean()
    decision.save()
    identity_rebuild(persons=[a, b])
    return decision


def match_confirm(*, actor, person: Person, other: Person, **kwargs) -> MatchDecision:
    """The two records are the same individual: link them (and everything linked to them)."""
    return match_decide(actor=actor, person=person, other=other, verdict=MatchVerdict.SAME, **kwargs)


def match_reject(*, actor, person: Person, other: Person, **kwargs) -> MatchDecision:
    """The two records are different people: remembered, never proposed again."""
    return match_decide(actor=actor, person=person, other=other, verdict=MatchVerdict.DIFFERENT, **kwargs)


@transaction.atomic
def match_undo(*, actor, decision: MatchDecision, note: str = "") -> MatchDecision:
    """Undo a decision: the pair goes back to the review queue (a link is removed)."""
    decision = MatchDecision.objects.select_for_update().select_related("person_a", "person_b").get(pk=decision.pk)
    match_check_may_decide(actor, decision.person_a, decision.person_b)
    if decision.verdict == MatchVerdict.PENDING:
        return decision
    decision.verdict = MatchVerdict.PENDING
    decision.decided_by = actor
    decision.decided_at = timezone.now()
    decision.note = clean_text(note)[:300]
    decision.save()
    identity_rebuild(persons=[decision.person_a, decision.person_b])
    return decision


def _same_edges(person_ids: set[int]) -> dict[int, set[int]]:
    edges: dict[int, set[int]] = {pk: set() for pk in person_ids}
    rows = MatchDecision.objects.filter(verdict=MatchVerdict.SAME).filter(
        Q(person_a_id__in=person_ids) | Q(person_b_id__in=person_ids)
    ).values_list("person_a_id", "person_b_id")
    for a, b in rows:
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    return edges


def identity_rebuild(*, persons: Iterable[Person]) -> None:
    """Make identities equal the groups of records joined by SAME decisions, around these persons.

    Looks at the persons given, everyone sharing their identities and everyone reachable
    through SAME decisions; gives each group one identity (keeping the one of its oldest
    record when it can), and deletes identities left without records. Person rows are
    saved one by one, so every identity change is in their history.
    """
    affected: set[int] = set()
    frontier = {p.pk for p in persons}
    while frontier:
        affected |= frontier
        identities = Person.objects.filter(pk__in=frontier).values_list("identity_id", flat=True)
        same_identity = set(Person.objects.filter(identity_id__in=identities).values_list("pk", flat=True))
        edges = _same_edges(frontier)
        reached = same_identity | {other for pk in frontier for other in edges.get(pk, ())}
        frontier = reached - affected
    rows = list(Person.objects.select_for_update().filter(pk__in=affected).order_by("pk"))
    by_pk = {row.pk: row for row in rows}
    edges = _same_edges(affected)
    seen: set[int] = set()
    used: set[int] = set()
    old_identities = {row.identity_id for row in rows}
    for row in rows:  # in pk order: the oldest record of each group keeps its identity
        if row.pk in seen:
            continue
        group, stack = [], [row.pk]
        while stack:
            pk = stack.pop()
            if pk in seen or pk not in by_pk:
                continue
            seen.add(pk)
            group.append(by_pk[pk])
            stack.extend(edges.get(pk, ()))
        identity_id = row.identity_id if row.identity_id not in used else Identity.objects.create().pk
        used.add(identity_id)
        for member in group:
            if member.identity_id != identity_id:
                member.identity_id = identity_id
                member.save(update_fields=["identity", "updated_at"])
    for orphan in Identity.objects.filter(pk__in=old_identities - used, persons__isnull=True):
        orphan.delete()

