"""Friendly 403 and 404 pages, in the officer's language, inside the usual layout."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_a_friendly_404_in_the_layout(client, sho_a):
    client.force_login(sho_a)
    response = client.get("/registry/call-centres/999999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "outside your jurisdiction" in body and 'data-testid="main-nav"' in body


def test_a_forbidden_action_answers_a_friendly_403(client, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("offenders:bulletin-generate"))
    assert response.status_code == 403
    assert "Your role may not do this" in response.content.decode()


def test_the_error_pages_speak_hindi(client, sho_a):
    client.force_login(sho_a)
    response = client.get("/registry/call-centres/999999999/", HTTP_ACCEPT_LANGUAGE="hi")
    assert response.status_code == 404
    assert "Not found" not in response.content.decode()
