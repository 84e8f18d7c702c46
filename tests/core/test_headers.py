"""Pages with personal data are never cached, and unused browser features are switched off."""
import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "registry:callcentre-list", "offenders:person-list", "person-list"])
def test_signed_in_pages_and_json_are_not_stored(client, sho_a, name):
    client.force_login(sho_a)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_login_page_has_the_permissions_policy_too(client):
    response = client.get(reverse("login"))
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_an_api_call_without_credentials_answers_401(client):
    response = client.get("/api/call-centres/")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")
