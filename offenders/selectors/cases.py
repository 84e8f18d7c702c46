"""The rule for other stations' busts: what a police officer sees of a bust through a person.

Persons are readable city-wide by every police role (the shared list of repeat offenders), and a
person's arrests are read through the person: on the person page, in the network and in the
bulletin. A bust itself stays station-scoped (its page, its documents and `/api/busts/` answer
404 outside the officer's scope). So, of a bust **outside** the officer's scope, what may be seen
through a person is exactly `SHARED_BUST_FIELDS`:

- the station, the FIR number (and its year) and the raid date: to know whom to ask;
- the sections of law: to know what the case was about;
- the co-accused (the other persons arrested in it, with their role): persons are readable anyway,
  and who was arrested together is what links a repeat offender to a gang.

Never, through a person: `WITHHELD_BUST_FIELDS` — the narrative, the documents, the victims (count
and countries), what was seized and the money involved, the place, the modus operandi, the call
centre raided (a call centre outside the officer's scope is absent, as everywhere) and who recorded
it. Those are the investigating station's, and are asked for through it.

Every field of `Bust` is in exactly one of the two lists (a test fails when a new field is added
without deciding), and `case_summaries` is the only reader that builds what the person page shows.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Value, When

from core.access import scope_filter, user_scope

from ..models import Arrest, Bust

SHARED_BUST_FIELDS = frozenset({"id", "station", "fir_number", "fir_year", "raid_date", "sections", "co_accused"})

WITHHELD_BUST_FIELDS = frozenset({
    "call_centre", "place", "modus_operandi", "victim_count", "victim_countries", "money_involved",
    "computers_seized", "phones_seized", "sim_cards_seized", "cash_seized", "narrative", "documents",
    "recorded_by", "created_at", "updated_at",
})


@dataclass(frozen=True)
class CoAccused:
    person_id: int
    name: str
    role: str


@dataclass(frozen=True)
class CaseSummary:
    """What may be seen of one bust through a person (whatever the officer's scope)."""

    bust_id: int
    station: str
    fir_number: str
    raid_date: object
    sections: tuple[str, ...]
    co_accused: tuple[CoAccused, ...]
    readable: bool  # the bust itself is in the officer's scope: its page may be linked


def readable_annotation(user):
    """`readable`: True where the bust is in the user's scope (one CASE, no extra query)."""
    condition = scope_filter(Bust.scope_paths, user_scope(user))
    if condition is None:
        return Value(True, output_field=BooleanField())
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def case_summaries(*, user, bust_ids, person_identity: int | None = None) -> dict[int, CaseSummary]:
    """The shared fields of these busts, by bust id, in 3 queries whatever their number.

    `person_identity` leaves the person's own records out of each bust's co-accused.
    """
    ids = sorted({int(pk) for pk in bust_ids if pk is not None})
    if not ids:
        return {}
    busts = list(
        Bust.objects.filter(pk__in=ids)
        .select_related("station")
        .annotate(readable=readable_annotation(user))
        .only("pk", "fir_number", "raid_date", "station__name")
    )
    sections: dict[int, list[str]] = defaultdict(list)
    for link in Bust.sections.through.objects.filter(bust_id__in=ids).select_related("lawsection").order_by(
        "lawsection__code", "lawsection__section"
    ):
        sections[link.bust_id].append(str(link.lawsection))
    co_accused: dict[int, list[CoAccused]] = defaultdict(list)
    arrests = Arrest.objects.filter(bust_id__in=ids).select_related("person").order_by("person__name", "pk")
    if person_identity is not None:
        arrests = arrests.exclude(person__identity_id=person_identity)
    for arrest in arrests:
        co_accused[arrest.bust_id].append(
            CoAccused(person_id=arrest.person_id, name=arrest.person.name, role=arrest.get_role_display())
        )
    return {
        bust.pk: CaseSummary(
            bust_id=bust.pk, station=bust.station.name, fir_number=bust.fir_number, raid_date=bust.raid_date,
            sections=tuple(sections[bust.pk]), co_accused=tuple(co_accused[bust.pk]), readable=bust.readable,
        )
        for bust in busts
    }
