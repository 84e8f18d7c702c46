"""No input gives a server error: every route, with nonsense in the query string and the form body.

Routes and their objects come from the scope matrix (so a new route is covered here too).
The users are the ones who may reach most: the cyber crime team (city-wide, may write),
a station officer of station A (owns the world's objects) and an association member.
Answers may refuse (400, 403, 404, 405) or redirect; they must never be a 5xx.
"""
from __future__ import annotations

import pytest
from django.urls import reverse

from .scope_world import PUBLIC, SKIP
from .test_scope_matrix import all_route_names, every_case

NONSENSE_QUERY = {
    "page": "-1'", "sort": "drop table", "status": ["nope", "reported"], "q": "\x00<script>%", "station": "🙂" * 50,
    "zone": "'; --", "locality": "abc", "service": "x", "licence": "shiny", "started_after": "2020-13-45",
    "started_before": "31/02/2020", "format": "pdf", "quick_vacate": "maybe", "period": "2020-99", "kind": "../../etc",
    "person": "9" * 30, "bust": "-5", "return": "x", "all": "2", "limit": "-1", "offset": "x", "search": "%%%",
}
NONSENSE_FORM = {
    "name": "\x00" * 3, "phones": "12;;;abc;+91-", "started_on": "yesterday", "seats": "-99999999999999999999",
    "locality": "999999999", "station": "zzz", "status": "busted", "survivor": "0", "decision": "maybe",
    "fir_number": "??", "raid_date": "0000-00-00", "dob": "2099-02-30", "age": "1000", "aadhaar": "1234",
    "verdict": "perhaps", "other": "-1", "kind": "passport", "number": "x" * 5000, "valid_until": "never",
    "audience": "zone-999999", "file": "not a file", "period_start": "2020-02-30", "note": "x" * 10000,
}


#: Characters that pass str.isdigit() but not int() (superscripts, other scripts' digits), NUL bytes and
#: control characters, in every field the two dictionaries above name.
STRANGE = ["²", "١٢", "\x00", "\u202e12"]


def _strange(values: dict) -> list[dict]:
    return [{key: (value if isinstance(value, list) else char) for key, value in values.items()} for char in STRANGE] + [
        {key: [char, char] for key in values} for char in STRANGE[:1]
    ]


def _routes():
    cases = every_case()
    for name in sorted(all_route_names()):
        case = cases[name]
        if case.kind in (SKIP, PUBLIC) or name.startswith("admin:"):
            continue  # the admin is Django's own; SKIP routes are not pages
        yield name, case


def _url(name, case, world):
    params = case.kwargs(world) if case.kwargs else None
    return reverse(name, args=params) if isinstance(params, list) else reverse(name, kwargs=params)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["cyber", "sho_a", "association"])
def test_no_route_answers_nonsense_with_a_server_error(client, request, module_world, who):
    world = module_world
    client.force_login(request.getfixturevalue(who))
    client.raise_request_exception = False
    failures = []
    for name, case in _routes():
        url = _url(name, case, world)
        attempts = [
            ("get", {"data": NONSENSE_QUERY}),
            ("post", {"data": NONSENSE_FORM}),
            ("post", {"data": b"{not json", "content_type": "application/json"}),
            *[("get", {"data": query}) for query in _strange(NONSENSE_QUERY)],
            *[("post", {"data": form}) for form in _strange(NONSENSE_FORM)],
        ]
        for method, kwargs in attempts:
            response = getattr(client, method)(url, **kwargs)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
