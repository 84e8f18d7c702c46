"""/api/station-returns/: scoped, filtered, paginated; submit / accept / send-back by the right roles."""
from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from registry.choices import ReturnStatus
from registry.models import StationReturn
from registry.selectors import returns as reads
from registry.services import returns as svc
from registry.services.callcentres import callcentre_register
from tests.factories import StationReturnFactory

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
URL = "/api/station-returns/"


def months_back(n: int):
    start = THIS_MONTH
    for _i in range(n):
        start = reads.period_bounds(start - timezone.timedelta(days=1))[0]
    return start


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def draft_a(sho_a):
    return svc.return_get_or_create_draft(actor=sho_a, station=sho_a.station, period=THIS_MONTH)


def test_list_is_scoped_to_the_callers_station(api, sho_a, sho_b, draft_a, station_b):
    StationReturnFactory(station=station_b, period_start=THIS_MONTH)
    api.force_authenticate(sho_b)
    body = api.get(URL).json()
    assert [r["station"] for r in body["results"]] == ["bravo-station"]
    assert api.get(f"{URL}{draft_a.pk}/").status_code == 404


def test_entries_are_nested_and_read_only(api, sho_a, draft_a, locality_a):
    cc = callcentre_register(actor=sho_a, name="Alpha Tech Support", locality=locality_a, address="Plot 1")
    svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc)
    api.force_authenticate(sho_a)
    body = api.get(f"{URL}{draft_a.pk}/").json()
    assert body["period"] == reads.period_label(THIS_MONTH) and body["is_locked"] is False
    assert body["entries"] == [
        {"id": draft_a.entries.get().pk, "call_centre": cc.pk, "call_centre_name": "Alpha Tech Support",
         "call_centre_status": "reported", "action": "listed", "remarks": ""}
    ]
    # The viewset is read-only apart from its actions.
    assert api.patch(f"{URL}{draft_a.pk}/", {"status": "accepted"}, format="json").status_code == 405
    assert api.delete(f"{URL}{draft_a.pk}/").status_code in (403, 405)
    assert StationReturn.objects.filter(pk=draft_a.pk, status=ReturnStatus.DRAFT).exists()


def test_filters_by_station_period_and_status(api, cyber, station_a, station_b):
    StationReturnFactory(station=station_a, period_start=THIS_MONTH)
    StationReturnFactory(station=station_a, period_start=months_back(1), status=ReturnStatus.ACCEPTED)
    StationReturnFactory(station=station_b, period_start=months_back(1), status=ReturnStatus.SUBMITTED)
    api.force_authenticate(cyber)

    def stations(**params):
        return sorted((r["station"], r["period"]) for r in api.get(URL, params).json()["results"])

    last = reads.period_label(months_back(1))
    assert stations(station="alpha-station") == sorted([("alpha-station", reads.period_label(THIS_MONTH)), ("alpha-station", last)])
    assert stations(period=last) == [("alpha-station", last), ("bravo-station", last)]
    assert stations(status="submitted") == [("bravo-station", last)]
    assert stations(zone="bravo-zone") == [("bravo-station", last)]


def test_bad_filters_answer_400_with_a_message(api, cyber):
    api.force_authenticate(cyber)
    response = api.get(URL, {"period": "Sept"})
    assert response.status_code == 400 and "YYYY-MM" in str(response.json())
    assert api.get(URL, {"status": "lost"}).status_code == 400
    assert api.get(URL, {"station": "no-such-station"}).status_code == 400


def test_a_station_cannot_filter_its_way_into_another_station(api, sho_b, station_a):
    StationReturnFactory(station=station_a, period_start=THIS_MONTH)
    api.force_authenticate(sho_b)
    assert api.get(URL, {"station": "alpha-station"}).status_code == 400


@pytest.mark.parametrize("count", [5, 50])
def test_list_costs_the_same_queries_for_5_and_50_returns(api, django_assert_num_queries, cyber, sho_a, locality_a, count):
    cc = callcentre_register(actor=sho_a, name="Alpha Listed", locality=locality_a, address="Plot 1")
    for i in range(count):
        ret = StationReturnFactory(station=sho_a.station, period_start=months_back(i))
        ret.entries.create(call_centre=cc)
    api.force_authenticate(cyber)
    # 1 count for the paginator, 2 the page of returns (station, zone, people; entries counted),
    # 3 their entries with call centres. (Forced authentication: no session or user query.)
    with django_assert_num_queries(3):
        response = api.get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == count and len(response.json()["results"]) == min(count, 50)


def test_submit_then_send_back_then_resubmit_then_accept(api, sho_a, cyber, draft_a):
    api.force_authenticate(sho_a)
    response = api.post(f"{URL}{draft_a.pk}/submit/", {"is_nil": True}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "submitted" and response.json()["is_nil"]
    # Locked: a second submission is refused with a message.
    response = api.post(f"{URL}{draft_a.pk}/submit/", {"is_nil": True}, format="json")
    assert response.status_code == 400 and "already been submitted" in str(response.json())

    api.force_authenticate(cyber)
    response = api.post(f"{URL}{draft_a.pk}/send-back/", {"remarks": ""}, format="json")
    assert response.status_code == 400 and "remarks" in response.json()
    response = api.post(f"{URL}{draft_a.pk}/send-back/", {"remarks": "List the Sohna Road centres"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "sent_back"

    api.force_authenticate(sho_a)
    assert api.post(f"{URL}{draft_a.pk}/submit/", {"is_nil": True}, format="json").json()["status"] == "submitted"
    api.force_authenticate(cyber)
    body = api.post(f"{URL}{draft_a.pk}/accept/", {}, format="json").json()
    assert body["status"] == "accepted" and body["reviewed_by"] == "cyber-team" and body["is_locked"]


def test_an_empty_non_nil_return_is_refused_with_a_message(api, sho_a, draft_a):
    api.force_authenticate(sho_a)
    response = api.post(f"{URL}{draft_a.pk}/submit/", {}, format="json")
    assert response.status_code == 400 and "nil return" in str(response.json())
    response = api.post(f"{URL}{draft_a.pk}/submit/", {"is_nil": "perhaps"}, format="json")
    assert response.status_code == 400


def test_actions_need_the_roles_permission(api, sho_a, dcp_a, commissioner, cyber, draft_a):
    svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=True)
    for user in (sho_a, dcp_a, commissioner):
        api.force_authenticate(user)
        assert api.post(f"{URL}{draft_a.pk}/accept/", {}, format="json").status_code == 403
    for user in (dcp_a, commissioner, cyber):
        api.force_authenticate(user)
        assert api.post(f"{URL}{draft_a.pk}/submit/", {"is_nil": True}, format="json").status_code == 403


def test_another_stations_officer_gets_404_on_actions(api, sho_b, draft_a):
    api.force_authenticate(sho_b)
    assert api.post(f"{URL}{draft_a.pk}/submit/", {"is_nil": True}, format="json").status_code == 404


def test_returns_are_in_the_openapi_schema():
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    # Only the registry's API, so this test is about station returns alone.
    generator = SchemaGenerator(patterns=[path("api/", include("registry.api.urls"))])
    paths = generator.get_schema(request=None, public=True)["paths"]
    assert "/api/station-returns/" in paths
    params = {p["name"] for p in paths["/api/station-returns/"]["get"]["parameters"]}
    assert {"station", "period", "status", "zone", "page"} <= params
    assert "/api/station-returns/{id}/send-back/" in paths


def test_get_on_an_action_is_405_for_own_return_and_404_for_another_stations(api, sho_a, sho_b, draft_a):
    api.force_authenticate(sho_a)
    assert api.get(f"{URL}{draft_a.pk}/submit/").status_code == 405
    api.force_authenticate(sho_b)
    assert api.get(f"{URL}{draft_a.pk}/submit/").status_code == 404
