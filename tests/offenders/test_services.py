"""Writes of enforcement: busts, persons, arrests, prior records (by hand and CSV), matches and identities."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.audit import Source, audit_context
from offenders import services
from offenders.matching import normalize_name
from offenders.models import Arrest, Identity, MatchDecision, Person, PriorRecord
from offenders.selectors import (
    bail_watch,
    person_arrest_history,
    person_is_repeat_offender,
    repeat_offenders,
    with_offence_counts,
)
from registry.selectors import callcentre_timeline
from tests.factories import CallCentreFactory, PremisesFactory

pytestmark = pytest.mark.django_db

RAID = datetime.date(2020, 9, 1)


@pytest.fixture
def call_centre_a(locality_a):
    return CallCentreFactory(name="Alpha Tech Support", premises=PremisesFactory(locality=locality_a))


def _bust(actor, **kwargs):
    return services.bust_create(actor=actor, fir_number=kwargs.pop("fir_number", "0123/2020"), raid_date=RAID, **kwargs)


def test_bust_marks_the_raided_call_centre_busted_and_its_timeline_shows_it(sho_a, call_centre_a):
    bust = _bust(sho_a, call_centre=call_centre_a, modus_operandi=["fake_popup", "screen_lock"],
                 victim_count=40, victim_countries="United States, Canada, united states",
                 money_involved=Decimal("250000"), computers_seized=12, phones_seized=20, sim_cards_seized=35,
                 cash_seized=Decimal("45000"), narrative="Raid at night.")
    call_centre_a.refresh_from_db()
    assert call_centre_a.status == "busted"
    assert bust.victim_countries == ["United States", "Canada"]
    events = callcentre_timeline(call_centre_a)
    assert any(e.kind == "bust" and "0123/2020" in e.title for e in events)
    assert any(e.kind == "status" and "0123/2020" in e.detail for e in events)


def test_bust_keeps_the_sections_of_law_under_either_code(sho_a):
    from offenders.models import LawSection
    from tests.factories import law_sections_load

    law_sections_load()

    sections = list(LawSection.objects.filter(section__in=["420", "318(4)", "66D"]))
    bust = _bust(sho_a, sections=sections)
    assert {str(s) for s in bust.sections.all()} == {"IPC 420", "BNS 318(4)", "IT Act 66D"}
    assert LawSection.objects.get(code="IPC", section="420").equivalent.section == "318(4)"


def test_second_bust_of_an_already_busted_call_centre_is_recorded(sho_a, call_centre_a):
    _bust(sho_a, call_centre=call_centre_a)
    _bust(sho_a, call_centre=call_centre_a, fir_number="0124/2020")
    call_centre_a.refresh_from_db()
    assert call_centre_a.status == "busted"


def test_same_fir_twice_gets_a_clear_message(sho_a):
    _bust(sho_a)
    with pytest.raises(ValidationError) as exc:
        _bust(sho_a, fir_number="123/2020")
    assert "already recorded" in exc.value.message_dict["fir_number"][0]


def test_sho_cannot_raid_another_stations_call_centre(sho_b, call_centre_a):
    with pytest.raises(ValidationError) as exc:
        _bust(sho_b, call_centre=call_centre_a)
    assert "call_centre" in exc.value.message_dict


def test_commissioner_cannot_record_a_bust(commissioner, station_a):
    with pytest.raises(PermissionDenied):
        _bust(commissioner, station=station_a)


def test_unknown_modus_operandi_is_refused(sho_a):
    with pytest.raises(ValidationError):
        _bust(sho_a, modus_operandi=["hypnosis"])


def test_person_with_an_age_on_a_date_gets_a_birth_year(sho_a):
    person = services.person_create(actor=sho_a, name="Mohd. Irfan", father_name="Abdul Rasheed", relation="s/o",
                                    age=31, age_on=RAID, phones="+91 98100-12345, 098100 12346",
                                    aliases=["Monu"], address="H.No. 12, Sector 14", city="Gurugram")
    assert person.birth_year == 1989 and person.age_recorded == 31
    assert person.name_key == normalize_name("Mohammad Irfan")  # "Mohd." is folded like "Mohammad"
    assert sorted(person.phones.values_list("number", flat=True)) == ["9810012345", "9810012346"]
    assert person.addresses.get().last_known
    assert list(person.aliases.values_list("name", flat=True)) == ["Monu"]
    assert person.identity_id is not None


def test_bad_phone_is_named_in_the_message(sho_a):
    with pytest.raises(ValidationError) as exc:
        services.person_create(actor=sho_a, name="X", phones="12345")
    assert "12345" in exc.value.message_dict["phones"][0]


def test_only_the_recording_station_changes_a_person(sho_a, sho_b, cyber):
    person = services.person_create(actor=sho_a, name="Ravi Kumar")
    with pytest.raises(PermissionDenied):
        services.person_update(actor=sho_b, person=person, name="Ravi K")
    services.person_update(actor=cyber, person=person, name="Ravi Kumar Sharma")
    person.refresh_from_db()
    assert person.name == "Ravi Kumar Sharma" and person.history.count() == 2


def test_new_last_known_address_replaces_the_old_one(sho_a):
    person = services.person_create(actor=sho_a, name="Ravi", address="Old Street 1")
    services.person_address_add(actor=sho_a, person=person, address="New Street 2", last_known=True)
    assert person.addresses.get(last_known=True).address == "New Street 2"


def test_accounts_and_documents_are_recorded(sho_a):
    person = services.person_create(actor=sho_a, name="Ravi", pan="abcde1234f")
    services.person_account_add(actor=sho_a, person=person, kind="upi", upi_id="Ravi@okbank")
    services.person_account_add(actor=sho_a, person=person, kind="bank", account_number="1234 5678 90", ifsc="sbin0001")
    assert set(person.accounts.values_list("identifier", flat=True)) == {"ravi@okbank", "1234567890"}
    assert person.documents.get().number_key == "ABCDE1234F"
    with pytest.raises(ValidationError):
        services.person_document_add(actor=sho_a, person=person, kind="pan", number="ABCDE 1234 F")


def _arrest(actor, bust, **person_fields):
    person = services.person_create(actor=actor, **person_fields)
    return services.arrest_create(actor=actor, bust=bust, person=person, role="caller")


def test_arrest_queues_an_uncertain_match_for_review(sho_a, sho_b):
    old = services.person_create(actor=sho_b, name="Rahul Sharma", father_name="Suresh Sharma", age=28, age_on=RAID)
    arrest = _arrest(sho_a, _bust(sho_a), name="Rahul Sharma", father_name="Suresh Sharma", age=29, age_on=RAID)
    decision = MatchDecision.objects.get()
    assert {decision.person_a_id, decision.person_b_id} == {old.pk, arrest.person_id}
    assert decision.verdict == "pending" and decision.score >= 0.5 and decision.reasons


def test_arrest_before_the_raid_is_refused(sho_a):
    bust = _bust(sho_a)
    person = services.person_create(actor=sho_a, name="Ravi")
    with pytest.raises(ValidationError) as exc:
        services.arrest_create(actor=sho_a, bust=bust, person=person, arrested_on=RAID - datetime.timedelta(days=3))
    assert "arrested_on" in exc.value.message_dict


def test_bail_needs_the_court(sho_a):
    bust = _bust(sho_a)
    person = services.person_create(actor=sho_a, name="Ravi")
    with pytest.raises(ValidationError) as exc:
        services.arrest_create(actor=sho_a, bust=bust, person=person, bail_date=RAID + datetime.timedelta(days=10))
    assert "bail_court" in exc.value.message_dict


def test_station_b_may_arrest_a_person_recorded_by_station_a(sho_a, sho_b):
    person = services.person_create(actor=sho_a, name="Ravi")
    bust_b = services.bust_create(actor=sho_b, fir_number="0007/2020", raid_date=RAID)
    arrest = services.arrest_create(actor=sho_b, bust=bust_b, person=person)
    assert arrest.station == sho_b.station


def test_confirmed_match_links_records_and_makes_a_repeat_offender(sho_a, sho_b):
    earlier = services.person_create(actor=sho_b, name="Rahul Sharma", father_name="Suresh")
    services.prior_record_create(actor=sho_b, person=earlier, force="delhi", fir_number="45/2019",
                                 arrested_on=datetime.date(2019, 5, 1))
    arrest = _arrest(sho_a, _bust(sho_a), name="Rahul Sharma", father_name="Suresh")
    assert not person_is_repeat_offender(arrest.person)
    services.match_confirm(actor=sho_a, person=arrest.person, other=earlier)
    arrest.person.refresh_from_db()
    earlier.refresh_from_db()
    assert arrest.person.identity_id == earlier.identity_id
    assert person_is_repeat_offender(arrest.person)
    annotated = with_offence_counts(Person.objects.filter(pk=arrest.person.pk)).get()
    assert (annotated.arrest_count, annotated.prior_count, annotated.is_repeat) == (1, 1, True)
    assert list(repeat_offenders(user=sho_a)) == [Person.objects.get(pk=min(earlier.pk, arrest.person.pk))]
    assert Identity.objects.count() == 1  # the identity left empty is removed


def test_not_the_same_person_is_remembered_and_never_proposed_again(sho_a, sho_b):
    from offenders.candidates import find_candidates

    earlier = services.person_create(actor=sho_b, name="Rahul Sharma", father_name="Suresh", age=30, age_on=RAID)
    later = services.person_create(actor=sho_a, name="Rahul Sharma", father_name="Suresh", age=30, age_on=RAID)
    assert [c.person for c in find_candidates(user=sho_a, person=later)] == [earlier]
    services.match_reject(actor=sho_a, person=later, other=earlier)
    assert find_candidates(user=sho_a, person=later) == []
    services.match_check(actor=sho_a, person=later)
    assert MatchDecision.objects.get().verdict == "different"


def test_undoing_a_link_splits_the_identity_again_and_requeues_the_pair(sho_a):
    a = services.person_create(actor=sho_a, name="A One")
    b = services.person_create(actor=sho_a, name="A Two")
    c = services.person_create(actor=sho_a, name="A Three")
    services.match_confirm(actor=sho_a, person=a, other=b)
    decision = services.match_confirm(actor=sho_a, person=b, other=c)
    identities = set(Person.objects.filter(pk__in=[a.pk, b.pk, c.pk]).values_list("identity_id", flat=True))
    assert len(identities) == 1
    services.match_undo(actor=sho_a, decision=decision)
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert a.identity_id == b.identity_id != c.identity_id
    decision.refresh_from_db()
    assert decision.verdict == "pending"
    assert decision.history.count() == 2  # audited: confirmed, then undone


def test_station_cannot_decide_a_match_between_two_records_of_another_station(sho_a, sho_b):
    a = services.person_create(actor=sho_b, name="B One")
    b = services.person_create(actor=sho_b, name="B Two")
    with pytest.raises(PermissionDenied):
        services.match_confirm(actor=sho_a, person=a, other=b)


def test_cyber_team_decides_any_pair(sho_a, sho_b, cyber):
    a = services.person_create(actor=sho_a, name="A One")
    b = services.person_create(actor=sho_b, name="B Two")
    services.match_confirm(actor=cyber, person=a, other=b)
    assert Person.objects.get(pk=a.pk).identity_id == Person.objects.get(pk=b.pk).identity_id


def test_bail_watch_lists_repeat_offenders_on_bail_with_last_known_address(sho_a, sho_b):
    from offenders.selectors import identity_last_known_address

    earlier = services.person_create(actor=sho_b, name="Vikas Yadav", address="Village Khera, Noida")
    services.prior_record_create(actor=sho_b, person=earlier, force="noida", arrested_on=datetime.date(2019, 2, 1))
    person = services.person_create(actor=sho_a, name="Vikas Yadav", address="Sector 45, Gurugram")
    services.arrest_create(actor=sho_a, bust=_bust(sho_a), person=person, bail_date=RAID + datetime.timedelta(days=20),
                           bail_court="JMIC Gurugram", released_on=RAID + datetime.timedelta(days=21))
    assert list(bail_watch(user=sho_a)) == []  # one arrest and one prior record, but not yet linked
    services.match_confirm(actor=sho_a, person=person, other=earlier)
    rows = list(bail_watch(user=sho_b))
    assert len(rows) == 1
    assert rows[0].last_bail_court == "JMIC Gurugram"
    assert identity_last_known_address(rows[0]) is not None
    assert len(person_arrest_history(earlier)) == 1


def test_prior_records_csv_import_creates_persons_and_queues_matches(sho_a, sho_b):
    services.person_create(actor=sho_b, name="Amit Chaudhary", father_name="Ram Chaudhary", age=30, age_on=RAID)
    data = (
        "name,father_name,age,force,city,police_station,fir_number,sections,arrested_on,role,bail_date\n"
        "Amit Choudhary,Ram Chaudhry,30,Delhi,New Delhi,Cyber Cell,101/2019,420 IPC,2019-03-01,caller,2019-04-01\n"
        "Sunil Mehta,,25,Noida,Noida,Sector 20,55/2018,66D IT Act,01/02/2018,Team leader,\n"
    )
    result = services.prior_records_import_csv(actor=sho_a, data=data.encode())
    assert len(result.records) == 2 and result.persons_created == 2
    records = PriorRecord.objects.order_by("pk")
    assert [r.force for r in records] == ["delhi", "noida"]
    assert records[1].arrested_on == datetime.date(2018, 2, 1) and records[1].role == "team_leader"
    assert all(r.source == "csv" for r in records)
    assert MatchDecision.objects.filter(verdict="pending").count() == 1


def test_prior_records_csv_with_bad_rows_saves_nothing_and_names_the_lines(sho_a):
    data = (
        "name,force,arrested_on,bail_date\n"
        "Good Row,delhi,2019-01-01,\n"
        "Bad Force,mars,2019-01-01,\n"
        ",delhi,,\n"
        "Bad Date,ghaziabad,31/31/2019,\n"
        "Bail Early,delhi,2019-05-01,2019-04-01\n"
    )
    with pytest.raises(ValidationError) as exc:
        services.prior_records_import_csv(actor=sho_a, data=data.encode())
    text = " | ".join(exc.value.messages)
    assert "Line 3" in text and "Line 4" in text and "Line 5" in text and "Line 6" in text
    assert "Line 2" not in text
    assert PriorRecord.objects.count() == 0 and Person.objects.count() == 0


def test_prior_records_csv_without_the_required_columns_is_refused(sho_a):
    with pytest.raises(ValidationError):
        services.prior_records_import_csv(actor=sho_a, data=b"who,where\nx,y\n")
    with pytest.raises(ValidationError):
        services.prior_records_import_csv(actor=sho_a, data=b"\xff\xfe\x00n")


def test_prior_record_for_an_existing_person_by_id(sho_a, sho_b):
    person = services.person_create(actor=sho_b, name="Known Person")
    result = services.prior_records_import_csv(actor=sho_a, data=f"person_id,force\n{person.pk},ghaziabad\n".encode())
    assert result.records[0].person == person and result.persons_created == 0
    assert result.records[0].station == sho_a.station


def test_every_write_is_audited(sho_a):
    with audit_context(Source.IMPORT, actor=sho_a):
        bust = _bust(sho_a)
        person = services.person_create(actor=sho_a, name="Ravi", phones="9810012345")
        services.arrest_create(actor=sho_a, bust=bust, person=person)
    assert bust.history.first().history_user == sho_a
    assert bust.history.first().history_source == Source.IMPORT
    assert person.phones.get().history.count() == 1
    assert Arrest.objects.get().history.first().history_user == sho_a
