"""Background tasks of the dashboards (thin: each calls a service)."""
from datetime import date

from celery import shared_task
from django.utils import timezone

from core.audit import Source, audit_context


@shared_task
def dashboards_weekly_task(day: str | None = None) -> int:
    """Weekly: the one-paragraph summary in the commissioner's and zone officers' inboxes."""
    from .services import dashboards_send_weekly

    today = date.fromisoformat(day) if day else timezone.localdate()
    with audit_context(Source.TASK):
        return dashboards_send_weekly(today=today)
