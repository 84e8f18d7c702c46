"""The commissioner's dashboard in Chromium: charts are drawn from the page's JSON (no network),
the period selector changes the figures, and a figure leads to a list of exactly that many rows."""
import pytest

from tests.dashboards.conftest import build_city
from tests.factories import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commissioner_reads_the_city_dashboard_and_follows_a_figure(
    page, live_server, commissioner, station_a, station_a2, station_b, locality_a, locality_b
):
    build_city(station_a=station_a, station_a2=station_a2, station_b=station_b, locality_a=locality_a,
               locality_b=locality_b)
    outside = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    login(page, commissioner.username, PASSWORD)
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.wait_for_selector("[data-testid=dashboard][data-unit=city]")
    # Chart.js drew each chart (the vendored file, no CDN).
    page.wait_for_function("document.querySelectorAll('canvas[data-chart]').length === 3"
                           " && [...document.querySelectorAll('canvas[data-chart]')].every(c => window.Chart.getChart(c))")
    assert page.locator("[data-testid=hotspot-map] circle").count() >= 3
    page.screenshot(path="/tmp/dashboard-city.png", full_page=True)
    assert outside == []  # everything (Chart.js included) is served by the app itself

    page.get_by_role("link", name="Last 30 days").click()
    page.wait_for_url("**period=30d**")
    busts = page.locator("[data-testid=key-figures] a[data-count]").nth(2)
    shown = busts.get_attribute("data-count")
    busts.click()
    page.wait_for_url("**/offenders/busts/**")
    assert page.locator("main table tbody tr").count() == int(shown)
