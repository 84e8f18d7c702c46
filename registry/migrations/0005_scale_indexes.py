"""Scale (issue 16): indexes that match the lists' searches and default sort (PostgreSQL only).

- trigram GIN indexes on UPPER(column), the expression Django's `icontains` compares, for the
  call-centre search (name, trading names, company, premises address) and on phone numbers
  (`contains`): the search finds its rows through the index instead of reading every call centre;
- a b-tree on (name, id), the list's default order, so a page of 50 is read in order and stops.

SQLite (the embedded default of `make run`) has no GIN and no pg_trgm: there the trigram part does nothing.
"""
from django.db import migrations, models

TRIGRAM = [
    ("registry_callcentre", "name", "registry_cc_name_trgm"),
    ("registry_callcentre", "trading_names", "registry_cc_trading_trgm"),
    ("registry_callcentre", "company_name", "registry_cc_company_trgm"),
    ("registry_premises", "address_raw", "registry_premises_address_trgm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in TRIGRAM:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (UPPER("{column}"::text) gin_trgm_ops)')
    schema_editor.execute(  # company_registration__iexact, the search's fourth condition
        'CREATE INDEX IF NOT EXISTS "registry_cc_registration_upper" ON "registry_callcentre" (UPPER("company_registration"::text))'
    )
    schema_editor.execute(
        'CREATE INDEX IF NOT EXISTS "registry_phone_number_trgm" ON "registry_callcentrephone" USING gin ("number" gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in [n for _t, _c, n in TRIGRAM] + ["registry_phone_number_trgm", "registry_cc_registration_upper"]:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_not_duplicate")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.AddIndex(model_name="callcentre", index=models.Index(fields=["name", "id"], name="registry_cc_name_id")),
    ]
