"""Finding the same individual among all persons: indexed retrieval, then the matching engine's ranking."""
import datetime

import pytest
from django.db import connection

from offenders import services
from offenders.candidates import (
    Candidate,
    MatchQuery,
    _Budget,
    _simple_ids,
    find_candidates,
    query_from_input,
    retrieve_candidate_ids,
)
from offenders.models import Person
from tests.factories import PersonFactory, aadhaar_number

pytestmark = pytest.mark.django_db
ON = datetime.date(2020, 9, 1)


def test_same_phone_finds_a_person_whose_name_is_written_differently(sho_a, sho_b):
    earlier = services.person_create(actor=sho_b, name="Mohd Salman Khan", phones="+91 98111 22233")
    found = find_candidates(user=sho_a, query=query_from_input(name="Salman Khan", phones=["9811122233"]))
    assert found[0].person == earlier
    assert any(reason.startswith("same phone 98") for reason in found[0].reasons)
    assert "9811122233" not in " ".join(found[0].reasons)  # the phone is masked in the reason


def test_same_aadhaar_finds_the_person_through_the_keyed_hash(sho_a, sho_b):
    number = aadhaar_number(3)
    earlier = services.person_create(actor=sho_b, name="Deepak Verma", aadhaar=number)
    found = find_candidates(user=sho_a, query=query_from_input(name="D. Verma", aadhaar=number))
    assert found[0].person == earlier and "same ID number" in found[0].reasons
    assert found[0].band == "likely"


def test_transliterated_name_with_father_and_age_is_found_by_trigrams(sho_a, sho_b):
    earlier = services.person_create(actor=sho_b, name="Mohammed Irfan Qureshi", father_name="Abdul Rashid",
                                     age=31, age_on=ON)
    services.person_create(actor=sho_b, name="Pooja Sharma", father_name="Ramesh")
    later = services.person_create(actor=sho_a, name="Mohd. Irfan Kureshi", father_name="Abdul Rasheed",
                                   age=32, age_on=ON)
    found = find_candidates(user=sho_a, person=later)
    assert [c.person for c in found][:1] == [earlier]
    assert found[0].score >= 0.5 and found[0].reasons


def test_an_alias_is_searched_too(sho_a, sho_b):
    earlier = services.person_create(actor=sho_b, name="Rajesh Kumar", aliases=["Bunty Chaudhary"],
                                     father_name="Om Prakash", age=25, age_on=ON)
    found = find_candidates(
        user=sho_a, query=query_from_input(name="Bunty Choudhary", father_name="Om Parkash", birth_year=1995)
    )
    assert found and found[0].person == earlier
    assert any("alias" in reason for reason in found[0].reasons)


def test_records_of_the_same_identity_are_not_proposed(sho_a, sho_b):
    a = services.person_create(actor=sho_b, name="Vikas Yadav", phones="9811100000")
    b = services.person_create(actor=sho_a, name="Vikas Yadav", phones="9811100000")
    services.match_confirm(actor=sho_a, person=b, other=a)
    b.refresh_from_db()
    assert find_candidates(user=sho_a, person=b) == []


def test_many_people_sharing_a_common_name_rank_the_one_with_father_and_year_first(sho_a, sho_b):
    for i in range(15):
        PersonFactory(station=sho_b.station, name="Rahul Sharma", father_name=f"Father{i} Sharma",
                      birth_year=1980 + i)
    target = services.person_create(actor=sho_b, name="Rahul Sharma", father_name="Suresh Sharma", age=30, age_on=ON)
    found = find_candidates(
        user=sho_a, query=query_from_input(name="Rahul Sharma", father_name="Suresh Sarma", birth_year=1990)
    )
    assert found[0].person == target
    assert all(c.score < found[0].score for c in found[1:])


def test_retrieval_is_capped(sho_a):
    for i in range(30):
        PersonFactory(station=sho_a.station, name=f"Amit Kumar {chr(97 + i % 26)}")
    ids = retrieve_candidate_ids(MatchQuery(names=["Amit Kumar"]), limit=10)
    assert len(ids) == 10


def test_sqlite_fallback_uses_exact_names_aliases_first_word_and_father_with_year(sho_a):
    same = services.person_create(actor=sho_a, name="Amit Chaudhary", father_name="Ram Lal", age=30, age_on=ON)
    first_word = services.person_create(actor=sho_a, name="Amit Verma")
    father = services.person_create(actor=sho_a, name="Sumit Chaudhary", father_name="Ram Lal", age=31, age_on=ON)
    services.person_create(actor=sho_a, name="Completely Different")
    budget = _Budget(1000)
    _simple_ids(Person.objects.all(), MatchQuery(names=["Amit Choudhary"], father_name="Ram Lal", dob="1990"), budget)
    assert set(budget.ids) == {same.pk, first_word.pk, father.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram GIN indexes exist on PostgreSQL only")
def test_name_retrieval_uses_the_trigram_gin_index(sho_a):
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.db.models import F, Value

    PersonFactory.create_batch(50, station=sho_a.station)
    qs = Person.objects.filter(TrigramSimilar(F("name_key"), Value("rahul sharma"))).values_list("pk", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        plan = qs.explain()
    assert "offenders_person_name_trgm" in plan


def test_candidate_band_follows_the_thresholds():
    person = Person(name="x")
    assert Candidate(person=person, score=0.95, reasons=[]).band == "likely"
    assert Candidate(person=person, score=0.6, reasons=[]).band == "uncertain"
    assert Candidate(person=person, score=0.3, reasons=[]).band == "unlikely"
