"""The access log: sign-ins, failures, refusals and every read of personal data leave a row an
administrator can browse (and cannot change), with the client's real address."""
import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from core.access import log_access
from core.models import AccessLog
from core.net import client_ip
from tests.factories import BustFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _last(**filters) -> AccessLog:
    return AccessLog.objects.filter(**filters).order_by("-seq").first()


# --------------------------------------------------------------------------- client address


@pytest.mark.parametrize(
    "remote,forwarded,proxies,expected",
    [
        ("10.0.0.5", "", [], "10.0.0.5"),
        ("10.0.0.5", "1.2.3.4", [], "10.0.0.5"),  # no trusted proxy: the header is ignored
        ("10.0.0.5", "1.2.3.4", ["10.0.0.0/24"], "1.2.3.4"),
        ("10.0.0.5", "6.6.6.6, 1.2.3.4", ["10.0.0.5"], "1.2.3.4"),  # a spoofed left entry is not believed
        ("10.0.0.5", "1.2.3.4, 10.0.0.7", ["10.0.0.0/24"], "1.2.3.4"),  # a chain of trusted proxies
        ("10.0.0.5", "not-an-address", ["10.0.0.5"], "10.0.0.5"),
        ("192.168.9.9", "1.2.3.4", ["10.0.0.0/24"], "192.168.9.9"),  # sent by someone else: ignored
    ],
)
def test_client_address_trusts_the_forwarded_header_only_from_a_trusted_proxy(remote, forwarded, proxies, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected


# --------------------------------------------------------------------------- sign-ins


def test_sign_in_and_failed_sign_in_are_logged_with_the_address_behind_the_proxy(client, sho_a):
    sho_a.set_password("Right-password-2020")
    sho_a.save()
    with override_settings(TRUSTED_PROXIES=["10.9.0.1"]):
        client.post(reverse("login"), {"username": "sho-alpha", "password": "wrong"},
                    REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
        client.post(reverse("login"), {"username": "sho-alpha", "password": "Right-password-2020"},
                    REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    failed = _last(action="login_failed")
    assert (failed.username, failed.outcome, failed.ip, failed.user_id) == ("sho-alpha", "failed", "203.0.113.7", None)
    ok = _last(action="login")
    assert (ok.user_id, ok.outcome, ok.ip) == (sho_a.pk, "allowed", "203.0.113.8")


# --------------------------------------------------------------------------- refusals


def test_a_record_out_of_scope_is_logged_as_refused_404(client, sho_b, station_a):
    bust = BustFactory(station=station_a)
    client.force_login(sho_b)
    assert client.get(reverse("offenders:bust-detail", args=[bust.pk])).status_code == 404
    row = _last(user_id=sho_b.pk)
    assert (row.action, row.outcome, row.status, row.object_kind, row.object_id) == (
        "refused", "refused", 404, "offenders:bust-detail", str(bust.pk))


def test_a_missing_permission_is_logged_as_refused_403(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("offenders:bust-create")).status_code == 403
    row = _last(user_id=commissioner.pk)
    assert (row.action, row.status, row.path) == ("refused", 403, reverse("offenders:bust-create"))


def test_an_anonymous_404_is_not_logged(client):
    client.get("/no-such-page/")
    assert not AccessLog.objects.filter(action="refused").exists()


# --------------------------------------------------------------------------- reads of personal data


def test_viewing_a_person_is_logged(client, sho_a):
    person = PersonFactory(station=sho_a.station)
    client.force_login(sho_a)
    before = AccessLog.objects.count()
    assert client.get(reverse("offenders:person-detail", args=[person.pk])).status_code == 200
    assert AccessLog.objects.count() == before + 1
    row = _last(user_id=sho_a.pk)
    assert (row.action, row.object_kind, row.object_id, row.outcome) == ("view", "person", str(person.pk), "allowed")


def test_api_reads_of_persons_are_logged_once_per_request(client, sho_a):
    person = PersonFactory(station=sho_a.station)
    client.force_login(sho_a)
    client.get(reverse("person-list"))
    client.get(reverse("person-detail", args=[person.pk]))
    rows = list(AccessLog.objects.filter(user_id=sho_a.pk, action="api_read").order_by("seq"))
    assert [(r.action, r.object_kind, r.object_id, r.object_label) for r in rows] == [
        ("api_read", "person", "", "list"), ("api_read", "person", str(person.pk), "retrieve")]


def test_reading_call_centres_through_the_api_is_not_a_personal_data_read(client, sho_a):
    client.force_login(sho_a)
    client.get(reverse("callcentre-list"))
    assert not AccessLog.objects.filter(user_id=sho_a.pk).exclude(action="login").exists()


def test_the_log_records_the_requested_address_and_method(rf, sho_a):
    request = rf.get("/offenders/persons/7/?tab=photos", REMOTE_ADDR="10.1.1.1")
    request.user = sho_a
    row = log_access(request, action="view", object_kind="person", object_id=7)
    row.refresh_from_db()
    assert (row.path, row.method, row.ip, row.username) == ("/offenders/persons/7/?tab=photos", "GET", "10.1.1.1", "sho-alpha")
    assert len(row.hash) == 64 and row.seq


# --------------------------------------------------------------------------- the admin


def test_administrators_browse_and_filter_the_log_but_cannot_change_it(client, admin_user, sho_a):
    log_access(None, action="view", object_kind="person", object_id=1, user=sho_a)
    log_access(None, action="login_failed", outcome="failed", username="intruder")
    client.force_login(admin_user)
    url = reverse("admin:core_accesslog_changelist")
    page = client.get(url, {"action__exact": "login_failed"}).content.decode()
    assert "intruder" in page and "sho-alpha" not in page
    assert client.get(url, {"q": "sho-alpha"}).status_code == 200
    row = AccessLog.objects.get(username="intruder")
    assert client.get(reverse("admin:core_accesslog_add")).status_code == 403
    assert client.post(reverse("admin:core_accesslog_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    client.post(reverse("admin:core_accesslog_change", args=[row.pk]), {"username": "someone"})
    row.refresh_from_db()
    assert row.username == "intruder"


def test_staff_who_are_not_superusers_do_not_see_the_log(client, staff_b):
    client.force_login(staff_b)
    assert client.get(reverse("admin:core_accesslog_changelist")).status_code == 403


def test_nobody_deletes_a_job_in_the_admin(client, admin_user, job_a):
    client.force_login(admin_user)
    client.post(reverse("admin:core_job_delete", args=[job_a.pk]), {"post": "yes"})
    assert type(job_a).objects.filter(pk=job_a.pk).exists()


def test_the_audit_history_records_the_client_behind_the_trusted_proxy_not_the_proxy(client, admin_user, station_a):
    client.force_login(admin_user)
    form = {
        "code": station_a.code, "name": station_a.name, "zone": station_a.zone_id, "address": "Moved",
        "phone": station_a.phone, "localities-TOTAL_FORMS": "0", "localities-INITIAL_FORMS": "0",
    }
    url = f"/admin/stations/policestation/{station_a.pk}/change/"
    with override_settings(TRUSTED_PROXIES=["10.9.0.1"]):
        assert client.post(url, form, REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302
        form["address"] = "Moved again"
        # A client writing the header itself, without the proxy, is not believed.
        assert client.post(url, form, REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 302
    spoofed, proxied = station_a.history.all()[:2]
    assert (proxied.history_ip, spoofed.history_ip) == ("203.0.113.9", "198.51.100.4")
