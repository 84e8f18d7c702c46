"""Letters lose nothing: the broker stopped while the cyber crime team asks for letters, and the worker
SIGKILLed in the middle of a batch. Real parts: a private redis-server stopped and started by the test
(tests.conftest.private_redis), real Celery workers, the test's PostgreSQL."""
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from core.jobs import jobs_sweep
from core.models import Job, JobStatus
from tests.conftest import start_celery_worker, stop_celery_worker, use_broker, wait_for
from verification.models import Agency, Letter, LetterEnclosure
from verification.services import letters_request

from .letters_helpers import centres

pytestmark = pytest.mark.worker


def _all_letters_once(ids: list[int], agencies: int) -> None:
    letters = list(Letter.objects.order_by("reference"))
    assert len(letters) == agencies  # one per agency and cycle: none twice, none missing
    assert [letter.reference.rsplit("/", 1)[1] for letter in letters] == ["0001"] * agencies  # no number burnt
    for letter in letters:
        assert sorted(LetterEnclosure.objects.filter(letter=letter).values_list("call_centre_id", flat=True)) == ids
        assert (Path(settings.MEDIA_ROOT) / letter.pdf).read_bytes().startswith(b"%PDF")


def test_letters_asked_for_while_the_broker_is_down_are_made_once_it_is_back(
    transactional_db, private_redis, client, cyber, sho_a, locality_a
):
    ids = sorted(cc.pk for cc in centres(sho_a, locality_a, 3))
    agencies = list(Agency.objects.filter(code__in=["DOT", "FIRE", "GST"]).values_list("pk", flat=True))
    use_broker(private_redis.url)  # nothing listens there: Redis is down
    client.force_login(cyber)
    response = client.post(reverse("verification:letter-request"), {
        "selection": "&".join(f"id={i}" for i in ids), "cycle": "2026-09", "language": "en", "agencies": agencies,
    })
    job = Job.objects.get(kind="letters")
    assert response.status_code == 302 and response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert job.status == JobStatus.PENDING and job.dispatched_at is None  # saved, waiting for the broker
    assert client.get(response["Location"]).status_code == 200  # the officer's job page works meanwhile

    private_redis.start()
    worker = start_celery_worker(private_redis.url)
    try:
        assert jobs_sweep()["redispatched"] == 1
        done = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first(), timeout=180)
        assert done.attempts == 1
        _all_letters_once(ids, 3)
    finally:
        stop_celery_worker(worker)


def test_a_letter_batch_whose_worker_is_killed_is_finished_once_by_another(
    transactional_db, private_redis, settings, cyber, sho_a, locality_a
):
    settings.JOB_HEARTBEAT_TIMEOUT = 1
    ids = sorted(cc.pk for cc in centres(sho_a, locality_a, 30))
    agencies = list(Agency.objects.filter(code__in=["DOT", "FIRE", "GST", "LABOUR", "MCG", "HSIIDC"])
                    .values_list("pk", flat=True))
    private_redis.start()
    worker = start_celery_worker(private_redis.url)
    try:
        with transaction.atomic():
            job = letters_request(actor=cyber, call_centre_ids=ids, agency_ids=agencies, cycle="2026-10")
        # Kill the worker once the batch is under way (at least one letter made, not all).
        wait_for(lambda: Job.objects.filter(pk=job.pk, progress__gte=1).exists(), timeout=180, interval=0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING  # stuck, as a killed worker leaves it
        assert Letter.objects.count() < len(agencies)

        time.sleep(1.5)  # no heartbeat for longer than JOB_HEARTBEAT_TIMEOUT
        worker = start_celery_worker(private_redis.url)
        assert jobs_sweep()["restarted"] == 1
        done = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first(), timeout=300)
        assert done.attempts == 2
        _all_letters_once(ids, len(agencies))
    finally:
        stop_celery_worker(worker)
