"""Every figure on a home page is exactly the number of rows of the list its link opens.

The issue's cases: a card counted operating call centres awaiting answers while its link opened
all of them (130 vs 134), and a total counted merged records the list hides. Each card below is
found on the page (`data-card`), its link followed, and the list's row count compared.
"""
import re

import pytest
from django.urls import reverse

from registry.choices import CallCentreStatus
from registry.services import callcentre_merge, callcentre_set_status
from tests.registry.cc_helpers import register
from tests.verification.test_licences import four_states  # noqa: F401  (fixture)
from verification.choices import LicenceKind, LicenceStatus
from verification.services import licence_record

pytestmark = pytest.mark.django_db

LINK = re.compile(r"<a ([^>]*data-card=[^>]*)>(.*?)</a>", re.S)
ROLES = ["sho_a", "sho_b", "dcp_a", "cyber", "commissioner"]


@pytest.fixture
def world(four_states, cyber, sho_a, sho_b, locality_a, locality_b, station_a2, association):  # noqa: F811
    # Awaiting an answer but closed: not operating, so not in "awaiting answers" (the 130 vs 134 case).
    closed = register(sho_a, locality_a, "Closed Pending Calls")
    licence_record(actor=cyber, call_centre=closed, kind=LicenceKind.FIRE, status=LicenceStatus.PENDING)
    callcentre_set_status(actor=cyber, call_centre=closed, status=CallCentreStatus.UNDER_VERIFICATION)
    callcentre_set_status(actor=cyber, call_centre=closed, status=CallCentreStatus.CLOSED)
    # A merged record: hidden by the list, so not in the total either.
    survivor = register(sho_b, locality_b, "Bravo Survivor")
    twin = register(sho_b, locality_b, "Bravo Twin")
    callcentre_merge(actor=cyber, survivor=survivor, merged=twin)
    _queues(cyber, sho_a, locality_a, association)


def _queues(cyber, sho_a, locality_a, association):
    """Something in every work queue: returns in three states, a notice, letters, matches and busts."""
    import datetime

    from django.utils import timezone

    from offenders.models import MatchDecision
    from registry.models import AssociationNotice, StationReturn
    from tests.factories import BustFactory, PersonFactory
    from tests.verification.seeds import agencies_seed
    from verification.models import Agency, Letter

    station = sho_a.station
    for month, status in ((6, "submitted"), (7, "sent_back"), (8, "draft"), (5, "accepted")):
        StationReturn.objects.create(station=station, period_start=datetime.date(2020, month, 1),
                                     period_end=datetime.date(2020, month, 28), status=status)
    this_month = timezone.localdate().replace(day=1)
    StationReturn.objects.create(station=station, period_start=this_month, period_end=this_month, status="submitted")
    reported = register(sho_a, locality_a, "Reported By Association")  # registered as "reported"
    assert reported.status == CallCentreStatus.REPORTED
    AssociationNotice.objects.create(submitted_by=association, name="Reported By Association", address="Plot 3", locality=locality_a,
                                     contact_phone="9810000003", call_centre=reported)
    agencies_seed()
    today = timezone.localdate()
    for n, (dated, state) in enumerate([(today, "sent"), (today - datetime.timedelta(60), "sent"), (today, "answered")]):
        Letter.objects.create(
            kind="batch", agency=Agency.objects.get(code="FIRE"), cycle=f"cycle-{n}", addressee_kind="licensing",
            addressee="Fire Services", reference=f"CC/FIRE/{n}", dated=dated, subject=f"Letter {n}", body="-",
            state=state, sent_on=dated, due_on=dated + datetime.timedelta(15), created_by=cyber,
        )
    people = [PersonFactory(station=station, name=f"Suspect {n}", birth_year=1990) for n in range(3)]
    MatchDecision.objects.create(person_a=people[0], person_b=people[1], verdict="pending", score=0.7, reasons=["t"])
    MatchDecision.objects.create(person_a=people[0], person_b=people[2], verdict="different", score=0.5, reasons=["t"])
    BustFactory(station=station, fir_number="0002/2020", fir_year=2020)


def cards_of(page: str) -> dict[str, tuple[str, int]]:
    """{data-card: (link, the figure the officer reads: the number the link's text starts with)}."""
    cards = {}
    for attrs, inner in LINK.findall(page):
        href = re.search(r'href="([^"]+)"', attrs).group(1).replace("&amp;", "&")
        key = re.search(r'data-card="([^"]+)"', attrs).group(1)
        text = re.sub(r"<[^>]+>", " ", inner).strip()
        cards[key] = (href, int(re.match(r"\d+", text).group()))
    return cards


@pytest.mark.parametrize("who", ROLES)
def test_each_home_card_counts_the_rows_its_link_lists(client, request, world, who):
    client.force_login(request.getfixturevalue(who))
    cards = cards_of(client.get(reverse("home")).content.decode())
    assert "callcentres-total" in cards and "callcentres-operating" in cards, cards
    for key, (url, shown) in cards.items():
        response = client.get(url)
        assert response.status_code == 200, (key, url)
        listed = response.context["page"].paginator.count
        assert shown == listed, f"{who}: card {key} says {shown}, its list {url} has {listed} rows"


def test_the_cards_of_the_cyber_team_are_the_ones_the_issue_names(client, world, cyber):
    client.force_login(cyber)
    cards = cards_of(client.get(reverse("home")).content.decode())
    # 4 states (5 call centres), the closed one and the reported one in station A, the survivor in B;
    # the merged twin is not counted.
    assert cards["callcentres-total"][1] == 8
    assert cards["callcentres-licence-pending"][1] == 1  # the closed one is not operating
    assert cards["callcentres-licence-lacking"][1] == 2
    assert cards["stations-all"][1] == 3
    assert cards["matches-to-review"][1] == 1
    assert cards["returns-to-accept"][1] == 2
    assert (cards["letters-awaiting-answers"][1], cards["letters-overdue"][1]) == (2, 1)
    assert cards["stations-to-chase"][1] == 2  # station A submitted this month; A2 and B have not


def test_the_station_home_says_whats_due(client, world, sho_a):
    client.force_login(sho_a)
    cards = cards_of(client.get(reverse("home")).content.decode())
    assert cards["returns-sent-back"][1] == 1 and cards["returns-draft"][1] == 1
    assert cards["notices-to-act"][1] == 1
    assert "matches-to-review" not in cards and "returns-to-accept" not in cards


def test_the_zone_officer_opens_a_station_from_the_chase_list(client, world, dcp_a, station_a2):
    client.force_login(dcp_a)
    cards = cards_of(client.get(reverse("home")).content.decode())
    chase = client.get(cards["stations-to-chase"][0])
    assert [s.code for s in chase.context["page"]] == [station_a2.code]  # station A has submitted
    page = client.get(reverse("stations:detail", args=[station_a2.code])).content.decode()
    sections = cards_of(page)
    assert {"station-callcentres", "station-operating", "station-returns", "station-busts"} <= set(sections)
    for key, (url, shown) in sections.items():
        assert client.get(url).context["page"].paginator.count == shown, key


def test_a_stations_page_counts_its_own_lists(client, world, dcp_a, station_a):
    client.force_login(dcp_a)
    sections = cards_of(client.get(reverse("stations:detail", args=[station_a.code])).content.decode())
    assert sections["station-busts"][1] == 1
    assert sections["station-returns"][1] == 5
    for key, (url, shown) in sections.items():
        assert client.get(url).context["page"].paginator.count == shown, key
