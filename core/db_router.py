"""Reads of reports, dashboards and exports from a PostgreSQL replica, when one is configured.

`DATABASE_REPLICA_URL` set: settings add the "replica" alias and this router. Nothing reads from
the replica by default: a view or task opts in with `@reads_from_replica` / `with replica_reads():`
(the dashboards, the completeness board, call-centre exports). Inside, reads go to the replica
until the first write; from then on everything (reads after the write included) goes to the
primary, so a page never misses what it has just written, whatever the replica's lag. Writes
always go to the primary ("default"); migrations run only there.

Without a replica the router is not installed and every alias is "default": the decorator costs nothing.
"""
from __future__ import annotations

import contextvars
import functools
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"

_replica = contextvars.ContextVar("replica_reads", default=False)
_wrote = contextvars.ContextVar("replica_wrote", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES and "core.db_router.ReplicaRouter" in settings.DATABASE_ROUTERS


@contextmanager
def replica_reads():
    """Reads inside go to the replica (until a write: then to the primary)."""
    token, wrote = _replica.set(True), _wrote.set(False)
    try:
        yield
    finally:
        _replica.reset(token)
        _wrote.reset(wrote)


def reads_from_replica(view):
    """A view (or task) whose reads may come from the replica: reports, dashboards, exports."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Primary for writes and for reads after a write; replica for the opted-in reads."""

    def db_for_read(self, model, **hints):
        if _replica.get() and not _wrote.get():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        if _replica.get():
            _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
