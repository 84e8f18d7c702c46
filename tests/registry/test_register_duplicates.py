"""Registering a call centre at an address already on the registry, or with a phone already on
it, shows the likely duplicates before anything is saved; "Register anyway" saves it."""
import pytest
from django.urls import reverse

from registry.models import CallCentre
from tests.registry.cc_helpers import register

pytestmark = pytest.mark.django_db

CREATE = "registry:callcentre-create"


def form(locality, **overrides):
    data = {"name": "New Helpdesk", "address": "Plot 5, Orion Tower, Udyog Vihar Phase IV", "locality": locality.pk,
            "phones": "98100 55555", "source": "station_survey"}
    data.update(overrides)
    return data


@pytest.fixture
def existing(sho_a, sho_b, locality_a, locality_b):
    return {
        "here": register(sho_a, locality_a, "Orion Support", address="Plot 5, Orion Tower, Udyog Vihar Phase IV",
                         phones=["9810055555"]),
        "elsewhere": register(sho_b, locality_b, "Bravo Orion", address="Plot 5, Orion Tower, Udyog Vihar Phase IV",
                              phones=["9810055555"]),
    }


def test_same_address_and_phone_warns_and_saves_nothing(client, django_assert_max_num_queries, sho_a, locality_a,
                                                        existing):
    client.force_login(sho_a)
    before = CallCentre.objects.count()
    with django_assert_max_num_queries(16):
        response = client.post(reverse(CREATE), form(locality_a))
    assert response.status_code == 200 and CallCentre.objects.count() == before
    page = response.content.decode()
    warning = page[page.index('data-testid="duplicate-warning"'):page.index('data-testid="callcentre-form"')]
    assert "Orion Support" in warning and "Same address" in warning and "Same phone number" in warning
    assert "Bravo Orion" not in warning  # another station's record is not revealed
    assert 'data-testid="register-anyway"' in page and 'value="New Helpdesk"' in page  # what was typed is kept


def test_a_written_differently_address_is_still_the_same_premises(client, sho_a, locality_a, existing):
    client.force_login(sho_a)
    response = client.post(reverse(CREATE), form(locality_a, address="plot no. 5, orion tower, udyog vihar ph-4",
                                                 phones="98100 12345"))
    assert response.status_code == 200 and 'data-testid="duplicate-warning"' in response.content.decode()


def test_a_shared_phone_alone_warns(client, sho_a, locality_a, existing):
    client.force_login(sho_a)
    response = client.post(reverse(CREATE), form(locality_a, address="Plot 90, Other Street", phones="+91 98100-55555"))
    page = response.content.decode()
    assert 'data-testid="duplicate-warning"' in page and "Same phone number" in page
    assert not CallCentre.objects.filter(name="New Helpdesk").exists()


def test_register_anyway_saves_once_and_audits(client, sho_a, locality_a, existing):
    client.force_login(sho_a)
    response = client.post(reverse(CREATE), {**form(locality_a), "confirm_duplicates": "1"})
    created = CallCentre.objects.get(name="New Helpdesk")
    assert response.status_code == 302 and response["Location"] == reverse("registry:callcentre-detail", args=[created.pk])
    assert created.history.count() == 1  # audited by the one register service


def test_a_new_address_and_phone_saves_at_once(client, sho_a, locality_a, existing):
    client.force_login(sho_a)
    response = client.post(reverse(CREATE), form(locality_a, address="Plot 91, Fresh Street", phones="98100 77777"))
    assert response.status_code == 302 and CallCentre.objects.filter(name="New Helpdesk").exists()
