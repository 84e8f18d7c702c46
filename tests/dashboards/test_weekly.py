"""The weekly summary: the commissioner and each zone officer find the week's figures of their own
dashboard in their inbox, once a week, with a link to the dashboard."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from core.models import Notification
from dashboards.services import dashboards_send_weekly
from dashboards.tasks import dashboards_weekly_task

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_commissioner_and_zone_officers_get_their_own_summary_once_a_week(
    commissioner, dcp_a, sho_a, cyber, zone_a, city
):
    assert dashboards_send_weekly(today=TODAY) == 2
    city_note = Notification.objects.get(user=commissioner)
    zone_note = Notification.objects.get(user=dcp_a)
    assert not Notification.objects.filter(user__in=[sho_a, cyber]).exists()
    assert city_note.url == reverse("dashboards:city") + "?period=30d"
    assert zone_note.url == reverse("dashboards:zone", args=[zone_a.code]) + "?period=30d"
    assert "Gurugram city: 6 operating call centres, 1 lacking a licence" in city_note.message
    assert "2 busts (1 with a repeat offender), 2 arrests" in city_note.message
    assert "Alpha Zone: 5 operating call centres" in zone_note.message
    assert "returns this month: 1 of 2 stations" in zone_note.message
    assert dashboards_send_weekly(today=TODAY) == 0  # same week: nothing again
    assert Notification.objects.count() == 2


def test_weekly_summary_is_on_the_schedule_and_reaches_the_commissioners_home(client, commissioner, city):
    assert settings.CELERY_BEAT_SCHEDULE["dashboards-weekly"]["task"] == "dashboards.tasks.dashboards_weekly_task"
    assert dashboards_weekly_task(TODAY.isoformat()) == 1
    client.force_login(commissioner)
    home = client.get(reverse("home"))
    assert b"Gurugram city: 6 operating call centres" in home.content
