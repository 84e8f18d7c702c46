"""The enforcement API: scoped lists (constant queries), writes through the services, the match endpoint."""
import datetime

import pytest
from django.urls import reverse

from offenders import services
from offenders.models import Arrest, Bust, Person, PriorRecord
from tests.factories import ArrestFactory, BustFactory, PersonFactory, PriorRecordFactory, aadhaar_number

pytestmark = pytest.mark.django_db
RAID = datetime.date(2020, 9, 1)


def _rows(station, n):
    for _ in range(n):
        bust = BustFactory(station=station)
        person = PersonFactory(station=station)
        ArrestFactory(person=person, bust=bust)
        PriorRecordFactory(person=person, station=station)


@pytest.mark.parametrize("n", [5, 50])
@pytest.mark.parametrize(
    "name,queries",
    [
        # (each list ends with one INSERT into the access log: an API read of personal data)
        # session, user, count, busts with station/call centre/arrest count, sections, documents, log
        ("bust-list", 7),
        # session, user, count, arrests with person, bust and station, log
        ("arrest-list", 5),
        # session, user, count, prior records with person and station, log
        ("priorrecord-list", 5),
        # session, user, count, persons with station and offence counts, aliases, phones, accounts,
        # identity documents, photographs, addresses, log
        ("person-list", 11),
    ],
)
def test_api_lists_cost_the_same_queries_for_5_or_50_rows(client, sho_a, django_assert_num_queries, n, name, queries):
    _rows(sho_a.station, n)
    client.force_login(sho_a)
    with django_assert_num_queries(queries):
        response = client.get(reverse(name))
    assert response.status_code == 200 and response.json()["count"] == n


def test_station_b_sees_none_of_station_as_busts_but_reads_its_persons(client, sho_a, sho_b):
    _rows(sho_a.station, 2)
    client.force_login(sho_b)
    assert client.get(reverse("bust-list")).json()["count"] == 0
    assert client.get(reverse("arrest-list")).json()["count"] == 0
    persons = client.get(reverse("person-list")).json()
    assert persons["count"] == 2 and all(p["is_repeat_offender"] for p in persons["results"])


def test_bust_is_recorded_and_changed_through_the_api(client, sho_a):
    from tests.factories import law_sections_load

    law_sections_load()
    client.force_login(sho_a)
    response = client.post(reverse("bust-list"), {
        "fir_number": "88/2020", "raid_date": "2020-09-01", "sections": ["IPC 420", "IT Act 66D"],
        "modus_operandi": ["fake_popup"], "victim_countries": ["United States"], "money_involved": "12000.50",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fir_number"] == "0088/2020" and body["sections"] == ["IPC 420", "IT Act 66D"]
    response = client.patch(reverse("bust-detail", args=[body["id"]]), {"victim_count": 30},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["victim_count"] == 30


@pytest.mark.parametrize("payload,field", [
    ({"fir_number": "88-2020", "raid_date": "2020-09-01"}, "fir_number"),
    ({"fir_number": "88/2020", "raid_date": "2030-01-01"}, "raid_date"),
    ({"fir_number": "88/2020", "raid_date": "2020-09-01", "sections": ["IPC 9999"]}, "sections"),
    ({"fir_number": "88/2020", "raid_date": "2020-09-01", "modus_operandi": ["magic"]}, "modus_operandi"),
    ({"fir_number": "88/2020", "raid_date": "not a date"}, "raid_date"),
])
def test_bad_bust_input_is_a_400_with_a_message(client, sho_a, payload, field):
    client.force_login(sho_a)
    response = client.post(reverse("bust-list"), payload, content_type="application/json")
    assert response.status_code == 400 and field in response.json()
    assert Bust.objects.count() == 0


def test_duplicate_fir_is_a_400(client, sho_a):
    services.bust_create(actor=sho_a, fir_number="0088/2020", raid_date=RAID)
    client.force_login(sho_a)
    response = client.post(reverse("bust-list"), {"fir_number": "88/2020", "raid_date": "2020-09-01"},
                           content_type="application/json")
    assert response.status_code == 400 and "already recorded" in response.json()["fir_number"][0]


def test_commissioner_reads_but_cannot_write(client, commissioner, station_a):
    client.force_login(commissioner)
    assert client.get(reverse("bust-list")).status_code == 200
    response = client.post(reverse("bust-list"), {"fir_number": "1/2020", "raid_date": "2020-09-01"},
                           content_type="application/json")
    assert response.status_code == 403


def test_person_arrest_and_prior_record_through_the_api(client, sho_a):
    client.force_login(sho_a)
    response = client.post(reverse("person-list"), {
        "name": "Ankit Gupta", "father_name": "Mahesh Gupta", "relation": "s/o", "age": 26, "age_on": "2020-09-01",
        "phones": "9810098100", "aadhaar": aadhaar_number(21), "pan": "ABCDE1234F", "address": "Sector 10",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    person = response.json()
    assert person["birth_year"] == 1994 and person["phones"] == ["9810098100"]
    assert {"kind": "aadhaar", "number": f"XXXX XXXX {aadhaar_number(21)[-4:]}"} in person["documents"]
    assert aadhaar_number(21) not in response.content.decode()
    bust = services.bust_create(actor=sho_a, fir_number="0089/2020", raid_date=RAID)
    response = client.post(reverse("arrest-list"), {"person": person["id"], "bust": bust.pk, "role": "manager"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert Arrest.objects.get().arrested_on == RAID
    response = client.post(reverse("priorrecord-list"), {"person": person["id"], "force": "delhi", "fir_number": "9/2019",
                                                         "arrested_on": "2019-01-10"}, content_type="application/json")
    assert response.status_code == 201 and PriorRecord.objects.get().station == sho_a.station
    detail = client.get(reverse("person-detail", args=[person["id"]])).json()
    assert detail["is_repeat_offender"] and detail["arrest_count"] == 1 and detail["prior_count"] == 1


def test_person_photos_are_given_as_access_checked_links(client, sho_a, sho_b, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    person = services.person_create(actor=sho_a, name="Photo Person")
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="JPEG")
    photo = services.person_photo_add(actor=sho_a, person=person,
                                      upload=SimpleUploadedFile("a.jpg", out.getvalue(), content_type="image/jpeg"))
    client.force_login(sho_b)
    links = client.get(reverse("person-detail", args=[person.pk])).json()["photos"][0]
    assert links["url"].endswith(reverse("offenders:photo", args=[photo.key]))
    assert client.get(links["thumbnail_url"]).status_code == 200


def test_api_token_reads_a_photo(client, sho_a):
    from core.accounts.tokens import api_token_create

    person = PersonFactory(station=sho_a.station)
    key, _token = api_token_create(user=sho_a)
    response = client.get(reverse("offenders:photo", args=["00000000-0000-0000-0000-000000000000"]),
                          HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT="image/*")
    assert response.status_code == 404 and person.pk


def test_other_station_cannot_change_a_person_through_the_api(client, sho_a, sho_b):
    person = services.person_create(actor=sho_a, name="Alpha Record")
    client.force_login(sho_b)
    response = client.patch(reverse("person-detail", args=[person.pk]), {"name": "Changed"},
                            content_type="application/json")
    assert response.status_code == 404
    assert Person.objects.get(pk=person.pk).name == "Alpha Record"


def test_match_endpoint_answers_ranked_candidates_with_scores_and_reasons(client, sho_a, sho_b):
    target = services.person_create(actor=sho_a, name="Gurpreet Singh Bedi", father_name="Harbhajan Singh",
                                    age=35, age_on=RAID, phones="9876501234")
    services.person_create(actor=sho_a, name="Gurpreet Kaur", father_name="Jaswant Singh", age=22, age_on=RAID)
    client.force_login(sho_b)
    response = client.post(reverse("person-match"), {
        "name": "Gurprit Bedi", "father_name": "Harbhajan", "birth_year": 1985, "phones": ["+91-98765-01234"],
    }, content_type="application/json")
    assert response.status_code == 200, response.content
    body = response.json()
    first = body["candidates"][0]
    assert first["person"]["id"] == target.pk and first["band"] == "likely"
    assert any(r.startswith("same phone") for r in first["reasons"])
    assert body["candidates"] == sorted(body["candidates"], key=lambda c: -c["score"])
    assert body["thresholds"]["likely"] > body["thresholds"]["review"]


@pytest.mark.parametrize("payload,field", [
    ({}, "name"),
    ({"name": "X", "phones": ["12"]}, "phones"),
    ({"name": "X", "aadhaar": "123412341234"}, "aadhaar"),
    ({"name": "X", "birth_year": "soon"}, "birth_year"),
    ({"name": "X", "limit": 500}, "limit"),
])
def test_match_endpoint_bad_input_is_a_400_with_messages(client, sho_a, payload, field):
    client.force_login(sho_a)
    response = client.post(reverse("person-match"), payload, content_type="application/json")
    assert response.status_code == 400 and field in response.json()
    assert "123412341234" not in response.content.decode()


def test_match_endpoint_is_for_police_only(client, association):
    assert client.post(reverse("person-match"), {"name": "X"}, content_type="application/json").status_code in (401, 403)
    client.force_login(association)
    assert client.post(reverse("person-match"), {"name": "X"}, content_type="application/json").status_code == 403
