"""Lockout: the 5th failed sign-in within 15 minutes locks the account (from any address) and,
separately, the client address (for any account: password spraying). The client address comes from
X-Forwarded-For only when the request comes from a trusted proxy; a spoofed header is ignored."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.net import client_ip
from core.roles import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def _post(client, username, password, remote="203.0.113.10", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def _officers(station, n: int):
    return [UserFactory(username=f"sho-spray-{i}", role=Role.STATION, station=station) for i in range(n)]


def test_the_fifth_failure_locks_the_account(client, sho_a):
    for _ in range(4):
        assert _post(client, sho_a.username, "wrong-password").status_code == 200
    assert _signed_in(_post(client, sho_a.username, PASSWORD))  # 4 failures: not yet
    client.logout()
    locked = _post(client, sho_a.username, "wrong-password")  # the 5th
    assert locked.status_code == 429 and 'data-testid="locked-out"' in locked.content.decode()
    assert _post(client, sho_a.username, PASSWORD).status_code == 429  # even the right password


def test_the_account_lock_holds_whatever_the_address(client, sho_a):
    for i in range(5):
        _post(client, sho_a.username, "wrong-password", remote=f"198.51.100.{i + 1}")
    assert _post(client, sho_a.username, PASSWORD, remote="192.0.2.99").status_code == 429


def test_the_lock_lifts_after_15_minutes(client, sho_a):
    for _ in range(5):
        _post(client, sho_a.username, "wrong-password")
    assert _post(client, sho_a.username, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _signed_in(_post(client, sho_a.username, PASSWORD))


def test_password_spraying_across_accounts_locks_the_address(client, sho_a, station_a):
    for officer in _officers(station_a, 5):  # one guess each at five accounts
        _post(client, officer.username, "Summer2020!", remote="203.0.113.66")
    assert _post(client, sho_a.username, PASSWORD, remote="203.0.113.66").status_code == 429
    assert _signed_in(_post(client, sho_a.username, PASSWORD, remote="203.0.113.67"))  # the officer elsewhere


def test_behind_a_trusted_proxy_the_client_is_taken_from_its_header(client, settings, sho_a, station_a):
    settings.TRUSTED_PROXIES = [PROXY]
    for officer in _officers(station_a, 5):
        _post(client, officer.username, "wrong-password", remote=PROXY, forwarded="203.0.113.66")
    # The sprayer is locked out; another officer behind the same proxy is not.
    assert _post(client, sho_a.username, PASSWORD, remote=PROXY, forwarded="203.0.113.66").status_code == 429
    assert _signed_in(_post(client, sho_a.username, PASSWORD, remote=PROXY, forwarded="203.0.113.67"))


def test_a_spoofed_header_from_an_untrusted_address_is_ignored(client, settings, sho_a, station_a):
    settings.TRUSTED_PROXIES = [PROXY]
    for i, officer in enumerate(_officers(station_a, 5)):  # a new invented address for each guess
        _post(client, officer.username, "wrong-password", remote="198.51.100.9", forwarded=f"192.0.2.{i + 1}")
    assert _post(client, sho_a.username, PASSWORD, remote="198.51.100.9", forwarded="192.0.2.200").status_code == 429


def test_nobody_can_lock_an_officer_out_by_posing_as_their_address(client, settings, sho_a, station_a):
    """Five failures sent straight to the app (not through the proxy) claiming to be the officer's
    address lock only the sender's real address, not the officer's."""
    settings.TRUSTED_PROXIES = [PROXY]
    for officer in _officers(station_a, 5):
        _post(client, officer.username, "wrong-password", remote="198.51.100.9", forwarded="203.0.113.10")
    assert _signed_in(_post(client, sho_a.username, PASSWORD, remote=PROXY, forwarded="203.0.113.10"))


@pytest.mark.parametrize("remote,forwarded,proxies,expected", [
    ("203.0.113.1", "", [], "203.0.113.1"),
    ("203.0.113.1", "192.0.2.7", [], "203.0.113.1"),  # no proxy configured: header ignored
    ("198.51.100.9", "192.0.2.7", [PROXY], "198.51.100.9"),  # not from the proxy: header ignored
    (PROXY, "192.0.2.7", [PROXY], "192.0.2.7"),
    (PROXY, "192.0.2.7", ["10.0.0.0/8"], "192.0.2.7"),  # a network of proxies
    (PROXY, "1.1.1.1, 192.0.2.7", [PROXY], "192.0.2.7"),  # what the client wrote on the left is not believed
    (PROXY, "192.0.2.7, 10.0.0.6", ["10.0.0.0/24"], "192.0.2.7"),  # through two trusted proxies
    (PROXY, "not-an-address", [PROXY], PROXY),
    (PROXY, "", [PROXY], PROXY),
])
def test_client_ip(settings, remote, forwarded, proxies, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
