"""Each role's home page: its own template, counts within the user's scope, constant queries."""
import pytest
from django.urls import reverse

from tests.registry.cc_helpers import bulk_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["sho_a", "dcp_a", "cyber", "commissioner"])
def test_home_costs_the_same_queries_for_5_or_50_call_centres(client, request, locality_a, who):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(request.getfixturevalue(who))
    counts = []
    for rows, prefix in ((5, "Few"), (45, "Many")):  # 5, then 50 call centres
        bulk_rows(locality_a, rows, prefix=prefix)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        counts.append(len(captured))
    # session, user, stations, localities, the call-centre counts (the licence counts in the same
    # aggregate), the inbox, the header's station or zone, the role's extras: never one per row.
    assert counts[0] == counts[1] <= 12, counts


def test_station_home_counts_only_the_stations_call_centres(client, sho_a, sho_b, locality_a, locality_b):
    bulk_rows(locality_a, 7, prefix="Alpha Row")
    bulk_rows(locality_b, 3, prefix="Bravo Row")
    client.force_login(sho_b)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="callcentres-count">3<' in page
