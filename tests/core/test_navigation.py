"""The bar is grouped by task: few top-level entries per role, every entry reachable, the current page marked."""
import pytest
from django.urls import reverse

from core.navigation import NAV_ITEMS, nav_for, nav_menu
from core.roles import Role

#: Home, Dashboard, four menus and Administration at most.
MAX_TOP_LEVEL = 7


@pytest.mark.parametrize("role", list(Role))
def test_each_roles_bar_has_few_top_level_entries_and_keeps_every_entry(role):
    bar = nav_menu(role)
    assert 1 <= len(bar) <= MAX_TOP_LEVEL, [str(e["label"]) for e in bar]
    assert [i for entry in bar for i in entry["items"]] == nav_for(role)
    for entry in bar:
        # A menu holds two entries or more; a lone entry is a plain link.
        assert bool(entry["key"]) == (len(entry["items"]) > 1)


def test_the_cyber_teams_bar_groups_its_pages_into_menus():
    bar = {str(e["label"]): [str(i.label) for i in e["items"]] for e in nav_menu(Role.CYBER)}
    assert list(bar) == ["Home", "Dashboard", "Registry", "Enforcement", "Verification", "Reports"]
    assert "Letters" in bar["Verification"] and "Match review" in bar["Enforcement"]


def test_every_entry_names_a_route():
    for item in NAV_ITEMS:
        assert reverse(item.url_name)


def test_the_current_page_marks_its_menu(client, cyber):
    client.force_login(cyber)
    response = client.get(reverse("verification:letter-list"))
    menu = response.context["nav_menu"]
    active = [str(e["label"]) for e in menu if e["active"]]
    assert active == ["Verification"]
    page = response.content.decode()
    assert 'data-testid="user-menu"' in page and 'data-testid="logout"' in page
