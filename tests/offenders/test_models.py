"""Database rules of enforcement records: what the database itself refuses."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from offenders.models import Bust, IdentityDocument, MatchDecision
from offenders.models.cases import fir_normalize
from tests.factories import ArrestFactory, BustFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_fir_number_is_written_number_slash_year():
    assert fir_normalize("123/2020") == "0123/2020"
    assert fir_normalize(" 0007 / 2021 ") == "0007/2021"
    for bad in ("2020/123", "12345/2020", "abc", "0000/2020", "123-2020", ""):
        with pytest.raises(ValidationError):
            fir_normalize(bad)


def test_same_fir_twice_at_one_station_is_refused_by_the_database(station_a):
    BustFactory(station=station_a, fir_number="0123/2020")
    with pytest.raises(IntegrityError), transaction.atomic():
        BustFactory(station=station_a, fir_number="0123/2020")


def test_same_fir_number_at_two_stations_is_allowed(station_a, station_b):
    BustFactory(station=station_a, fir_number="0123/2020")
    BustFactory(station=station_b, fir_number="0123/2020")
    assert Bust.objects.filter(fir_number="0123/2020").count() == 2


def test_fir_year_far_from_the_raid_date_is_refused(station_a):
    bust = Bust(station=station_a, fir_number="0001/2015", raid_date=datetime.date(2020, 9, 1))
    with pytest.raises(ValidationError) as exc:
        bust.full_clean()
    assert "fir_number" in exc.value.message_dict


def test_fir_of_the_next_year_is_accepted_for_a_new_year_eve_raid(station_a):
    bust = Bust(station=station_a, fir_number="1/2021", raid_date=datetime.date(2020, 12, 31))
    bust.full_clean()
    assert bust.fir_number == "0001/2021" and bust.fir_year == 2021


def test_an_aadhaar_row_with_a_number_is_refused_by_the_database(station_a):
    person = PersonFactory(station=station_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityDocument.objects.create(person=person, kind="aadhaar", number="234567890123", last_four="0123",
                                        number_hash="ab" * 32)


def test_match_decision_pair_is_stored_once_in_order(station_a):
    a, b = PersonFactory(station=station_a), PersonFactory(station=station_a)
    MatchDecision.objects.create(person_a=a, person_b=b, verdict="pending")
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchDecision.objects.create(person_a=a, person_b=b, verdict="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchDecision.objects.create(person_a=b, person_b=a, verdict="same")


def test_bail_before_arrest_is_refused_by_the_database(station_a):
    arrest = ArrestFactory(bust=BustFactory(station=station_a), person=PersonFactory(station=station_a))
    arrest.bail_date = arrest.arrested_on - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        arrest.save()


def test_person_age_is_computed_from_date_of_birth_or_year(station_a):
    person = PersonFactory(station=station_a, dob=datetime.date(1990, 6, 15), birth_year=1990)
    assert person.age_on(datetime.date(2020, 6, 14)) == 29
    assert person.age_on(datetime.date(2020, 6, 15)) == 30
    only_year = PersonFactory(station=station_a, birth_year=1985)
    assert only_year.age_on(datetime.date(2020, 1, 1)) == 35
