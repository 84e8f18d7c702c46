"""Exports of exactly the filtered rows, CSV and XLSX, safe from formula injection; large ones in the background."""
import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Job, JobStatus
from registry.choices import CallCentreStatus
from registry.services import exports
from registry.services.callcentres import callcentre_set_status
from registry.services.exports import export_file_path, export_job, export_start, neutralise
from tests.conftest import wait_for

from .cc_helpers import register

EXPORT = reverse("registry:callcentre-export")


@pytest.mark.parametrize(
    "value,safe",
    [("=HYPERLINK(1)", "'=HYPERLINK(1)"), ("+91 98100", "'+91 98100"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("Apex Calls", "Apex Calls"), (42, 42), (None, None), ("", "")],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, safe):
    assert neutralise(value) == safe


def _csv_rows(response):
    text = response.content.decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.django_db
def test_csv_export_has_exactly_the_filtered_rows(client, sho_a, locality_a):
    register(sho_a, locality_a, "=Evil Calls", phones=["9810012121"], notes="@cmd", service="loans")
    register(sho_a, locality_a, "Loans Two", service="loans")
    register(sho_a, locality_a, "Sales Calls", service="sales")
    closed = register(sho_a, locality_a, "Closed Loans", service="loans")
    callcentre_set_status(actor=sho_a, call_centre=closed, status=CallCentreStatus.CLOSED)
    client.force_login(sho_a)
    response = client.get(EXPORT, {"service": "loans", "status": ["reported"], "sort": "name", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    names = [r[1] for r in rows[1:]]
    assert names == ["'=Evil Calls", "Loans Two"]
    header = rows[0]
    evil = dict(zip(header, rows[1], strict=True))
    assert evil["Phones"] == "9810012121" and evil["Notes"] == "'@cmd" and evil["Station"] == locality_a.station.name


@pytest.mark.django_db
def test_xlsx_export_opens_in_a_spreadsheet_with_the_same_rows(client, sho_a, locality_a):
    register(sho_a, locality_a, "+Plus Calls")
    register(sho_a, locality_a, "Plain Calls")
    client.force_login(sho_a)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][:2] == ("ID", "Name")
    assert sorted(v[1] for v in values[1:]) == ["'+Plus Calls", "Plain Calls"]


@pytest.mark.django_db
def test_export_never_includes_another_stations_rows(client, sho_a, sho_b, locality_a):
    register(sho_a, locality_a, "Secret Alpha Calls")
    client.force_login(sho_b)
    response = client.get(EXPORT, {"format": "csv", "q": "Secret"})
    assert response.status_code == 200 and b"Secret Alpha Calls" not in response.content
    assert len(_csv_rows(response)) == 1  # the header only


@pytest.mark.django_db
@pytest.mark.parametrize("params,text", [({"format": "pdf"}, b"Unknown export format"),
                                         ({"format": "csv", "status": "flying"}, b"flying")])
def test_bad_export_request_is_a_clear_400(client, sho_a, params, text):
    client.force_login(sho_a)
    response = client.get(EXPORT, params)
    assert response.status_code == 400
    assert text in response.content and b'data-testid="export-error"' in response.content


@pytest.mark.django_db
def test_large_export_becomes_a_job_whose_file_has_the_filtered_rows(client, monkeypatch, sho_a, locality_a):
    """The task's logic, run in this process (the real-worker journey is below)."""
    for i in range(4):
        register(sho_a, locality_a, f"Many Calls {i}", service="sales")
    register(sho_a, locality_a, "Not Sales", service="loans")
    monkeypatch.setattr(exports, "EXPORT_BACKGROUND_ABOVE", 2)
    client.force_login(sho_a)
    response = client.get(EXPORT, {"service": "sales", "format": "xlsx"})
    job = Job.objects.get(kind=exports.EXPORT_KIND)
    assert response.status_code == 302 and response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert job.total == 4 and job.station == sho_a.station and job.params["filters"] == {"service": ["sales"]}
    export_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["rows"] == 4
    assert job.result["next_url"] == reverse("registry:export-download", args=[job.pk])
    sheet = load_workbook(export_file_path(job), read_only=True).active
    assert sorted(r[1] for r in list(sheet.iter_rows(values_only=True))[1:]) == [f"Many Calls {i}" for i in range(4)]


@pytest.mark.django_db
def test_only_the_requester_and_their_scope_download_an_export(client, sho_a, sho_b, dcp_a, cyber, locality_a):
    register(sho_a, locality_a, "Download Calls")
    job = export_start(actor=sho_a, params={}, fmt="csv", total=1)
    export_job(job_id=job.pk)
    url = reverse("registry:export-download", args=[job.pk])
    for user, status in ((sho_a, 200), (dcp_a, 200), (cyber, 200), (sho_b, 404)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert b"Download Calls" in b"".join(response.streaming_content)
    # A cyber officer's city-wide export is theirs (and the city roles') only.
    city = export_start(actor=cyber, params={}, fmt="csv", total=1)
    export_job(job_id=city.pk)
    client.force_login(dcp_a)
    assert client.get(reverse("registry:export-download", args=[city.pk])).status_code == 404


@pytest.mark.django_db
def test_a_failed_export_says_why(sho_a):
    job = export_start(actor=sho_a, params={"status": ["flying"]}, fmt="csv", total=1)
    export_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "flying" in job.error


@pytest.mark.worker
def test_real_worker_writes_a_large_export_and_the_page_links_to_it(
    celery_worker_process, client, monkeypatch, sho_a, locality_a
):
    for i in range(3):
        register(sho_a, locality_a, f"Worker Calls {i}")
    monkeypatch.setattr(exports, "EXPORT_BACKGROUND_ABOVE", 1)
    client.force_login(sho_a)
    response = client.get(EXPORT, {"format": "csv"})
    assert response.status_code == 302
    job = Job.objects.get(kind=exports.EXPORT_KIND)
    done = wait_for(lambda: Job.objects.filter(pk=job.pk, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first())
    assert done.status == JobStatus.SUCCEEDED, done.error
    page = client.get(reverse("core:job-detail", args=[job.pk]))
    assert reverse("registry:export-download", args=[job.pk]).encode() in page.content
    download = client.get(reverse("registry:export-download", args=[job.pk]))
    body = b"".join(download.streaming_content).decode("utf-8")
    assert all(f"Worker Calls {i}" in body for i in range(3))


@pytest.mark.django_db
def test_export_files_are_deleted_after_the_keeping_days_and_the_link_then_says_so(client, settings, sho_a, locality_a):
    import datetime

    from django.utils import timezone

    from registry.tasks import exports_purge_task

    settings.EXPORT_KEEP_DAYS = 2
    register(sho_a, locality_a, "Old Export Calls")
    old, recent = (export_start(actor=sho_a, params={}, fmt="csv", total=1) for _ in range(2))
    for job in (old, recent):
        export_job(job_id=job.pk)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=3))
    old_path = export_file_path(Job.objects.get(pk=old.pk))

    assert exports_purge_task() == 1
    assert not old_path.exists() and export_file_path(Job.objects.get(pk=recent.pk)).is_file()
    old.refresh_from_db()
    assert old.result["expired"] and old.history.latest().history_source == "task"
    client.force_login(sho_a)
    assert client.get(reverse("registry:export-download", args=[old.pk])).status_code == 404
    assert client.get(reverse("registry:export-download", args=[recent.pk])).status_code == 200
    assert b'data-testid="job-expired"' in client.get(reverse("core:job-detail", args=[old.pk])).content
    assert exports_purge_task() == 0  # nothing left to purge


def test_the_purge_is_scheduled_daily():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["exports-purge"]["task"] == "registry.tasks.exports_purge_task"
