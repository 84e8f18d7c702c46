"""The navigation each role sees. Apps add their entries here, in one list."""

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


NAV_ITEMS: list[NavItem] = [
    NavItem("home", _("Home"), ALL),
    NavItem("dashboards:mine", _("Dashboard"), POLICE),
    NavItem("stations:list", _("Stations"), POLICE),
    NavItem("registry:callcentre-list", _("Call centres"), POLICE),
    NavItem("registry:duplicates", _("Duplicates"), frozenset({Role.CYBER, Role.ADMIN})),
    NavItem("registry:return-list", _("Returns"), frozenset({Role.STATION, Role.ZONE, Role.CYBER, Role.COMMISSIONER})),
    NavItem("registry:completeness", _("Completeness"), frozenset({Role.ZONE, Role.CYBER, Role.COMMISSIONER})),
    NavItem("registry:notice-list", _("Notices"), frozenset({Role.ASSOCIATION, Role.STATION})),
    NavItem("registry:import-list", _("Imports"), frozenset({Role.STATION, Role.CYBER})),
    NavItem("verification:inspection-home", _("Inspections"),
            frozenset({Role.STATION, Role.ZONE, Role.CYBER, Role.COMMISSIONER})),
    NavItem("offenders:bust-list", _("Busts"), POLICE),
    NavItem("offenders:arrest-list", _("Arrests"), POLICE),
    NavItem("offenders:person-list", _("Persons"), POLICE),
    NavItem("offenders:bail-watch", _("Bail watch"), POLICE),
    NavItem("offenders:review-queue", _("Match review"), frozenset({Role.CYBER, Role.ADMIN})),
    NavItem("offenders:bulletin-list", _("Bulletins"), POLICE),
    NavItem("offenders:network", _("Network"), POLICE),
    NavItem("offenders:masterminds", _("Masterminds"), frozenset({Role.CYBER, Role.COMMISSIONER, Role.ADMIN})),
    NavItem("complaints:list", _("Complaints"), POLICE),
    NavItem("complaints:hot-identifiers", _("Hot identifiers"), frozenset({Role.CYBER, Role.COMMISSIONER, Role.ADMIN})),
    NavItem("verification:letter-list", _("Letters"), frozenset({Role.ZONE, Role.CYBER, Role.COMMISSIONER})),
    NavItem("core:job-list", _("Background jobs"), ALL),
    NavItem("api-docs", _("API"), frozenset({Role.CYBER, Role.ADMIN})),
    NavItem("admin:index", _("Administration"), frozenset({Role.ADMIN})),
]


def nav_for(role: str | None) -> list[NavItem]:
    return [item for item in NAV_ITEMS if role in item.roles]
