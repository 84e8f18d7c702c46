"""Every role's bar fits the screen: at 1280×800, 1366×768 and on a 390×844 phone the page never
scrolls sideways, the bar stays on one line on a desktop, and the user menu opens to Log out.

Screenshots of each role's home go to $UI_SCREENSHOTS (default: pytest's tmp folder), never
into the repository."""
import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["sho_a", "dcp_a", "cyber", "commissioner", "association", "admin_user"]
SCREENS = {"1280": (1280, 800), "1366": (1366, 768), "phone": (390, 844)}
# A desktop bar is one line: brand, links and user menu at the height of one nav link.
ONE_LINE_PX = 72


def overflow(page) -> dict:
    return page.evaluate(
        """() => {
            const nav = document.querySelector('[data-testid=navbar]');
            const root = document.documentElement;
            return {page: [root.scrollWidth, root.clientWidth], nav: [nav.scrollWidth, nav.clientWidth],
                    height: nav.getBoundingClientRect().height};
        }"""
    )


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("who", ROLES)
def test_the_bar_fits_and_log_out_is_reachable(browser, live_server, request, tmp_path, who, screen):
    user = request.getfixturevalue(who)
    # The longest name an officer is likely to have: it must be cut, never wrap the bar.
    user.username = f"{user.username}.inspector-rajendra-kumar-chaudhary"
    user.save()
    width, height = SCREENS[screen]
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, user.username, PASSWORD)
        folder = Path(os.environ.get("UI_SCREENSHOTS") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"home-{who}-{screen}.png"), full_page=True)

        sizes = overflow(page)
        assert sizes["page"][0] <= sizes["page"][1], f"{who} at {screen}: the page scrolls sideways {sizes}"
        assert sizes["nav"][0] <= sizes["nav"][1], f"{who} at {screen}: the bar overflows {sizes}"
        if screen == "phone":
            page.get_by_test_id("nav-toggle").click()
            page.get_by_test_id("user-menu-toggle").wait_for(state="visible")
        else:
            assert sizes["height"] <= ONE_LINE_PX, f"{who} at {screen}: the bar wraps ({sizes['height']} px high)"
        toggle = page.get_by_test_id("user-menu-toggle")
        box = toggle.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{who} at {screen}: user menu off-screen {box}"
        assert box["height"] <= 48, f"{who} at {screen}: the user's name wraps ({box['height']} px)"
        # Every menu opens inside the screen.
        for menu in page.locator("[data-testid^=menu-]").all():
            menu.click()
            dropdown = menu.locator("xpath=following-sibling::ul")
            dropdown.wait_for(state="visible")
            drop = dropdown.bounding_box()
            assert drop["x"] >= 0 and drop["x"] + drop["width"] <= width + 1, f"{who} at {screen}: a menu spills {drop}"
            assert overflow(page)["page"][0] <= width
            menu.click()
        toggle.click()
        logout = page.get_by_test_id("logout")
        logout.wait_for(state="visible")
        lbox = logout.bounding_box()
        assert lbox["x"] >= 0 and lbox["x"] + lbox["width"] <= width + 1
        logout.click()
        page.wait_for_url("**/login/**")
    finally:
        context.close()
