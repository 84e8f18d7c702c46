"""Licence check in Chromium: the cyber crime team records an agency's answer on a call centre's
page, and the station officer finds the centre with the list's licence-status filter."""
import pytest

from tests.factories import PASSWORD
from tests.registry.cc_helpers import register
from verification.models import Licence

from .conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cyber_team_records_a_missing_licence_and_the_station_filters_by_it(page, cyber, sho_a, locality_a):
    lacking = register(sho_a, locality_a, "Nightingale Support")
    register(sho_a, locality_a, "Daylight Care")

    login(page, cyber.username, PASSWORD)
    page.goto(f"/registry/call-centres/{lacking.pk}/")
    assert page.locator("[data-testid=licence-card] [data-testid=licence-state]").get_attribute("data-state") == "unchecked"
    page.get_by_role("link", name="Licence check").click()
    page.select_option("#id_kind", "fire")
    page.select_option("#id_status", "held")
    page.get_by_role("button", name="Save").click()  # held, but no number: refused, nothing saved
    assert "Give the number of the licence that is held." in page.locator("main").inner_text()
    assert not Licence.objects.exists()
    page.select_option("#id_status", "not_held")
    page.fill("#id_reference", "Fire Services letter 311/2026")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("[data-testid=licence-state][data-state=lacking]")
    assert "Fire safety certificate" in page.locator("[data-testid=licence-table]").inner_text()
    logout(page)

    login(page, sho_a.username, PASSWORD)
    assert "1 operating without a licence" in page.locator("[data-testid=licence-counts]").inner_text()
    page.goto("/registry/call-centres/")
    page.select_option("select[name=licence]", "lacking")
    page.locator("main form").first.locator("button[type=submit]").first.click()
    page.wait_for_url("**licence=lacking**")
    rows = page.locator("[data-testid=callcentre-row]")
    assert rows.count() == 1 and "Nightingale Support" in rows.first.inner_text()
    page.goto(f"/registry/call-centres/{lacking.pk}/")
    timeline = page.locator("[data-testid=timeline]").inner_text()
    assert "Licence check: Fire safety certificate: Not held" in timeline
    page.goto(f"/verification/call-centres/{lacking.pk}/licences/")
    assert "Fire Services letter 311/2026" in page.locator("[data-testid=licence-table]").inner_text()
    assert page.locator("[data-testid=licence-form]").count() == 0  # the station reads, the cyber team records
