"""Association notices: a member's notice becomes a reported call centre in the right station's queue."""
from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from core.roles import Role
from registry.choices import CallCentreSource, CallCentreStatus, NoticeStatus
from registry.models import AssociationNotice, CallCentre
from registry.services.callcentres import callcentre_set_status
from registry.services.notices import notice_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(loc, **extra):
    data = {
        "name": "Alpha Night Support", "company_name": "Night Support Pvt Ltd", "address": "Plot 12, Udyog Vihar Phase 4",
        "locality": loc.pk, "started_on": "2020-08-01", "contact_name": "R. K. Sharma",
        "contact_phone": "+91 98765-43210", "contact_email": "rk@example.com",
    }
    data.update(extra)
    return data


@pytest.fixture
def other_member(db):
    return UserFactory(username="assoc-other", role=Role.ASSOCIATION, station=None, organisation="Other Association")


def submit(actor, locality, **extra):
    values = {
        "name": "Alpha Night Support", "address": "Plot 12, Alpha Locality", "locality": locality,
        "contact_phone": "98765 43210",
    }
    values.update(extra)
    return notice_submit(actor=actor, **values)


def test_notice_creates_a_reported_call_centre_in_the_localitys_station(
    association, locality_a, station_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = submit(association, locality_a, company_name="Night Support Pvt Ltd")
    cc = notice.call_centre
    assert cc.station == station_a and cc.status == CallCentreStatus.REPORTED
    assert cc.source == CallCentreSource.ASSOCIATION_NOTICE and cc.company_name == "Night Support Pvt Ltd"
    assert list(cc.phones.values_list("number", flat=True)) == ["9876543210"]
    assert cc.premises.locality == locality_a
    assert notice.contact_phone == "9876543210" and notice.organisation == "UV Association"
    assert notice.status == NoticeStatus.RECEIVED
    assert cc.status_changes.get().changed_by == association
    # The station is told, with a link to its queue.
    note = Notification.objects.get(station=station_a)
    assert "Alpha Night Support" in note.message and note.url == reverse("registry:station-queue")


def test_notice_status_follows_the_police_work(association, sho_a, locality_a):
    notice = submit(association, locality_a)
    callcentre_set_status(actor=sho_a, call_centre=notice.call_centre, status=CallCentreStatus.UNDER_VERIFICATION)
    notice = AssociationNotice.objects.select_related("call_centre").get(pk=notice.pk)
    assert notice.status == NoticeStatus.UNDER_VERIFICATION


def test_only_association_members_send_notices(sho_a, cyber, locality_a):
    for user in (sho_a, cyber):
        with pytest.raises(PermissionDenied):
            submit(user, locality_a)
    assert not AssociationNotice.objects.exists()


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("contact_phone", "12345", "is not a 10-digit Indian phone number"),
        ("started_on", timezone.localdate() + timezone.timedelta(days=3), "cannot be in the future"),
        ("name", "  ", "Give the name"),
        ("address", "", "Give the address"),
    ],
)
def test_bad_notice_input_is_refused_with_a_message_and_nothing_saved(association, locality_a, field, value, message):
    with pytest.raises(ValidationError) as err:
        submit(association, locality_a, **{field: value})
    assert message in " ".join(err.value.message_dict[field])
    assert not AssociationNotice.objects.exists() and not CallCentre.objects.exists()


# --------------------------------------------------------------------------- pages


def test_member_sends_a_notice_through_the_form_and_sees_its_status(client, association, locality_a, station_a):
    client.force_login(association)
    form = client.get(reverse("registry:notice-create"))
    assert form.status_code == 200 and b"Alpha Locality" in form.content
    response = client.post(reverse("registry:notice-create"), form_data(locality_a))
    notice = AssociationNotice.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("registry:notice-detail", args=[notice.pk])
    # Audited as the member's act, from the web.
    created = notice.call_centre.history.earliest("history_date")
    assert created.history_user == association and created.history_source == "web"
    page = client.get(response["Location"]).content.decode()
    assert "Received by police" in page
    assert "Alpha Station" not in page  # the member is not shown police internals
    listing = client.get(reverse("registry:notice-list")).content.decode()
    assert "Alpha Night Support" in listing


@pytest.mark.parametrize(
    "change,message",
    [
        ({"contact_phone": "call me"}, "is not a 10-digit Indian phone number"),
        ({"started_on": "2999-01-01"}, "The start date cannot be in the future."),
        ({"started_on": "last Monday"}, "Enter the date as YYYY-MM-DD."),
        ({"locality": "999999"}, "Choose a locality from the list."),
        ({"contact_email": "not-an-email"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_the_form_explains_bad_input(client, association, locality_a, change, message):
    client.force_login(association)
    response = client.post(reverse("registry:notice-create"), form_data(locality_a, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AssociationNotice.objects.exists()


def test_members_see_only_their_own_notices(client, association, other_member, locality_a):
    mine = submit(association, locality_a, name="Mine Centre")
    theirs = submit(other_member, locality_a, name="Theirs Centre", contact_phone="9810000002")
    client.force_login(association)
    listing = client.get(reverse("registry:notice-list")).content.decode()
    assert "Mine Centre" in listing and "Theirs Centre" not in listing
    assert client.get(reverse("registry:notice-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("registry:notice-detail", args=[mine.pk])).status_code == 200
    # Members do not see the police queue.
    assert client.get(reverse("registry:station-queue")).status_code == 403


def test_notice_appears_in_the_right_stations_queue_only(client, association, sho_a, sho_b, locality_a):
    submit(association, locality_a, name="Alpha Queue Centre")
    client.force_login(sho_a)
    assert "Alpha Queue Centre" in client.get(reverse("registry:station-queue")).content.decode()
    client.force_login(sho_b)
    assert "Alpha Queue Centre" not in client.get(reverse("registry:station-queue")).content.decode()
    assert "Alpha Queue Centre" not in client.get(reverse("registry:notice-list")).content.decode()


def test_queue_drops_call_centres_the_station_has_taken_up(client, association, sho_a, locality_a):
    notice = submit(association, locality_a, name="Alpha Taken Up")
    callcentre_set_status(actor=sho_a, call_centre=notice.call_centre, status=CallCentreStatus.UNDER_VERIFICATION)
    client.force_login(sho_a)
    assert "Alpha Taken Up" not in client.get(reverse("registry:station-queue")).content.decode()
    assert "Alpha Taken Up" in client.get(reverse("registry:station-queue"), {"show": "all"}).content.decode()


def test_station_officers_cannot_send_notices(client, sho_a):
    client.force_login(sho_a)
    assert client.get(reverse("registry:notice-create")).status_code == 403


@pytest.mark.parametrize("count", [5, 50])
def test_queue_and_notice_list_cost_the_same_queries_for_5_and_50(
    client, django_assert_num_queries, association, sho_a, locality_a, count
):
    for i in range(count):
        submit(association, locality_a, name=f"Centre {i}", address=f"Plot {i}, Alpha Locality", contact_phone=f"98100{i:05d}")
    client.force_login(sho_a)
    # 1 session, 2 user, 3 paginator count, 4 the header's station name (base.html),
    # 5 the page of notices with locality, station, call centre and member joined.
    with django_assert_num_queries(5):
        assert client.get(reverse("registry:station-queue")).status_code == 200
    client.force_login(association)
    # The member's own list: 1 session, 2 user, 3-4 the user's and the role group's permissions
    # ("Notify" button), 5 paginator count, 6 the page of their notices.
    with django_assert_num_queries(6):
        assert client.get(reverse("registry:notice-list")).status_code == 200
