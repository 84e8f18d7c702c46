"""The API skeleton: authentication, the scoped stations endpoint, the offline schema and docs."""
import pytest

from core.accounts.tokens import api_token_create
from tests.factories import LocalityFactory, PoliceStationFactory


@pytest.mark.django_db
def test_token_is_issued_for_good_credentials_only(client, sho_a):
    from tests.factories import PASSWORD

    good = client.post("/api/auth/token/", {"username": sho_a.username, "password": PASSWORD})
    assert good.status_code == 200 and good.json()["token"]
    bad = client.post("/api/auth/token/", {"username": sho_a.username, "password": "wrong"})
    assert bad.status_code == 400


@pytest.mark.django_db
def test_token_authentication_lists_only_the_sho_station(client, sho_a, station_b):
    key, _token = api_token_create(user=sho_a)
    response = client.get("/api/stations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [s["code"] for s in response.json()["results"]] == [sho_a.station.code]


@pytest.mark.django_db
def test_stations_api_is_refused_without_credentials(client, station_a):
    assert client.get("/api/stations/").status_code in (401, 403)


@pytest.mark.django_db
def test_stations_api_is_read_only(client, cyber, station_a):
    client.force_login(cyber)
    assert client.post("/api/stations/", {"code": "x", "name": "X"}).status_code in (403, 405)
    assert client.delete(f"/api/stations/{station_a.code}/").status_code in (403, 405)
    assert type(station_a).objects.filter(code="x").count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("n", [5, 50])
def test_stations_api_query_count_does_not_grow_with_rows(client, cyber, zone_a, django_assert_num_queries, n):
    for i in range(n):
        station = PoliceStationFactory(code=f"s-{i}", name=f"S {i}", zone=zone_a)
        LocalityFactory(name=f"L {i}", station=station)
    client.force_login(cyber)
    # 1 session, 1 user, 1 count, 1 page of stations with zones, 1 prefetch of localities
    with django_assert_num_queries(5):
        response = client.get("/api/stations/?page_size=100")
    assert response.json()["count"] == n


@pytest.mark.django_db
def test_schema_and_docs_are_served_offline(client, cyber):
    client.force_login(cyber)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/stations/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html


@pytest.mark.django_db
def test_api_errors_are_json_not_server_errors(client, cyber):
    client.force_login(cyber)
    response = client.get("/api/stations/does-not-exist/")
    assert response.status_code == 404 and response.json()["detail"]


@pytest.mark.django_db
def test_schema_has_no_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
