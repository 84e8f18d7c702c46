"""The rule for other stations' busts (offenders/selectors/cases.py), on every road to them.

Station B raids a call centre and writes what only station B should read (narrative, victims,
seizures, money, a document). Station A's SHO may read the person B arrested, and through the
person: the station, FIR, date, sections and co-accused of B's bust — and nothing else of it.
"""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from offenders import services
from offenders.choices import BulletinScope, BulletinTrigger
from offenders.models import Bust, LawSection
from offenders.selectors import network as net
from offenders.selectors.cases import SHARED_BUST_FIELDS, WITHHELD_BUST_FIELDS, case_summaries

from .pdf_text import pdf_text

pytestmark = pytest.mark.django_db

RAID = datetime.date(2021, 5, 4)
#: What station B wrote that station A must never read through a person.
SECRETS = ("Kept-in-station-B narrative", "Narnia", "secret-raid-plan", "98,76,543", "9876543", "4,32,100", "432100",
           "Basement of the Bravo mall")


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("secret-raid-plan.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def bravo_case(sho_b):
    section, _ = LawSection.objects.get_or_create(code="IPC", section="420", defaults={"title": "Cheating"})
    bust = services.bust_create(
        actor=sho_b, fir_number="0077/2021", raid_date=RAID, sections=[section],
        narrative="Kept-in-station-B narrative", victim_count=312, victim_countries=["Narnia"],
        money_involved=Decimal("9876543"), cash_seized=Decimal("432100"), computers_seized=41,
        place="Basement of the Bravo mall",
    )
    services.bust_document_add(actor=sho_b, bust=bust, upload=_png())
    boss = services.person_create(actor=sho_b, name="Harpreet Bravo", father_name="Jaswant Bravo")
    caller = services.person_create(actor=sho_b, name="Caller Bravo", father_name="Somebody Bravo")
    services.arrest_create(actor=sho_b, bust=bust, person=boss, role="mastermind")
    services.arrest_create(actor=sho_b, bust=bust, person=caller, role="caller")
    services.prior_record_create(actor=sho_b, person=boss, force="delhi", police_station="Saket", fir_number="12/2019",
                                 arrested_on=datetime.date(2019, 1, 10))
    return {"bust": bust, "boss": boss, "caller": caller}


def test_every_field_of_a_bust_is_either_shared_or_withheld():
    fields = {f.name for f in Bust._meta.concrete_fields} | {f.name for f in Bust._meta.many_to_many} | {"documents"}
    assert not (SHARED_BUST_FIELDS & WITHHELD_BUST_FIELDS)
    undecided = fields - SHARED_BUST_FIELDS - WITHHELD_BUST_FIELDS
    assert not undecided, f"decide whether other stations may see {sorted(undecided)} (offenders/selectors/cases.py)"


def test_the_person_page_shows_the_shared_fields_of_another_stations_bust_and_nothing_else(client, sho_a, bravo_case):
    client.force_login(sho_a)
    response = client.get(reverse("offenders:person-detail", args=[bravo_case["boss"].pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for shared in ("0077/2021", "Bravo Station", "IPC 420", "Caller Bravo"):
        assert shared in html, shared
    for secret in SECRETS:
        assert secret not in html, secret
    bust_url = reverse("offenders:bust-detail", args=[bravo_case["bust"].pk])
    assert bust_url not in html  # the bust itself is out of A's scope: not linked


def test_the_investigating_station_gets_a_link_to_its_own_bust(client, sho_b, bravo_case):
    client.force_login(sho_b)
    html = client.get(reverse("offenders:person-detail", args=[bravo_case["boss"].pk])).content.decode()
    assert reverse("offenders:bust-detail", args=[bravo_case["bust"].pk]) in html


def test_the_bust_its_documents_and_its_api_record_stay_404_for_another_station(client, sho_a, bravo_case):
    client.force_login(sho_a)
    bust = bravo_case["bust"]
    document = bust.documents.get()
    assert client.get(reverse("offenders:bust-detail", args=[bust.pk])).status_code == 404
    assert client.get(reverse("offenders:bust-document", args=[document.pk])).status_code == 404
    assert client.get(f"/api/busts/{bust.pk}/").status_code == 404


def test_the_api_person_record_carries_no_withheld_field(client, sho_a, bravo_case):
    client.force_login(sho_a)
    body = client.get(f"/api/persons/{bravo_case['boss'].pk}/").content.decode()
    assert "Harpreet Bravo" in body
    for secret in SECRETS:
        assert secret not in body, secret


def test_the_network_shows_the_bust_by_its_shared_fields_only(sho_a, bravo_case):
    network = net.network_build(user=sho_a, kind=net.PERSON, key=bravo_case["boss"].identity_id, depth=2)

    busts = [n for n in network.nodes.values() if n.kind == net.BUST]
    assert [(n.label, n.url) for n in busts] == [("FIR 0077/2021", "")]
    assert "Bravo Station" in busts[0].detail
    text = " ".join(f"{n.label} {n.detail}" for n in network.nodes.values())
    text += " ".join(label for _a, _b, label in network.edge_lines())
    assert "Caller Bravo" in text
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_bulletin_shows_the_case_by_its_shared_fields_only(bravo_case):
    bulletin = services.bulletin_publish(
        scope=BulletinScope.CITY, trigger=BulletinTrigger.ON_DEMAND, today=datetime.date(2021, 6, 7)
    )
    text = pdf_text(bulletin.pdf.open("rb").read())
    assert "Harpreet Bravo" in text and "0077/2021" in text and "Bravo Station" in text
    for secret in SECRETS:
        assert secret not in text, secret


def test_case_summaries_cost_three_queries_whatever_the_number_of_busts(sho_a, sho_b, django_assert_num_queries):
    busts = []
    for n in range(5):
        bust = services.bust_create(actor=sho_b, fir_number=f"01{n:02d}/2021", raid_date=RAID)
        person = services.person_create(actor=sho_b, name=f"Accused Number{n}")
        services.arrest_create(actor=sho_b, bust=bust, person=person)
        busts.append(bust.pk)

    with django_assert_num_queries(3):
        summaries = case_summaries(user=sho_a, bust_ids=busts)

    assert sorted(summaries) == sorted(busts)
    assert not any(s.readable for s in summaries.values())
    assert {s.co_accused[0].name for s in summaries.values()} == {f"Accused Number{n}" for n in range(5)}
