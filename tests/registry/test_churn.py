"""Premises churn: quick vacating, premises with several occupants, landlords letting to several."""
import pytest

from registry.choices import CallCentreStatus
from registry.selectors.callcentres import callcentre_list
from registry.selectors.premises import premises_list
from registry.services.callcentres import callcentre_move, callcentre_set_status
from registry.services.premises import premises_update

from .cc_helpers import days_ago, register

pytestmark = pytest.mark.django_db


def _flags(user, cc):
    row = callcentre_list(user=user).get(pk=cc.pk)
    return row.flag_quick_vacate, row.flag_shared_premises, row.flag_busy_landlord


def test_call_centre_that_vacated_within_six_months_is_flagged(sho_a, locality_a):
    quick = register(sho_a, locality_a, "Quick Calls", started_on=days_ago(150))
    callcentre_set_status(actor=sho_a, call_centre=quick, status=CallCentreStatus.VACATED, on=days_ago(10))
    slow = register(sho_a, locality_a, "Slow Calls", started_on=days_ago(400))
    callcentre_set_status(actor=sho_a, call_centre=slow, status=CallCentreStatus.VACATED, on=days_ago(10))
    still = register(sho_a, locality_a, "Staying Calls", started_on=days_ago(100))
    assert _flags(sho_a, quick)[0] is True
    assert _flags(sho_a, slow)[0] is False
    assert _flags(sho_a, still)[0] is False


def test_moving_out_within_six_months_counts_as_vacating(sho_a, locality_a):
    cc = register(sho_a, locality_a, "Hopping Calls", address="Plot 1, Hop Tower", started_on=days_ago(120))
    cc = callcentre_move(actor=sho_a, call_centre=cc, address="Plot 2, Hop Tower", locality=locality_a, moved_on=days_ago(30))
    assert _flags(sho_a, cc)[0] is True
    premises = {p.pk: p for p in premises_list(user=sho_a)}
    assert premises[cc.premises_id].flag_quick_vacate is False  # the new premises
    assert any(p.flag_quick_vacate for p in premises.values())  # the one it left


def test_premises_that_hosted_several_call_centres_is_flagged(sho_a, locality_a):
    first = register(sho_a, locality_a, "Tenant One", address="Plot 7, Churn House", started_on=days_ago(500))
    callcentre_set_status(actor=sho_a, call_centre=first, status=CallCentreStatus.VACATED, on=days_ago(200))
    second = register(sho_a, locality_a, "Tenant Two", address="Plot No. 7, Churn House", started_on=days_ago(150))
    alone = register(sho_a, locality_a, "Alone Calls", address="Plot 8, Quiet House")
    assert first.premises_id == second.premises_id
    assert _flags(sho_a, second)[1] is True and _flags(sho_a, first)[1] is True
    assert _flags(sho_a, alone)[1] is False
    row = premises_list(user=sho_a).get(pk=second.premises_id)
    assert row.occupant_count == 2 and row.flag_shared_premises is True


def test_landlord_letting_several_premises_is_flagged_by_phone_or_by_name(sho_a, locality_a):
    a = register(sho_a, locality_a, "Landlord A1", address="Plot 1, Lane A", landlord_name="R. K. Sharma",
                 landlord_phone="9811100000")
    b = register(sho_a, locality_a, "Landlord A2", address="Plot 2, Lane A", landlord_name="Ramesh Sharma",
                 landlord_phone="+91 98111 00000")  # same phone, written differently
    c = register(sho_a, locality_a, "Named Only 1", address="Plot 3, Lane A", landlord_name="Sushila Devi")
    d = register(sho_a, locality_a, "Named Only 2", address="Plot 4, Lane A", landlord_name="sushila  devi")
    e = register(sho_a, locality_a, "Other Landlord", address="Plot 5, Lane A", landlord_name="Kamla Rani",
                 landlord_phone="9811100001")
    assert [_flags(sho_a, x)[2] for x in (a, b, c, d, e)] == [True, True, True, True, False]
    # Adding a phone for the name-only landlord makes it another landlord key: flag follows.
    premises_update(actor=sho_a, premises=d.premises, landlord_name="Sushila Devi", landlord_phone="9811100002")
    assert _flags(sho_a, c)[2] is False


def test_churn_flags_filter_the_list(client, sho_a, locality_a):
    quick = register(sho_a, locality_a, "Quick Filter Calls", started_on=days_ago(100))
    callcentre_set_status(actor=sho_a, call_centre=quick, status=CallCentreStatus.VACATED, on=days_ago(2))
    register(sho_a, locality_a, "Ordinary Filter Calls")
    client.force_login(sho_a)
    from django.urls import reverse

    page = client.get(reverse("registry:callcentre-list"), {"quick_vacate": "true", "status": ["vacated"]})
    assert b"Quick Filter Calls" in page.content and b"Ordinary Filter Calls" not in page.content
    assert b'data-testid="flag-quick-vacate"' in page.content
    page = client.get(reverse("registry:callcentre-list"), {"quick_vacate": "false"})
    assert b"Quick Filter Calls" not in page.content and b"Ordinary Filter Calls" in page.content
