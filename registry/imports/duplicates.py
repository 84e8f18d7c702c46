"""Duplicates in an import, found by SQL over a temporary table of keys: a handful of queries per
batch whatever its size, so memory stays flat.

A line is a possible duplicate when it shares a phone, an address (the same premises: the
same locality and normalised address key: the rule of registry.services.premises), a company or, within
the file, a name with an earlier line, or a phone, address or company with a record of the
registry. Similar names against the registry are found while checking (imports/checking.py).
"""
from __future__ import annotations

import json
from collections.abc import Iterator

from django.db import connection

from core.bulk import BulkWriter, copy_text

from ..choices import RowOutcome
from ..models import ImportBatch, ImportRow
from . import limits
from .messages import DUPLICATE, msg


def create_key_table(cursor) -> None:
    """The temporary table of the batch's keys (dropped first if a previous run left it)."""
    cursor.execute("DROP TABLE IF EXISTS registry_import_keys")
    cursor.execute(_CREATE_KEYS_SQL)


def row_keys(line: int, data: dict) -> list[tuple]:
    """The keys of one checked row: its phones, address, company and name."""
    keys = [(line, "phone", p, None) for p in data.get("phones", ())]
    if data.get("address_key"):
        keys.append((line, "address", data["address_key"], data["locality_id"]))
    if data.get("company_key"):
        keys.append((line, "company", data["company_key"], None))
    if data.get("name_key"):
        keys.append((line, "name", f"{data['locality_id']}|{data['name_key']}", data["locality_id"]))
    return keys


def insert_keys(cursor, keys: list[tuple]) -> None:
    """Add a chunk's keys to the temporary table: one COPY (PostgreSQL) or one multi-row INSERT."""
    if not keys:
        return
    if BulkWriter.copy_available():
        null = "\\N"
        lines = [f"{line}\t{kind}\t{copy_text(k)}\t{null if locality_id is None else locality_id}"
                 for line, kind, k, locality_id in keys]
        BulkWriter.copy_lines(cursor, "registry_import_keys", ["line", "kind", "k", "locality_id"], lines)
        return
    values = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    cursor.execute(_INSERT_KEYS_SQL + values, [v for k in keys for v in k])


# One query finds every duplicate line, in line order: first within the file (a later line
# sharing a key with an earlier one), then against the registry (merged records are left out:
# their survivor is found instead). Table and column names are constants, values are never
# formatted in.
_DUPLICATES_SQL = """
    SELECT k.line AS line, k.kind AS kind, k.k AS k, f.first_line AS first_line,
           NULL AS cc_id, NULL AS cc_name, NULL AS st_name
    FROM registry_import_keys k
    JOIN (SELECT kind, k, MIN(line) AS first_line FROM registry_import_keys GROUP BY kind, k HAVING COUNT(*) > 1) f
      ON f.kind = k.kind AND f.k = k.k AND k.line > f.first_line
    UNION ALL
    SELECT k.line, 'phone', k.k, NULL, cc.id, cc.name, st.name
    FROM registry_import_keys k
    JOIN registry_callcentrephone p ON k.kind = 'phone' AND p.number = k.k
    JOIN registry_callcentre cc ON cc.id = p.call_centre_id AND cc.merged_into_id IS NULL
    JOIN stations_policestation st ON st.id = cc.station_id
    UNION ALL
    SELECT k.line, 'address', k.k, NULL, cc.id, cc.name, st.name
    FROM registry_import_keys k
    JOIN registry_premises pr ON k.kind = 'address' AND pr.address_key = k.k AND pr.locality_id = k.locality_id
    JOIN registry_callcentre cc ON cc.premises_id = pr.id AND cc.merged_into_id IS NULL
    JOIN stations_policestation st ON st.id = cc.station_id
    UNION ALL
    SELECT k.line, 'company', k.k, NULL, cc.id, cc.name, st.name
    FROM registry_import_keys k
    JOIN registry_callcentre cc ON k.kind = 'company' AND cc.company_key = k.k AND cc.merged_into_id IS NULL
    JOIN stations_policestation st ON st.id = cc.station_id
    ORDER BY 1, 2
"""
_CREATE_KEYS_SQL = (
    "CREATE TEMPORARY TABLE registry_import_keys "
    "(line integer NOT NULL, kind varchar(10) NOT NULL, k varchar(420) NOT NULL, locality_id bigint)"
)
_INSERT_KEYS_SQL = "INSERT INTO registry_import_keys (line, kind, k, locality_id) VALUES "


def _duplicate_messages(cursor) -> Iterator[tuple[int, list[dict], int | None]]:
    """(line, duplicate messages, first existing call centre) for every duplicate line, in line order.

    Streams from the database (fetchmany), so a file of duplicates does not fill memory.
    """
    cursor.execute(_DUPLICATES_SQL)
    current, messages, first_cc, seen = None, [], None, set()
    while batch := cursor.fetchmany(limits.CHUNK_ROWS):
        for line, kind, key, first_line, cc_id, cc_name, station_name in batch:
            if line != current:
                if current is not None:
                    yield current, messages, first_cc
                current, messages, first_cc, seen = line, [], None, set()
            if first_line is not None:
                marker = (kind, "line", first_line, key if kind == "phone" else "")
                message = msg(DUPLICATE, f"dup_{kind}_file", line=first_line,
                               **({"phone": key} if kind == "phone" else {}))
            else:
                marker = (kind, "cc", cc_id, key if kind == "phone" else "")
                message = msg(DUPLICATE, f"dup_{kind}", name=cc_name, station=station_name, call_centre_id=cc_id,
                               **({"phone": key} if kind == "phone" else {}))
                first_cc = first_cc or cc_id
            if marker not in seen:
                seen.add(marker)
                messages.append(message)
    if current is not None:
        yield current, messages, first_cc


def apply_duplicates(batch: ImportBatch) -> None:
    """Mark the lines found by `_duplicate_messages` as possible duplicates, 1,000 at a time."""
    pending: list[tuple[int, list[dict], int | None]] = []

    def flush():
        rows = {r.line: r for r in ImportRow.objects.filter(batch=batch, line__in=[p[0] for p in pending])}
        changed = []
        for line, messages, first_cc in pending:
            row = rows.get(line)
            if row is None or row.outcome == RowOutcome.ERROR:
                continue
            have = {(m["code"], m.get("call_centre_id")) for m in row.messages}
            row.messages = row.messages + [m for m in messages if (m["code"], m.get("call_centre_id")) not in have]
            row.outcome = RowOutcome.DUPLICATE
            row.duplicate_of_id = row.duplicate_of_id or first_cc
            changed.append(row)
        ImportRow.objects.bulk_update(changed, ["messages", "outcome", "duplicate_of"], batch_size=limits.CHUNK_ROWS)
        pending.clear()

    def flush_sql():
        # PostgreSQL: one UPDATE per 1,000 lines, appending the messages in the database. Only
        # rows without errors have keys, and the database adds no reason the stream already gave.
        values = ", ".join(["(%s, %s, %s::jsonb, %s::bigint)"] * len(pending))
        params = [v for line, messages, first_cc in pending for v in (batch.pk, line, json.dumps(messages), first_cc)]
        with connection.cursor() as update:
            update.execute(_MARK_DUPLICATES_SQL.replace("%(values)s", values), params)
        pending.clear()

    flush_chunk = flush_sql if BulkWriter.copy_available() else flush
    # A server-side cursor on PostgreSQL: the matches stream 1,000 at a time instead of being
    # fetched whole, so a file made of duplicates does not fill memory.
    with connection.chunked_cursor() as stream:
        for item in _duplicate_messages(stream):
            pending.append(item)
            if len(pending) >= limits.CHUNK_ROWS:
                flush_chunk()
    if pending:
        flush_chunk()


_MARK_DUPLICATES_SQL = """
    UPDATE registry_importrow AS r
    SET outcome = 'duplicate', messages = r.messages || v.messages, duplicate_of_id = COALESCE(r.duplicate_of_id, v.cc)
    FROM (VALUES %(values)s) AS v(batch_id, line, messages, cc)
    WHERE r.batch_id = v.batch_id AND r.line = v.line AND r.outcome <> 'error'
"""
