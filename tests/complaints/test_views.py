"""Pages of the complaints app: scope (a station sees the complaints naming its call centres), query
counts, the call centre's card, association members refused, the hot identifiers and the risk reason."""
import pytest
from django.urls import reverse

from complaints.choices import IdentifierKind as K
from complaints.models import Complaint
from offenders.models import PersonPhone
from tests.factories import PersonFactory

from .helpers import call_centre_with_phone, row, save

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cyber, station_a, station_b):
    alpha = call_centre_with_phone(station_a, "9810000001", name="Alpha Calls")
    bravo = call_centre_with_phone(station_b, "9820000002", name="Bravo Calls")
    save(cyber,
         row("A-1", (K.PHONE, "9810000001"), country="United States", amount="100"),
         row("A-2", (K.PHONE, "9810000001"), country="Canada", amount="50"),
         row("B-1", (K.PHONE, "9820000002")),
         row("N-1", (K.UPI, "hot@ybl")), row("N-2", (K.UPI, "hot@ybl")), row("N-3", (K.UPI, "hot@ybl")))
    return {"alpha": alpha, "bravo": bravo}


def refs(response) -> set[str]:
    return {c.reference for c in response.context["page"].object_list}


def test_sho_sees_only_complaints_naming_their_call_centres(client, sho_a, world, django_assert_max_num_queries):
    client.force_login(sho_a)
    with django_assert_max_num_queries(8):  # session, user, permissions (2), count, page rows, navigation
        response = client.get(reverse("complaints:list"))
    assert refs(response) == {"A-1", "A-2"}
    other = Complaint.objects.get(reference="B-1")
    assert client.get(reverse("complaints:detail", args=[other.pk])).status_code == 404
    mine = Complaint.objects.get(reference="A-1")
    page = client.get(reverse("complaints:detail", args=[mine.pk]))
    assert page.status_code == 200 and b"Alpha Calls" in page.content


def test_city_roles_see_all_and_filters_work(client, commissioner, world):
    client.force_login(commissioner)
    assert refs(client.get(reverse("complaints:list"))) == {"A-1", "A-2", "B-1", "N-1", "N-2", "N-3"}
    assert refs(client.get(reverse("complaints:list"), {"call_centre": world["bravo"].pk})) == {"B-1"}
    assert refs(client.get(reverse("complaints:list"), {"identifier": "HOT@ybl"})) == {"N-1", "N-2", "N-3"}
    assert refs(client.get(reverse("complaints:list"), {"identifier": "+91 98100 00001"})) == {"A-1", "A-2"}
    assert client.get(reverse("complaints:list"), {"reported_from": "not a date"}).status_code == 400


def test_association_member_sees_nothing(client, association, world):
    client.force_login(association)
    for name in ("complaints:list", "complaints:hot-identifiers", "complaints:import-upload"):
        assert client.get(reverse(name)).status_code == 404


def test_call_centre_page_shows_its_complaints(client, sho_a, world, django_assert_max_num_queries):
    client.force_login(sho_a)
    url = reverse("registry:callcentre-detail", args=[world["alpha"].pk])
    client.get(url)  # warm the caches
    with django_assert_max_num_queries(40):
        response = client.get(url)
    card = response.context["detail_cards"][0]["summary"]
    assert card["count"] == 2
    assert {c["victim_country"] for c in card["countries"]} == {"United States", "Canada"}
    assert [(a["currency"], a["total"]) for a in card["amounts"]] == [("USD", 150)]
    assert b'data-testid="complaints-card"' in response.content


def test_person_page_shows_complaints(client, cyber, station_a):
    person = PersonFactory(station=station_a)
    PersonPhone.objects.create(person=person, number="9830000003")
    save(cyber, row("P-1", (K.PHONE, "9830000003")))
    client.force_login(cyber)
    response = client.get(reverse("offenders:person-detail", args=[person.pk]))
    assert response.context["detail_cards"][0]["summary"]["count"] == 1


def test_hot_identifiers_lists_untied_identifiers_with_a_letter_link(client, cyber, world):
    client.force_login(cyber)
    response = client.get(reverse("complaints:hot-identifiers"))
    rows = response.context["rows"]
    assert [r["identifier"].value for r in rows] == ["hot@ybl"]  # the phones are tied to call centres
    assert "addressee_kind=bank" in rows[0]["letter_url"]
    letter = client.get(rows[0]["letter_url"])
    assert letter.status_code == 200 and "hot@ybl" in letter.context["form"].initial["subject"]


def test_complaints_raise_the_risk_score_with_the_reason(sho_a, world):
    from verification.selectors.risk import explain_risk, risk_ranked, risk_reasons

    ranked = {cc.pk: cc for cc in risk_ranked(user=sho_a)}
    alpha = explain_risk([world["alpha"].pk])[world["alpha"].pk]
    assert alpha.risk_complaints == 25
    assert ranked[alpha.pk].risk_score == alpha.risk_score
    assert "Named by victims' complaints" in [r["label"] for r in risk_reasons(alpha)]


def test_sho_inbox_holds_the_notification(client, sho_a, world):
    from core.models import Notification

    note = Notification.objects.get(station=sho_a.station)
    assert "Alpha Calls" in note.message and note.url.endswith("#complaints")


def test_network_gains_complaint_nodes_within_scope(client, sho_a, sho_b, world):
    from offenders.selectors.network import network_build

    network = network_build(user=sho_a, kind="callcentre", key=str(world["alpha"].pk), depth=2)
    complaints = {node.label for (kind, _k), node in network.nodes.items() if kind == "complaint"}
    assert complaints == {"NCRP portal A-1", "NCRP portal A-2"}
    assert any(edge.label == "named in complaint" for edge in network.edges)
    # from a phone, station B's officer reaches no complaint of station A
    network = network_build(user=sho_b, kind="phone", key="9810000001", depth=2)
    assert not [kind for kind, _k in network.nodes if kind == "complaint"]
    client.force_login(sho_a)
    page = client.get(reverse("offenders:network-callcentre", args=[world["alpha"].pk]))
    assert b'data-kind="complaint"' in page.content and b'data-testid="complaints-card"' in page.content
