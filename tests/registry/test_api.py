"""/api/call-centres/ and /api/premises/: scoped, filtered like the lists, writes through the services."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from registry.models import CallCentre

from .cc_helpers import bulk_rows, register

pytestmark = pytest.mark.django_db

LIST = "/api/call-centres/"
PREMISES = "/api/premises/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("rows", [5, 500])
def test_api_list_costs_the_same_queries_for_5_or_500(django_assert_num_queries, sho_a, locality_a, rows):
    bulk_rows(locality_a, rows)
    client = api(sho_a)
    # 1 the count, 2 the rows (joins and churn flags), 3 their phones. (Authentication is forced.)
    with django_assert_num_queries(3):
        response = client.get(LIST, {"page_size": 500})
    assert response.status_code == 200
    assert response.data["count"] == rows and len(response.data["results"]) == rows


@pytest.mark.parametrize("rows", [5, 500])
def test_premises_api_list_costs_the_same_queries(django_assert_num_queries, sho_a, locality_a, rows):
    bulk_rows(locality_a, rows)
    client = api(sho_a)
    # 1 the count, 2 the rows (occupant counts and flags), 3 the call centres now at them.
    with django_assert_num_queries(3):
        response = client.get(PREMISES, {"page_size": 500})
    assert len(response.data["results"]) == rows


def test_api_list_is_scoped_and_filtered_like_the_web_list(sho_a, sho_b, cyber, locality_a, locality_b):
    register(sho_a, locality_a, "Api Alpha Calls", phones=["9810070707"], service="loans")
    register(cyber, locality_b, "Api Bravo Calls")
    assert [r["name"] for r in api(sho_b).get(LIST).data["results"]] == ["Api Bravo Calls"]
    data = api(cyber).get(LIST, {"q": "98100 70707"}).data
    assert [r["name"] for r in data["results"]] == ["Api Alpha Calls"]
    row = data["results"][0]
    assert row["phones"] == ["9810070707"] and row["station"] == locality_a.station.code
    assert row["flags"] == {"quick_vacate": False, "shared_premises": False, "busy_landlord": False}
    assert [r["name"] for r in api(cyber).get(LIST, {"service": "loans"}).data["results"]] == ["Api Alpha Calls"]
    assert [r["name"] for r in api(cyber).get(LIST, {"zone": locality_b.station.zone.code}).data["results"]] == [
        "Api Bravo Calls"
    ]


def test_bad_filter_is_a_400_with_a_message(cyber):
    response = api(cyber).get(LIST, {"status": "flying"})
    assert response.status_code == 400 and "status" in response.data


def test_create_goes_through_the_service(sho_a, locality_a):
    response = api(sho_a).post(
        LIST,
        {"name": "Api Made Calls", "address": "Plot 3, Api Tower", "locality": "alpha locality",
         "phones": ["+91 98100 80808", "0981-008-0809"], "markets": ["USA"], "shift_start": "22:00",
         "shift_end": "06:00"},
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["phones"] == ["9810080808", "9810080809"]
    assert response.data["night_shift"] is True and response.data["status"] == "reported"
    cc = CallCentre.objects.get(name="Api Made Calls")
    assert cc.status_changes.count() == 1 and cc.occupancies.count() == 1
    assert cc.history.first().history_source == "api"


@pytest.mark.parametrize(
    "overrides,field,text",
    [
        ({"phones": ["98100 12345", "12"]}, "phones", "Not a valid phone number"),
        ({"locality": "Atlantis"}, "locality", "Unknown locality"),
        ({"started_on": str(timezone.localdate() + datetime.timedelta(days=10))}, "started_on", "future"),
        ({"service": "hacking"}, "service", "not a valid choice"),
        ({"name": ""}, "name", "blank"),
        ({"seats": -4}, "seats", "greater than or equal to 0"),
        ({"station": "no-such-station"}, "station", "does not exist"),
    ],
)
def test_create_answers_bad_input_with_a_400(sho_a, locality_a, overrides, field, text):
    payload = {"name": "Bad Api Calls", "address": "Plot 3, Api Tower", "locality": locality_a.name}
    payload.update(overrides)
    response = api(sho_a).post(LIST, payload, format="json")
    assert response.status_code == 400, response.data
    assert text in str(response.data[field])
    assert not CallCentre.objects.exists()


def test_sho_cannot_create_in_another_stations_locality(sho_a, locality_b):
    response = api(sho_a).post(LIST, {"name": "X", "address": "Plot 1", "locality": locality_b.name}, format="json")
    assert response.status_code == 400 and "Unknown locality" in str(response.data["locality"])


def test_commissioner_cannot_write_through_the_api(commissioner, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Read Only Api Calls")
    client = api(commissioner)
    assert client.get(f"{LIST}{cc.pk}/").status_code == 200
    assert client.post(LIST, {"name": "X"}, format="json").status_code == 403
    assert client.patch(f"{LIST}{cc.pk}/", {"name": "X"}, format="json").status_code in (403, 404)


def test_update_changes_profile_and_phones_via_the_service(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Patch Calls", phones=["9810090909"])
    response = api(sho_a).patch(f"{LIST}{cc.pk}/", {"seats": 25, "phones": ["9810090910"]}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["seats"] == 25 and response.data["phones"] == ["9810090910"]
    response = api(sho_a).patch(f"{LIST}{cc.pk}/", {"phones": ["abc"]}, format="json")
    assert response.status_code == 400 and "Not a valid phone number" in str(response.data)


def test_sho_of_another_station_gets_404(sho_a, sho_b, locality_a):
    cc = register(sho_a, locality_a, "Hidden Api Calls")
    client = api(sho_b)
    assert client.get(f"{LIST}{cc.pk}/").status_code == 404
    assert client.patch(f"{LIST}{cc.pk}/", {"name": "Stolen"}, format="json").status_code == 404
    assert client.post(f"{LIST}{cc.pk}/status/", {"status": "closed"}, format="json").status_code == 404
    assert client.get(f"{PREMISES}{cc.premises_id}/").status_code == 404


def test_status_action_moves_and_refuses_bad_transitions(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Api Status Calls")
    client = api(sho_a)
    history = client.get(f"{LIST}{cc.pk}/status/").data
    assert history["status"] == "reported" and "under_verification" in history["allowed"]
    response = client.post(f"{LIST}{cc.pk}/status/", {"status": "compliant"}, format="json")
    assert response.status_code == 400 and "cannot become" in str(response.data["status"])
    response = client.post(f"{LIST}{cc.pk}/status/", {"status": "under_verification", "reason": "visit"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "under_verification"
    assert len(client.get(f"{LIST}{cc.pk}/status/").data["history"]) == 2


def test_premises_patch_records_the_landlord(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Landlord Api Calls", landlord_name="Kamla Devi")
    response = api(sho_a).patch(f"{PREMISES}{cc.premises_id}/", {"landlord_phone": "98111 44444", "rooms": 2},
                                format="json")
    assert response.status_code == 200, response.data
    assert response.data["landlord_phone"] == "9811144444" and response.data["landlord_name"] == "Kamla Devi"
    response = api(sho_a).patch(f"{PREMISES}{cc.premises_id}/", {"lease_start": "2020-05-01",
                                                                 "lease_end": "2020-01-01"}, format="json")
    assert response.status_code == 400 and "lease_end" in response.data


def test_registry_api_schema_is_valid_and_has_no_warnings():
    from django.urls import include, path
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=[path("api/", include("registry.api.urls"))]).get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    for url in ("/api/call-centres/", "/api/call-centres/{id}/status/", "/api/premises/", "/api/premises/{id}/"):
        assert url in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/call-centres/"]["get"]["parameters"]}
    assert {"q", "zone", "station", "locality", "status", "service", "source", "quick_vacate", "shared_premises",
            "busy_landlord", "sort", "page"} <= params
