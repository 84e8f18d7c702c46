"""Reads: the scoped list, the zone officer's view, the timeline, the home counts."""
import pytest
from django.urls import reverse

from core.selectors import home_summary
from registry.choices import CallCentreStatus
from registry.models import ReturnEntry, StationReturn
from registry.selectors.callcentres import callcentre_list
from registry.selectors.timeline import TIMELINE_SOURCES, TimelineEvent, callcentre_timeline
from registry.services.callcentres import callcentre_set_status
from registry.services.duplicates import callcentre_merge
from tests.factories import LocalityFactory

from .cc_helpers import days_ago, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_stations(sho_a, cyber, station_a2, locality_a, locality_b):
    locality_a2 = LocalityFactory(name="Alpha Two Locality", station=station_a2)
    return {
        "a": register(sho_a, locality_a, "Alpha Station Calls"),
        "a2": register(cyber, locality_a2, "Alpha Two Calls"),
        "b": register(cyber, locality_b, "Bravo Calls"),
    }


def test_zone_officer_sees_exactly_their_zones_call_centres(dcp_a, three_stations):
    names = set(callcentre_list(user=dcp_a).values_list("name", flat=True))
    assert names == {"Alpha Station Calls", "Alpha Two Calls"}


def test_zone_officer_list_page_shows_both_stations_and_not_the_other_zone(client, dcp_a, three_stations):
    client.force_login(dcp_a)
    page = client.get(reverse("registry:callcentre-list"))
    assert b"Alpha Station Calls" in page.content and b"Alpha Two Calls" in page.content
    assert b"Bravo Calls" not in page.content
    assert client.get(reverse("registry:callcentre-detail", args=[three_stations["b"].pk])).status_code == 404


def test_station_officer_sees_only_their_station(sho_a, three_stations):
    assert list(callcentre_list(user=sho_a).values_list("name", flat=True)) == ["Alpha Station Calls"]


def test_cyber_team_and_commissioner_see_the_city(cyber, commissioner, three_stations):
    assert callcentre_list(user=cyber).count() == 3
    assert callcentre_list(user=commissioner).count() == 3


def test_home_cards_count_call_centres_in_scope(sho_a, dcp_a, cyber, three_stations):
    callcentre_set_status(actor=cyber, call_centre=three_stations["b"], status=CallCentreStatus.CLOSED)
    none = {"licence_lacking": 0, "licence_pending": 0}  # no licence checked yet
    def counts(user):
        return {key: card.count for key, card in home_summary(user=user)["call_centres"].items()}

    assert counts(sho_a) == {"total": 1, "operating": 1, **none}
    assert counts(dcp_a) == {"total": 2, "operating": 2, **none}
    assert counts(cyber) == {"total": 3, "operating": 2, **none}


def test_home_page_shows_the_call_centre_card(client, sho_a, three_stations):
    client.force_login(sho_a)
    page = client.get(reverse("home"))
    assert b'data-testid="callcentres-card"' in page.content
    assert b'data-testid="callcentres-count">1<' in page.content


def test_timeline_has_status_changes_stays_returns_and_merges_newest_first(sho_a, cyber, locality_a, station_a):
    cc = register(sho_a, locality_a, "Timeline Calls", started_on=days_ago(60))
    twin = register(sho_a, locality_a, "Timeline Calls Twin")
    callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.UNDER_VERIFICATION, reason="visit")
    ret = StationReturn.objects.create(station=station_a, period_start=days_ago(40).replace(day=1),
                                       period_end=days_ago(40).replace(day=28))
    ReturnEntry.objects.create(station_return=ret, call_centre=cc)
    callcentre_merge(actor=cyber, survivor=cc, merged=twin, reasons=["name_locality"])
    events = callcentre_timeline(cc)
    kinds = {e.kind for e in events}
    assert {"status", "premises", "return", "merge"} <= kinds
    assert [e.when for e in events] == sorted((e.when for e in events), reverse=True)
    # The merged record's own history is kept and shown on the survivor's timeline.
    assert any("since merged" in e.title for e in events)


def test_other_apps_can_add_events_to_the_timeline(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Extended Calls")

    def inspections(call_centre, ids):
        yield TimelineEvent(when=call_centre.created_at, kind="inspection", title="Inspected")

    TIMELINE_SOURCES.append(inspections)
    try:
        assert any(e.kind == "inspection" for e in callcentre_timeline(cc))
    finally:
        TIMELINE_SOURCES.remove(inspections)


def test_timeline_costs_a_constant_number_of_queries(django_assert_max_num_queries, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Busy Timeline Calls", started_on=days_ago(300))
    for status in ("under_verification", "compliant", "non_compliant", "compliant", "closed", "reported"):
        callcentre_set_status(actor=sho_a, call_centre=cc, status=status)
    # merged ids, then one query per source: status changes, stays, return entries, notices, merges
    with django_assert_max_num_queries(len(TIMELINE_SOURCES) + 1):
        callcentre_timeline(cc)
