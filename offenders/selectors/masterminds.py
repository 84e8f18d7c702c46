"""Likely masterminds: individuals ranked by how central they are to the cases, with the reasons.

Counted per individual (all person records linked as the same identity), from what the officer's
scope reads: arrests and prior records, call centres and phones through `for_user`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import ngettext

from registry.models import CallCentrePhone

from ..choices import ArrestRole, Force
from ..models import Arrest, Person, PersonAccount, PersonPhone, PriorRecord

#: Weight of each signal in the mastermind score.
WEIGHTS = {
    "mastermind": 5.0,  # recorded as mastermind in an arrest or prior record
    "lead": 2.0,  # manager or team leader
    "busts": 2.0,  # arrested in a bust here
    "priors": 1.5,  # arrested before elsewhere
    "co_accused": 0.5,  # distinct persons arrested in the same busts
    "call_centres": 1.5,  # call centres raided in their busts, or using their phone
    "shared_phones": 1.0,  # other persons using one of their phones
    "shared_accounts": 1.5,  # other persons holding one of their accounts
}


@dataclass
class Mastermind:
    """One individual in the ranking, with the score and the reasons an officer reads."""

    person: Person
    score: float
    counts: dict[str, int]
    reasons: list[str]
    forces: list[str] = field(default_factory=list)


def _reason(signal: str, n: int, forces: list[str]) -> str:
    texts = {
        "mastermind": ngettext("recorded as mastermind in %(n)s arrest", "recorded as mastermind in %(n)s arrests", n),
        "lead": ngettext("manager or team leader in %(n)s arrest", "manager or team leader in %(n)s arrests", n),
        "busts": ngettext("arrested in %(n)s bust", "arrested in %(n)s busts", n),
        "priors": ngettext("%(n)s earlier arrest elsewhere", "%(n)s earlier arrests elsewhere", n),
        "co_accused": ngettext("co-accused with %(n)s person", "co-accused with %(n)s persons", n),
        "call_centres": ngettext("linked to %(n)s call centre", "linked to %(n)s call centres", n),
        "shared_phones": ngettext("shares a phone with %(n)s other person", "shares a phone with %(n)s other persons", n),
        "shared_accounts": ngettext(
            "shares a bank account with %(n)s other person", "shares a bank account with %(n)s other persons", n
        ),
    }
    text = texts[signal] % {"n": n}
    if signal == "priors" and forces:
        text = f"{text} ({', '.join(forces)})"
    return text


def _shared(model, field_name: str, base) -> dict[int, set[int]]:
    """For each identity, the other identities sharing one of its `field_name` values (1 query)."""
    shared_values = (
        model.objects.order_by().values(field_name).annotate(k=Count("person__identity_id", distinct=True))
        .filter(k__gt=1).values(field_name)
    )
    holders: dict[str, set[int]] = defaultdict(set)
    for identity, value in base.filter(**{f"{field_name}__in": shared_values}).values_list(
        "person__identity_id", field_name
    ):
        holders[value].add(identity)
    others: dict[int, set[int]] = defaultdict(set)
    for identities in holders.values():
        for identity in identities:
            others[identity] |= identities - {identity}
    return others


def _signal_counts(user) -> tuple[dict[int, dict[str, int]], dict[int, list[str]]]:
    """Every signal, per identity, in 7 queries whatever the number of persons."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lead_roles = [ArrestRole.MANAGER, ArrestRole.TEAM_LEADER]
    # 1. Arrests here: busts, roles, distinct co-accused (the person themself is counted, hence -1).
    for row in Arrest.objects.for_user(user).order_by().values("person__identity_id").annotate(
        busts=Count("bust_id", distinct=True),
        mastermind=Count("pk", filter=Q(role=ArrestRole.MASTERMIND), distinct=True),
        lead=Count("pk", filter=Q(role__in=lead_roles), distinct=True),
        co=Count("bust__arrests__person__identity_id", distinct=True),
    ):
        c = counts[row["person__identity_id"]]
        c["busts"] += row["busts"]
        c["mastermind"] += row["mastermind"]
        c["lead"] += row["lead"]
        c["co_accused"] += max(row["co"] - 1, 0)
    # 2. Prior records: arrests elsewhere, roles, and which forces.
    forces: dict[int, list[str]] = defaultdict(list)
    for identity, role, force_label in PriorRecord.objects.for_user(user).values_list(
        "person__identity_id", "role", "force"
    ):
        c = counts[identity]
        c["priors"] += 1
        c["mastermind"] += role == ArrestRole.MASTERMIND
        c["lead"] += role in lead_roles
        if force_label not in forces[identity]:
            forces[identity].append(force_label)
    # 3-4. Call centres: raided in their busts, or using one of their phones (call centres in scope).
    centres: dict[int, set[int]] = defaultdict(set)
    for identity, centre in (
        Arrest.objects.for_user(user).filter(bust__call_centre__isnull=False)
        .values_list("person__identity_id", "bust__call_centre_id").distinct()
    ):
        centres[identity].add(centre)
    centre_phones: dict[str, set[int]] = defaultdict(set)
    for number, centre in CallCentrePhone.objects.for_user(user).filter(
        number__in=PersonPhone.objects.values("number")
    ).values_list("number", "call_centre_id"):
        centre_phones[number].add(centre)
    for identity, number in PersonPhone.objects.filter(
        number__in=CallCentrePhone.objects.for_user(user).values("number")
    ).values_list("person__identity_id", "number"):
        centres[identity] |= centre_phones[number]
    for identity, ids in centres.items():
        counts[identity]["call_centres"] = len(ids)
    # 5-6. Phones and accounts shared with other individuals.
    for identity, others in _shared(PersonPhone, "number", PersonPhone.objects.for_user(user)).items():
        counts[identity]["shared_phones"] = len(others)
    for identity, others in _shared(PersonAccount, "identifier", PersonAccount.objects.for_user(user)).items():
        counts[identity]["shared_accounts"] = len(others)
    return counts, forces


def likely_masterminds(*, user, limit: int = 50) -> list[Mastermind]:
    """Individuals ranked by how central they are to the cases, best first, with their reasons.

    The score adds weighted signals (WEIGHTS): roles recorded at arrest (mastermind, manager,
    team leader), busts and earlier arrests elsewhere, co-accused, call centres linked to them,
    and phones or accounts shared with other persons. A constant number of queries (9).
    """
    counts, forces = _signal_counts(user)
    force_labels = dict(Force.choices)
    scored = []
    for identity, c in counts.items():
        score = sum(WEIGHTS[signal] * n for signal, n in c.items())
        if score > 0:
            scored.append((round(score, 1), identity))
    scored.sort(key=lambda item: (-item[0], item[1]))
    top = scored[:limit]
    heads: dict[int, Person] = {}
    for person in (
        Person.objects.for_user(user).filter(identity_id__in=[i for _s, i in top])
        .select_related("station").prefetch_related("photos").order_by("identity_id", "pk")
    ):
        heads.setdefault(person.identity_id, person)
    out = []
    for score, identity in top:
        if identity not in heads:
            continue
        c = counts[identity]
        labels = [str(force_labels.get(f, f)) for f in forces.get(identity, [])]
        signals = sorted((s for s, n in c.items() if n), key=lambda s: (-WEIGHTS[s] * c[s], s))
        out.append(
            Mastermind(
                person=heads[identity], score=score, counts=dict(c), forces=labels,
                reasons=[_reason(s, c[s], labels) for s in signals],
            )
        )
    return out

