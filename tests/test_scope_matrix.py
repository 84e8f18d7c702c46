"""The scope matrix: every route against an anonymous user and an officer of another station.

Routes are enumerated from the URL resolver, so a route added without a case fails
`test_every_route_has_a_case`. Admin routes get their cases from the admin registry.
"""
from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .scope_world import DETAIL, FORBIDDEN, LIST, MARK_A, OWN, POLICE_WIDE, PUBLIC, ROUTE_CASES, SKIP, Case

ADMIN_SITE_ROUTES = {
    "admin:index": Case(OWN),
    "admin:login": Case(PUBLIC),
    "admin:logout": Case(SKIP, why="POST-only"),
    "admin:password_change": Case(SKIP, why="Django's own admin password form, staff only"),
    "admin:password_change_done": Case(SKIP, why="Django's own admin page, staff only"),
    "admin:jsi18n": Case(SKIP, why="static JavaScript catalogue"),
    "admin:autocomplete": Case(SKIP, why="no autocomplete_fields are declared"),
    "admin:view_on_site": Case(SKIP, why="no model defines get_absolute_url for the admin"),
    "admin:app_list": Case(OWN, kwargs=lambda w: {"app_label": "stations"}),
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def all_route_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def admin_model_cases() -> dict[str, Case]:
    """Cases for every admin URL of every registered model."""
    cases = {}
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        key = model._meta.label_lower
        if not hasattr(model, "scope_paths"):
            # Third-party models (groups, tokens, login attempts, schedules) are for
            # superusers only: staff of a station hold no permission on them.
            for suffix in ("changelist", "add"):
                cases[f"admin:{label}_{suffix}"] = Case(LIST, marker=MARK_A)
            for suffix in ("change", "delete", "history"):
                cases[f"admin:{label}_{suffix}"] = Case(DETAIL, kwargs=lambda w: {"object_id": "1"})
            continue
        obj_kwargs = (lambda k: (lambda w: {"object_id": w[k].pk}))(key)
        # Rows every police officer may read (persons) are visible, read-only, to B's staff too.
        readable = POLICE_WIDE if model.scope_paths.police_wide else None
        cases[f"admin:{label}_changelist"] = Case(readable or LIST, marker=None if readable else MARK_A)
        cases[f"admin:{label}_add"] = Case(OWN)
        for suffix in ("change", "delete", "history"):
            kind = DETAIL if suffix == "delete" or not readable else readable
            cases[f"admin:{label}_{suffix}"] = Case(kind, kwargs=obj_kwargs)
        cases[f"admin:{label}_simple_history"] = Case(
            readable or DETAIL, kwargs=(lambda k: (lambda w: [w[k].pk, w[k].history.first().pk]))(key)
        )
    cases["admin:auth_user_password_change"] = Case(DETAIL, kwargs=lambda w: {"id": w["stations.user"].pk})
    return cases


def _admin_model(name: str):
    for model in admin.site._registry:
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def every_case() -> dict[str, Case]:
    return {**ROUTE_CASES, **ADMIN_SITE_ROUTES, **admin_model_cases()}


def test_every_route_has_a_case():
    missing = sorted(all_route_names() - set(every_case()))
    assert not missing, f"Routes without a scope-matrix case: {missing}"


def _cases(*, without: tuple[str, ...] = ()):
    """Every route with its case, except the kinds a test is not about (SKIP routes are not pages,
    PUBLIC ones need no login, OWN ones show the user their own). A route without a case is kept,
    so that each test fails on it."""
    cases = every_case()
    return [
        pytest.param(name, cases.get(name), id=name)
        for name in sorted(all_route_names())
        if cases.get(name) is None or cases[name].kind not in without
    ]


def _url(name: str, case: Case, world: dict) -> str:
    params = case.kwargs(world) if case.kwargs else None
    if isinstance(params, list):
        return reverse(name, args=params)
    return reverse(name, kwargs=params)


def _missing_url(name: str, case: Case, world: dict) -> str:
    """The same route for a record that does not exist."""
    params = case.kwargs(world) if case.kwargs else None

    def missing(value):
        import uuid

        if isinstance(value, uuid.UUID):
            return uuid.uuid4()
        return 2_000_000_000 if isinstance(value, int) else f"no-such-{value}"

    if isinstance(params, list):
        return reverse(name, args=[missing(v) for v in params])
    return reverse(name, kwargs={k: missing(v) for k, v in (params or {}).items()})


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name,case", _cases(without=(SKIP, PUBLIC)))
def test_anonymous_is_sent_to_login_or_refused(client, module_world, name, case):
    assert case is not None, f"{name} has no scope-matrix case"
    world = module_world
    response = client.get(_url(name, case, world))
    assert _refused(response), f"{name} answered {response.status_code} to an anonymous user"


@pytest.mark.django_db
@pytest.mark.parametrize("name,case", _cases(without=(SKIP, PUBLIC, OWN)))
def test_officer_of_another_station_cannot_reach_station_a(client, request, module_world, name, case):
    assert case is not None, f"{name} has no scope-matrix case"
    world = module_world
    # Admin routes are tried with a station-B staff member holding every view permission.
    user = request.getfixturevalue("staff_b" if name.startswith("admin:") else "sho_b")
    client.force_login(user)
    url = _url(name, case, world)
    response = client.get(url)
    if case.kind == LIST and name.startswith("admin:") and not hasattr(_admin_model(name), "scope_paths"):
        assert response.status_code in (302, 403), f"{name}: {response.status_code}"
    elif case.kind == LIST:
        assert response.status_code == 200, f"{name}: {response.status_code}"
        if case.marker:
            assert case.marker.encode() not in response.content, f"{name} shows station A's rows to station B"
    elif case.kind == DETAIL:
        if name.startswith("admin:"):
            # The admin answers an object outside the queryset by redirecting to its index.
            assert response.status_code in (302, 403, 404), f"{name}: {response.status_code}"
            assert MARK_A.encode() not in response.content
        else:
            assert response.status_code == 404, f"{name}: {response.status_code}"
        before = _snapshot(world)
        for method in ("post", "put", "patch", "delete"):
            write = getattr(client, method)(url, data={}, content_type="application/json")
            if name.startswith("admin:"):
                assert write.status_code in (302, 403, 404, 405), f"{method.upper()} {name}: {write.status_code}"
            else:
                # Out of scope answers exactly as a record that does not exist (404, or 403/405 when
                # B may never do this to any record): the answer never tells B the record exists.
                missing = getattr(client, method)(_missing_url(name, case, world), data={}, content_type="application/json")
                assert write.status_code in (403, 404, 405), f"{method.upper()} {name}: {write.status_code}"
                assert write.status_code == missing.status_code, (
                    f"{method.upper()} {name}: {write.status_code} for station A's record, "
                    f"{missing.status_code} for a missing one"
                )
        assert _snapshot(world) == before, f"{name} let station B change station A's rows"
    elif case.kind == FORBIDDEN:
        assert response.status_code == 403, f"{name}: {response.status_code}"
        before = _snapshot(world)
        for method in ("post", "put", "patch", "delete"):
            write = getattr(client, method)(url, data={}, content_type="application/json")
            assert write.status_code in (403, 405), f"{method.upper()} {name}: {write.status_code}"
        assert _snapshot(world) == before, f"{name} let station B change station A's rows"
    elif case.kind == POLICE_WIDE:
        # Every police officer reads it (city-wide person search); nobody outside station A writes it.
        assert response.status_code == 200, f"{name}: {response.status_code}"
        if case.marker:
            assert case.marker.encode() in response.content, f"{name} hides a police-wide row from station B"
        before = _snapshot(world)
        for method in ("post", "put", "patch", "delete"):
            write = getattr(client, method)(url, data={}, content_type="application/json")
            allowed = (200, 302, 400, 403, 404, 405) if name.startswith("admin:") else (302, 400, 403, 404, 405)
            assert write.status_code in allowed, f"{method.upper()} {name}: {write.status_code}"
        assert _snapshot(world) == before, f"{name} let station B change station A's rows"
        # ... but an association member is not police: refused, or an empty list.
        client.force_login(request.getfixturevalue("association"))
        outsider = client.get(url)
        assert _refused(outsider) or (
            outsider.status_code == 200 and case.marker and case.marker.encode() not in outsider.content
        ), f"{name} shows a police-only row to an association member: {outsider.status_code}"


def _snapshot(world: dict) -> dict:
    """Every column of each of station A's rows, and how many history rows it has (any write adds one)."""
    return {
        key: (
            type(obj).objects.filter(pk=obj.pk).values().first(),
            obj.history.count() if hasattr(obj, "history") else None,
        )
        for key, obj in world.items()
    }
