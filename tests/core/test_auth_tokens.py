"""API tokens: only a hash is stored; they expire; logging out (API or site) and changing the password
revoke them; a call without a valid token answers 401 with WWW-Authenticate."""
from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.accounts.tokens import api_token_create
from core.models import ApiToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _get(client, key):
    return client.get("/api/stations/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_is_shown_once_and_stored_as_a_hash(client, sho_a):
    response = client.post(reverse("api-token"), {"username": sho_a.username, "password": PASSWORD})
    key = response.json()["token"]
    token = ApiToken.objects.get(user=sho_a)
    assert token.digest == hashlib.sha256(key.encode()).hexdigest() and token.prefix == key[:8]
    assert not ApiToken.objects.filter(digest=key).exists()
    assert abs((token.expires_at - timezone.now()) - timedelta(days=30)) < timedelta(minutes=1)
    assert _get(client, key).status_code == 200


def test_a_token_stops_working_when_it_expires(client, sho_a):
    key, _token = api_token_create(user=sho_a)
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        response = _get(client, key)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")


def test_an_unknown_token_answers_401(client, station_a):
    response = _get(client, "made-up-key")
    assert response.status_code == 401 and response["WWW-Authenticate"] == 'Token'


def test_api_logout_revokes_the_token_used(client, sho_a):
    key, _token = api_token_create(user=sho_a)
    other, _token = api_token_create(user=sho_a)
    assert client.post(reverse("api-logout"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 204
    assert _get(client, key).status_code == 401
    assert _get(client, other).status_code == 200  # another script's token lives on
    assert client.post(reverse("api-logout") + "?all=1", HTTP_AUTHORIZATION=f"Token {other}").status_code == 204
    assert _get(client, other).status_code == 401


def test_logging_out_of_the_site_revokes_the_accounts_tokens(client, sho_a):
    key, _token = api_token_create(user=sho_a)
    client.force_login(sho_a)
    client.post(reverse("logout"))
    assert _get(client, key).status_code == 401


def test_a_token_stops_working_after_a_password_change(client, sho_a):
    key, _token = api_token_create(user=sho_a)
    sho_a.set_password("Kx7-monsoon-ridge")
    sho_a.save()
    assert _get(client, key).status_code == 401


def test_a_disabled_accounts_token_is_refused(client, sho_a):
    key, _token = api_token_create(user=sho_a)
    type(sho_a).objects.filter(pk=sho_a.pk).update(is_active=False)
    assert _get(client, key).status_code == 401


def test_a_token_call_costs_no_write_after_the_first(client, sho_a, django_assert_max_num_queries):
    key, _token = api_token_create(user=sho_a)
    _get(client, key)  # first use: last_used_at written
    with django_assert_max_num_queries(4):  # token+user (1), stations (count + page, 2), spare (1)
        assert _get(client, key).status_code == 200
