"""The objects of station A that the scope-matrix test tries to reach as station B.

Every model registered in the admin, and every route, must appear here or in the
matrix's case table: a new route or model without a case makes the matrix fail.
Later issues add their models to `world_objects` and their routes to ROUTE_CASES.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LIST = "list"  # GET works for B, but shows none of A's rows
DETAIL = "detail"  # A's object: B gets 404 on GET and cannot write
OWN = "own"  # pages about the user themselves (home, password): B sees their own
PUBLIC = "public"  # reachable without login (login page, language switch)
SKIP = "skip"  # not a page (explained per case)


@dataclass(frozen=True)
class Case:
    kind: str
    kwargs: Callable[[dict], dict] | None = None  # built from the world objects
    marker: str | None = None  # text of A's objects that B must not see on a list
    method: str = "get"
    why: str = ""


def world_objects(request) -> dict:
    """Station A's objects, keyed by model label (and a few by role)."""
    get = request.getfixturevalue
    objs = {
        "stations.zone": get("zone_a"),
        "stations.policestation": get("station_a"),
        "stations.locality": get("locality_a"),
        "stations.user": get("sho_a"),
        "core.job": get("job_a"),
    }
    get("station_a2")
    get("station_b")
    get("locality_b")
    return objs


MARK_A = "Alpha"

ROUTE_CASES: dict[str, Case] = {
    "home": Case(OWN),
    "login": Case(PUBLIC),
    "logout": Case(SKIP, why="POST-only; logs the user out"),
    "password_change": Case(OWN),
    "password_change_done": Case(OWN),
    "set_language": Case(PUBLIC, method="post"),
    "stations:list": Case(LIST, marker="Alpha Station"),
    "stations:detail": Case(DETAIL, kwargs=lambda w: {"code": w["stations.policestation"].code}),
    "core:job-list": Case(LIST, marker="Alpha job"),
    "core:job-detail": Case(DETAIL, kwargs=lambda w: {"pk": w["core.job"].pk}),
    "api-root": Case(LIST, marker="Alpha"),
    "api-token": Case(SKIP, why="POST credentials for a token; covered in tests/core/test_api.py"),
    "api-schema": Case(LIST, marker=None),
    "api-docs": Case(LIST, marker=None),
    "station-list": Case(LIST, marker="Alpha Station"),
    "station-detail": Case(DETAIL, kwargs=lambda w: {"code": w["stations.policestation"].code}),
}
