"""The tamper-evident audit: append-only tables and hash chains, enforced by PostgreSQL.

* Every history table of django-simple-history (models named Historical*), the access log
  (core.AccessLog), the hash chain itself (core.AuditChain) and `django_admin_log` refuse
  UPDATE and DELETE with a trigger (TRUNCATE, which the test runner's flush uses, is left alone).
* Each access-log row carries `hash` = SHA-256(previous hash + canonical text of the row),
  set by a BEFORE INSERT trigger under an advisory lock, so rows are chained in `seq` order.
* Each history row gets an entry in core_auditchain, written by a deferred trigger at commit
  (so a long import holds the chain's lock only while it commits): SHA-256(previous hash +
  table + history id + the row as JSON, restricted to the columns it had when written).

`verify_chains()` (manage.py verify_audit) recomputes both chains in Python and reports the
first row that no longer matches. `install(connection)` is idempotent; it runs from migration
0006 and after every migrate (so history tables of later models are covered too).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC

from django.apps import apps

ACCESS_LOCK = 7340001
HISTORY_LOCK = 7340002
APPEND_ONLY_EXTRA = ("core_accesslog", "core_auditchain", "django_admin_log")

_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION core_chain_part(v text) RETURNS text AS $$
  SELECT CASE WHEN v IS NULL THEN '-;' ELSE length(v)::text || ':' || v || ';' END
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION core_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the audit table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION core_accesslog_chain() RETURNS trigger AS $$
DECLARE last record;
BEGIN
  PERFORM pg_advisory_xact_lock({ACCESS_LOCK});
  SELECT seq, hash INTO last FROM core_accesslog WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
  NEW.seq := COALESCE(last.seq, 0) + 1;
  NEW.prev_hash := COALESCE(last.hash, '');
  NEW.hash := encode(sha256(convert_to(NEW.prev_hash
    || core_chain_part(NEW.id::text) || core_chain_part(NEW.seq::text)
    || core_chain_part(to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))
    || core_chain_part(NEW.user_id::text) || core_chain_part(NEW.username)
    || core_chain_part(NEW.action) || core_chain_part(NEW.object_kind)
    || core_chain_part(NEW.object_id) || core_chain_part(NEW.object_label)
    || core_chain_part(NEW.method) || core_chain_part(NEW.path) || core_chain_part(host(NEW.ip))
    || core_chain_part(NEW.outcome) || core_chain_part(NEW.status::text), 'UTF8')), 'hex');
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION core_history_chain() RETURNS trigger AS $$
DECLARE last record; body jsonb; cols text[]; prev text; row_id bigint;
BEGIN
  PERFORM pg_advisory_xact_lock({HISTORY_LOCK});
  SELECT seq, hash INTO last FROM core_auditchain ORDER BY seq DESC LIMIT 1;
  prev := COALESCE(last.hash, '');
  body := to_jsonb(NEW);
  row_id := (body ->> TG_ARGV[0])::bigint;
  cols := ARRAY(SELECT jsonb_object_keys(body) ORDER BY 1);
  INSERT INTO core_auditchain (seq, table_name, row_id, columns, prev_hash, hash, at)
  VALUES (COALESCE(last.seq, 0) + 1, TG_TABLE_NAME, row_id, array_to_string(cols, ','), prev,
          encode(sha256(convert_to(prev || core_chain_part(TG_TABLE_NAME)
            || core_chain_part(row_id::text) || core_chain_part(body::text), 'UTF8')), 'hex'),
          now());
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""  # noqa: S608  (constants only)


def history_tables() -> list[tuple[str, str]]:
    """Every django-simple-history table of the project (models and many-to-many fields), with the
    column that numbers its rows."""
    return sorted(
        (m._meta.db_table, m._meta.pk.column) for m in apps.get_models() if m.__name__.startswith("Historical")
    )


def install(connection) -> None:
    """Install (or refresh) the triggers. PostgreSQL only: the embedded SQLite default has none."""
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        cursor.execute(_FUNCTIONS)
        for table in [*(t for t, _ in history_tables()), *APPEND_ONLY_EXTRA]:
            if table not in existing:
                continue
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER core_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION core_refuse_change()"
            )
        if "core_accesslog" in existing:
            cursor.execute(
                'CREATE OR REPLACE TRIGGER core_accesslog_chain BEFORE INSERT ON "core_accesslog" '
                "FOR EACH ROW EXECUTE FUNCTION core_accesslog_chain()"
            )
        for table, id_column in history_tables():
            if table not in existing:
                continue
            # CREATE OR REPLACE is not allowed for constraint triggers.
            cursor.execute(f'DROP TRIGGER IF EXISTS core_history_chain ON "{table}"')
            cursor.execute(
                f'CREATE CONSTRAINT TRIGGER core_history_chain AFTER INSERT ON "{table}" '
                f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION core_history_chain('{id_column}')"
            )


def backfill(connection) -> int:
    """Chain the history rows written before the triggers existed (run once by migration 0006)."""
    if connection.vendor != "postgresql":
        return 0
    added = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_advisory_xact_lock({HISTORY_LOCK})")
        cursor.execute("SELECT seq, hash FROM core_auditchain ORDER BY seq DESC LIMIT 1")
        last = cursor.fetchone()
        seq, prev = (last[0], last[1]) if last else (0, "")
        existing = set(connection.introspection.table_names(cursor))
        for table, id_column in history_tables():
            if table not in existing:
                continue
            cursor.execute(
                f"SELECT t.{id_column}, to_jsonb(t)::text, array_to_string(ARRAY(SELECT jsonb_object_keys(to_jsonb(t)) "  # noqa: S608
                f"ORDER BY 1), ',') "
                f'FROM "{table}" t WHERE NOT EXISTS (SELECT 1 FROM core_auditchain c WHERE c.table_name = %s '
                f"AND c.row_id = t.{id_column}) ORDER BY t.{id_column}",
                [table],
            )
            rows = cursor.fetchall()
            values = []
            for row_id, body, columns in rows:
                seq += 1
                digest = _sha(prev + _part(table) + _part(row_id) + _part(body))
                values.append((seq, table, row_id, columns, prev, digest))
                prev = digest
            cursor.executemany(
                "INSERT INTO core_auditchain (seq, table_name, row_id, columns, prev_hash, hash, at) "
                "VALUES (%s, %s, %s, %s, %s, %s, now())",
                values,
            )
            added += len(values)
    return added


# --------------------------------------------------------------------------- verification


def _part(value) -> str:
    if value is None:
        return "-;"
    text = str(value)
    return f"{len(text)}:{text};"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def accesslog_canonical(row) -> str:
    """The text of an access-log row that its hash covers (the same as the trigger's)."""
    at = row.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    values = [row.id, row.seq, at, row.user_id, row.username, row.action, row.object_kind, row.object_id,
              row.object_label, row.method, row.path, row.ip, row.outcome, row.status]
    return "".join(_part(v) for v in values)


@dataclass
class Break:
    """The first row where a chain no longer holds."""

    chain: str
    position: int | None
    detail: str

    def __str__(self) -> str:
        return f"{self.chain}: {self.detail}"


def verify_accesslog() -> tuple[int, Break | None]:
    """Walk the access log in chain order; (rows checked, first break or None)."""
    AccessLog = apps.get_model("core", "AccessLog")  # noqa: N806  (core.access imports this module)

    prev = ""
    expected_seq = None
    count = 0
    for row in AccessLog.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if row.seq is None:
            return count, Break("access log", row.pk, f"row {row.pk} was added outside the chain")
        if expected_seq is not None and row.seq != expected_seq:
            return count, Break("access log", row.seq, f"rows missing before position {row.seq} (row {row.pk})")
        if row.prev_hash != prev:
            return count, Break("access log", row.seq, f"row {row.pk} (position {row.seq}) does not follow its predecessor")
        if row.hash != _sha(prev + accesslog_canonical(row)):
            return count, Break("access log", row.seq, f"row {row.pk} (position {row.seq}) was altered")
        prev = row.hash
        expected_seq = row.seq + 1
    return count, None


def verify_history(connection) -> tuple[int, Break | None]:
    """Walk core_auditchain: each history row must still hash to its entry, in order, and every
    history row must have an entry."""
    if connection.vendor != "postgresql":
        return 0, None
    prev = ""
    count = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT seq, table_name, row_id, columns, prev_hash, hash FROM core_auditchain ORDER BY seq")
        entries = cursor.fetchall()
        id_columns = dict(history_tables())
        expected_seq = None
        for seq, table, row_id, columns, prev_hash, digest in entries:
            count += 1
            if expected_seq is not None and seq != expected_seq:
                return count, Break("history", seq, f"chain entries missing before position {seq}")
            if prev_hash != prev or digest != _sha(prev + _part(table) + _part(row_id) + _part(
                _history_body(cursor, table, id_columns.get(table, "history_id"), row_id, columns)
            )):
                return count, Break("history", seq, f"{table} row {row_id} (position {seq}) was altered or removed")
            prev = digest
            expected_seq = seq + 1
        for table, id_column in history_tables():
            cursor.execute(
                f'SELECT t.{id_column} FROM "{table}" t WHERE NOT EXISTS (SELECT 1 FROM core_auditchain c '  # noqa: S608  (table names from the models)
                f"WHERE c.table_name = %s AND c.row_id = t.{id_column}) ORDER BY t.{id_column} LIMIT 1",
                [table],
            )
            orphan = cursor.fetchone()
            if orphan:
                return count, Break("history", None, f"{table} row {orphan[0]} was added outside the chain")
    return count, None


def _history_body(cursor, table: str, id_column: str, row_id: int, columns: str) -> str | None:
    cursor.execute(
        "SELECT (SELECT jsonb_object_agg(k, v) FROM jsonb_each(to_jsonb(t)) AS e(k, v) "  # noqa: S608  (table and column names from the models)
        "WHERE k = ANY(string_to_array(%s, ',')))::text "
        f'FROM "{table}" t WHERE t.{id_column} = %s',
        [columns, row_id],
    )
    found = cursor.fetchone()
    return found[0] if found else "(missing)"


def verify_chains(connection) -> list[tuple[str, int, Break | None]]:
    return [("access log", *verify_accesslog()), ("history", *verify_history(connection))]


def chain_in_python(entry) -> None:
    """Chain an access-log row about to be inserted where no trigger does it (the SQLite default)."""
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        return
    AccessLog = apps.get_model("core", "AccessLog")  # noqa: N806

    with transaction.atomic():
        last = AccessLog.objects.exclude(seq=None).order_by("-seq").values("seq", "hash").first()
        entry.seq = (last["seq"] if last else 0) + 1
        entry.prev_hash = last["hash"] if last else ""
        if entry.id is None:
            entry.id = (AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        entry.hash = _sha(entry.prev_hash + accesslog_canonical(entry))
