"""The completeness board, coverage gaps, reminders and escalations, and the station inbox."""
from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.models import Notification
from core.roles import Role
from registry.choices import CallCentreStatus, ReturnStatus
from registry.selectors import returns as reads
from registry.services import returns as svc
from registry.services.callcentres import callcentre_register, callcentre_set_status
from registry.services.notices import notice_submit
from registry.tasks import returns_remind
from tests.conftest import wait_for
from tests.factories import LocalityFactory, PoliceStationFactory, StationReturnFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = reads.period_bounds(THIS_MONTH - timezone.timedelta(days=1))[0]
TWO_MONTHS_AGO = reads.period_bounds(LAST_MONTH - timezone.timedelta(days=1))[0]


def submitted(station, period, user, *, status=ReturnStatus.SUBMITTED, **extra):
    return StationReturnFactory(
        station=station, period_start=period, status=status, submitted_by=user, submitted_at=timezone.now(), **extra
    )


# --------------------------------------------------------------------------- board


def test_board_shows_who_submitted_and_who_did_not_grouped_by_zone(client, cyber, sho_a, station_a, station_a2, station_b):
    submitted(station_a, LAST_MONTH, sho_a, is_nil=True)
    StationReturnFactory(station=station_b, period_start=LAST_MONTH)  # a draft is not a submission
    client.force_login(cyber)
    response = client.get(reverse("registry:completeness"), {"period": reads.period_label(LAST_MONTH)})
    board = response.context["board"]
    assert board.station_count == 3 and board.submitted_count == 1
    by_zone = {z.zone.name: {r.station.name: r.submitted for r in z.rows} for z in board.zones}
    assert by_zone == {
        "Alpha Zone": {"Alpha Station": True, "Alpha Two Station": False},
        "Bravo Zone": {"Bravo Station": False},
    }
    html = response.content.decode()
    assert "1 of 3 stations have submitted." in html
    assert "sho-alpha" in html  # who submitted


def test_zone_officer_sees_only_the_zones_stations(client, dcp_a, station_a, station_a2, station_b):
    client.force_login(dcp_a)
    board = client.get(reverse("registry:completeness")).context["board"]
    assert [r.station.name for z in board.zones for r in z.rows] == ["Alpha Station", "Alpha Two Station"]


def test_association_member_cannot_open_the_board(client, association):
    client.force_login(association)
    assert client.get(reverse("registry:completeness")).status_code == 403


def test_a_malformed_month_shows_the_current_one(client, cyber, station_a):
    client.force_login(cyber)
    response = client.get(reverse("registry:completeness"), {"period": "last-month"})
    assert response.status_code == 200
    assert response.context["board"].period_start == THIS_MONTH


@pytest.mark.parametrize("count", [5, 40])
def test_board_costs_the_same_queries_for_5_and_40_stations(client, django_assert_num_queries, cyber, count):
    zones = ["East", "West", "South", "Manesar"]
    for i in range(count):
        station = PoliceStationFactory(zone=ZoneFactory(code=zones[i % 4].lower(), name=zones[i % 4]))
        sho = UserFactory(role=Role.STATION, station=station)
        if i % 3:
            submitted(station, LAST_MONTH, sho)
        loc = LocalityFactory(station=station)
        cc = callcentre_register(actor=sho, name=f"Centre {i}", locality=loc, address=f"Plot {i}", started_on=TWO_MONTHS_AGO)
        if i % 2:
            callcentre_set_status(actor=sho, call_centre=cc, status=CallCentreStatus.BUSTED)
    client.force_login(cyber)
    # 1 session, 2 user, 3 stations with zones, 4 the month's returns (submitter, reviewer,
    # entry count), 5 coverage gaps (one query with subqueries for the latest return).
    with django_assert_num_queries(5):
        response = client.get(reverse("registry:completeness"), {"period": reads.period_label(LAST_MONTH)})
    assert response.status_code == 200
    assert response.context["board"].gap_count > 0


# --------------------------------------------------------------------------- coverage gaps


@pytest.fixture
def busted_missing(sho_a, locality_a):
    """Busted, operating since two months ago, but absent from last month's submitted return."""
    cc = callcentre_register(
        actor=sho_a, name="Alpha Busted Centre", locality=locality_a, address="Plot 1", started_on=TWO_MONTHS_AGO
    )
    return callcentre_set_status(actor=sho_a, call_centre=cc, status=CallCentreStatus.BUSTED)


def test_busted_call_centre_missing_from_the_latest_return_is_a_gap(sho_a, cyber, station_a, locality_a, busted_missing):
    ret = submitted(station_a, LAST_MONTH, sho_a)
    listed = callcentre_register(actor=sho_a, name="Alpha Listed", locality=locality_a, address="Plot 2", started_on=TWO_MONTHS_AGO)
    ret.entries.create(call_centre=listed)
    callcentre_set_status(actor=sho_a, call_centre=listed, status=CallCentreStatus.BUSTED)
    # Started this month, after the return's period: the return could not have listed it.
    later = callcentre_register(
        actor=sho_a, name="Alpha Started Later", locality=locality_a, address="Plot 3", started_on=timezone.localdate()
    )
    callcentre_set_status(actor=sho_a, call_centre=later, status=CallCentreStatus.BUSTED)
    gaps = list(reads.coverage_gaps(user=cyber))
    assert [g.name for g in gaps] == ["Alpha Busted Centre"]
    assert gaps[0].latest_return_id == ret.pk


def test_only_the_latest_submitted_return_counts(sho_a, cyber, station_a, busted_missing):
    older = submitted(station_a, TWO_MONTHS_AGO, sho_a)
    older.entries.create(call_centre=busted_missing)
    submitted(station_a, LAST_MONTH, sho_a)
    StationReturnFactory(station=station_a, period_start=THIS_MONTH)  # a draft does not count
    assert [g.latest_return_id for g in reads.coverage_gaps(user=cyber)] == [
        station_a.returns.get(period_start=LAST_MONTH).pk
    ]


def test_no_gap_without_a_submitted_return(cyber, busted_missing):
    assert list(reads.coverage_gaps(user=cyber)) == []


def test_association_notice_missing_from_the_return_is_a_gap_on_the_board(
    client, association, sho_a, dcp_a, sho_b, station_a, locality_a, django_capture_on_commit_callbacks
):
    ret = submitted(station_a, LAST_MONTH, sho_a, is_nil=True)
    notice_submit(
        actor=association, name="Alpha Notified Centre", address="Plot 4, Alpha Locality", locality=locality_a,
        contact_phone="98100 00001", started_on=TWO_MONTHS_AGO,
    )
    client.force_login(dcp_a)
    response = client.get(reverse("registry:completeness"), {"period": reads.period_label(LAST_MONTH)})
    html = response.content.decode()
    assert response.context["board"].gap_count == 1
    assert "Alpha Notified Centre" in html and reverse("registry:return-detail", args=[ret.pk]) in html
    # Another station's officer does not see the gap.
    assert list(reads.coverage_gaps(user=sho_b)) == []


# --------------------------------------------------------------------------- reminders


@pytest.fixture
def zone_officers(zone_a, zone_b):
    return [
        UserFactory(username="dcp-alpha-1", role=Role.ZONE, station=None, zone=zone_a),
        UserFactory(username="dcp-alpha-2", role=Role.ZONE, station=None, zone=zone_a),
        UserFactory(username="dcp-bravo", role=Role.ZONE, station=None, zone=zone_b),
    ]


def day(n: int) -> date:
    return THIS_MONTH.replace(day=n)


def test_no_reminder_before_the_reminder_day(station_a, station_b):
    assert svc.returns_send_reminders(today=day(5)) == {"reminded": 0, "escalated": 0}
    assert not Notification.objects.exists()


def test_stations_that_have_not_submitted_are_reminded_once(sho_a, station_a, station_a2, station_b):
    submitted(station_a, THIS_MONTH, sho_a)
    StationReturnFactory(station=station_b, period_start=THIS_MONTH, status=ReturnStatus.SENT_BACK)
    assert svc.returns_send_reminders(today=day(6)) == {"reminded": 2, "escalated": 0}
    assert svc.returns_send_reminders(today=day(7)) == {"reminded": 0, "escalated": 0}
    reminded = Notification.objects.filter(kind=f"return-reminder:{reads.period_label(THIS_MONTH)}")
    assert sorted(n.station.name for n in reminded) == ["Alpha Two Station", "Bravo Station"]


def test_stations_still_missing_after_the_escalation_day_go_to_their_zone_officers(
    sho_a, station_a, station_a2, station_b, zone_officers
):
    submitted(station_a, THIS_MONTH, sho_a)
    assert svc.returns_send_reminders(today=day(11)) == {"reminded": 2, "escalated": 3}
    assert svc.returns_send_reminders(today=day(12)) == {"reminded": 0, "escalated": 0}
    escalations = Notification.objects.filter(kind__startswith="return-escalation:")
    got = sorted((n.user.username, n.message.split(" has")[0]) for n in escalations)
    assert got == [
        ("dcp-alpha-1", "Alpha Two Station"), ("dcp-alpha-2", "Alpha Two Station"), ("dcp-bravo", "Bravo Station"),
    ]
    assert all(n.station_id is None for n in escalations)  # the station's own inbox is not cluttered


@override_settings(RETURNS_REMINDER_DAY=1, RETURNS_ESCALATION_DAY=2)
def test_reminder_days_come_from_settings(station_a, zone_officers):
    assert svc.returns_send_reminders(today=day(3)) == {"reminded": 1, "escalated": 2}


@pytest.mark.worker
def test_the_daily_task_reminds_and_escalates_through_a_real_worker(celery_worker_process, station_a, station_b, zone_a):
    officer = UserFactory(username="dcp-alpha-worker", role=Role.ZONE, station=None, zone=zone_a)
    returns_remind.delay(day(8).isoformat())
    wait_for(lambda: Notification.objects.filter(kind__startswith="return-reminder:").count() == 2)
    # A later run escalates; the reminders (same transaction) are not sent twice.
    returns_remind.delay(day(12).isoformat())
    wait_for(lambda: Notification.objects.filter(kind__startswith="return-escalation:", user=officer).exists())
    reminders = Notification.objects.filter(kind__startswith="return-reminder:")
    assert reminders.count() == 2
    assert reminders.first().history.first().history_source == "task"


def test_the_schedule_runs_the_reminder_daily_at_nine():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["returns-remind"]
    assert entry["task"] == returns_remind.name
    assert entry["schedule"].hour == {9} and entry["schedule"].minute == {0}


# --------------------------------------------------------------------------- inbox


def test_station_home_shows_unread_messages_and_marks_them_read(client, sho_a, sho_b, station_a):
    svc.returns_send_reminders(today=day(6))
    note = Notification.objects.get(station=station_a)
    client.force_login(sho_a)
    home = client.get(reverse("home")).content.decode()
    assert escape(note.message) in home and 'data-testid="inbox-item"' in home
    response = client.post(reverse("registry:notification-read", args=[note.pk]), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert escape(note.message) not in client.get(reverse("home")).content.decode()


def test_another_station_cannot_mark_a_message_read(client, sho_b, station_a):
    svc.returns_send_reminders(today=day(6))
    note = Notification.objects.get(station=station_a)
    client.force_login(sho_b)
    assert client.post(reverse("registry:notification-read", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_read_does_not_redirect_off_site(client, sho_a, station_a):
    svc.returns_send_reminders(today=day(6))
    note = Notification.objects.get(station=station_a)
    client.force_login(sho_a)
    response = client.post(reverse("registry:notification-read", args=[note.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


# --------------------------------------------------------------------------- demo data


def test_demo_returns_show_most_stations_submitted_some_sent_back_nil_and_gaps(association, cyber):
    from registry.demo import seed_returns
    from registry.models import AssociationNotice, StationReturn

    today = THIS_MONTH.replace(day=12)
    zone = ZoneFactory(code="demo", name="Demo Zone")
    for i in range(12):
        station = PoliceStationFactory(code=f"demo-{i}", name=f"Demo {i}", zone=zone)
        sho = UserFactory(username=f"sho-demo-{i}", role=Role.STATION, station=station)
        loc = LocalityFactory(name=f"Demo Locality {i}", station=station)
        if i % 4 == 3:
            continue  # a quiet station: nil returns
        for j in range(3):
            cc = callcentre_register(
                actor=sho, name=f"Demo {i}-{j}", locality=loc, address=f"Plot {j}", started_on=TWO_MONTHS_AGO - timezone.timedelta(days=40)
            )
            if j == 0:
                callcentre_set_status(actor=sho, call_centre=cc, status=CallCentreStatus.BUSTED)
    counts = seed_returns(today=today)
    last = StationReturn.objects.filter(period_start=LAST_MONTH)
    assert last.filter(status__in=reads.DONE_STATUSES).count() >= 6
    assert last.filter(status=ReturnStatus.SENT_BACK).count() == 3
    assert StationReturn.objects.filter(is_nil=True, status__in=reads.DONE_STATUSES).exists()
    assert StationReturn.objects.filter(period_start=TWO_MONTHS_AGO, status=ReturnStatus.ACCEPTED).exists()
    assert 1 <= reads.coverage_gaps(user=cyber).count() <= 8
    assert counts["reminded"] > 0
    # Running it again changes nothing.
    before = (StationReturn.objects.count(), AssociationNotice.objects.count(), Notification.objects.count())
    again = seed_returns(today=today)
    assert again["returns"] == 0 and again["entries"] == 0 and again["notices"] == 0
    assert before == (StationReturn.objects.count(), AssociationNotice.objects.count(), Notification.objects.count())
