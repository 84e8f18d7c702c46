"""Sessions end after 30 minutes without a request and 12 hours after signing in, whatever the
activity; keeping the clock costs no session write per request."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_idle_for_31_minutes_signs_out(client, sho_a):
    client.force_login(sho_a)
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        response = client.get(reverse("registry:callcentre-list"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "next=/registry/" in response["Location"]
        page = client.get(response["Location"]).content.decode()
        assert "signed out after 30 minutes without activity" in page
        assert client.get(reverse("home")).status_code == 302  # really signed out


def test_activity_keeps_the_session_alive(client, sho_a):
    client.force_login(sho_a)
    start = timezone.now()
    for minutes in (25, 50, 75, 100):  # every 25 minutes: never idle for 30
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, minutes


def test_twelve_hours_after_signing_in_the_session_ends_whatever_the_activity(client, sho_a):
    client.force_login(sho_a)
    start = timezone.now()
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=5), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "signed out 12 hours after signing in" in client.get(response["Location"]).content.decode()


def test_an_expired_session_on_the_api_answers_401(client, sho_a):
    client.force_login(sho_a)
    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        response = client.get("/api/stations/")
        assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")


def test_a_request_within_the_minute_writes_no_session(client, sho_a):
    client.force_login(sho_a)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_the_session_cookie_does_not_outlive_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_AGE <= 12 * 3600
