"""schemathesis against the OpenAPI schema: every operation, a bounded number of generated examples
with a fixed seed, as a station officer and as the cyber crime team.

Checked on every response: no server error (≥ 500), the status code, content type, headers and body
conform to the schema. And the other way round: every API route Django knows is in the schema.
"""
from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import checks as st_checks

from tests.api_auth import api_token

#: Examples per operation and user: the suite stays a few minutes long; raise it locally with
#: SCHEMATHESIS_EXAMPLES=200 to search harder.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))

_SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
SCHEMA = schemathesis.openapi.from_dict(_SCHEMA)
SCHEMA.app = get_wsgi_application()
OPERATIONS = sorted(
    (op.ok() for op in SCHEMA.get_all_operations() if op.ok() is not None), key=lambda op: op.label
)

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
]


def _run(operation, headers: dict) -> int:
    calls = 0

    @seed(20261205)
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        nonlocal calls
        calls += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()
    return calls


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes database connections when a request ends; the test's transaction
    must outlive each call (Django's test client does the same)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_test_connection")
@pytest.mark.parametrize("who", ["sho_a", "cyber"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_every_operation_answers_within_its_schema(request, who, operation, locality_a, locality_b, station_b):
    user = request.getfixturevalue(who)
    headers = {"Authorization": f"Token {api_token(user)}"}
    assert _run(operation, headers) >= 1


def _api_routes(resolver=None, prefix="") -> set[str]:
    routes = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            routes |= _api_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            routes.add(prefix + str(entry.pattern))
    return routes


def test_every_api_route_is_in_the_schema():
    import re

    def shape(path: str) -> str:  # "/api/busts/{id}/" and "api/busts/<pk>/" both become "api/busts/*/"
        path = re.sub(r"\{[^}]+\}|<[^>]+>|\(\?P<[^>]+>[^)]*\)", "*", path.lstrip("/"))
        return path.replace("^", "").replace("$", "").replace("\\.", ".")

    documented = {shape(path) for path in _SCHEMA["paths"]}
    ignored = {"api/", "api/schema/", "api/docs/"}  # the routers' index, the schema itself and its viewer
    routes = {
        shape(route) for route in _api_routes()
        if route.startswith("api/") and shape(route) not in ignored and "format" not in route
    }
    missing = sorted(route for route in routes if route not in documented)
    assert not missing, f"API routes missing from the OpenAPI schema: {missing}"
