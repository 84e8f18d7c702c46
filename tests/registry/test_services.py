"""Writes on call centres: register, update, status, phones, premises, moves."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from registry.choices import CallCentreStatus, Service
from registry.models import CallCentre, CallCentrePhone, Occupancy, Premises, StatusChange
from registry.services.callcentres import (
    callcentre_move,
    callcentre_phone_add,
    callcentre_phone_remove,
    callcentre_register,
    callcentre_set_status,
    callcentre_update,
    night_shift_of,
)
from registry.services.premises import premises_update
from tests.factories import LocalityFactory

from .cc_helpers import days_ago, register

pytestmark = pytest.mark.django_db


def test_sho_registers_a_call_centre_under_the_station_of_its_locality(sho_a, locality_a, station_a):
    cc = callcentre_register(
        actor=sho_a, name="Apex Info Solutions", locality=locality_a, address="Plot No. 12, Sec-14, Gurgaon",
        phones=["+91 98100-12345", "098100 54321"], company_name="Apex Info Pvt. Ltd.", service=Service.TECH_SUPPORT,
        markets="USA, UK", languages=["English"], started_on=days_ago(30),
    )
    assert cc.station == station_a
    assert cc.status == CallCentreStatus.REPORTED
    assert sorted(cc.phones.values_list("number", flat=True)) == ["9810012345", "9810054321"]
    assert cc.name_key == "apex info solutions"
    assert cc.company_key == "apexinfo"
    assert cc.markets == ["USA", "UK"]
    assert cc.premises.locality == locality_a and cc.premises.address_key
    stay = Occupancy.objects.get(call_centre=cc)
    assert stay.premises == cc.premises and stay.moved_in == days_ago(30) and stay.moved_out is None
    assert list(cc.status_changes.values_list("to_status", flat=True)) == [CallCentreStatus.REPORTED]
    assert cc.history.count() == 1 and cc.created_by == sho_a


def test_same_address_written_differently_is_one_premises(sho_a, locality_a):
    a = register(sho_a, locality_a, "First Calls", address="Plot No. 5, Sector 14, Gurgaon")
    b = register(sho_a, locality_a, "Second Calls", address="#5 sector fourteen, Gurugram")
    assert a.premises_id == b.premises_id
    assert Premises.objects.count() == 1


def test_bad_phone_is_refused_with_the_number_named(sho_a, locality_a):
    with pytest.raises(ValidationError) as exc:
        register(sho_a, locality_a, "Bad Phone Calls", phones=["98100 12345", "12345"])
    assert "12345" in str(exc.value.message_dict["phones"])
    assert not CallCentre.objects.exists()


def test_start_date_in_the_future_is_refused(sho_a, locality_a):
    with pytest.raises(ValidationError) as exc:
        register(sho_a, locality_a, "Future Calls", started_on=timezone.localdate() + datetime.timedelta(days=3))
    assert "future" in str(exc.value.message_dict["started_on"])
    assert not CallCentre.objects.exists() and not Premises.objects.exists()


def test_missing_name_and_address_have_clear_messages(sho_a, locality_a):
    with pytest.raises(ValidationError) as exc:
        callcentre_register(actor=sho_a, name=" ", locality=locality_a, address="Plot 1")
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        callcentre_register(actor=sho_a, name="No Address", locality=locality_a, address="  ")
    assert "address" in exc.value.message_dict


def test_sho_cannot_register_in_another_stations_locality(sho_a, locality_b):
    with pytest.raises(ValidationError) as exc:
        register(sho_a, locality_b, "Elsewhere Calls")
    assert "outside your jurisdiction" in str(exc.value.message_dict["locality"])
    assert not CallCentre.objects.exists()


def test_sho_cannot_choose_another_station(sho_a, locality_a, station_b):
    with pytest.raises(ValidationError) as exc:
        register(sho_a, locality_a, "Wrong Station Calls", station=station_b)
    assert "cyber crime team" in str(exc.value.message_dict["station"])


def test_cyber_team_may_set_another_station(cyber, locality_a, station_b):
    cc = register(cyber, locality_a, "Corrected Calls", station=station_b)
    assert cc.station == station_b


def test_commissioner_cannot_write(commissioner, locality_a):
    with pytest.raises(PermissionDenied):
        register(commissioner, locality_a, "Read Only Calls")


def test_night_shift_is_computed_from_the_shift_hours(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Night Calls", shift_start=datetime.time(20), shift_end=datetime.time(5))
    assert cc.night_shift is True
    cc = callcentre_update(actor=sho_a, call_centre=cc, shift_start=datetime.time(9), shift_end=datetime.time(18))
    assert cc.night_shift is False


@pytest.mark.parametrize(
    "start,end,night",
    [
        (datetime.time(9), datetime.time(18), False),
        (datetime.time(14), datetime.time(22, 30), False),  # half an hour of the night
        (datetime.time(14), datetime.time(23), True),
        (datetime.time(21), datetime.time(6), True),
        (datetime.time(2), datetime.time(10), True),
        (datetime.time(4, 30), datetime.time(13), False),
        (datetime.time(8), datetime.time(8), True),  # round the clock
        (None, None, False),
    ],
)
def test_night_shift_rule(start, end, night):
    assert night_shift_of(start, end) is night


def test_only_one_end_of_the_shift_is_refused(sho_a, locality_a):
    with pytest.raises(ValidationError) as exc:
        register(sho_a, locality_a, "Half Shift", shift_start=datetime.time(9))
    assert "shift_end" in exc.value.message_dict


def test_update_changes_profile_and_phones(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Old Name Calls", phones=["9810011111", "9810022222"])
    cc = callcentre_update(actor=sho_a, call_centre=cc, name="New Name Calls", seats=40,
                           phones=["9810022222", "+91 98100 33333"])
    assert cc.name == "New Name Calls" and cc.name_key == "new name calls" and cc.seats == 40
    assert sorted(cc.phones.values_list("number", flat=True)) == ["9810022222", "9810033333"]


def test_update_refuses_unknown_fields_and_bad_choices(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Choice Calls")
    with pytest.raises(ValidationError):
        callcentre_update(actor=sho_a, call_centre=cc, status=CallCentreStatus.BUSTED)
    with pytest.raises(ValidationError) as exc:
        callcentre_update(actor=sho_a, call_centre=cc, service="hacking")
    assert "service" in exc.value.message_dict


def test_status_follows_the_allowed_transitions_and_is_recorded(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Status Calls", started_on=days_ago(100))
    cc = callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.UNDER_VERIFICATION, reason="visit")
    cc = callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.COMPLIANT)
    steps = list(StatusChange.objects.filter(call_centre=cc).values_list("from_status", "to_status"))
    assert steps == [("", "reported"), ("reported", "under_verification"), ("under_verification", "compliant")]


def test_bad_status_transition_is_refused_in_the_officers_terms(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Jump Calls")
    with pytest.raises(ValidationError) as exc:
        callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.COMPLIANT)
    assert "“Reported” cannot become “Compliant”" in str(exc.value.message_dict["status"])
    with pytest.raises(ValidationError):
        callcentre_set_status(actor=sho_a, call_centre=cc, status="flying")
    with pytest.raises(ValidationError):
        callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.MERGED)


def test_vacating_sets_the_end_date_and_closes_the_stay(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Leaving Calls", started_on=days_ago(90))
    cc = callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.VACATED, on=days_ago(5))
    assert cc.ended_on == days_ago(5)
    assert Occupancy.objects.get(call_centre=cc).moved_out == days_ago(5)
    # Reported again: reopened, end date cleared.
    cc = callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.REPORTED)
    assert cc.ended_on is None


def test_closing_before_the_start_or_in_the_future_is_refused(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Early Calls", started_on=days_ago(10))
    with pytest.raises(ValidationError):
        callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.CLOSED, on=days_ago(20))
    with pytest.raises(ValidationError):
        callcentre_set_status(
            actor=sho_a, call_centre=cc, status=CallCentreStatus.CLOSED,
            on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_phone_add_and_remove_normalise_the_number(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Phone Calls", phones=[])
    assert callcentre_phone_add(actor=sho_a, call_centre=cc, phone="+91 98100-44444").number == "9810044444"
    assert callcentre_phone_add(actor=sho_a, call_centre=cc, phone="09810044444") is None  # same number
    with pytest.raises(ValidationError):
        callcentre_phone_add(actor=sho_a, call_centre=cc, phone="123")
    assert callcentre_phone_remove(actor=sho_a, call_centre=cc, phone="98100 44444") is True
    assert not CallCentrePhone.objects.filter(call_centre=cc).exists()


def test_sho_cannot_touch_another_stations_call_centre(sho_a, sho_b, locality_a):
    cc = register(sho_a, locality_a, "Guarded Calls")
    with pytest.raises(PermissionDenied):
        callcentre_update(actor=sho_b, call_centre=cc, name="Hijacked")
    with pytest.raises(PermissionDenied):
        callcentre_phone_add(actor=sho_b, call_centre=cc, phone="9810099999")
    cc.refresh_from_db()
    assert cc.name == "Guarded Calls" and not cc.phones.filter(number="9810099999").exists()


def test_premises_update_records_landlord_lease_and_rooms(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Lease Calls")
    premises = premises_update(
        actor=sho_a, premises=cc.premises, landlord_name="Rajesh Yadav", landlord_phone="+91-98111-22222",
        lease_start=days_ago(200), lease_end=days_ago(10), rooms=2,
    )
    assert premises.landlord_phone == "9811122222" and premises.landlord_key == "9811122222" and premises.rooms == 2
    premises = premises_update(actor=sho_a, premises=premises, landlord_name="Rajesh Yadav")
    assert premises.landlord_key == "n:rajesh yadav"
    with pytest.raises(ValidationError) as exc:
        premises_update(actor=sho_a, premises=premises, lease_start=days_ago(1), lease_end=days_ago(5))
    assert "lease_end" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        premises_update(actor=sho_a, premises=premises, landlord_phone="555")
    assert "landlord_phone" in exc.value.message_dict


def test_a_move_closes_the_old_stay_and_opens_a_new_one(sho_a, locality_a, station_a):
    cc = register(sho_a, locality_a, "Moving Calls", address="Plot 1, Old Tower", started_on=days_ago(300))
    old = cc.premises
    other_locality = LocalityFactory(name="Alpha Other Locality", station=station_a)
    cc = callcentre_move(actor=sho_a, call_centre=cc, address="Plot 9, New Tower", locality=other_locality,
                         moved_on=days_ago(20))
    stays = list(Occupancy.objects.filter(call_centre=cc).order_by("moved_in"))
    assert [(s.premises_id, s.moved_in, s.moved_out) for s in stays] == [
        (old.pk, days_ago(300), days_ago(20)), (cc.premises_id, days_ago(20), None)
    ]
    with pytest.raises(ValidationError):
        callcentre_move(actor=sho_a, call_centre=cc, address="Plot 9, New Tower", locality=other_locality)


def test_sho_cannot_move_a_call_centre_out_of_the_jurisdiction(sho_a, locality_a, locality_b):
    cc = register(sho_a, locality_a, "Runaway Calls")
    with pytest.raises(PermissionDenied):
        callcentre_move(actor=sho_a, call_centre=cc, address="Plot 3, Far Tower", locality=locality_b)
    cc.refresh_from_db()
    assert cc.premises.locality == locality_a
    assert Occupancy.objects.filter(call_centre=cc, moved_out__isnull=True).count() == 1


def test_same_premises_means_same_locality_and_same_normalised_address(sho_a, locality_a, station_a):
    """The one "same premises" rule of the register service and the import."""
    first = register(sho_a, locality_a, "First Calls", address="Plot No. 9, Second Floor, Sector 18")
    again = register(sho_a, locality_a, "Second Calls", address="plot 9, 2nd floor, sector-18")
    assert again.premises_id == first.premises_id
    # A premises of another locality with the very same key is not reused (as in the import).
    from registry.addresses import normalize_address

    other_locality = LocalityFactory(name="Another Locality", station=station_a)
    key = normalize_address("Plot No. 9, Second Floor, Sector 18", locality=other_locality.name).key
    Premises.objects.filter(pk=first.premises_id).update(address_key=key)
    elsewhere = register(sho_a, other_locality, "Third Calls", address="Plot No. 9, Second Floor, Sector 18")
    assert elsewhere.premises_id != first.premises_id and elsewhere.premises.address_key == key
