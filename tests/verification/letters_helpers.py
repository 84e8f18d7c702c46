"""Helpers of the letters tests: call centres of station A, a batch of letters drafted by the job's work."""
from __future__ import annotations

import datetime

from django.utils import timezone

from core.jobs import job_run
from core.models import Job
from tests.registry.cc_helpers import register
from verification.models import Letter
from verification.services import letter_mark_sent, letters_generate_work, letters_request


def centres(sho, locality, n=2, prefix="Gamma"):
    return [register(sho, locality, f"{prefix} Calls {i}", company_name=f"{prefix} Pvt Ltd {i}",
                     company_registration=f"U7{i}00HR2020PTC0{i}") for i in range(n)]


def draft(actor, ids, *, agencies=None, cycle="2026-11", language="en") -> Job:
    """Ask for letters and run the job's work here (the worker test runs it in a real worker)."""
    job = letters_request(actor=actor, call_centre_ids=ids, agency_ids=agencies, cycle=cycle, language=language)
    return job_run(job_id=job.pk, work=letters_generate_work)


def sent(actor, letter: Letter, days_ago: int) -> Letter:
    """Mark a letter sent `days_ago` days ago (its date moved back too, as if drafted then)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    Letter.objects.filter(pk=letter.pk).update(dated=day)
    letter.refresh_from_db()
    return letter_mark_sent(actor=actor, letter=letter, dispatch_number=f"D-{letter.pk}", sent_on=day)
