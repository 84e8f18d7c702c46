"""Passwords: at least 12 characters, not a common, breached or police-themed one, and none of the
last 5 used (PasswordHistory keeps hashes only)."""
from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.accounts.tokens import api_token_create
from core.models import ApiToken, PasswordHistory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _refused(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize("password", ["Police@123", "Gurugram1", "gurugram@123", "HaryanaPolice@123", "Welcome@1234"])
def test_breached_and_police_themed_passwords_are_refused(password):
    assert _refused(password)


def test_the_police_themed_message_names_the_reason():
    assert any("known from breaches" in m for m in _refused("HaryanaPolice@123"))


def test_fewer_than_12_characters_are_refused():
    assert any("at least 12" in m for m in _refused("Xq7#vLp2m!a"))  # 11
    assert not _refused("Xq7#vLp2m!aZ")  # 12


def test_djangos_common_list_still_applies():
    assert any("too common" in m for m in _refused("1qaz2wsx3edc"))


def _change(user, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save()


def test_none_of_the_last_five_passwords_can_be_used_again(sho_a):
    used = [f"Kx{n}-monsoon-ridge" for n in range(1, 6)]
    for password in used:
        _change(sho_a, password)
    for password in used:
        assert any("used this password recently" in m for m in _refused(password, sho_a)), password
    assert not _refused(PASSWORD + "-not-recent", sho_a)
    _change(sho_a, "Kx6-monsoon-ridge")
    assert not _refused(used[0], sho_a)  # six changes ago: allowed again


def test_the_history_keeps_hashes_never_passwords(sho_a):
    _change(sho_a, "Kx1-monsoon-ridge")
    stored = list(PasswordHistory.objects.filter(user=sho_a).values_list("password", flat=True))
    assert stored and all("monsoon" not in h for h in stored)
    assert PasswordHistory.objects.filter(user=sho_a).count() <= 5


def test_the_current_password_cannot_be_set_again_from_the_page(client, sho_a):
    client.force_login(sho_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD,
    })
    assert response.status_code == 200 and "used this password recently" in response.content.decode()


def test_a_password_change_on_the_page_revokes_api_tokens(client, sho_a):
    key, _token = api_token_create(user=sho_a)
    assert client.get("/api/stations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    client.force_login(sho_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "Kx9-monsoon-ridge", "new_password2": "Kx9-monsoon-ridge",
    })
    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=sho_a).exists()
    assert client.get("/api/stations/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
