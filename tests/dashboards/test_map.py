"""The hotspot map: on demo-like data Udyog Vihar is the largest circle; circles and dots link to
lists with exactly that many rows; the projection keeps every circle inside the picture."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dashboards.hotspot_map import R_MAX, hotspot_map
from registry.demo.callcentres import HOTSPOTS
from registry.models import CallCentre, Premises
from stations.demo import ZONES, locality_point, station_code, station_localities
from stations.models import Locality, PoliceStation, Zone

from .test_views import figures, list_rows

pytestmark = pytest.mark.django_db
TOTAL = 600


@pytest.fixture
def demo_city():
    """The demo's 40 stations and localities with their coordinates, and TOTAL operating call centres
    spread over the localities with the demo's hotspot shares (registry/demo.py)."""
    localities = []
    for zone_name, stations in ZONES.items():
        zone = Zone.objects.create(code=zone_name.lower(), name=zone_name)
        for name in stations:
            station = PoliceStation.objects.create(code=station_code(name), name=name, zone=zone)
            for loc, _aliases, hot in station_localities(name):
                lat, lng = locality_point(name, loc)
                localities.append(Locality.objects.create(name=loc, station=station, is_hotspot=hot,
                                                          latitude=lat, longitude=lng))
    others = [loc for loc in localities if loc.name not in HOTSPOTS]
    rest = round(TOTAL * (1 - sum(HOTSPOTS.values())) / len(others))
    counts = {loc.pk: round(TOTAL * HOTSPOTS[loc.name]) if loc.name in HOTSPOTS else rest for loc in localities}
    premises = Premises.objects.bulk_create(
        Premises(address_raw=f"Plot {i}, {loc.name}", address_key=f"p:{i}|{loc.pk}", locality=loc)
        for loc in localities for i in range(counts[loc.pk])
    )
    CallCentre.objects.bulk_create(
        CallCentre(name=f"Demo {p.pk}", name_key=f"demo {p.pk}", premises=p, station=p.locality.station,
                   status="reported")
        for p in premises
    )
    return localities


def test_udyog_vihar_is_the_largest_circle_on_demo_like_data(client, commissioner, demo_city):
    client.force_login(commissioner)
    response = client.get(reverse("dashboards:city"))
    the_map = response.context["map"]
    assert the_map.largest.name == "Udyog Vihar"
    assert the_map.largest.r == R_MAX
    # ... although a single locality (Cyber City) holds more call centres than any one Udyog Vihar phase.
    hotspots = response.context["hotspots"]
    assert hotspots[0].name == "Cyber City"
    # Drawn: the largest circle's radius is the biggest in the SVG.
    radii = [float(r) for r in re.findall(r'data-radius="([\d.]+)"', response.content.decode())]
    assert max(radii) == R_MAX and len(radii) == 40


def test_every_circle_lies_inside_the_picture(client, commissioner, demo_city):
    client.force_login(commissioner)
    the_map = client.get(reverse("dashboards:city")).context["map"]
    for c in the_map.circles:
        assert 0 <= c.x - c.r and c.x + c.r <= the_map.width, c
        assert 0 <= c.y - c.r and c.y + c.r <= the_map.height, c
    # North is up: Udyog Vihar (north) above Sohna City (far south).
    y = {c.name: c.y for c in the_map.circles}
    assert y["Udyog Vihar"] < y["Sohna City"]
    x = {c.name: c.x for c in the_map.circles}
    assert x["Pataudi"] < x["Udyog Vihar"]  # Pataudi lies west


def test_map_circles_and_dots_link_to_lists_of_that_many_call_centres(client, commissioner, demo_city):
    client.force_login(commissioner)
    response = client.get(reverse("dashboards:city"))
    content = response.content.decode()
    svg = content[content.index("<svg"):content.index("</svg>")]
    links = [(url, n) for url, n in figures(response) if url.replace("&", "&amp;") in svg]
    assert len(links) >= 40
    for url, shown in links[:6] + links[-6:]:
        assert list_rows(client, url) == shown, url


def test_map_colours_by_busts_or_by_lacking_licences_with_a_legend(client, commissioner, demo_city):
    client.force_login(commissioner)
    by_busts = client.get(reverse("dashboards:city")).context["map"]
    assert by_busts.colouring == "busts" and by_busts.legend == []  # no bust yet: every circle grey
    assert {c.colour for c in by_busts.circles} == {"#d9d9d9"}
    licences = client.get(reverse("dashboards:city"), {"colour": "licences"})
    assert licences.context["map"].colouring == "licences"
    assert b"Size: operating call centres" in licences.content


def test_no_coordinates_no_map():
    assert hotspot_map(stations=[], localities=[], points=[], colouring="busts") is None
