"""The background machinery end to end: a real Celery worker on Redis claims and finishes a Job."""
import pytest
from django.db import transaction

from core.jobs import job_claim, job_create
from core.models import Job, JobStatus
from core.tasks import job_selfcheck
from tests.conftest import wait_for


@pytest.mark.worker
def test_real_worker_runs_a_job_queued_on_commit(celery_worker_process, sho_a):
    with transaction.atomic():
        job = job_create(actor=sho_a, kind="selfcheck", station=sho_a.station)
        transaction.on_commit(lambda: job_selfcheck.delay(job.pk))
    done = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first())
    assert done.result["accounts"] == 1 and done.result["attempt"] == 1
    assert done.progress == 1
    # The finish was audited as a background task.
    assert done.history.filter(history_source="task").exists()


@pytest.mark.django_db
def test_a_job_can_be_claimed_only_once(sho_a):
    job = job_create(actor=sho_a, kind="selfcheck", station=sho_a.station)
    assert job_claim(job_id=job.pk) is True
    assert job_claim(job_id=job.pk) is False
