"""Reads of prior records (station-scoped, `for_user`). A person's prior records anywhere: selectors.persons."""
from __future__ import annotations

from django.db.models import F, QuerySet

from ..models import PriorRecord


def prior_record_list(*, user) -> QuerySet[PriorRecord]:
    return PriorRecord.objects.for_user(user).select_related("person", "station").order_by(
        F("arrested_on").desc(nulls_last=True), "-pk"
    )

