"""The shared rules every app builds on: one write rule, one job runner, one file helper, one PDF renderer."""
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from core.files import job_file_path, job_files_purge, media_path, media_save
from core.jobs import JobFailed, job_create, job_run
from core.models import Job, JobStatus
from core.pdf import pdf_render
from core.permissions import permission_required, police_required, require
from core.roles import ROLE_PERMISSIONS, Role, grant

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- the write rule

def test_commissioner_group_holds_no_write_permission(commissioner):
    writes = {p for p in commissioner.get_all_permissions() if not p.split(".", 1)[1].startswith("view_")}
    assert writes == set()
    assert commissioner.has_perm("registry.view_callcentre")


def test_write_permission_added_by_hand_to_commissioner_is_ignored(commissioner):
    perm = Permission.objects.get(content_type__app_label="registry", codename="change_callcentre")
    commissioner.user_permissions.add(perm)
    commissioner.groups.first().permissions.add(perm)
    commissioner = type(commissioner).objects.get(pk=commissioner.pk)  # fresh permission cache
    assert not commissioner.has_perm("registry.change_callcentre")


def test_granting_a_write_to_a_read_only_role_fails_at_start_up():
    before = set(ROLE_PERMISSIONS[Role.COMMISSIONER])
    with pytest.raises(ImproperlyConfigured):
        grant(Role.COMMISSIONER, {"registry.change_callcentre"})
    assert ROLE_PERMISSIONS[Role.COMMISSIONER] == before


def test_require_refuses_with_403_and_passes_holders(sho_a, commissioner):
    require(sho_a, "registry.change_callcentre")
    with pytest.raises(PermissionDenied):
        require(commissioner, "registry.change_callcentre")


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_view_decorators_answer_403_for_missing_permission_and_non_police(association, sho_a, commissioner):
    @permission_required("registry.change_callcentre")
    def change(request):
        return HttpResponse("ok")

    @police_required
    def police_page(request):
        return HttpResponse("ok")

    assert change(_request(sho_a)).status_code == 200
    with pytest.raises(PermissionDenied):
        change(_request(commissioner))
    assert police_page(_request(commissioner)).status_code == 200
    with pytest.raises(PermissionDenied):
        police_page(_request(association))


# --------------------------------------------------------------------------- the job runner

def test_job_runner_finishes_with_the_result_and_audits_the_officer(sho_a):
    job = job_create(actor=sho_a, kind="test", station=sho_a.station, total=3)

    def work(job, progress):
        progress(2, 3, "two done")
        assert Job.objects.get(pk=job.pk).progress == 2
        return {"answer": 42}

    done = job_run(job_id=job.pk, work=work)
    assert done.status == JobStatus.SUCCEEDED and done.result == {"answer": 42} and done.percent == 100
    last = done.history.order_by("-history_id").first()
    assert last.history_user_id == sho_a.pk and last.history_source == "task"


def test_job_runner_runs_a_job_at_most_once(sho_a):
    job = job_create(actor=sho_a, kind="test")
    calls = []
    job_run(job_id=job.pk, work=lambda job, progress: calls.append(1))
    assert job_run(job_id=job.pk, work=lambda job, progress: calls.append(1)) is None
    assert calls == [1]


def test_job_runner_shows_officer_messages_and_hides_tracebacks(sho_a, caplog):
    failed = job_run(
        job_id=job_create(actor=sho_a, kind="test").pk,
        work=lambda job, progress: (_ for _ in ()).throw(JobFailed("Row 3 has no name.", result={"next_url": "/x/"})),
    )
    assert failed.status == JobStatus.FAILED and failed.error == "Row 3 has no name."
    assert failed.result == {"next_url": "/x/"}

    invalid = job_run(
        job_id=job_create(actor=sho_a, kind="test").pk,
        work=lambda job, progress: (_ for _ in ()).throw(ValidationError("Unknown format.")),
    )
    assert invalid.error == "Unknown format."

    crashed = job_run(
        job_id=job_create(actor=sho_a, kind="test").pk,
        work=lambda job, progress: (_ for _ in ()).throw(KeyError("secret_internal_name")),
        failure="The export failed.",
    )
    assert crashed.status == JobStatus.FAILED and crashed.error == "The export failed."
    assert "secret_internal_name" not in crashed.error
    assert "secret_internal_name" in caplog.text  # the traceback is in the log


# --------------------------------------------------------------------------- files

def test_media_path_refuses_paths_outside_the_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    name = media_save(folder="exports", suffix="csv", content=b"a,b\n")
    assert media_path(name, folder="exports").read_bytes() == b"a,b\n"
    (tmp_path / "secret.txt").write_text("x")
    assert media_path("exports/../secret.txt", folder="exports") is None
    assert media_path("/etc/passwd", folder="exports") is None
    assert media_path(name, folder="returns") is None
    assert media_path("exports/missing.csv", folder="exports") is None


def test_old_job_files_are_purged_and_the_job_says_so(settings, tmp_path, sho_a):
    from datetime import timedelta

    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path
    old = job_create(actor=sho_a, kind="export")
    new = job_create(actor=sho_a, kind="export")
    for job, age in ((old, 5), (new, 0)):
        name = media_save(folder="exports", suffix="csv", content=b"x")
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED, result={"file": name}, finished_at=timezone.now() - timedelta(days=age)
        )
    assert job_files_purge(kind="export", folder="exports", keep_days=2) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.result["expired"] is True and job_file_path(old, kind="export", folder="exports") is None
    assert job_file_path(new, kind="export", folder="exports") is not None


# --------------------------------------------------------------------------- PDF

def test_pdf_renderer_fetches_no_file_and_no_network(tmp_path, monkeypatch):
    import urllib.request

    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    opened = []
    original = urllib.request.OpenerDirector.open

    def spy(self, fullurl, *args, **kwargs):
        opened.append(getattr(fullurl, "full_url", fullurl))
        return original(self, fullurl, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    pdf = pdf_render(
        f'<link rel="stylesheet" href="file://{secret}"><p>x</p><img src="http://127.0.0.1:9/x.png">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    )
    assert pdf.startswith(b"%PDF")
    assert opened and all(str(u).startswith("data:") for u in opened)
