"""Accounts unused for 90 days are disabled by a nightly Celery beat job, audited as the task."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app
from core.accounts.tokens import api_token_create
from core.audit import Source
from core.models import ApiToken
from core.roles import Role
from core.tasks import accounts_disable_dormant_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user(name, station, *, last_login=None, joined_days=200):
    user = UserFactory(username=name, role=Role.STATION, station=station)
    type(user).objects.filter(pk=user.pk).update(
        last_login=last_login, date_joined=timezone.now() - timedelta(days=joined_days))
    return user


def test_accounts_unused_for_90_days_are_disabled(station_a):
    now = timezone.now()
    old = _user("sho-old", station_a, last_login=now - timedelta(days=91))
    recent = _user("sho-recent", station_a, last_login=now - timedelta(days=89))
    never = _user("sho-never", station_a, last_login=None)
    new = _user("sho-new", station_a, last_login=None, joined_days=10)
    scripted = _user("sho-script", station_a, last_login=now - timedelta(days=120))
    _key, token = api_token_create(user=scripted)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now - timedelta(days=3))
    _key, stale = api_token_create(user=old)

    disabled = accounts_disable_dormant_task()

    assert sorted(disabled) == ["sho-never", "sho-old"]
    active = dict(type(old).objects.filter(pk__in=[u.pk for u in (old, recent, never, new, scripted)])
                  .values_list("username", "is_active"))
    assert active == {"sho-old": False, "sho-recent": True, "sho-never": False, "sho-new": True, "sho-script": True}
    assert not ApiToken.objects.filter(pk=stale.pk).exists()
    record = type(old).history.filter(id=old.pk).first()
    assert record.is_active is False and record.history_source == Source.TASK
    assert accounts_disable_dormant_task() == []  # nothing twice


def test_the_job_is_scheduled_nightly_by_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["accounts-disable-dormant"]
    assert entry["task"] == "core.tasks.accounts_disable_dormant_task" and entry["task"] in app.tasks
    assert settings.ACCOUNT_DORMANT_DAYS == 90
