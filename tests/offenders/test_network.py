"""The network around a person, call centre, phone, account or premises; likely masterminds."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offenders import services
from offenders.selectors import network as net
from offenders.selectors.masterminds import likely_masterminds
from registry.services import callcentre_register
from tests.factories import LocalityFactory

pytestmark = pytest.mark.django_db

RAID = datetime.date(2020, 6, 1)


@pytest.fixture
def ring(sho_a, locality_a):
    """Station A raided "Alpha Tech Support" (landlord Om Prakash, who also lets a second room): its
    mastermind Vikas, two callers, and two outsiders sharing Vikas's phone and bank account."""
    centre = callcentre_register(
        actor=sho_a, name="Alpha Tech Support", locality=locality_a, address="Plot 7, Alpha Tower",
        phones=["9811100001"], landlord_name="Om Prakash", landlord_phone="9811100009",
    )
    second_room = callcentre_register(
        actor=sho_a, name="Alpha Second Room", locality=locality_a, address="Plot 8, Alpha Tower",
        landlord_name="Om Prakash", landlord_phone="9811100009",
    )
    bust = services.bust_create(actor=sho_a, fir_number="0050/2020", raid_date=RAID, call_centre=centre)
    boss = services.person_create(actor=sho_a, name="Vikas Yadav", father_name="Ram Avtar", phones=["9811100002"])
    services.person_account_add(actor=sho_a, person=boss, kind="bank", bank_name="Alpha Bank", account_number="5550001")
    services.arrest_create(actor=sho_a, bust=bust, person=boss, role="mastermind")
    callers = []
    for n in range(2):
        caller = services.person_create(actor=sho_a, name=f"Caller Number{n}", father_name=f"Father Number{n}")
        services.arrest_create(actor=sho_a, bust=bust, person=caller, role="caller")
        callers.append(caller)
    phone_mate = services.person_create(actor=sho_a, name="Phone Mate", phones=["9811100002"])
    account_mate = services.person_create(actor=sho_a, name="Account Mate")
    services.person_account_add(actor=sho_a, person=account_mate, kind="bank", account_number="5550001")
    return {"centre": centre, "second_room": second_room, "bust": bust, "boss": boss, "callers": callers,
            "phone_mate": phone_mate, "account_mate": account_mate}


def _labels(network):
    return {(n.kind, n.label) for n in network.nodes.values()}


def test_person_network_shows_busts_co_accused_call_centre_phones_and_accounts(cyber, ring):
    network = net.network_build(user=cyber, kind=net.PERSON, key=ring["boss"].identity_id, depth=2)

    labels = _labels(network)
    assert {("bust", "FIR 0050/2020"), ("person", "Caller Number0"), ("person", "Caller Number1"),
            ("callcentre", "Alpha Tech Support"), ("phone", "9811100002"), ("account", "5550001"),
            ("person", "Phone Mate"), ("person", "Account Mate")} <= labels
    assert ("premises", "Plot 7, Alpha Tower") not in labels  # three hops away
    edges = {(a.label, label, b.label) for a, b, label in network.edge_lines()}
    assert ("Vikas Yadav", "arrested (Mastermind)", "FIR 0050/2020") in edges
    assert ("FIR 0050/2020", "raided", "Alpha Tech Support") in edges


def test_three_hops_reach_the_premises_landlord_and_the_landlords_other_room(cyber, ring):
    network = net.network_build(user=cyber, kind=net.CALLCENTRE, key=ring["centre"].pk, depth=3)
    labels = _labels(network)
    assert {("premises", "Plot 7, Alpha Tower"), ("landlord", "Om Prakash"), ("premises", "Plot 8, Alpha Tower"),
            ("phone", "9811100009"), ("person", "Vikas Yadav")} <= labels


def test_depth_is_never_more_than_three_and_bad_input_gives_the_default():
    assert net.parse_depth("9") == 3 and net.parse_depth("0") == 1 and net.parse_depth("two") == 2
    assert net.parse_depth(None) == net.DEFAULT_DEPTH


def test_officer_of_another_station_sees_the_persons_but_not_station_as_call_centre(client, sho_b, ring):
    client.force_login(sho_b)
    page = client.get(reverse("offenders:network-person", args=[ring["boss"].pk]) + "?depth=3").content.decode()

    assert "Vikas Yadav" in page and "Caller Number0" in page and "0050/2020" in page
    assert "Alpha Tech Support" not in page and "Alpha Tower" not in page and "Om Prakash" not in page
    assert reverse("offenders:bust-detail", args=[ring["bust"].pk]) not in page  # no link to another station's bust


def test_officer_of_another_station_learns_nothing_from_a_call_centre_phone(client, sho_b, cyber, ring):
    url = reverse("offenders:network-phone", args=["9811100001"])
    client.force_login(sho_b)
    page = client.get(url).content.decode()
    assert "Alpha Tech Support" not in page and "Nothing linked within your reach" in page
    client.force_login(cyber)
    assert "Alpha Tech Support" in client.get(url).content.decode()


def test_call_centre_and_premises_networks_of_another_station_are_404(client, sho_b, ring):
    client.force_login(sho_b)
    assert client.get(reverse("offenders:network-callcentre", args=[ring["centre"].pk])).status_code == 404
    assert client.get(reverse("offenders:network-premises", args=[ring["centre"].premises_id])).status_code == 404


def test_account_network_links_everyone_holding_it_and_the_picture_is_server_rendered(client, sho_a, ring):
    client.force_login(sho_a)
    response = client.get(reverse("offenders:network-account", args=["5550001"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "<script" not in page.split("<svg", 1)[1].split("</svg>")[0]
    assert "Vikas Yadav" in page and "Account Mate" in page
    assert reverse("offenders:network-person", args=[ring["boss"].pk]) in page


def test_phone_written_with_prefix_redirects_and_a_bad_phone_is_a_400(client, sho_a):
    client.force_login(sho_a)
    response = client.get(reverse("offenders:network-phone", args=["+919811100002"]))
    assert response.status_code == 302 and response["Location"].endswith("/9811100002/")
    bad = client.get(reverse("offenders:network-phone", args=["12345"]))
    assert bad.status_code == 400 and "Not a valid phone number" in bad.content.decode()


def test_search_by_name_lists_persons_and_the_officers_own_call_centres(client, sho_a, sho_b, ring):
    client.force_login(sho_b)
    page = client.get(reverse("offenders:network"), {"kind": "name", "q": "Alpha"}).content.decode()
    assert "Alpha Tech Support" not in page
    client.force_login(sho_a)
    page = client.get(reverse("offenders:network"), {"kind": "name", "q": "Alpha"}).content.decode()
    assert "Alpha Tech Support" in page and "Plot 7, Alpha Tower" in page
    page = client.get(reverse("offenders:network"), {"kind": "name", "q": "Vikas"}).content.decode()
    assert reverse("offenders:network-person", args=[ring["boss"].pk]) in page
    go = client.get(reverse("offenders:network"), {"kind": "phone", "q": "098111 00002"})
    assert go["Location"] == reverse("offenders:network-phone", args=["9811100002"])


def test_node_cap_cuts_the_walk_and_says_so(cyber, ring):
    network = net.network_build(user=cyber, kind=net.PERSON, key=ring["boss"].identity_id, depth=2, max_nodes=4)
    assert len(network.nodes) == 4 and network.truncated
    assert network.nodes[network.centre].label == "Vikas Yadav"


def _co_accused(sho, bust, n):
    for i in range(n):
        person = services.person_create(actor=sho, name=f"Extra Caller {i}", phones=[f"98222{i:05d}"])
        services.arrest_create(actor=sho, bust=bust, person=person)


def test_network_queries_do_not_grow_with_the_number_of_co_accused(cyber, sho_a, ring, django_assert_num_queries):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            net.network_build(user=cyber, kind=net.PERSON, key=ring["boss"].identity_id, depth=2)
        return len(ctx)

    # Hop 0: the person's records. Hop 1: their arrests, phones, accounts; new busts.
    # Hop 2: arrests and raided call centres of the bust; persons on the phone, call centres on it, landlords on it;
    # holders of the account; new persons; new call centres. The complaints app's nodes (registered kind): at each
    # hop, the complaints naming the frontier's persons or call centres (hop 1), or its phones or accounts (hop 2).
    cyber.has_perm("complaints.view_complaint")  # the officer's permissions, loaded once per request
    with django_assert_num_queries(13 + 2):
        net.network_build(user=cyber, kind=net.PERSON, key=ring["boss"].identity_id, depth=2)
    _co_accused(sho_a, ring["bust"], 20)
    assert count() == 13 + 2


def test_network_page_costs_the_same_queries_with_more_co_accused(client, sho_a, ring):
    client.force_login(sho_a)
    url = reverse("offenders:network-person", args=[ring["boss"].pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _co_accused(sho_a, ring["bust"], 15)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)


def test_association_member_cannot_open_a_network(client, association, ring):
    client.force_login(association)
    # The police-only gate answers 403, as in every app (core.permissions.police_required).
    assert client.get(reverse("offenders:network-person", args=[ring["boss"].pk])).status_code == 403
    assert client.get(reverse("offenders:network")).status_code == 403


# --------------------------------------------------------------------------- likely masterminds


@pytest.fixture
def gang(sho_a, sho_b, locality_a, locality_b):
    """Vikas: mastermind in two busts (two call centres), earlier arrested in Noida; Manoj: team leader in
    both; Ravi and Sonu: callers once; Sonu shares Vikas's phone."""
    other = LocalityFactory(name="Alpha East", station=locality_a.station)
    busts = []
    for n, locality in enumerate((locality_a, other)):
        centre = callcentre_register(actor=sho_a, name=f"Centre {n}", locality=locality, address=f"Plot {n}, Gang Tower")
        busts.append(services.bust_create(actor=sho_a, fir_number=f"00{n + 1}0/2020", raid_date=RAID, call_centre=centre))
    vikas = services.person_create(actor=sho_a, name="Vikas Mastermind", phones=["9833300001"])
    manoj = services.person_create(actor=sho_a, name="Manoj Leader")
    ravi = services.person_create(actor=sho_a, name="Ravi Caller")
    sonu = services.person_create(actor=sho_a, name="Sonu Caller", phones=["9833300001"])
    for bust in busts:
        services.arrest_create(actor=sho_a, bust=bust, person=vikas, role="mastermind")
        services.arrest_create(actor=sho_a, bust=bust, person=manoj, role="team_leader")
    services.arrest_create(actor=sho_a, bust=busts[0], person=ravi)
    services.arrest_create(actor=sho_a, bust=busts[1], person=sonu)
    services.prior_record_create(actor=sho_a, person=vikas, force="noida", arrested_on=datetime.date(2019, 1, 5))
    return {"vikas": vikas, "manoj": manoj, "ravi": ravi, "sonu": sonu}


def test_masterminds_are_ranked_by_roles_busts_co_accused_call_centres_and_shared_phones(cyber, gang):
    rows = likely_masterminds(user=cyber)
    names = [row.person.name for row in rows]
    assert names[:2] == ["Vikas Mastermind", "Manoj Leader"]
    assert set(names[2:]) == {"Sonu Caller", "Ravi Caller"}
    assert names.index("Sonu Caller") < names.index("Ravi Caller")  # Sonu shares the boss's phone
    vikas = rows[0]
    assert vikas.reasons[:1] == ["recorded as mastermind in 2 arrests"]
    for reason in ("arrested in 2 busts", "linked to 2 call centres", "co-accused with 3 persons",
                   "shares a phone with 1 other person", "1 earlier arrest elsewhere (UP Police, Gautam Buddh Nagar (Noida))"):
        assert reason in vikas.reasons, reason
    assert vikas.score > rows[1].score > rows[2].score


def test_masterminds_page_is_for_the_cyber_team_and_commissioner(client, cyber, commissioner, sho_a, dcp_a, gang):
    for user in (cyber, commissioner):
        client.force_login(user)
        page = client.get(reverse("offenders:masterminds")).content.decode()
        assert "Vikas Mastermind" in page and "recorded as mastermind in 2 arrests" in page
    for user in (sho_a, dcp_a):
        client.force_login(user)
        assert client.get(reverse("offenders:masterminds")).status_code == 403


@pytest.mark.parametrize("extra", [0, 25])
def test_masterminds_page_costs_the_same_queries_whatever_the_number_of_persons(
    client, cyber, sho_a, gang, django_assert_num_queries, extra
):
    bust = services.bust_create(actor=sho_a, fir_number="0999/2020", raid_date=RAID)
    _co_accused(sho_a, bust, extra)
    client.force_login(cyber)
    # session, user; the user's permissions and their groups'; arrests grouped by individual; prior records;
    # call centres raided in their busts; call centres using persons' phones; persons on those phones;
    # shared phones; shared accounts; the top persons with their stations; their photographs.
    with django_assert_num_queries(13):
        response = client.get(reverse("offenders:masterminds"))
    assert response.status_code == 200
