"""Re-authentication before grave actions: merging two persons and changing an account ask again for
the password (and the second factor's code for the roles that use one) once REAUTH_MINUTES have
passed since it was last given; nothing is done until then."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import Role
from offenders import services
from offenders.models import MatchDecision
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=11)  # REAUTH_MINUTES is 10


def _pair(sho):
    return (services.person_create(actor=sho, name="Sandeep Kumar Yadav"),
            services.person_create(actor=sho, name="Sandeep Yadav"))


def _merge(client, person, other):
    return client.post(reverse("offenders:person-decide", args=[person.pk]), {"other": other.pk, "verdict": "same"},
                       HTTP_REFERER=f"http://testserver/offenders/persons/{person.pk}/matches/")


def test_merging_persons_right_after_signing_in_needs_nothing_more(client, sho_a):
    person, other = _pair(sho_a)
    client.force_login(sho_a)
    assert _merge(client, person, other).status_code == 302
    assert MatchDecision.objects.get().verdict == "same"


def test_merging_persons_later_asks_for_the_password_first(client, sho_a):
    person, other = _pair(sho_a)
    client.force_login(sho_a)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        response = _merge(client, person, other)
        assert response.status_code == 302 and response["Location"].startswith(reverse("reauth"))
        assert not MatchDecision.objects.filter(verdict="same").exists()  # nothing done yet
        wrong = client.post(response["Location"], {"password": "not-my-password"})
        assert "That is not your password." in wrong.content.decode()
        back = client.post(response["Location"], {"password": PASSWORD})
        assert back.status_code == 302 and back["Location"] == f"/offenders/persons/{person.pk}/matches/"
        assert _merge(client, person, other).status_code == 302
    assert MatchDecision.objects.get().verdict == "same"


def test_not_the_same_person_needs_no_reauthentication(client, sho_a):
    person, other = _pair(sho_a)
    client.force_login(sho_a)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        response = client.post(reverse("offenders:person-decide", args=[person.pk]),
                               {"other": other.pk, "verdict": "different"})
    assert response["Location"] == reverse("offenders:person-detail", args=[person.pk])


def test_the_cyber_team_gives_its_code_too(client, cyber, sho_a):
    person, other = _pair(sho_a)
    client.force_login(cyber)
    device = TOTPDevice.objects.get(user=cyber)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        url = _merge(client, person, other)["Location"]
        without = client.post(url, {"password": PASSWORD})
        assert without.status_code == 200 and not MatchDecision.objects.filter(verdict="same").exists()
        code = f"{TOTP(device.bin_key).token():06d}"
        assert client.post(url, {"password": PASSWORD, "token": code}).status_code == 302
        assert _merge(client, person, other).status_code == 302
    assert MatchDecision.objects.get().verdict == "same"


def test_the_commissioner_is_still_refused_with_403_not_asked_to_reauthenticate(client, commissioner, sho_a):
    person, other = _pair(sho_a)
    client.force_login(commissioner)
    with time_machine.travel(timezone.now() + LATER, tick=False):
        assert _merge(client, person, other).status_code == 403


def test_changing_an_accounts_role_in_the_admin_asks_for_the_password_first(client, admin_user, sho_b):
    client.force_login(admin_user)
    url = reverse("admin:stations_user_change", args=[sho_b.pk])
    with time_machine.travel(timezone.now() + LATER, tick=False):
        assert client.get(url).status_code == 200  # the form shows
        response = client.post(url, {"username": sho_b.username, "role": Role.ADMIN, "is_active": "on",
                                     "date_joined_0": "01/01/2020", "date_joined_1": "10:00:00"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("reauth"))
    sho_b.refresh_from_db()
    assert sho_b.role == Role.STATION and not sho_b.is_staff


def test_reauthentication_failures_count_towards_the_lockout(client, sho_a):
    client.force_login(sho_a)
    for _ in range(5):
        client.post(reverse("reauth"), {"password": "not-my-password"})
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username=sho_a.username).get().failures_since_start == 5
    response = client.post(reverse("reauth"), {"password": PASSWORD})
    assert response.status_code in (200, 429) and "auth_confirmed" in client.session
    assert response.status_code != 302  # locked: the right password does not confirm
