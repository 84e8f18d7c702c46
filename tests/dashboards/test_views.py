"""The dashboards: who may open which, every figure equals the rows of the list it links to,
a constant number of queries, the period selector, the charts' data and the navigation."""
from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse

from core.roles import Role

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

CITY = reverse("dashboards:city")
FIGURE = re.compile(r'<a [^>]*href="([^"]+)"[^>]*data-count="(\d+)"')


def zone_url(zone):
    return reverse("dashboards:zone", args=[zone.code])


def station_url(station):
    return reverse("dashboards:station", args=[station.code])


def figures(response) -> list[tuple[str, int]]:
    """Every linked figure of a page: (address of the list, number shown)."""
    return [(html.unescape(url), int(n)) for url, n in FIGURE.findall(response.content.decode())]


def list_rows(client, url: str) -> int:
    """How many rows the list at `url` shows (its paginator's count)."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context.get("filter")
    if form is not None:
        assert not form.form.errors, f"{url}: {form.form.errors}"
    return response.context["page"].paginator.count


# --------------------------------------------------------------------------- access


@pytest.mark.parametrize("who", ["commissioner", "cyber", "admin_user"])
def test_city_roles_open_the_city_a_zone_and_a_station_dashboard(client, request, who, city, zone_a, station_b):
    client.force_login(request.getfixturevalue(who))
    for url in (CITY, zone_url(zone_a), station_url(station_b)):
        assert client.get(url).status_code == 200, url


def test_sho_opens_own_station_dashboard_only(client, sho_a, sho_b, station_a, zone_a, city):
    client.force_login(sho_b)
    assert client.get(station_url(station_a)).status_code == 404
    client.force_login(sho_a)
    assert client.get(station_url(station_a)).status_code == 200
    assert client.get(CITY).status_code == 404
    assert client.get(zone_url(zone_a)).status_code == 404  # not even their own zone's


def test_zone_officer_opens_own_zone_and_its_stations_not_another_zone(
    client, dcp_a, zone_a, zone_b, station_a2, station_b, city
):
    client.force_login(dcp_a)
    assert client.get(zone_url(zone_a)).status_code == 200
    assert client.get(station_url(station_a2)).status_code == 200
    assert client.get(zone_url(zone_b)).status_code == 404
    assert client.get(station_url(station_b)).status_code == 404
    assert client.get(CITY).status_code == 404


def test_association_member_is_refused_every_dashboard(client, association, zone_a, station_a):
    client.force_login(association)
    for url in (CITY, zone_url(zone_a), station_url(station_a), reverse("dashboards:mine")):
        assert client.get(url).status_code == 403, url


def test_unknown_zone_or_station_is_404(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("dashboards:zone", args=["nowhere"])).status_code == 404
    assert client.get(reverse("dashboards:station", args=["nowhere"])).status_code == 404


def test_anonymous_is_sent_to_login(client, zone_a):
    response = client.get(zone_url(zone_a))
    assert response.status_code == 302 and "login" in response["Location"]


def test_dashboards_are_read_only(client, commissioner):
    client.force_login(commissioner)
    assert client.post(CITY).status_code == 405


# --------------------------------------------------------------------------- navigation


@pytest.mark.parametrize(
    "who,expected",
    [("commissioner", "city"), ("cyber", "city"), ("admin_user", "city"), ("dcp_a", "zone"), ("sho_a", "station")],
)
def test_dashboard_menu_item_leads_to_the_role_dashboard(client, request, who, expected, zone_a, station_a):
    user = request.getfixturevalue(who)
    client.force_login(user)
    home = client.get(reverse("home"))
    mine = reverse("dashboards:mine")
    assert f'href="{mine}"'.encode() in home.content
    target = {"city": CITY, "zone": zone_url(zone_a), "station": station_url(station_a)}[expected]
    response = client.get(mine)
    assert response.status_code == 302 and response["Location"] == target


def test_commissioner_home_links_to_the_city_dashboard(client, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("home"))
    assert f'href="{CITY}"'.encode() in response.content


# --------------------------------------------------------------------------- figures = list rows


@pytest.mark.parametrize("period", ["30d", "90d", "12m", "year"])
def test_every_city_figure_is_the_number_of_rows_of_its_list(client, commissioner, city, period):
    client.force_login(commissioner)
    page = client.get(CITY, {"period": period})
    found = figures(page)
    assert len(found) > 60
    for url, shown in set(found):
        assert list_rows(client, url) == shown, url


def test_every_zone_figure_is_the_number_of_rows_of_its_list_for_the_zone_officer(client, dcp_a, zone_a, city):
    client.force_login(dcp_a)
    page = client.get(zone_url(zone_a), {"period": "90d"})
    for url, shown in set(figures(page)):
        assert list_rows(client, url) == shown, url


def test_every_station_figure_is_the_number_of_rows_of_its_list_for_the_sho(client, sho_a, station_a, city):
    client.force_login(sho_a)
    page = client.get(station_url(station_a), {"period": "30d"})
    found = figures(page)
    assert found
    for url, shown in set(found):
        assert list_rows(client, url) == shown, url


def test_city_figures_match_the_data(client, commissioner, city):
    client.force_login(commissioner)
    ctx = client.get(CITY, {"period": "30d"}).context
    summary, total = ctx["summary"], ctx["board"].total
    assert summary["operating"].value == 6  # A: 3, A2: 2, B: 1
    assert summary["total"].value == 9  # A: 5, A2: 2, B: 2; the merged record is not one of its own
    assert dict((str(k), f.value) for k, f in summary["licences"]) == {
        "Not checked yet": 3, "Awaiting answers": 1, "A licence missing or expired": 1, "Licences in order": 1,
    }
    assert summary["quick_vacate"].value == 1
    assert (total.busts, total.repeat, total.arrests, total.masterminds) == (2, 1, 2, 1)
    assert total.repeat_share == 50
    assert (total.submitted, total.stations, total.coverage) == (2, 3, 67)
    assert [z.zone.code for z in ctx["board"].zones] == ["alpha-zone", "bravo-zone"]
    assert [z.tally.operating for z in ctx["board"].zones] == [5, 1]


def test_period_selector_changes_period_bound_figures_only(client, commissioner, city):
    client.force_login(commissioner)
    short = client.get(CITY, {"period": "30d"}).context
    long = client.get(CITY, {"period": "12m"}).context
    assert (short["board"].total.busts, long["board"].total.busts) == (2, 3)
    assert short["summary"]["operating"].value == long["summary"]["operating"].value
    assert client.get(CITY, {"period": "nonsense"}).context["period"].key == "12m"


def test_zone_dashboard_shows_its_stations_side_by_side(client, dcp_a, zone_a, station_a, station_a2, city):
    client.force_login(dcp_a)
    response = client.get(zone_url(zone_a))
    rows = response.context["board"].stations
    assert [r.station for r in rows] == [station_a, station_a2]
    assert [r.tally.operating for r in rows] == [3, 2]
    assert b'data-testid="league"' in response.content
    assert station_url(station_a).encode() in response.content


# --------------------------------------------------------------------------- queries


def _queries_for(client, django_assert_num_queries, url, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_city_dashboard_costs_the_same_queries_whatever_the_data_size(
    client, commissioner, django_assert_num_queries, station_a, station_a2, station_b, locality_a, locality_b, size
):
    from .conftest import build_city

    build_city(station_a=station_a, station_a2=station_a2, station_b=station_b, locality_a=locality_a,
               locality_b=locality_b, size=size)
    client.force_login(commissioner)
    # 1 session, 2 user; 3 call centres' status/licence/churn aggregate; 4 call centres by locality;
    # 5 busts per month; 6 stations with zones; 7 call centres by station; 8 busts by station;
    # 9 arrests by station; 10 this month's returns; 11 localities' coordinates.
    _queries_for(client, django_assert_num_queries, CITY, 11)


@pytest.mark.parametrize("size", [1, 4])
def test_zone_and_station_dashboards_cost_the_same_queries_whatever_the_data_size(
    client, dcp_a, sho_a, django_assert_num_queries, zone_a, station_a, station_a2, station_b, locality_a,
    locality_b, size
):
    from .conftest import build_city

    build_city(station_a=station_a, station_a2=station_a2, station_b=station_b, locality_a=locality_a,
               locality_b=locality_b, size=size)
    client.force_login(dcp_a)
    # 1 session, 2 user, 3 the zone (in the officer's scope), 4 the zone's name for the header
    # (user.scope_label); then the 9 panel queries of the city dashboard (3-11 there).
    _queries_for(client, django_assert_num_queries, zone_url(zone_a), 13)
    client.force_login(sho_a)
    # 1 session, 2 user, 3 the station with its zone, 4 the station's name for the header; 9 panels.
    _queries_for(client, django_assert_num_queries, station_url(station_a), 13)


# --------------------------------------------------------------------------- charts


def test_charts_read_their_numbers_from_json_and_each_has_a_table(client, commissioner, city):
    client.force_login(commissioner)
    response = client.get(CITY)
    content = response.content.decode()
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', content,
                                re.S).group(1))
    assert sum(data["statuses"]["values"]) == response.context["summary"]["total"].value
    assert len(data["months"]["values"]) == 12
    assert "vendor/chartjs/chart.umd.min.js" in content and "dashboards/charts.js" in content
    assert "cdn" not in content.lower()
    for table in ("panel-status", "panel-licences", "panel-months"):
        assert f'data-testid="{table}"' in content
    # No inline script apart from the JSON data block.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", content) == []


def test_a_station_officer_of_another_station_sees_none_of_station_as_numbers(client, sho_b, station_b, city):
    client.force_login(sho_b)
    ctx = client.get(station_url(station_b)).context
    assert ctx["summary"]["total"].value == 2
    assert [r.station for r in ctx["board"].stations] == [station_b]


def test_zone_officer_without_data_gets_an_empty_dashboard(client, zone_b):
    officer = UserFactory(username="dcp-bravo", role=Role.ZONE, station=None, zone=zone_b)
    client.force_login(officer)
    response = client.get(zone_url(zone_b))
    assert response.status_code == 200
    assert response.context["summary"]["total"].value == 0


# --------------------------------------------------------------------------- short-term caching


def test_cached_dashboard_is_shared_by_scope_and_counts_nothing_again(
    client, settings, commissioner, cyber, sho_a, sho_b, station_a, station_b, city, django_assert_num_queries
):
    from django.core.cache import cache

    settings.DASHBOARD_CACHE_SECONDS = 60
    cache.clear()
    client.force_login(commissioner)
    first = client.get(CITY).context["summary"]["operating"].value
    client.force_login(cyber)  # the same (city-wide) scope: the same figures, counted once
    with django_assert_num_queries(2):  # 1 session, 2 user; the figures come from the cache
        assert client.get(CITY).context["summary"]["operating"].value == first
    # A station officer's figures are their own, never another scope's.
    client.force_login(sho_a)
    assert client.get(station_url(station_a)).context["summary"]["total"].value == 5
    client.force_login(sho_b)
    assert client.get(station_url(station_b)).context["summary"]["total"].value == 2
    cache.clear()


def test_dashboard_in_hindi_shows_day_first_dates(client, commissioner, city):
    from django.conf import settings as conf

    client.force_login(commissioner)
    client.cookies[conf.LANGUAGE_COOKIE_NAME] = "hi"
    response = client.get(CITY, {"period": "year"})
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "hi"
    start = response.context["period"].start
    assert f"{start:%d/%m/%Y}".encode() in response.content
    from django.utils import translation

    translation.activate(conf.LANGUAGE_CODE)  # the request left Hindi active in this thread
