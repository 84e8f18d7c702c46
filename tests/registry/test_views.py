"""The call-centre pages: list, filters, detail, forms, premises, with bad input answered clearly."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.choices import CallCentreStatus
from registry.models import CallCentre, Occupancy
from registry.services.callcentres import callcentre_set_status

from .cc_helpers import bulk_rows, days_ago, register

pytestmark = pytest.mark.django_db

LIST = reverse("registry:callcentre-list")


@pytest.mark.parametrize("rows", [5, 500])
def test_list_costs_the_same_queries_for_5_or_500_call_centres(client, django_assert_num_queries, sho_a, locality_a, rows):
    bulk_rows(locality_a, rows)
    client.force_login(sho_a)
    # 1 session, 2 user, 3 the count, 4-5 the user's permissions (user, group) for the "Register"
    # button, 6 the user's station (page header), 7 the stations with their zones (zone and
    # station menus), 8 the localities menu, 9 the page of rows (joins, churn flags as hashed
    # subplans), 10 their phones.
    with django_assert_num_queries(10):
        page = client.get(LIST, {"sort": "-started_on"})
    assert page.status_code == 200
    assert page.content.count(b'data-testid="callcentre-row"') == min(rows, 50)


def test_list_filters_by_status_station_and_service(client, cyber, sho_a, locality_a, locality_b):
    register(sho_a, locality_a, "Alpha Support", service="technical_support")
    closed = register(sho_a, locality_a, "Alpha Closed")
    callcentre_set_status(actor=sho_a, call_centre=closed, status=CallCentreStatus.CLOSED)
    register(cyber, locality_b, "Bravo Support", service="technical_support")
    client.force_login(cyber)
    page = client.get(LIST, {"station": locality_a.station.code})
    assert b"Alpha Support" in page.content and b"Bravo Support" not in page.content
    page = client.get(LIST, {"status": ["closed"]})
    assert b"Alpha Closed" in page.content and b"Alpha Support" not in page.content
    page = client.get(LIST, {"service": "technical_support", "zone": locality_b.station.zone.code})
    assert b"Bravo Support" in page.content and b"Alpha Support" not in page.content


def test_search_finds_by_name_company_phone_and_address(client, sho_a, locality_a):
    register(sho_a, locality_a, "Zenith Calls", company_name="Karma Infotech Pvt Ltd", phones=["9876501234"],
             address="Plot 44, Galaxy Tower")
    register(sho_a, locality_a, "Other Calls", phones=["9123456780"], address="Plot 1, Plain House")
    client.force_login(sho_a)
    for query in ("zenith", "karma infotech", "+91 98765 01234", "01234", "galaxy tower"):
        page = client.get(LIST, {"q": query})
        assert b"Zenith Calls" in page.content, query
        assert b"Other Calls" not in page.content, query


def test_merged_records_are_hidden_unless_asked_for(client, cyber, sho_a, locality_a):
    from registry.services.duplicates import callcentre_merge

    a = register(sho_a, locality_a, "Kept Record")
    b = register(sho_a, locality_a, "Absorbed Record")
    callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=["name_locality"])
    client.force_login(sho_a)
    assert b"Absorbed Record" not in client.get(LIST).content
    assert b"Absorbed Record" in client.get(LIST, {"status": ["merged"]}).content


def test_bad_filter_values_are_explained_not_a_500(client, sho_a, locality_a):
    register(sho_a, locality_a, "Filter Calls")
    client.force_login(sho_a)
    page = client.get(LIST, {"status": "flying", "locality": "999999", "started_after": "yesterday", "page": "x"})
    assert page.status_code == 200
    assert b"Some filters were not understood" in page.content


def test_detail_shows_record_phones_flags_and_timeline(client, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Detail Calls", phones=["9810077777"], started_on=days_ago(100))
    callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.VACATED, on=days_ago(3))
    client.force_login(sho_a)
    page = client.get(reverse("registry:callcentre-detail", args=[cc.pk]))
    assert page.status_code == 200
    assert b"9810077777" in page.content
    assert b'data-testid="flag-quick-vacate"' in page.content
    assert page.content.count(b'data-kind="status"') == 2


def test_sho_of_another_station_gets_404_on_detail_and_forms(client, sho_a, sho_b, locality_a):
    cc = register(sho_a, locality_a, "Hidden Calls")
    client.force_login(sho_b)
    for name in ("registry:callcentre-detail", "registry:callcentre-edit", "registry:callcentre-status",
                 "registry:callcentre-move"):
        assert client.get(reverse(name, args=[cc.pk])).status_code == 404
        # The detail page takes no POST at all (405, whatever the record); the forms answer 404.
        expected = 405 if name == "registry:callcentre-detail" else 404
        assert client.post(reverse(name, args=[cc.pk]), {"name": "x"}).status_code == expected


def _register_form(loc, **overrides):
    data = {"name": "Form Calls", "address": "Plot 3, Form Tower", "locality": loc.pk, "phones": "98100 12121",
            "source": "station_survey", "markets": "USA, UK", "shift_start": "21:00", "shift_end": "05:00"}
    data.update(overrides)
    return data


def test_sho_registers_through_the_form(client, sho_a, locality_a):
    client.force_login(sho_a)
    response = client.post(reverse("registry:callcentre-create"), _register_form(locality_a))
    cc = CallCentre.objects.get(name="Form Calls")
    assert response.status_code == 302 and response["Location"] == reverse("registry:callcentre-detail", args=[cc.pk])
    assert cc.night_shift and cc.markets == ["USA", "UK"] and cc.phones.get().number == "9810012121"


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"phones": "98100 12121; 555"}, b"Not a valid phone number"),
        ({"locality": "999999"}, b"Select a valid choice"),
        ({"started_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat()}, b"cannot be in the future"),
        ({"started_on": "31/02/2020"}, b"Enter a valid date"),
        ({"name": ""}, b"This field is required"),
        ({"shift_end": ""}, b"Give both the start and the end of the shift"),
        ({"landlord_phone": "12"}, b"Not a valid phone number"),
        ({"lease_start": "2020-05-01", "lease_end": "2020-01-01"}, b"cannot end before it starts"),
    ],
)
def test_register_form_answers_bad_input_clearly(client, sho_a, locality_a, overrides, message):
    client.force_login(sho_a)
    response = client.post(reverse("registry:callcentre-create"), _register_form(locality_a, **overrides))
    assert response.status_code == 200
    assert message in response.content
    assert not CallCentre.objects.exists()


def test_register_form_offers_only_the_officers_localities(client, sho_a, locality_a, locality_b):
    client.force_login(sho_a)
    page = client.get(reverse("registry:callcentre-create"))
    assert b"Alpha Locality" in page.content and b"Bravo Locality" not in page.content
    response = client.post(reverse("registry:callcentre-create"), _register_form(locality_b))
    assert b"Select a valid choice" in response.content


def test_commissioner_cannot_open_the_register_form(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("registry:callcentre-create")).status_code == 403


def test_edit_form_changes_the_record_and_phones(client, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Editable Calls", phones=["9810010101"])
    client.force_login(sho_a)
    page = client.get(reverse("registry:callcentre-edit", args=[cc.pk]))
    assert b"9810010101" in page.content
    response = client.post(reverse("registry:callcentre-edit", args=[cc.pk]),
                           {"name": "Edited Calls", "phones": "9810010101; 9810020202", "source": "tip"})
    assert response.status_code == 302
    cc.refresh_from_db()
    assert cc.name == "Edited Calls" and cc.source == "tip" and cc.phones.count() == 2


def test_status_form_offers_only_allowed_statuses_and_explains_a_bad_one(client, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Stepping Calls")
    client.force_login(sho_a)
    url = reverse("registry:callcentre-status", args=[cc.pk])
    page = client.get(url)
    assert b'value="under_verification"' in page.content and b'value="compliant"' not in page.content
    response = client.post(url, {"status": "compliant"})
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    response = client.post(url, {"status": "vacated", "on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()})
    assert b"cannot be in the future" in response.content
    response = client.post(url, {"status": "under_verification", "reason": "documents asked"})
    assert response.status_code == 302
    cc.refresh_from_db()
    assert cc.status == "under_verification"


def test_move_form_records_the_move(client, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Mover Calls", address="Plot 1, First Tower", started_on=days_ago(50))
    client.force_login(sho_a)
    url = reverse("registry:callcentre-move", args=[cc.pk])
    response = client.post(url, {"address": "Plot 2, Second Tower", "locality": locality_a.pk,
                                 "moved_on": days_ago(5).isoformat()})
    assert response.status_code == 302
    assert Occupancy.objects.filter(call_centre=cc).count() == 2
    response = client.post(url, {"address": "", "locality": locality_a.pk})
    assert b"This field is required" in response.content


@pytest.mark.parametrize("rows", [5, 500])
def test_premises_list_costs_the_same_queries(client, django_assert_num_queries, sho_a, locality_a, rows):
    bulk_rows(locality_a, rows)
    client.force_login(sho_a)
    # 1 session, 2 user, 3 the count, 4 the user's station (page header), 5 stations with zones
    # (menus), 6 localities (menu), 7 the page (occupant counts and flags in SQL), 8 the call
    # centres now at those premises.
    with django_assert_num_queries(8):
        page = client.get(reverse("registry:premises-list"))
    assert page.content.count(b'data-testid="premises-row"') == min(rows, 50)


def test_premises_detail_and_edit(client, sho_a, locality_a):
    cc = register(sho_a, locality_a, "Premises Calls", address="Plot 6, Edit Tower", landlord_name="Om Prakash",
                  landlord_phone="9811133333")
    register(sho_a, locality_a, "Neighbour Calls", address="Plot 7, Edit Tower", landlord_phone="9811133333")
    client.force_login(sho_a)
    page = client.get(reverse("registry:premises-detail", args=[cc.premises_id]))
    assert b"Premises Calls" in page.content and b'data-testid="landlord-premises"' in page.content
    url = reverse("registry:premises-edit", args=[cc.premises_id])
    response = client.post(url, {"landlord_name": "Om Prakash", "landlord_phone": "98111 33333", "rooms": "3"})
    assert response.status_code == 302
    response = client.post(url, {"landlord_phone": "abc"})
    assert b"Not a valid phone number" in response.content


@pytest.mark.parametrize(
    "model", ["callcentre", "premises", "callcentrephone", "statuschange", "occupancy", "merge", "stationreturn",
              "returnentry", "associationnotice"],
)
def test_administrator_opens_every_registry_admin_list_and_form(client, admin_user, cyber, sho_a, locality_a, model):
    from registry.services.duplicates import callcentre_merge

    a = register(sho_a, locality_a, "Admin Calls")
    b = register(sho_a, locality_a, "Admin Calls Two")
    merge = callcentre_merge(actor=cyber, survivor=a, merged=b, reasons=[])
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:registry_{model}_changelist"), {"q": "Admin"}).status_code == 200
    objects = {"callcentre": a, "premises": a.premises, "callcentrephone": a.phones.first(),
               "statuschange": a.status_changes.first(), "occupancy": a.occupancies.first(), "merge": merge}
    if model in objects:
        assert client.get(reverse(f"admin:registry_{model}_change", args=[objects[model].pk])).status_code == 200


def test_navigation_shows_call_centres_to_police_and_duplicates_to_the_cyber_team(client, sho_a, cyber, association):
    client.force_login(sho_a)
    page = client.get(reverse("home")).content
    assert reverse("registry:callcentre-list").encode() in page and reverse("registry:duplicates").encode() not in page
    client.force_login(cyber)
    page = client.get(reverse("home")).content
    assert reverse("registry:duplicates").encode() in page
    client.force_login(association)
    assert reverse("registry:callcentre-list").encode() not in client.get(reverse("home")).content
    assert client.get(reverse("registry:callcentre-list")).status_code == 403
