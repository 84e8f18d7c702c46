"""The audit trail: django-simple-history on every model, plus where each write came from.

`audited()` is the HistoricalRecords every model uses. Each history row records who
(history_user), when (history_date), the values after the write (the row itself; the
previous row holds the values before), the change reason and where from: web, api,
admin, import, task or command (history_source) and the client address (history_ip).
The web middleware sets the source per request; tasks and commands wrap their work in
`audit_context(...)`.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class Source(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    ADMIN = "admin", _("Admin")
    IMPORT = "import", _("Import")
    TASK = "task", _("Background task")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")


_source: contextvars.ContextVar[str] = contextvars.ContextVar("audit_source", default=Source.SYSTEM)
_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_ip", default=None)
_actor: contextvars.ContextVar = contextvars.ContextVar("audit_actor", default=None)


class AuditedHistoricalModel(models.Model):
    """Extra columns on every historical table: where the write came from."""

    history_source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.SYSTEM)
    history_ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        abstract = True


def audited(**kwargs) -> HistoricalRecords:
    """The HistoricalRecords every model of the project declares as `history`."""
    return HistoricalRecords(bases=[AuditedHistoricalModel], **kwargs)


@contextmanager
def audit_context(source: str, *, actor=None, ip: str | None = None):
    """Attribute every write inside the block to `source` (and `actor` when no request is present)."""
    tokens = (_source.set(source), _ip.set(ip), _actor.set(actor))
    try:
        yield
    finally:
        _source.reset(tokens[0])
        _ip.reset(tokens[1])
        _actor.reset(tokens[2])


def current_audit_attrs() -> dict:
    """The extra history columns, for bulk_create_with_history(custom_historical_attrs=…)."""
    return {"history_source": _source.get(), "history_ip": _ip.get()}


def current_actor():
    return _actor.get()


@receiver(pre_create_historical_record)
def _fill_audit_columns(sender, history_instance, **kwargs) -> None:
    history_instance.history_source = _source.get()
    history_instance.history_ip = _ip.get()
    actor = _actor.get()
    if actor is not None and getattr(actor, "pk", None) and history_instance.history_user_id is None:
        history_instance.history_user_id = actor.pk
