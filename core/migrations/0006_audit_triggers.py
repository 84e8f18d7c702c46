"""Append-only audit tables and hash chains (core.auditchain): triggers on every history table,
the access log, the chain and django_admin_log; history rows written before now are chained."""
from django.db import migrations


def forwards(apps, schema_editor):
    from core.auditchain import backfill, install

    install(schema_editor.connection)
    backfill(schema_editor.connection)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from core.auditchain import APPEND_ONLY_EXTRA, history_tables

    existing = set(schema_editor.connection.introspection.table_names())
    with schema_editor.connection.cursor() as cursor:
        for table in [*(t for t, _ in history_tables()), *APPEND_ONLY_EXTRA]:
            if table in existing:
                cursor.execute(f'DROP TRIGGER IF EXISTS core_append_only ON "{table}"')
                cursor.execute(f'DROP TRIGGER IF EXISTS core_history_chain ON "{table}"')
        cursor.execute('DROP TRIGGER IF EXISTS core_accesslog_chain ON "core_accesslog"')


class Migration(migrations.Migration):
    # The history tables of today's apps exist before their triggers are installed (those of later
    # migrations are covered by the post_migrate handler in core.apps).
    dependencies = [
        ("core", "0005_access_log_and_audit_chain"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("stations", "0002_locality_coordinates"),
        ("registry", "0004_not_duplicate"),
        ("offenders", "0005_person_dob_index"),
        ("verification", "0003_merge_0002_agencies_letters_0002_inspections"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
