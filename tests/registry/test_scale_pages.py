"""Pages that stay small when the registry holds a state: boards by zone, narrowing menus, estimated counts."""
import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_state_board_shows_zones_then_one_zones_stations(client, commissioner, station_a, station_a2, station_b,
                                                           monkeypatch, django_assert_max_num_queries):
    from registry.selectors import returns

    monkeypatch.setattr(returns, "BOARD_STATION_LIMIT", 2)  # three stations in scope: "a state"
    client.force_login(commissioner)
    url = reverse("registry:completeness")
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert 'data-testid="zone-summary"' in page and "board-row-" not in page
    assert f"zone={station_a.zone.code}" in page and "Alpha Zone" in page and "Bravo Zone" in page
    page = client.get(url, {"zone": station_a.zone.code}).content.decode()
    assert "zone-summary" not in page
    assert f"board-row-{station_a.code}" in page and f"board-row-{station_a2.code}" in page
    assert f"board-row-{station_b.code}" not in page
    assert client.get(url, {"zone": "no-such-zone"}).status_code == 200  # nothing listed, no error


def test_menus_narrow_from_zone_to_station_to_locality(client, commissioner, station_a, station_b, locality_a,
                                                       locality_b, monkeypatch):
    from registry import filters

    monkeypatch.setattr(filters, "MENU_LIMIT", 1)
    client.force_login(commissioner)
    url = reverse("registry:callcentre-list")
    page = client.get(url).content.decode()
    assert "Choose a zone first" in page and "Choose a station first" in page
    assert f'value="{station_a.code}"' not in page and f'value="{locality_a.pk}"' not in page
    page = client.get(url, {"zone": station_a.zone.code}).content.decode()
    assert f'value="{station_a.code}"' in page and f'value="{station_b.code}"' not in page
    page = client.get(url, {"zone": station_a.zone.code, "station": station_a.code}).content.decode()
    assert f'value="{locality_a.pk}"' in page and f'value="{locality_b.pk}"' not in page


@override_settings(LIST_ESTIMATE_COUNT_ABOVE=3)
def test_a_long_list_says_about_with_the_planners_estimate(client, commissioner, locality_a, django_assert_max_num_queries):
    from django.db import connection

    from core import paging
    from tests.registry.cc_helpers import bulk_rows

    bulk_rows(locality_a, 12)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_callcentre")
    paging._table_sizes.clear()
    client.force_login(commissioner)
    page = client.get(reverse("registry:callcentre-list")).content.decode()
    paging._table_sizes.clear()
    assert "About 12 call centres" in page  # the planner's estimate, said as one


def test_a_short_list_counts_exactly(client, commissioner):
    client.force_login(commissioner)
    with override_settings(LIST_ESTIMATE_COUNT_ABOVE=100000):
        page = client.get(reverse("registry:callcentre-list")).content.decode()
    assert "About " not in page and "0 call centres" in page
