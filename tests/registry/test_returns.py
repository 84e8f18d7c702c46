"""Station returns: prepare a draft, list call centres, submit (locked), send back, resubmit, accept, print."""
from __future__ import annotations

import re
import zlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from registry.choices import CallCentreStatus, EntryAction, ReturnStatus
from registry.models import CallCentre, ReturnEntry, StationReturn
from registry.selectors import returns as reads
from registry.services import returns as svc
from registry.services.callcentres import callcentre_register, callcentre_set_status
from tests.factories import StationReturnFactory

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)


def months_ago(n: int) -> date:
    start = THIS_MONTH
    for _i in range(n):
        start = reads.period_bounds(start.replace(day=1) - timezone.timedelta(days=1))[0]
    return start


def register(sho, locality, name: str, **extra) -> CallCentre:
    """A call centre of the officer's station, through the call-centre service."""
    extra.setdefault("address", f"Plot {abs(hash(name)) % 900 + 10}, {locality.name}")
    return callcentre_register(actor=sho, name=name, locality=locality, **extra)


@pytest.fixture
def draft_a(sho_a):
    return svc.return_get_or_create_draft(actor=sho_a, station=sho_a.station, period=timezone.localdate())


@pytest.fixture
def cc_a(sho_a, locality_a):
    return register(sho_a, locality_a, "Alpha Tech Support")


@pytest.fixture
def cc_b(sho_b, locality_b):
    return register(sho_b, locality_b, "Bravo Loans")


# --------------------------------------------------------------------------- preparing


def test_sho_prepares_one_draft_per_month(sho_a):
    mid_month = THIS_MONTH.replace(day=min(15, timezone.localdate().day))
    first = svc.return_get_or_create_draft(actor=sho_a, station=sho_a.station, period=mid_month)
    again = svc.return_get_or_create_draft(actor=sho_a, station=sho_a.station, period=THIS_MONTH)
    assert first.pk == again.pk
    assert first.status == ReturnStatus.DRAFT
    assert first.period_start == THIS_MONTH
    assert first.period_end == reads.period_bounds(THIS_MONTH)[1]
    assert not first.is_locked


def test_a_return_for_a_month_not_begun_is_refused(sho_a):
    next_month = reads.period_bounds(THIS_MONTH)[1] + timezone.timedelta(days=1)
    with pytest.raises(ValidationError) as err:
        svc.return_get_or_create_draft(actor=sho_a, station=sho_a.station, period=next_month)
    assert "has not begun" in str(err.value)


def test_sho_cannot_prepare_another_stations_return(sho_a, station_b):
    with pytest.raises(PermissionDenied):
        svc.return_get_or_create_draft(actor=sho_a, station=station_b, period=THIS_MONTH)
    assert not StationReturn.objects.filter(station=station_b).exists()


def test_zone_officer_and_cyber_team_do_not_prepare_returns(dcp_a, cyber, station_a):
    for user in (dcp_a, cyber):
        with pytest.raises(PermissionDenied):
            svc.return_get_or_create_draft(actor=user, station=station_a, period=THIS_MONTH)


def test_sho_adds_edits_and_marks_a_call_centre_closed(sho_a, draft_a, cc_a):
    entry = svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_a, remarks="  seen on patrol ")
    assert entry.action == EntryAction.LISTED and entry.remarks == "seen on patrol"
    entry = svc.return_update_entry(actor=sho_a, entry=entry, action=EntryAction.LISTED, remarks="40 seats")
    assert entry.remarks == "40 seats"
    entry = svc.return_mark_closed(actor=sho_a, entry=entry)
    assert entry.action == EntryAction.CLOSED and entry.remarks == "40 seats"
    # Every change is in the audit trail.
    assert entry.history.count() == 3


def test_the_same_call_centre_cannot_be_listed_twice(sho_a, draft_a, cc_a):
    svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_a)
    with pytest.raises(ValidationError) as err:
        svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_a)
    assert "already on this return" in str(err.value)


def test_another_stations_call_centre_cannot_be_listed(sho_a, draft_a, cc_b):
    with pytest.raises(ValidationError) as err:
        svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_b)
    assert "another station" in str(err.value)


def test_choices_offer_only_the_stations_own_call_centres_not_yet_listed(sho_a, draft_a, cc_a, cc_b, locality_a):
    other = register(sho_a, locality_a, "Alpha Sales")
    svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=other)
    choices = list(reads.return_entry_choices(user=sho_a, station_return=draft_a))
    assert choices == [cc_a]


def test_fill_lists_every_operating_call_centre_once(sho_a, draft_a, cc_a, locality_a):
    closed = register(sho_a, locality_a, "Alpha Closed Centre")
    callcentre_set_status(actor=sho_a, call_centre=closed, status=CallCentreStatus.CLOSED)
    second = register(sho_a, locality_a, "Alpha Job Placement")
    assert svc.return_add_operating(actor=sho_a, station_return=draft_a) == 2
    assert svc.return_add_operating(actor=sho_a, station_return=draft_a) == 0
    assert set(draft_a.entries.values_list("call_centre", flat=True)) == {cc_a.pk, second.pk}
    # Bulk inserts are audited too.
    assert ReturnEntry.history.filter(station_return_id=draft_a.pk).count() == 2


# --------------------------------------------------------------------------- submitting


def test_a_nil_return_without_entries_is_a_valid_submission(sho_a, draft_a):
    ret = svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=True)
    assert ret.status == ReturnStatus.SUBMITTED and ret.is_nil and ret.is_locked
    assert ret.submitted_by == sho_a and ret.submitted_at is not None


def test_a_return_without_entries_must_be_marked_nil(sho_a, draft_a):
    with pytest.raises(ValidationError) as err:
        svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=False)
    assert "nil return" in str(err.value)
    draft_a.refresh_from_db()
    assert draft_a.status == ReturnStatus.DRAFT


def test_a_nil_return_cannot_list_call_centres(sho_a, draft_a, cc_a):
    svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_a)
    with pytest.raises(ValidationError) as err:
        svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=True)
    assert "lists 1" in str(err.value)


def test_a_submitted_return_is_locked_for_every_change(sho_a, draft_a, cc_a, locality_a):
    entry = svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_a)
    svc.return_submit(actor=sho_a, station_return=draft_a)
    late = register(sho_a, locality_a, "Alpha Late Centre")
    attempts = [
        lambda: svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=late),
        lambda: svc.return_update_entry(actor=sho_a, entry=entry, action=EntryAction.CLOSED),
        lambda: svc.return_mark_closed(actor=sho_a, entry=entry),
        lambda: svc.return_remove_entry(actor=sho_a, entry=entry),
        lambda: svc.return_add_operating(actor=sho_a, station_return=draft_a),
        lambda: svc.return_submit(actor=sho_a, station_return=draft_a),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    entry.refresh_from_db()
    assert entry.action == EntryAction.LISTED
    assert draft_a.entries.count() == 1


def test_send_back_then_resubmit_then_accept(sho_a, cyber, draft_a, cc_a, locality_a, django_capture_on_commit_callbacks):
    svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_a)
    svc.return_submit(actor=sho_a, station_return=draft_a)
    with django_capture_on_commit_callbacks(execute=True):
        ret = svc.return_send_back(actor=cyber, station_return=draft_a, remarks="Udyog Vihar centre missing")
    assert ret.status == ReturnStatus.SENT_BACK and not ret.is_locked
    note = Notification.objects.get(station=sho_a.station, kind="return-sent_back")
    assert "Udyog Vihar centre missing" in note.message
    # The station corrects the return and submits again.
    svc.return_add_entry(actor=sho_a, station_return=ret, call_centre=register(sho_a, locality_a, "Alpha Missing"))
    ret = svc.return_submit(actor=sho_a, station_return=ret)
    assert ret.status == ReturnStatus.SUBMITTED and ret.entries.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        ret = svc.return_accept(actor=cyber, station_return=ret)
    assert ret.status == ReturnStatus.ACCEPTED and ret.is_locked and ret.reviewed_by == cyber
    steps = [s.status for s in reads.return_timeline(station_return=ret)]
    assert steps == ["draft", "submitted", "sent_back", "submitted", "accepted"]


def test_sending_back_needs_remarks(sho_a, cyber, draft_a):
    svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=True)
    with pytest.raises(ValidationError) as err:
        svc.return_send_back(actor=cyber, station_return=draft_a, remarks="   ")
    assert "remarks" in err.value.message_dict


def test_only_the_cyber_team_reviews_and_only_submitted_returns(sho_a, dcp_a, commissioner, cyber, draft_a):
    with pytest.raises(ValidationError):
        svc.return_accept(actor=cyber, station_return=draft_a)  # still a draft
    svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=True)
    for user in (sho_a, dcp_a, commissioner):
        with pytest.raises(PermissionDenied):
            svc.return_accept(actor=user, station_return=draft_a)


# --------------------------------------------------------------------------- pages


def test_sho_prepares_fills_and_submits_through_the_pages(client, sho_a, cc_a):
    client.force_login(sho_a)
    response = client.post(reverse("registry:return-create"), {"period": reads.period_label(THIS_MONTH)})
    ret = StationReturn.objects.get(station=sho_a.station, period_start=THIS_MONTH)
    assert response.status_code == 302 and response["Location"] == reverse("registry:return-detail", args=[ret.pk])
    page = client.get(response["Location"])
    assert b"Alpha Tech Support" in page.content  # offered in the choice field
    response = client.post(
        reverse("registry:return-entry-add", args=[ret.pk]),
        {"mode": "existing", "call_centre": cc_a.pk, "action": "listed", "remarks": ""},
    )
    assert response.status_code == 302
    response = client.post(reverse("registry:return-submit", args=[ret.pk]), {})
    assert response.status_code == 302
    page = client.get(reverse("registry:return-detail", args=[ret.pk]))
    assert b'data-testid="locked"' in page.content
    assert b'data-testid="submit-return"' not in page.content


def test_submitting_an_empty_return_explains_what_to_do(client, sho_a, draft_a):
    client.force_login(sho_a)
    response = client.post(reverse("registry:return-submit", args=[draft_a.pk]), {})
    assert response.status_code == 400
    assert "tick “nil return” if there are none" in response.content.decode()


def test_a_locked_return_refuses_edits_through_the_forms(client, sho_a, draft_a, cc_a, locality_a):
    entry = svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=cc_a)
    svc.return_submit(actor=sho_a, station_return=draft_a)
    late = register(sho_a, locality_a, "Alpha Late Centre")
    client.force_login(sho_a)
    response = client.post(
        reverse("registry:return-entry-add", args=[draft_a.pk]), {"mode": "existing", "call_centre": late.pk, "action": "listed"}
    )
    assert response.status_code == 400
    response = client.post(
        reverse("registry:return-entry-edit", args=[draft_a.pk, entry.pk]), {"action": "closed", "remarks": "x"}
    )
    assert response.status_code == 400 and "locked" in response.content.decode()
    entry.refresh_from_db()
    assert entry.action == EntryAction.LISTED and draft_a.entries.count() == 1


def test_sho_registers_a_new_call_centre_inline(client, sho_a, draft_a, locality_a):
    client.force_login(sho_a)
    data = {
        "mode": "new", "new_name": "Alpha New Centre", "new_address": "Plot 7, Alpha Locality",
        "new_locality": locality_a.pk, "new_phones": "+91 98765-43210; 0124 2200001", "action": "listed",
    }
    response = client.post(reverse("registry:return-entry-add", args=[draft_a.pk]), data)
    assert response.status_code == 302
    entry = draft_a.entries.select_related("call_centre").get()
    assert entry.call_centre.name == "Alpha New Centre" and entry.call_centre.station == sho_a.station
    assert sorted(entry.call_centre.phones.values_list("number", flat=True)) == ["1242200001", "9876543210"]


def test_inline_registration_with_a_bad_phone_says_which_number(client, sho_a, draft_a, locality_a):
    client.force_login(sho_a)
    data = {
        "mode": "new", "new_name": "Alpha Bad Phone", "new_address": "Plot 8", "new_locality": locality_a.pk,
        "new_phones": "12345", "action": "listed",
    }
    response = client.post(reverse("registry:return-entry-add", args=[draft_a.pk]), data)
    assert response.status_code == 400
    assert "“12345”" in response.content.decode()
    assert not CallCentre.objects.filter(name="Alpha Bad Phone").exists()


def test_inline_registration_cannot_use_another_stations_locality(client, sho_a, draft_a, locality_b):
    client.force_login(sho_a)
    data = {"mode": "new", "new_name": "Sneaky", "new_address": "Plot 9", "new_locality": locality_b.pk, "action": "listed"}
    response = client.post(reverse("registry:return-entry-add", args=[draft_a.pk]), data)
    assert response.status_code == 400
    assert "Choose one of your station&#x27;s localities." in response.content.decode()


def test_cyber_team_sends_back_with_remarks_through_the_page(client, sho_a, cyber, draft_a):
    svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=True)
    client.force_login(cyber)
    response = client.post(reverse("registry:return-review", args=[draft_a.pk]), {"decision": "send_back", "remarks": ""})
    assert response.status_code == 400
    assert "Say what the station must correct" in response.content.decode()
    response = client.post(
        reverse("registry:return-review", args=[draft_a.pk]), {"decision": "send_back", "remarks": "Sector 18 missing"}
    )
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.status == ReturnStatus.SENT_BACK
    client.force_login(sho_a)
    page = client.get(reverse("registry:return-detail", args=[draft_a.pk]))
    assert b"Sector 18 missing" in page.content and b'data-testid="submit-return"' in page.content


def test_station_cannot_review_and_zone_officer_cannot_submit(client, sho_a, dcp_a, draft_a):
    svc.return_submit(actor=sho_a, station_return=draft_a, is_nil=True)
    client.force_login(sho_a)
    assert client.post(reverse("registry:return-review", args=[draft_a.pk]), {"decision": "accept"}).status_code == 403
    client.force_login(dcp_a)
    assert client.post(reverse("registry:return-submit", args=[draft_a.pk]), {"is_nil": "on"}).status_code == 403
    assert client.get(reverse("registry:return-detail", args=[draft_a.pk])).status_code == 200


def test_association_member_cannot_open_returns(client, association, draft_a):
    client.force_login(association)
    assert client.get(reverse("registry:return-list")).status_code == 403
    assert client.get(reverse("registry:return-detail", args=[draft_a.pk])).status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_return_list_costs_the_same_queries_for_5_and_50_returns(client, django_assert_num_queries, sho_a, count):
    start = THIS_MONTH
    for _i in range(count):
        StationReturnFactory(station=sho_a.station, period_start=start)
        start = reads.period_bounds(start - timezone.timedelta(days=1))[0]
    client.force_login(sho_a)
    # 1 session, 2 user, 3 count for the paginator, 4-5 the user's and the role group's
    # permissions ("Prepare" button), 6 station choices of the filter form, 7 the header's
    # station name (base.html), 8 the page of returns (station, zone, submitter joined; entries counted).
    with django_assert_num_queries(8):
        response = client.get(reverse("registry:return-list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 50)


def test_return_list_filters_by_month_and_status(client, sho_a):
    StationReturnFactory(station=sho_a.station, period_start=THIS_MONTH)
    StationReturnFactory(station=sho_a.station, period_start=months_ago(1), status=ReturnStatus.ACCEPTED)
    client.force_login(sho_a)
    page = client.get(reverse("registry:return-list"), {"period": reads.period_label(months_ago(1))}).context["page"]
    assert [r.period_start for r in page] == [months_ago(1)]
    page = client.get(reverse("registry:return-list"), {"status": "draft"}).context["page"]
    assert [r.period_start for r in page] == [THIS_MONTH]
    response = client.get(reverse("registry:return-list"), {"period": "September"})
    assert response.status_code == 200 and "YYYY-MM" in response.content.decode()


# --------------------------------------------------------------------------- PDF


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (no PDF library needed)."""
    out = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def test_return_prints_as_pdf_with_the_station_name_and_hindi_text(client, sho_a, draft_a, locality_a):
    hindi = register(sho_a, locality_a, "श्री गणेश टेली सर्विसेज")
    svc.return_add_entry(actor=sho_a, station_return=draft_a, call_centre=hindi)
    client.force_login(sho_a)
    response = client.get(reverse("registry:return-pdf", args=[draft_a.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert b"Alpha Station" in text  # the document title names the station
    assert b"Devanagari" in text  # the Hindi name is set in Noto Sans Devanagari, not as boxes


def test_pdf_of_another_stations_return_is_not_found(client, sho_b, draft_a):
    client.force_login(sho_b)
    assert client.get(reverse("registry:return-pdf", args=[draft_a.pk])).status_code == 404


@pytest.mark.worker
def test_a_long_return_prints_in_the_background(celery_worker_process, settings, client, sho_a, sho_b, locality_a):
    from core.models import Job, JobStatus
    from tests.conftest import wait_for

    settings.RETURN_PDF_SYNC_MAX_ENTRIES = 1
    ret = svc.return_get_or_create_draft(actor=sho_a, station=sho_a.station, period=THIS_MONTH)
    for name in ("Alpha One", "Alpha Two"):
        svc.return_add_entry(actor=sho_a, station_return=ret, call_centre=register(sho_a, locality_a, name))
    client.force_login(sho_a)
    assert client.get(reverse("registry:return-pdf", args=[ret.pk]))["Location"] == reverse(
        "registry:return-detail", args=[ret.pk]
    )
    response = client.post(reverse("registry:return-pdf", args=[ret.pk]))
    job = Job.objects.get(kind=svc.PDF_JOB_KIND)
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    job = wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first())
    assert job.status == JobStatus.SUCCEEDED, job.error
    download = client.get(job.result["next_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(sho_b)
    assert client.get(job.result["next_url"]).status_code == 404


def test_a_return_prints_through_the_data_only_renderer(monkeypatch, draft_a):
    """Returns print with core.pdf, whose fetcher reaches no file and no network."""
    import core.pdf

    assert svc.pdf_render is core.pdf.pdf_render
    rendered = []
    monkeypatch.setattr(svc, "pdf_render", lambda html: rendered.append(html) or core.pdf.pdf_render(html))
    assert svc.return_pdf_render(station_return=draft_a).startswith(b"%PDF")
    assert rendered and draft_a.station.name in rendered[0]


def test_printed_returns_are_purged_after_their_retention(settings, sho_a, draft_a, tmp_path):
    """The daily purge deletes background PDFs of returns, as it does exports (they hold police records)."""
    from datetime import timedelta

    from core.models import Job, JobStatus
    from registry.tasks import exports_purge_task

    settings.MEDIA_ROOT = str(tmp_path)
    settings.RETURN_PDF_KEEP_DAYS = 2
    old, recent = (svc.return_pdf_request(actor=sho_a, station_return=draft_a, language="en") for _ in range(2))
    for job in (old, recent):
        svc.return_pdf_job(job_id=job.pk)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=3))
    old_path = svc.return_pdf_file_path(Job.objects.get(pk=old.pk))
    assert old_path is not None and old_path.exists()
    assert exports_purge_task() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old_path.exists() and old.result["expired"] and old.status == JobStatus.SUCCEEDED
    assert svc.return_pdf_file_path(recent) is not None
