"""/api/complaints/: police read within scope with filters, the cyber team records, association refused."""
import pytest
from rest_framework.test import APIClient

from complaints.choices import IdentifierKind as K
from complaints.models import Complaint

from .helpers import call_centre_with_phone, row, save

pytestmark = pytest.mark.django_db
URL = "/api/complaints/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def world(cyber, station_a, station_b):
    alpha = call_centre_with_phone(station_a, "9810000001")
    call_centre_with_phone(station_b, "9820000002", name="Bravo")
    save(cyber, *[row(f"A-{i}", (K.PHONE, "9810000001")) for i in range(5)], row("B-1", (K.PHONE, "9820000002")))
    return alpha


def test_sho_reads_own_scope_with_constant_queries(api, sho_a, world, django_assert_max_num_queries):
    api.force_authenticate(sho_a)
    api.get(URL)
    with django_assert_max_num_queries(6):  # permissions, count, rows, identifiers, links
        response = api.get(URL)
    assert response.status_code == 200
    assert {c["reference"] for c in response.json()["results"]} == {f"A-{i}" for i in range(5)}
    assert response.json()["results"][0]["call_centres"] == [world.pk]
    other = Complaint.objects.get(reference="B-1")
    assert api.get(f"{URL}{other.pk}/").status_code == 404


def test_filters(api, commissioner, world):
    api.force_authenticate(commissioner)
    assert api.get(URL, {"call_centre": world.pk}).json()["count"] == 5
    assert api.get(URL, {"identifier": "9820000002"}).json()["count"] == 1
    assert api.get(URL, {"source": "tip"}).json()["count"] == 0
    assert api.get(URL, {"reported_from": "2020-05-02"}).json()["count"] == 0


def test_cyber_team_records_and_others_are_refused(api, cyber, sho_a, commissioner, association, station_a):
    centre = call_centre_with_phone(station_a, "9810000001")
    body = {"source": "foreign", "reference": "CBI-7", "reported_on": "2020-06-01", "victim_country": "uk",
            "amount": "99.50", "currency": "gbp", "identifiers": [{"kind": "phone", "value": "+91 98100 00001"}]}
    for user in (sho_a, commissioner, association):
        api.force_authenticate(user)
        assert api.post(URL, body, format="json").status_code == 403
    assert api.get(URL).status_code == 403  # the association member
    api.force_authenticate(cyber)
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["call_centres"] == [centre.pk]
    assert response.json()["victim_country"] == "United Kingdom" and response.json()["currency"] == "GBP"
    assert api.post(URL, body, format="json").status_code == 200  # the same reference: nothing new
    bad = {**body, "reference": "CBI-8", "identifiers": [{"kind": "bank", "value": "12"}]}
    response = api.post(URL, bad, format="json")
    assert response.status_code == 400 and "bank account" in response.content.decode()
    assert Complaint.objects.count() == 1


def test_schema_lists_complaints(api, cyber):
    api.force_authenticate(cyber)
    response = api.get("/api/schema/")
    assert response.status_code == 200 and b"/api/complaints/" in response.content and b"call_centre" in response.content
