"""The suite's convention (tests/conftest.py): force_login stands for a full sign-in, password and
second factor, so the ~1,650 tests about what comes after keep signing users in with one line."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_force_login_gives_the_second_factor_for_privileged_roles(client, cyber):
    client.force_login(cyber)
    assert client.get(reverse("home")).status_code == 200


def test_force_login_stamps_the_session_clocks_like_a_real_sign_in(client, sho_a):
    from core.accounts.sessions import CONFIRMED, SEEN, STARTED

    client.force_login(sho_a)
    session = client.session
    assert session[STARTED] == session[SEEN] == session[CONFIRMED]
