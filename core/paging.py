"""Pages of long lists: an exact count while it is cheap, PostgreSQL's estimate above LIST_ESTIMATE_COUNT_ABOVE.

Counting exactly means reading every matching row: 200,000 call centres of a state cost tens of
milliseconds, 2,000,000 of the country hundreds, on every page. Above the threshold the count is
the planner's estimate for the same query (EXPLAIN, from the table statistics: no row is read)
and the page says "about". The threshold is checked against the table's size first
(pg_class.reltuples, kept per process for TABLE_SIZE_SECONDS), so small registries — and the
tests, where the setting is 0 (off) — count exactly with no extra query.
"""
from __future__ import annotations

import json
import time

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

TABLE_SIZE_SECONDS = 600
_table_sizes: dict[tuple[str, str], tuple[float, float]] = {}


def _threshold() -> int:
    return int(getattr(settings, "LIST_ESTIMATE_COUNT_ABOVE", 0) or 0)


def table_size(queryset: QuerySet) -> float:
    """The planner's idea of the table's row count (pg_class.reltuples), cached per process."""
    key = (queryset.db, queryset.model._meta.db_table)
    cached = _table_sizes.get(key)
    if cached and time.monotonic() - cached[1] < TABLE_SIZE_SECONDS:
        return cached[0]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [key[1]])
        row = cursor.fetchone()
    size = float(row[0]) if row else 0.0
    _table_sizes[key] = (size, time.monotonic())
    return size


def estimated_rows(queryset: QuerySet) -> int:
    """How many rows PostgreSQL's planner expects the queryset to return (EXPLAIN; nothing is read)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()  # no columns, joins or flags to plan
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A Paginator whose count is the planner's estimate for very long lists (`estimated` then True)."""

    estimated = False

    @cached_property
    def count(self) -> int:
        limit, qs = _threshold(), self.object_list
        if (limit and isinstance(qs, QuerySet) and connections[qs.db].vendor == "postgresql"
                and table_size(qs) > limit):
            estimate = estimated_rows(qs)
            if estimate > limit:
                self.estimated = True
                return estimate
        return super().count
