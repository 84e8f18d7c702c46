"""The agencies and templates of the data migration, again: a transactional test (the worker tests)
flushes the database, seeded rows included, so tests that need them call this (idempotent)."""
import importlib

from django.apps import apps


def agencies_seed() -> None:
    importlib.import_module("verification.migrations.0002_agencies_letters").seed(apps, None)
