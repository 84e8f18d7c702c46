"""Limits on the database: no statement runs longer than the caller can wait.

A web request may not hold PostgreSQL longer than `DB_STATEMENT_TIMEOUT_WEB` seconds (the web entry
points, config/wsgi.py and config/asgi.py, ask for it); a Celery worker gets the longer
`DB_STATEMENT_TIMEOUT_JOB` (config/celery.py). Management commands (migrate, backup) have none.
The limit is set once per connection, when it opens (`connection_created`), so it costs no query
per request. A statement that runs over is cancelled by PostgreSQL and answered with the 503 page
of core.middleware.DatabaseTroubleMiddleware.
"""
from __future__ import annotations

from django.db.backends.signals import connection_created
from django.dispatch import receiver

_timeout_ms: int | None = None


def statement_timeout_use(seconds: float | None) -> None:
    """Every database connection this process opens from now on gets this statement_timeout."""
    global _timeout_ms
    _timeout_ms = int(seconds * 1000) if seconds else None


def statement_timeout_apply(connection) -> None:
    """Set this process's limit on an open connection (PostgreSQL only)."""
    if connection.vendor != "postgresql" or not _timeout_ms:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(_timeout_ms)}")


@receiver(connection_created)
def _on_connection(sender, connection, **kwargs):
    statement_timeout_apply(connection)
