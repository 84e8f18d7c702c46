"""Each role logs in, lands on its own home page with its navigation; Hindi is one click away."""
import pytest

from tests.factories import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOMES = {
    "sho_a": ("home-station", ["Stations", "Background jobs"], ["Administration", "API"]),
    "dcp_a": ("home-zone", ["Stations"], ["Administration"]),
    "commissioner": ("home-commissioner", ["Stations"], ["Administration"]),
    "cyber": ("home-cyber", ["Stations", "API"], ["Administration"]),
}


@pytest.mark.parametrize("who", list(HOMES))
def test_each_role_sees_its_own_home_and_navigation(page, request, who):
    user = request.getfixturevalue(who)
    testid, present, absent = HOMES[who]
    login(page, user.username, PASSWORD)
    assert page.locator(f"[data-testid={testid}]").is_visible()
    # Entries sit in closed menus: their text is in the bar, shown when the menu opens.
    nav = page.locator("[data-testid=main-nav]").text_content()
    for label in present:
        assert label in nav, f"{who} should see {label} in {nav!r}"
    for label in absent:
        assert label not in nav, f"{who} should not see {label}"


def test_switching_to_hindi_shows_hindi(page, sho_a):
    login(page, sho_a.username, PASSWORD)
    page.select_option("#language", "hi")
    page.locator("[data-testid=language-switch] button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "hi"
    assert "लॉग आउट" in page.content()
    assert "थाना" in page.locator("[data-testid=home-title]").inner_text()


def test_a_station_officer_cannot_open_another_station_in_the_browser(page, sho_a, station_b):
    login(page, sho_a.username, PASSWORD)
    response = page.goto(f"/stations/{station_b.code}/")
    assert response.status == 404
