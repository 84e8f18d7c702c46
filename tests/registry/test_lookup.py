"""Searchable choices of call centres: a JSON lookup in the officer's scope whose labels tell
identical names apart, used by the bust form instead of a select of every call centre."""
import re

import pytest
from django.urls import reverse

from tests.registry.cc_helpers import register

pytestmark = pytest.mark.django_db

LOOKUP = "registry:callcentre-lookup"


@pytest.fixture
def twins(sho_a, sho_b, locality_a, locality_b):
    return [
        register(sho_a, locality_a, "Sigma Support", address="Plot 5, Udyog Vihar Phase IV"),
        register(sho_a, locality_a, "Sigma Support", address="Plot 77, Sohna Road"),
        register(sho_b, locality_b, "Sigma Support", address="Plot 9, Bravo Market"),
    ]


def test_the_lookup_tells_identical_names_apart_and_stays_in_scope(client, django_assert_max_num_queries, sho_a, twins):
    client.force_login(sho_a)
    # session, user, the rows (station, premises and locality joined)
    with django_assert_max_num_queries(4):
        results = client.get(reverse(LOOKUP), {"q": "sigma"}).json()["results"]
    labels = sorted(r["label"] for r in results)
    assert len(labels) == 2 and len(set(labels)) == 2  # same name, told apart
    assert any("Udyog Vihar Phase IV" in label for label in labels) and any("Sohna Road" in label for label in labels)
    assert all("Bravo Market" not in label for label in labels)  # station B's is not in A's scope
    assert client.get(reverse(LOOKUP), {"q": "s"}).json() == {"results": []}  # two letters at least
    by_phone = client.get(reverse(LOOKUP), {"q": twins[0].phones.first().number[-6:]}).json()["results"]
    assert [r["id"] for r in by_phone] == [twins[0].pk]


def test_the_other_station_finds_only_its_own(client, sho_b, twins):
    client.force_login(sho_b)
    results = client.get(reverse(LOOKUP), {"q": "Sigma"}).json()["results"]
    assert [r["id"] for r in results] == [twins[2].pk]


def test_the_association_cannot_look_call_centres_up(client, association, twins):
    client.force_login(association)
    assert client.get(reverse(LOOKUP), {"q": "Sigma"}).status_code == 403


def test_the_bust_form_holds_only_the_chosen_call_centre_and_refuses_another_stations(client, sho_a, twins):
    client.force_login(sho_a)
    page = client.get(reverse("offenders:bust-create")).content.decode()
    select = re.search(r'<select name="call_centre".*?</select>', page, re.S).group()
    assert "data-lookup-url" in select and select.count("<option") == 1  # no list of every call centre
    assert 'class="form-control' in page  # the same form style as the registry's forms
    response = client.post(reverse("offenders:bust-create"), {
        "fir_number": "46/2020", "raid_date": "2020-09-01", "call_centre": twins[2].pk,
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page and "Bravo Market" not in page
    response = client.post(reverse("offenders:bust-create"), {
        "fir_number": "46/2020", "raid_date": "2020-09-01", "call_centre": twins[1].pk, "phones_seized": "x",
    })
    page = response.content.decode()
    chosen = re.search(r'<select name="call_centre".*?</select>', page, re.S).group()
    assert "Sohna Road" in chosen and "selected" in chosen  # the choice is kept, named by its address


def test_the_bust_lists_filters_are_labelled(client, sho_a):
    client.force_login(sho_a)
    page = client.get(reverse("offenders:bust-list")).content.decode()
    assert "---------" not in page
    assert ">Section of law</label>" in page and ">Modus operandi</label>" in page
