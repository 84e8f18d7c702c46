"""The parameters the dashboards added to the bust and arrest lists: zone, station and (busts)
involving a repeat offender — each with its opposite and with nonsense."""
from __future__ import annotations

import pytest
from django.urls import reverse

from ..factories import ArrestFactory, BustFactory, PersonFactory, PriorRecordFactory
from .test_views import list_rows

pytestmark = pytest.mark.django_db
BUSTS = reverse("offenders:bust-list")
ARRESTS = reverse("offenders:arrest-list")


@pytest.fixture
def busts(station_a, station_a2, station_b):
    repeater = PersonFactory(station=station_a, name="Twice Arrested")
    PriorRecordFactory(person=repeater)
    first = PersonFactory(station=station_a, name="First Timer")
    with_repeater = BustFactory(station=station_a, fir_number="0001/2020")
    ArrestFactory(bust=with_repeater, person=repeater)
    ArrestFactory(bust=with_repeater, person=first)  # one repeat offender is enough
    only_first_timers = BustFactory(station=station_a2, fir_number="0002/2020")
    ArrestFactory(bust=only_first_timers, person__station=station_a2)
    BustFactory(station=station_b, fir_number="0003/2020")  # nobody arrested
    # Two arrests of one identity are a repeat offender too (no prior record needed).
    twice = PersonFactory(station=station_b, name="Two Busts")
    for fir in ("0004/2020", "0005/2020"):
        ArrestFactory(bust=BustFactory(station=station_b, fir_number=fir), person=twice)


def test_bust_list_filters_by_zone_and_station(client, cyber, busts, zone_a, station_a2, station_b):
    client.force_login(cyber)
    assert list_rows(client, f"{BUSTS}?zone={zone_a.code}") == 2
    assert list_rows(client, f"{BUSTS}?station={station_a2.code}") == 1
    assert list_rows(client, f"{BUSTS}?station={station_b.code}") == 3
    assert list_rows(client, f"{BUSTS}?zone=nowhere") == 0


def test_bust_list_filters_busts_involving_a_repeat_offender(client, cyber, busts):
    client.force_login(cyber)
    assert list_rows(client, BUSTS) == 5
    assert list_rows(client, f"{BUSTS}?repeat=true") == 3
    assert list_rows(client, f"{BUSTS}?repeat=false") == 2
    assert list_rows(client, f"{BUSTS}?repeat=maybe") == 5  # not understood: no filter


def test_station_filter_never_widens_an_officers_scope(client, sho_a, busts, station_b):
    client.force_login(sho_a)
    assert list_rows(client, f"{BUSTS}?station={station_b.code}") == 0
    assert list_rows(client, f"{ARRESTS}?station={station_b.code}") == 0


def test_arrest_list_filters_by_zone_and_station(client, cyber, busts, zone_a, zone_b, station_a):
    client.force_login(cyber)
    assert list_rows(client, f"{ARRESTS}?zone={zone_a.code}") == 3
    assert list_rows(client, f"{ARRESTS}?station={station_a.code}") == 2
    assert list_rows(client, f"{ARRESTS}?zone={zone_b.code}") == 2
