"""One write rule, the same answer everywhere: every route that writes refuses, with 403, the
commissioner (read-only) and an officer of the owning station who holds only read permissions —
in every app, for pages and API alike — and station A's rows stay exactly as they were.

Routes come from the URL resolver and their objects from the scope matrix's world, so a new
route is covered as soon as it has a scope-matrix case.
"""
from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from core.roles import Role

from .factories import UserFactory
from .scope_world import PUBLIC, SKIP
from .test_scope_matrix import _snapshot, _url, all_route_names, every_case

#: Writes every signed-in user may make about themselves, not about the registry's records.
OWN_ACCOUNT = {
    "password_change", "password_change_done", "set_language", "logout", "login", "api-token", "api-logout",
    "otp-setup", "otp-verify", "reauth",
}
#: POSTs that ask for a reading, not a change: printing a return (a long one in the background).
READ_ACTIONS = {"registry:return-pdf"}
#: Clearing a message of one's inbox needs no write permission, only to be a recipient: station A's
#: officer is one (and may); the commissioner is not (403, checked below).
RECIPIENT_ONLY = {"registry:notification-read"}
#: 405: the route takes no writes at all. 403: a write the user's role may not make.
REFUSED = (403, 405)


def _write_routes(who: str):
    cases = every_case()
    skip = OWN_ACCOUNT | READ_ACTIONS | (RECIPIENT_ONLY if who == "viewer" else set())
    for name in sorted(all_route_names()):
        case = cases.get(name)
        if case is None or case.kind in (SKIP, PUBLIC) or name.startswith("admin:") or name in skip:
            continue
        yield name, case


def _audit_rows() -> int:
    """Every write leaves a history row: their total shows whether anything at all was written."""
    from django.apps import apps

    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


def _viewer_of_station_a(world) -> object:
    """An officer of station A whose only permissions are reads (a clerk with view access)."""
    user = UserFactory(username="viewer-alpha", role=Role.STATION, station=world["stations.policestation"])
    user.groups.clear()
    group, _ = Group.objects.get_or_create(name="test:read-only-clerk")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    user.groups.add(group)
    return type(user).objects.get(pk=user.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["commissioner", "viewer"])
def test_every_write_refuses_users_without_the_permission_with_403(client, request, module_world, who):
    user = _viewer_of_station_a(module_world) if who == "viewer" else request.getfixturevalue(who)
    client.force_login(user)
    before, audit_before = _snapshot(module_world), _audit_rows()
    wrong = []
    for name, case in _write_routes(who):
        url = _url(name, case, module_world)
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={}, content_type="application/json")
            if response.status_code not in REFUSED:
                wrong.append(f"{method.upper()} {name}: {response.status_code}")
    assert not wrong, f"{len(wrong)} writes were not refused with 403/405 for {who}: {wrong}"
    assert _snapshot(module_world) == before, f"a write as {who} changed station A's rows"
    assert _audit_rows() == audit_before, f"a write as {who} was saved somewhere"
