"""Jobs lose nothing: a broker that is down when a job is asked for, and a worker killed in the
middle of a job. Real parts only: a private redis-server started and stopped by the test, real
Celery workers in subprocesses, the test's PostgreSQL database."""
from __future__ import annotations

import signal
import time

import pytest
from django.db import transaction

from core.files import media_path
from core.jobs import job_create, job_enqueue, jobs_sweep
from core.models import Job, JobStatus
from tests.conftest import start_celery_worker, stop_celery_worker, use_broker, wait_for

pytestmark = pytest.mark.worker


def _ask(actor, **params) -> Job:
    with transaction.atomic():
        job = job_create(actor=actor, kind="selfcheck", station=actor.station, params=params)
        job_enqueue(job, "core.tasks.job_selfcheck")
    job.refresh_from_db()
    return job


def test_a_job_asked_for_while_the_broker_is_down_runs_once_it_is_back(transactional_db, private_redis, sho_a):
    use_broker(private_redis.url)  # nothing listens there yet: the broker is down
    started = time.monotonic()
    job = _ask(sho_a)  # the officer's request does not fail ...
    assert time.monotonic() - started < 15
    assert job.status == JobStatus.PENDING and job.dispatched_at is None  # ... the job waits
    assert jobs_sweep()["redispatched"] == 0  # still down: nothing queued, nothing lost

    private_redis.start()
    worker = start_celery_worker(private_redis.url)
    try:
        assert jobs_sweep()["redispatched"] == 1
        done = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first())
        assert done.attempts == 1 and done.dispatched_at is not None
        assert jobs_sweep() == {"redispatched": 0, "restarted": 0, "failed": 0}
    finally:
        stop_celery_worker(worker)


def test_a_job_whose_worker_is_killed_is_restarted_and_finishes_once(transactional_db, private_redis, settings, sho_a):
    settings.JOB_HEARTBEAT_TIMEOUT = 1
    private_redis.start()
    worker = start_celery_worker(private_redis.url)
    try:
        job = _ask(sho_a, steps=40, pause=0.1)
        wait_for(lambda: Job.objects.filter(pk=job.pk, progress__gte=5).exists(), timeout=60, interval=0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed = Job.objects.get(pk=job.pk)
        assert killed.status == JobStatus.RUNNING and killed.progress < 40  # stuck, as a killed worker leaves it
        first_partial = media_path(killed.params["partial_file"], folder="selfcheck")
        assert first_partial is not None

        time.sleep(1.5)  # no heartbeat for longer than JOB_HEARTBEAT_TIMEOUT
        worker = start_celery_worker(private_redis.url)
        assert jobs_sweep()["restarted"] == 1
        assert not first_partial.exists()  # the half-written file is gone
        done = wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).first(), timeout=90)
        assert done.attempts == 2 and done.result["attempt"] == 2
        lines = media_path(done.result["file"], folder="selfcheck").read_text().splitlines()
        assert lines == [f"step {n}" for n in range(1, 41)]  # one clean run, not two interleaved
    finally:
        stop_celery_worker(worker)
