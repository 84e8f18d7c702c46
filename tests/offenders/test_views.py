"""The enforcement pages as officers use them: lists (constant queries), forms, search, flags, scope."""
import datetime

import pytest
from django.urls import reverse

from offenders import services
from offenders.models import Arrest, Bust, MatchDecision, Person
from tests.factories import (
    ArrestFactory,
    BustFactory,
    CallCentreFactory,
    PersonFactory,
    PremisesFactory,
    PriorRecordFactory,
    aadhaar_number,
)

pytestmark = pytest.mark.django_db
RAID = datetime.date(2020, 9, 1)


def _rows(station, n, *, bail=False):
    """n busts, each with one arrested person who also has a prior record (all repeat offenders)."""
    for _ in range(n):
        bust = BustFactory(station=station)
        person = PersonFactory(station=station)
        ArrestFactory(person=person, bust=bust, bail_date=RAID if bail else None, bail_court="JMIC" if bail else "")
        PriorRecordFactory(person=person, station=station)


@pytest.mark.parametrize("n", [5, 50])
def test_bust_list_costs_the_same_queries_for_5_or_50_busts(client, sho_a, django_assert_num_queries, n):
    _rows(sho_a.station, n)
    client.force_login(sho_a)
    # session, user, count, the user's station (header), 2 x permissions (the "record" button),
    # law sections (filter), busts with station/call centre/arrest count, their sections
    with django_assert_num_queries(9):
        response = client.get(reverse("offenders:bust-list"))
    assert response.status_code == 200 and response.content.count(b"/2020</a>") == min(n, 25)


@pytest.mark.parametrize("n", [5, 50])
def test_arrest_list_costs_the_same_queries_for_5_or_50_arrests(client, sho_a, django_assert_num_queries, n):
    _rows(sho_a.station, n)
    client.force_login(sho_a)
    # session, user, count, the user's station (header), arrests with person, bust and station
    with django_assert_num_queries(5):
        assert client.get(reverse("offenders:arrest-list")).status_code == 200


@pytest.mark.parametrize("n", [5, 50])
def test_person_list_costs_the_same_queries_for_5_or_50_persons(client, sho_b, station_a, django_assert_num_queries, n):
    _rows(station_a, n)
    client.force_login(sho_b)
    # session, user, count, the user's station (header), 2 x permissions, persons with station and
    # offence counts (subqueries), their photographs
    with django_assert_num_queries(8):
        response = client.get(reverse("offenders:person-list"))
    assert response.content.count(b'data-testid="repeat-offender"') == min(n, 25)


@pytest.mark.parametrize("n", [5, 50])
def test_prior_record_list_costs_the_same_queries(client, sho_a, django_assert_num_queries, n):
    _rows(sho_a.station, n)
    client.force_login(sho_a)
    # session, user, count, the user's station, 2 x permissions, prior records with person and station
    with django_assert_num_queries(7):
        assert client.get(reverse("offenders:prior-list")).status_code == 200


@pytest.mark.parametrize("n", [5, 50])
def test_bail_watch_costs_the_same_queries(client, sho_b, station_a, django_assert_num_queries, n):
    _rows(station_a, n, bail=True)
    client.force_login(sho_b)
    # session, user, count, the user's station, persons (repeat, on bail), their identities,
    # the identities' records, those records' addresses, photographs
    with django_assert_num_queries(9):
        response = client.get(reverse("offenders:bail-watch"))
    assert response.content.count(b"JMIC") == min(n, 25)


def test_sho_records_a_bust_through_the_form(client, sho_a, locality_a):
    call_centre = CallCentreFactory(name="Alpha Helpdesk", premises=PremisesFactory(locality=locality_a))
    client.force_login(sho_a)
    assert client.get(reverse("offenders:bust-create")).status_code == 200
    response = client.post(reverse("offenders:bust-create"), {
        "fir_number": "45/2020", "raid_date": "2020-09-01", "call_centre": call_centre.pk,
        "modus_operandi": ["fake_popup", "remote_access"], "victim_count": "12", "victim_countries": "USA, UK",
        "money_involved": "150000", "computers_seized": "8", "phones_seized": "5", "sim_cards_seized": "11",
        "cash_seized": "20000", "narrative": "Raided on a tip.",
    })
    bust = Bust.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("offenders:bust-detail", args=[bust.pk])
    assert bust.fir_number == "0045/2020" and bust.station == sho_a.station and bust.victim_countries == ["USA", "UK"]
    call_centre.refresh_from_db()
    assert call_centre.status == "busted"
    page = client.get(response["Location"]).content.decode()
    assert "Fake pop-up" in page and "0045/2020" in page


def test_bust_form_shows_a_clear_message_for_a_wrong_fir(client, sho_a):
    client.force_login(sho_a)
    response = client.post(reverse("offenders:bust-create"), {"fir_number": "2020/45", "raid_date": "2020-09-01"})
    assert response.status_code == 200 and "number/year" in response.content.decode()
    response = client.post(reverse("offenders:bust-create"), {"fir_number": "45/2012", "raid_date": "2020-09-01"})
    assert "does not match the raid date" in response.content.decode()
    assert Bust.objects.count() == 0


def test_commissioner_cannot_open_the_bust_form(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("offenders:bust-create")).status_code == 403


def test_sho_records_an_arrest_sees_the_match_confirms_it_and_the_person_is_flagged(client, sho_a, sho_b):
    earlier = services.person_create(actor=sho_b, name="Sandeep Kumar Yadav", father_name="Ram Niwas",
                                     phones="9812345678", age=27, age_on=datetime.date(2019, 5, 1))
    services.prior_record_create(actor=sho_b, person=earlier, force="noida", arrested_on=datetime.date(2019, 5, 1),
                                 bail_date=datetime.date(2019, 6, 1))
    bust = services.bust_create(actor=sho_a, fir_number="0046/2020", raid_date=RAID)
    client.force_login(sho_a)
    response = client.post(reverse("offenders:arrest-create", args=[bust.pk]), {
        "person-name": "Sandeep Yadav", "person-father_name": "Ramniwas", "person-relation": "s/o",
        "person-age": "28", "person-phones": "+91 98123 45678", "person-aadhaar": aadhaar_number(7),
        "arrest-role": "team_leader",
    })
    arrest = Arrest.objects.get()
    assert response.status_code == 302 and reverse("offenders:person-matches", args=[arrest.person_id]) in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Sandeep Kumar Yadav" in page and "same phone 98" in page
    assert MatchDecision.objects.get().verdict == "pending"  # waits in the review queue until decided
    response = client.post(reverse("offenders:person-decide", args=[arrest.person_id]),
                           {"other": earlier.pk, "verdict": "same"})
    assert response.status_code == 302
    page = client.get(reverse("offenders:person-detail", args=[arrest.person_id])).content.decode()
    assert 'data-testid="repeat-offender"' in page and "Repeat offender: 2" in page
    assert "0046/2020" in page and "UP Police, Gautam Buddh Nagar (Noida)" in page
    assert MatchDecision.objects.get().verdict == "same"


def test_arrest_form_for_an_existing_person_of_another_station(client, sho_a, sho_b):
    person = services.person_create(actor=sho_b, name="Known Offender")
    bust = services.bust_create(actor=sho_a, fir_number="0047/2020", raid_date=RAID)
    client.force_login(sho_a)
    url = reverse("offenders:arrest-create", args=[bust.pk]) + f"?person={person.pk}"
    assert "Known Offender" in client.get(url).content.decode()
    response = client.post(url, {"arrest-role": "caller"})
    assert response.status_code == 302 and Arrest.objects.get().person == person


def test_city_wide_person_search_by_fuzzy_name_phone_aadhaar_and_father(client, sho_b, sho_a):
    number = aadhaar_number(9)
    services.person_create(actor=sho_a, name="Mohammed Salman Khan", father_name="Abdul Rehman",
                           phones="9899911122", aadhaar=number)
    services.person_create(actor=sho_a, name="Pooja Sharma", father_name="Ramesh")
    client.force_login(sho_b)
    url = reverse("offenders:person-list")
    for params in ({"name": "Mohd Salmaan Khan"}, {"phone": "+91 98999 11122"}, {"aadhaar_last4": number[-4:]},
                   {"father_name": "Abdul Rahman"}):
        page = client.get(url, params).content.decode()
        assert "Mohammed Salman Khan" in page and "Pooja Sharma" not in page, params


def test_person_search_refuses_a_full_aadhaar_number_without_showing_it(client, sho_b):
    number = aadhaar_number(9)
    client.force_login(sho_b)
    response = client.get(reverse("offenders:person-list"), {"aadhaar_last4": number, "name": "Ravi"}, follow=True)
    assert response.redirect_chain[0][0] == reverse("offenders:person-list") + "?name=Ravi"
    page = response.content.decode()
    assert "Write only the last four digits" in page and number not in page


def test_association_member_cannot_search_persons(client, association):
    client.force_login(association)
    assert client.get(reverse("offenders:person-list")).status_code == 403  # the police-only gate


def test_other_station_reads_a_person_but_cannot_edit_or_add_to_it(client, sho_a, sho_b):
    person = services.person_create(actor=sho_a, name="Alpha Record")
    client.force_login(sho_b)
    page = client.get(reverse("offenders:person-detail", args=[person.pk])).content.decode()
    assert "Alpha Record" in page and reverse("offenders:person-edit", args=[person.pk]) not in page
    assert client.get(reverse("offenders:person-edit", args=[person.pk])).status_code == 404
    assert client.post(reverse("offenders:person-add", args=[person.pk, "phone"]), {"number": "9811111111"}).status_code == 404


def test_person_parts_are_added_and_removed_on_the_page(client, sho_a):
    person = services.person_create(actor=sho_a, name="Ravi")
    client.force_login(sho_a)
    for kind, data in (
        ("alias", {"name": "Rinku"}), ("phone", {"number": "09811111111"}),
        ("address", {"address": "Sector 5", "last_known": "on"}), ("account", {"kind": "upi", "upi_id": "r@ok"}),
        ("document", {"kind": "passport", "number": "K1234567"}),
    ):
        response = client.post(reverse("offenders:person-add", args=[person.pk, kind]), data)
        assert response.status_code == 302, (kind, response.content[:500])
    page = client.get(reverse("offenders:person-detail", args=[person.pk])).content.decode()
    assert all(text in page for text in ("Rinku", "9811111111", "Sector 5", "r@ok", "K1234567"))
    phone = person.phones.get()
    assert client.get(reverse("offenders:person-remove", args=["phone", phone.pk])).status_code == 405
    assert client.post(reverse("offenders:person-remove", args=["phone", phone.pk])).status_code == 302
    assert not person.phones.exists()


def test_prior_record_form_and_csv_import_page(client, sho_a):
    person = services.person_create(actor=sho_a, name="Ravi")
    client.force_login(sho_a)
    url = reverse("offenders:prior-create") + f"?person={person.pk}"
    response = client.post(url, {"force": "ghaziabad", "fir_number": "12/2018", "arrested_on": "2018-02-01"})
    assert response.status_code == 302 and person.prior_records.count() == 1
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("p.csv", b"name,force\nGood,delhi\nBad,atlantis\n", content_type="text/csv")
    page = client.post(reverse("offenders:prior-import"), {"file": bad}).content.decode()
    assert "Line 3" in page and "Nothing was saved" in page
    good = SimpleUploadedFile("p.csv", b"name,force\nGood,delhi\n", content_type="text/csv")
    assert client.post(reverse("offenders:prior-import"), {"file": good}).status_code == 302
    assert Person.objects.filter(name="Good").exists()


def test_navigation_shows_enforcement_to_police(client, sho_a, association):
    client.force_login(sho_a)
    page = client.get(reverse("offenders:bust-list")).content.decode()
    assert reverse("offenders:person-list") in page and reverse("offenders:bail-watch") in page
    assert reverse("offenders:review-queue") not in page
