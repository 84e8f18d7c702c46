"""Letters with a REAL Celery worker on Redis: the batch job (idempotent under a duplicated message and a
repeated request) and the daily reminders (once per letter and day)."""
import datetime
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus, Notification
from tests.conftest import wait_for
from verification.models import Agency, Letter, LetterEnclosure, LetterReminder
from verification.services import letter_mark_sent, letters_request

from .letters_helpers import centres

pytestmark = pytest.mark.worker


def _finished(job_id):
    return wait_for(lambda: Job.objects.filter(pk=job_id, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]).first(),
                    timeout=120)


def test_a_real_worker_drafts_one_letter_per_agency_once(celery_worker_process, client, cyber, sho_a, locality_a):
    ids = [cc.pk for cc in centres(sho_a, locality_a, 2)]
    agencies = list(Agency.objects.filter(code__in=["DOT", "FIRE"]).values_list("pk", flat=True))
    client.force_login(cyber)
    response = client.post(reverse("verification:letter-request"), {
        "selection": "&".join(f"id={i}" for i in ids), "cycle": "2026-08", "language": "en", "agencies": agencies,
    })
    job = Job.objects.get(kind="letters")
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    done = _finished(job.pk)
    assert done.status == JobStatus.SUCCEEDED, done.error
    assert done.progress == done.total == 2  # the progress bar reached its end
    letters = list(Letter.objects.order_by("reference"))
    assert [letter.reference.split("/")[1] for letter in letters] == ["DOT", "FIRE"]
    for letter in letters:
        assert (Path(settings.MEDIA_ROOT) / letter.pdf).read_bytes().startswith(b"%PDF")
        assert letter.history.filter(history_source="task", history_user=cyber).exists()
    # A duplicated message for the same job: claimed already, nothing runs.
    current_app.send_task("verification.tasks.letters_generate", args=[job.pk])
    # The same request again (a double click): a second job, the same letters.
    again = letters_request(actor=cyber, call_centre_ids=ids, agency_ids=agencies, cycle="2026-08")
    assert _finished(again.pk).status == JobStatus.SUCCEEDED
    assert Letter.objects.count() == 2 and LetterEnclosure.objects.count() == 4
    assert sorted(Letter.objects.values_list("reference", flat=True)) == [letter.reference for letter in letters]


def test_a_real_worker_reminds_once_per_letter_and_day(celery_worker_process, cyber, dcp_a, sho_a, locality_a):
    cc = centres(sho_a, locality_a, 1)[0]
    letter = Letter.objects.create(
        kind="batch", agency=Agency.objects.get(code="FIRE"), cycle="2026-07", addressee_kind="licensing",
        addressee="Fire Services, Gurugram", reference="CC/FIRE/2026/0500", subject="Fire check", answer_days=15,
        dated=timezone.localdate() - datetime.timedelta(days=60),
    )
    LetterEnclosure.objects.create(letter=letter, call_centre=cc, name=cc.name)
    letter_mark_sent(actor=cyber, letter=letter, dispatch_number="D-1",
                     sent_on=timezone.localdate() - datetime.timedelta(days=40))  # 25 days overdue
    for _ in range(2):  # the beat's run and a duplicate
        current_app.send_task("verification.tasks.letters_remind")
    wait_for(lambda: LetterReminder.objects.count() == 2)
    wait_for(lambda: Notification.objects.filter(kind="letter-escalate").exists())
    import time

    time.sleep(2)  # let the duplicate run too
    assert list(Notification.objects.filter(kind="letter-remind").values_list("user_id", flat=True)) == [cyber.pk]
    assert list(Notification.objects.filter(kind="letter-escalate").values_list("user_id", flat=True)) == [dcp_a.pk]
