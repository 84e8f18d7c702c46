"""Trigram search on person names (PostgreSQL only).

Enables pg_trgm and adds GIN indexes with gin_trgm_ops on the normalised names of
persons and aliases and on fathers' names, so that fuzzy name search and candidate
retrieval use index scans. SQLite (the embedded default of `make run`) has no GIN: there
the operations do nothing and offenders.candidates falls back to exact indexed lookups.
The indexes are not declared in the models' Meta for the same reason.
"""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEXES = [
    ("Person", "name_key", "offenders_person_name_trgm"),
    ("Person", "father_key", "offenders_person_father_trgm"),
    ("PersonAlias", "name_key", "offenders_alias_name_trgm"),
]


def _index(field: str, name: str) -> GinIndex:
    # fields + opclasses (not OpClass(field)): a plain column with an operator class.
    return GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, field, name in TRIGRAM_INDEXES:
        schema_editor.add_index(apps.get_model("offenders", model_name), _index(field, name))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, field, name in TRIGRAM_INDEXES:
        schema_editor.remove_index(apps.get_model("offenders", model_name), _index(field, name))


class Migration(migrations.Migration):
    dependencies = [("offenders", "0001_initial")]

    operations = [
        TrigramExtension(),  # does nothing on databases other than PostgreSQL
        migrations.RunPython(create_indexes, drop_indexes),
    ]
