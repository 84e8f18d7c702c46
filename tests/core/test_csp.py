"""A strict Content-Security-Policy on every page, and no inline script or style for it to refuse."""
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

INLINE = [
    # (a json_script data block is not run: the policy does not concern it)
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), 'style="" attribute'),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on...= handler"),
    (re.compile(r"javascript:", re.I), "javascript: link"),
]


def _plain_routes(resolver=None, prefix=""):
    """Every route without parameters, outside the admin and the API."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or route.startswith(("admin/", "api/", "i18n/")):
            continue
        if isinstance(entry, URLResolver):
            yield from _plain_routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route.lstrip("^").rstrip("$")


def test_the_policy_is_strict(client, sho_a):
    client.force_login(sho_a)
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("who", ["sho_a", "cyber", "admin_user"])
def test_every_main_page_has_the_header_and_nothing_inline(client, request, who):
    client.force_login(request.getfixturevalue(who))
    checked = 0
    for path in sorted(set(_plain_routes())):
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        assert "script-src 'self'" in response["Content-Security-Policy"], path
        page = response.content.decode()
        for pattern, what in INLINE:
            found = pattern.search(page)
            assert not found, f"{path}: {what}: {page[max(0, found.start() - 80):found.end() + 80]}"
    assert checked >= 15


def test_detail_pages_and_the_progress_bar_have_nothing_inline(client, sho_a, job_a):
    from tests.factories import ArrestFactory, BustFactory, PersonFactory

    person = PersonFactory(station=sho_a.station, notes="line one\nline two")
    bust = BustFactory(station=sho_a.station)
    arrest = ArrestFactory(person=person, bust=bust)
    client.force_login(sho_a)
    for path in [f"/offenders/persons/{person.pk}/", f"/offenders/busts/{bust.pk}/", f"/offenders/arrests/{arrest.pk}/",
                 f"/jobs/{job_a.pk}/", f"/offenders/network/person/{person.pk}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert not any(p.search(page) for p, _w in INLINE), path
    assert 'class="progress-bar' in client.get(f"/jobs/{job_a.pk}/").content.decode()


def test_the_api_docs_load_their_script_from_a_file(client, sho_a):
    client.force_login(sho_a)
    page = client.get("/api/docs/").content.decode()
    assert not INLINE[0][0].search(page)
