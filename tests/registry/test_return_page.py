"""The long return page: its entries come a page at a time (searchable, by action), the summary
and the actions stand above them, and an error appears at the top with the cursor in its field."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from registry.models import ReturnEntry
from registry.services import returns as svc
from tests.registry.cc_helpers import bulk_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_return(sho_a, locality_a, draft_a):
    from registry.models import CallCentre

    bulk_rows(locality_a, 120, prefix="Long Row")
    ReturnEntry.objects.bulk_create(
        ReturnEntry(station_return=draft_a, call_centre=cc, action="closed" if i % 10 == 0 else "listed")
        for i, cc in enumerate(CallCentre.objects.filter(station=sho_a.station).order_by("pk"))
    )
    return draft_a


@pytest.fixture
def draft_a(sho_a):
    from django.utils import timezone

    return svc.return_get_or_create_draft(actor=sho_a, station=sho_a.station, period=timezone.localdate())


def rows(response) -> int:
    table = response.content.decode().split('data-testid="entry-table"')[1]
    return table.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")


def test_a_return_of_120_entries_shows_50_at_a_time_with_its_summary(client, sho_a, long_return):
    client.force_login(sho_a)
    url = reverse("registry:return-detail", args=[long_return.pk])
    response = client.get(url)
    page = response.content.decode()
    assert rows(response) == 50
    assert response.context["entries"].paginator.num_pages == 3
    assert "120 call centres listed" in page and "12 closed since the last return" in page
    assert rows(client.get(url, {"page": 3})) == 20
    assert rows(client.get(url, {"action": "closed"})) == 12
    narrowed = client.get(url, {"q": "Long Row 007"})  # 0070-0079
    assert narrowed.context["entries"].paginator.count == 10
    assert rows(client.get(url, {"page": "nonsense"})) == 50  # a wrong page number: the first page, never a 500


def test_the_actions_stand_above_the_entries(client, sho_a, long_return):
    client.force_login(sho_a)
    page = client.get(reverse("registry:return-detail", args=[long_return.pk])).content.decode()
    table = page.index('data-testid="entry-table"')
    for action in ('data-testid="return-actions"', 'data-testid="upload-link"', 'data-testid="submit-return"',
                   'data-testid="add-existing"', 'data-testid="add-new"'):
        assert page.index(action) < table, action


def test_sending_back_without_remarks_shows_the_error_at_the_top_with_the_field_focused(client, sho_a, cyber, long_return):
    svc.return_submit(actor=sho_a, station_return=long_return, is_nil=False)
    client.force_login(cyber)
    response = client.post(reverse("registry:return-review", args=[long_return.pk]),
                           {"decision": "send_back", "remarks": ""})
    assert response.status_code == 400
    page = response.content.decode()
    summary = page.index('data-testid="form-errors"')
    assert summary < page.index('data-testid="review-return"') < page.index('data-testid="entry-table"')
    assert "Say what the station must correct" in page[summary:page.index("</div>", summary)]
    assert 'href="#id_remarks"' in page  # the summary links to the field
    remarks = re.search(r'<(?:textarea|input)[^>]*name="remarks"[^>]*>', page).group()
    assert "autofocus" in remarks  # the cursor waits in the remarks
    assert 'action="' + reverse("registry:return-review", args=[long_return.pk]) + '#review"' in page


@pytest.mark.parametrize("extra", [0, 100])
def test_the_return_page_costs_the_same_queries_for_20_or_120_entries(
    client, django_assert_max_num_queries, sho_a, locality_a, draft_a, extra
):
    from registry.models import CallCentre

    bulk_rows(locality_a, 20 + extra, prefix="Cost Row")
    ReturnEntry.objects.bulk_create(ReturnEntry(station_return=draft_a, call_centre=cc)
                                    for cc in CallCentre.objects.filter(station=sho_a.station))
    client.force_login(sho_a)
    # session, user, scope check, permissions, summary, count, page of entries, their phones,
    # timeline, forms' choices (existing call centres, localities), the PDF size check: never one per row.
    with django_assert_max_num_queries(22):
        response = client.get(reverse("registry:return-detail", args=[draft_a.pk]))
    assert response.status_code == 200 and rows(response) == min(20 + extra, 50)
