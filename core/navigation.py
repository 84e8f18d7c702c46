"""The navigation each role sees. Apps add their entries here, in one list.

Entries are grouped by task (Registry · Enforcement · Verification · Reports) so that no
role's bar is wider than a 1280 px screen: a group becomes a dropdown menu, and a group
that holds a single entry for a role is shown as a plain link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .roles import Role

ALL = frozenset(Role)
POLICE = frozenset({Role.STATION, Role.ZONE, Role.CYBER, Role.COMMISSIONER, Role.ADMIN})


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    roles: frozenset
    #: The key of the menu it belongs to (NAV_GROUPS), or "" for a top-level link.
    group: str = ""


#: The menus, in the order they stand on the bar.
NAV_GROUPS: dict[str, str] = {
    "registry": _("Registry"),
    "enforcement": _("Enforcement"),
    "verification": _("Verification"),
    "reports": _("Reports"),
}

NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("Home"), ALL),
    NavItem("dashboards:mine", _("Dashboard"), POLICE),
    NavItem("stations:list", _("Stations"), POLICE, "registry"),
    NavItem("registry:callcentre-list", _("Call centres"), POLICE, "registry"),
    NavItem("registry:duplicates", _("Duplicates"), frozenset({Role.CYBER, Role.ADMIN}), "registry"),
    NavItem("registry:return-list", _("Returns"), frozenset({Role.STATION, Role.ZONE, Role.CYBER, Role.COMMISSIONER}),
            "registry"),
    NavItem("registry:completeness", _("Completeness"), frozenset({Role.ZONE, Role.CYBER, Role.COMMISSIONER}),
            "registry"),
    NavItem("registry:notice-list", _("Notices"), frozenset({Role.ASSOCIATION, Role.STATION}), "registry"),
    NavItem("registry:import-list", _("Imports"), frozenset({Role.STATION, Role.CYBER}), "registry"),
    NavItem("offenders:bust-list", _("Busts"), POLICE, "enforcement"),
    NavItem("offenders:arrest-list", _("Arrests"), POLICE, "enforcement"),
    NavItem("offenders:person-list", _("Persons"), POLICE, "enforcement"),
    NavItem("offenders:bail-watch", _("Bail watch"), POLICE, "enforcement"),
    NavItem("offenders:review-queue", _("Match review"), frozenset({Role.CYBER, Role.ADMIN}), "enforcement"),
    NavItem("offenders:bulletin-list", _("Bulletins"), POLICE, "enforcement"),
    NavItem("complaints:list", _("Complaints"), POLICE, "enforcement"),
    NavItem("complaints:hot-identifiers", _("Hot identifiers"), frozenset({Role.CYBER, Role.COMMISSIONER, Role.ADMIN}),
            "enforcement"),
    NavItem("verification:inspection-home", _("Inspections"),
            frozenset({Role.STATION, Role.ZONE, Role.CYBER, Role.COMMISSIONER}), "verification"),
    NavItem("verification:letter-list", _("Letters"), frozenset({Role.ZONE, Role.CYBER, Role.COMMISSIONER}),
            "verification"),
    NavItem("offenders:network", _("Network"), POLICE, "reports"),
    NavItem("offenders:masterminds", _("Masterminds"), frozenset({Role.CYBER, Role.COMMISSIONER, Role.ADMIN}),
            "reports"),
    NavItem("core:job-list", _("Background jobs"), ALL, "reports"),
    NavItem("api-docs", _("API"), frozenset({Role.CYBER, Role.ADMIN}), "reports"),
    NavItem("admin:index", _("Administration"), frozenset({Role.ADMIN})),
]


def nav_for(role: str | None) -> list[NavItem]:
    """The entries a role sees, in the order of NAV_ITEMS."""
    return [item for item in NAV_ITEMS if role in item.roles]


def nav_menu(role: str | None) -> list[dict]:
    """The bar a role sees: top-level links and menus, each `{"label", "items", "key"}`.

    A top-level link is a menu of one entry without a key; a menu that holds only one entry
    for this role is shown as that entry alone. Menus stand where their first entry stands.
    """
    bar: list[dict] = []
    menus: dict[str, dict] = {}
    for item in nav_for(role):
        if not item.group:
            bar.append({"key": "", "label": item.label, "items": [item]})
        elif item.group in menus:
            menus[item.group]["items"].append(item)
        else:
            menus[item.group] = {"key": item.group, "label": NAV_GROUPS[item.group], "items": [item]}
            bar.append(menus[item.group])
    for entry in bar:
        if len(entry["items"]) == 1:
            entry["key"] = ""
    return bar
