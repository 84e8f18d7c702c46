"""Reads of match decisions: the cyber crime team's review queue."""
from __future__ import annotations

from django.db.models import F, QuerySet

from ..choices import MatchVerdict
from ..models import MatchDecision


def review_queue(*, user) -> QuerySet[MatchDecision]:
    """Possible matches awaiting review, highest score first (1 query + count)."""
    return (
        MatchDecision.objects.for_user(user)
        .filter(verdict=MatchVerdict.PENDING)
        .select_related("person_a__station", "person_b__station")
        .order_by(F("score").desc(nulls_last=True), "pk")
    )

