"""Writes of the dashboards: the weekly summary in the commissioner's and zone officers' inboxes."""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import override

from core.models import Notification
from core.notifications import notification_send
from core.roles import Role
from stations.models import User

from . import selectors

WEEKLY_KIND = "dashboard-weekly"
WEEKLY_PERIOD = "30d"


def weekly_summary_text(*, user, unit: selectors.Unit, today: date) -> str:
    """One paragraph: the unit's operating call centres and licences, the last 30 days' busts and
    arrests, and this month's returns (the numbers of the dashboard, for the same officer)."""
    period = selectors.period_of(WEEKLY_PERIOD, today=today)
    dates = selectors.Dates(period=period, today=today)
    summary = selectors.callcentre_summary(user=user, unit=unit, period=period, today=today)
    total = selectors.station_board(user=user, unit=unit, dates=dates).total
    where = unit.zone.name if unit.zone else _g("Gurugram city")
    return _g(
        "Week of %(day)s, %(where)s: %(operating)s operating call centres, %(lacking)s lacking a licence; "
        "last 30 days: %(busts)s busts (%(repeat)s with a repeat offender), %(arrests)s arrests; "
        "returns this month: %(submitted)s of %(stations)s stations."
    ) % {
        "day": today.strftime("%d/%m/%Y"), "where": where, "operating": summary["operating"].value,
        "lacking": total.lacking, "busts": total.busts, "repeat": total.repeat, "arrests": total.arrests,
        "submitted": total.submitted, "stations": total.stations,
    }


def dashboards_send_weekly(*, today: date) -> int:
    """Put the week's summary in each active commissioner's (city) and zone officer's (their zone)
    inbox, linking to their dashboard. Idempotent: one message per officer and ISO week."""
    year, week, _day = today.isocalendar()
    kind = f"{WEEKLY_KIND}:{year}-W{week:02d}"
    recipients = list(
        User.objects.filter(is_active=True, role__in=[Role.COMMISSIONER, Role.ZONE])
        .exclude(notifications__kind=kind)
        .select_related("zone")
        .order_by("pk")
    )
    sent = 0
    for user in recipients:
        if user.role == Role.ZONE:
            unit = selectors.Unit(zone=user.zone)
            url = reverse("dashboards:zone", args=[user.zone.code])
        else:
            unit = selectors.Unit()
            url = reverse("dashboards:city")
        with transaction.atomic():
            User.objects.select_for_update().filter(pk=user.pk).first()  # one run at a time per officer
            if Notification.objects.filter(user=user, kind=kind).exists():
                continue
            with override(settings.LANGUAGE_CODE):  # the site's language, whatever the thread last served
                message = weekly_summary_text(user=user, unit=unit, today=today)
            notification_send(kind=kind, user=user, url=f"{url}?period={WEEKLY_PERIOD}", message=message)
        sent += 1
    return sent
