"""The audit trail cannot be altered unnoticed: history, access-log, chain and admin-log tables refuse
UPDATE and DELETE in PostgreSQL itself, and `verify_audit` finds a row a superuser changed anyway."""
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core.access import log_access
from core.auditchain import history_tables
from core.models import AccessLog, AuditChain
from stations.models import PoliceStation

pytestmark = pytest.mark.django_db


def _commit_history():
    """Fire the deferred chain triggers now (the test's transaction is never committed)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _refused(sql, params=()):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_every_history_table_has_the_append_only_and_chain_triggers():
    tables = [table for table, _ in history_tables()]
    assert len(tables) == len([m for m in apps.get_models() if m.__name__.startswith("Historical")]) > 20
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, array_agg(t.tgname::text ORDER BY t.tgname) FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal GROUP BY c.relname"
        )
        triggers = dict(cursor.fetchall())
    for table in tables:
        assert triggers.get(table) == ["core_append_only", "core_history_chain"], table
    for table in ("core_accesslog", "core_auditchain", "django_admin_log"):
        assert "core_append_only" in triggers[table]


def test_update_and_delete_of_history_rows_fail_in_the_database(station_a):
    station_a.name = "Renamed"
    station_a.save()
    table = PoliceStation.history.model._meta.db_table
    _refused(f'UPDATE "{table}" SET name = %s WHERE id = %s', ["Forged", station_a.pk])  # noqa: S608
    _refused(f'DELETE FROM "{table}" WHERE id = %s', [station_a.pk])  # noqa: S608
    assert PoliceStation.history.filter(id=station_a.pk).count() == 2


def test_update_and_delete_of_the_access_log_and_admin_log_fail_in_the_database(admin_user):
    row = log_access(None, action="login", user=admin_user)
    _refused("UPDATE core_accesslog SET username = 'x' WHERE id = %s", [row.pk])
    _refused("DELETE FROM core_accesslog WHERE id = %s", [row.pk])
    from django.contrib.admin.models import ADDITION, LogEntry

    entry = LogEntry.objects.create(user=admin_user, action_flag=ADDITION, object_repr="x")
    _refused("UPDATE django_admin_log SET object_repr = 'y' WHERE id = %s", [entry.pk])
    _refused("DELETE FROM django_admin_log WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).delete()


def test_access_log_rows_are_chained_in_order(sho_a):
    rows = [log_access(None, action="view", object_kind="person", object_id=i, user=sho_a) for i in range(3)]
    chained = list(AccessLog.objects.filter(pk__in=[r.pk for r in rows]).order_by("seq"))
    assert [c.prev_hash for c in chained[1:]] == [c.hash for c in chained[:-1]]
    assert [c.seq for c in chained] == list(range(chained[0].seq, chained[0].seq + 3))


def test_verify_audit_reports_an_intact_trail(capsys, sho_a, station_a):
    log_access(None, action="view", object_kind="person", object_id=1, user=sho_a)
    station_a.name = "Renamed"
    station_a.save()
    _commit_history()
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "access log:" in out and "chain intact" in out and "ALTERED" not in out


def _as_superuser_without_triggers(sql, params):
    """What a superuser can still do: switch the triggers off for the session and write."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def test_verify_audit_finds_an_access_log_row_altered_by_a_superuser(sho_a):
    rows = [log_access(None, action="view", object_kind="person", object_id=i, user=sho_a) for i in range(3)]
    _as_superuser_without_triggers("UPDATE core_accesslog SET username = 'someone-else' WHERE id = %s", [rows[1].pk])
    assert AccessLog.objects.get(pk=rows[1].pk).username == "someone-else"
    with pytest.raises(CommandError, match=f"row {rows[1].pk} .*was altered"):
        call_command("verify_audit")


def test_verify_audit_finds_an_access_log_row_deleted_by_a_superuser(sho_a):
    rows = [log_access(None, action="view", object_kind="person", object_id=i, user=sho_a) for i in range(3)]
    _as_superuser_without_triggers("DELETE FROM core_accesslog WHERE id = %s", [rows[1].pk])
    with pytest.raises(CommandError, match="missing"):
        call_command("verify_audit")


def test_verify_audit_finds_a_history_row_altered_with_the_trigger_disabled(station_a):
    station_a.name = "Renamed"
    station_a.save()
    _commit_history()
    table = PoliceStation.history.model._meta.db_table
    assert AuditChain.objects.filter(table_name=table).count() >= 2
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER core_append_only')
        cursor.execute(f'UPDATE "{table}" SET name = %s WHERE id = %s AND name = %s',  # noqa: S608
                       ["Forged", station_a.pk, "Renamed"])
        cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER core_append_only')
    with pytest.raises(CommandError, match=f"{table} row .* was altered or removed"):
        call_command("verify_audit")


def test_verify_audit_finds_a_history_row_slipped_in_outside_the_chain(station_a):
    _commit_history()
    table = PoliceStation.history.model._meta.db_table
    _as_superuser_without_triggers(
        f'INSERT INTO "{table}" SELECT (jsonb_populate_record(NULL::"{table}", to_jsonb(h) || jsonb_build_object('  # noqa: S608
        f"'history_id', (SELECT max(history_id) + 1000 FROM \"{table}\"), 'name', 'Invented'))).* "
        f'FROM "{table}" h WHERE h.id = %s',
        [station_a.pk],
    )
    with pytest.raises(CommandError, match="added outside the chain"):
        call_command("verify_audit")
