"""Fast, audited bulk inserts: rows of any model, and for models with simple_history their "+" history rows.

Generic: a model (its table and concrete columns), a list of rows (dicts of attribute names),
and, when the model is audited, its historical table. On PostgreSQL the rows and their
history rows go in with COPY; elsewhere with simple_history's `bulk_create_with_history`.
tests/core/test_bulk.py proves, field by field, that both paths write the same history rows.
"""
from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: str) -> str:
    """A text value escaped for COPY's text format."""
    return value.translate(_COPY_ESCAPES)


#: json.dumps(v, ensure_ascii=False) without building a new encoder for every value (as dumps
#: does whenever it is given an option); the same text.
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def _copy_formatter(field) -> Callable[[Any], str]:
    """How one field's value is written in COPY's text format (\\N is NULL)."""
    from django.db import models as m

    if isinstance(field, m.JSONField):
        return lambda v: "\\N" if v is None else copy_text(_json_text(v))
    if isinstance(field, m.BooleanField):
        return lambda v: "\\N" if v is None else ("t" if v else "f")
    if isinstance(field, m.DateTimeField | m.DateField | m.TimeField):
        return lambda v: "\\N" if v is None else v.isoformat()
    if isinstance(field, m.IntegerField | m.ForeignKey):
        # Ids and counts: an int needs no escaping (anything else is escaped as text).
        return lambda v: "\\N" if v is None else (str(v) if v.__class__ is int else copy_text(str(v)))
    return lambda v: "\\N" if v is None else str(v).translate(_COPY_ESCAPES)


class BulkWriter:
    """Inserts new rows of one model, and for audited models their "+" history rows, in bulk.

    PostgreSQL: ids come from the table's sequence (one query per call), then the rows and
    their history rows are loaded with COPY (the fastest way in, ~10× Django's bulk_create
    for 100,000 rows; COPY runs on the driver's cursor, so it is not in Django's query log).
    Other databases (the SQLite of `make run`): `bulk_create_with_history`. Either way each
    history row carries the actor, one date and the audit columns (`current_audit_attrs()`),
    exactly as bulk_create_with_history(custom_historical_attrs=...) would write them.
    Rows are dicts of attribute names (`station_id`, not `station`); missing fields take their
    default; created_at/updated_at take `now`.
    """

    use_copy = True  # tests switch it off to exercise the portable path on PostgreSQL
    copies = 0  # COPY statements issued (reported by the benchmark)
    batch_size = 1000  # rows per INSERT on the portable path

    def __init__(self, model, *, actor=None, now=None, audit: dict | None = None):
        self.model = model
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.actor, self.now, self.audit = actor, now or timezone.now(), audit or {}
        self.history = model.history.model if hasattr(model, "history") else None
        self._sequence: str | None = None
        self.defaults = {}
        for f in self.fields:
            if f.attname == "id":
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = self.now
            elif f.has_default():
                self.defaults[f.attname] = f.get_default()
            else:
                self.defaults[f.attname] = None if f.null else ""
        self.formats = [(f.attname, _copy_formatter(f)) for f in self.fields]
        if self.history is not None:
            self.history_formats = [
                (f.attname, _copy_formatter(f)) for f in self.history._meta.concrete_fields if f.attname != "history_id"
            ]
            self.history_extra = {
                "history_date": self.now, "history_change_reason": None, "history_type": "+",
                "history_user_id": getattr(actor, "pk", None), **self.audit,
            }

    def write(self, rows: list[dict], *, ids: bool = True) -> list[int]:
        """Insert `rows`; return their ids in order (an empty list when `ids` is False)."""
        if not rows:
            return []
        if self.copy_available():
            return self._copy(rows, ids=ids or self.history is not None)
        return self._orm(rows)

    def _orm(self, rows: list[dict]) -> list[int]:
        objs = [self.model(**{**self.defaults, **row}) for row in rows]
        if self.history is None:
            objs = self.model._default_manager.bulk_create(objs, batch_size=self.batch_size)
        else:
            objs = bulk_create_with_history(objs, self.model, batch_size=self.batch_size, default_user=self.actor,
                                            default_date=self.now, custom_historical_attrs=self.audit)
        return [o.pk for o in objs]

    def _copy(self, rows: list[dict], *, ids: bool) -> list[int]:
        with connection.cursor() as cursor:
            new_ids: list[int] = []
            if ids:
                if self._sequence is None:
                    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.table])
                    self._sequence = cursor.fetchone()[0]
                # The sequence as a constant: pg_get_serial_sequence() in the select list would be
                # evaluated once per id.
                cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [self._sequence, len(rows)])
                new_ids = [r[0] for r in cursor.fetchall()]
            # Values common to every row (defaults, dates, the history columns) are formatted once;
            # each row formats only the fields it gives, once for the row and its history row.
            formats = dict(self.formats)
            given = [a for a in rows[0] if a in formats]
            constant = {a: formats[a](v) for a, v in self.defaults.items() if a not in rows[0]}
            order = [a for a, _f in self.formats if ids or a != "id"]
            history_order = []
            if self.history is not None:
                history_formats = dict(self.history_formats)
                constant.update({a: history_formats[a](v) for a, v in self.history_extra.items()})
                history_order = [a for a, _f in self.history_formats]
            # Each line is a format string: the constants written in, a slot {i} for each given field.
            slots = {a: i for i, a in enumerate(given + (["id"] if ids else []))}

            def template(columns: list[str]) -> str:
                return "\t".join(f"{{{slots[a]}}}" if a in slots else constant[a].replace("{", "{{").replace("}", "}}")
                                 for a in columns)

            line_format = template(order).format
            history_format = template(history_order).format if history_order else None
            getters = [(a, formats[a]) for a in given]
            lines, history_lines = [], []
            for index, row in enumerate(rows):
                cells = [fmt(row[a]) for a, fmt in getters]
                if ids:
                    cells.append(str(new_ids[index]))
                lines.append(line_format(*cells))
                if history_format is not None:
                    history_lines.append(history_format(*cells))
            self.copy_lines(cursor, self.table, order, lines)
            if history_order:
                self.copy_lines(cursor, self.history._meta.db_table, history_order, history_lines)
        return new_ids

    @classmethod
    def copy_lines(cls, cursor, table: str, columns: list[str], lines: list[str]) -> None:
        """COPY ready-made lines (tab-separated, COPY-escaped) into `table`'s `columns`."""
        buffer = io.StringIO("\n".join(lines) + "\n")
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.cursor.copy_expert(f'COPY "{table}" ({names}) FROM STDIN', buffer)
        cls.copies += 1

    @classmethod
    def copy_available(cls) -> bool:
        """True when writes go through COPY (PostgreSQL, and not switched off by a test)."""
        return cls.use_copy and connection.vendor == "postgresql"
