"""Letters to agencies: seeded agencies, the batch job (idempotent), reference series, a letter's steps,
replies, letters to other bodies and the overdue reminders."""
import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from core.models import JobStatus, Notification
from tests.factories import UserFactory
from tests.offenders.pdf_text import pdf_text
from verification.choices import LetterState
from verification.models import Agency, Letter, LetterEnclosure, LetterReminder, LetterSeries, LetterTemplate
from verification.services import (
    letter_mark_acknowledged,
    letter_mark_answered,
    letter_other_create,
    letter_reply_add,
    letters_generate_work,
    letters_remind,
    letters_request,
    reference_allocate,
)
from verification.templating import template_check

from .letters_helpers import centres, draft, sent

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _pdf(letter, media):
    return (media / letter.pdf).read_bytes()


# --------------------------------------------------------------------------- reference data


def test_the_licensing_agencies_and_templates_are_seeded():
    assert set(Agency.objects.values_list("code", flat=True)) == {"DOT", "LABOUR", "GST", "MCG", "HSIIDC", "FIRE"}
    assert Agency.objects.get(code="DOT").licence_kinds == ["osp"]
    assert LetterTemplate.objects.filter(agency__isnull=True).count() == 1
    assert "Other Service Provider" in LetterTemplate.objects.get(agency__code="DOT").body_en


@pytest.mark.parametrize("text", ["{% debug %}", "{% load static %}", "{% include 'base.html' %}", "{{ count|nosuch }}"])
def test_a_letter_template_cannot_reach_beyond_its_context(text):
    assert template_check(text)


# --------------------------------------------------------------------------- the batch


def test_one_letter_per_agency_with_its_enclosure_table_and_pdf(cyber, sho_a, locality_a, media):
    ids = [cc.pk for cc in centres(sho_a, locality_a)]
    job = draft(cyber, ids)
    assert job.status == JobStatus.SUCCEEDED, job.error
    letters = Letter.objects.order_by("agency__code")
    assert letters.count() == 6
    dot = letters.get(agency__code="DOT")
    assert dot.reference == f"CC/DOT/{YEAR}/0001"
    assert dot.state == LetterState.DRAFTED and dot.created_by == cyber
    assert sorted(dot.enclosures.values_list("call_centre_id", flat=True)) == sorted(ids)
    text = pdf_text(_pdf(dot, media))
    assert dot.reference in text and "Gamma Calls 0" in text and "U7000HR2020PTC00" in text
    assert "how many registrations as Other Service Provider" in " ".join(text.split())  # DoT's own question
    labour = letters.get(agency__code="LABOUR")
    assert "Other Service Provider" not in labour.body and "2 call centres" in labour.body


def test_running_the_work_twice_gives_the_same_letters(cyber, sho_a, locality_a):
    ids = [cc.pk for cc in centres(sho_a, locality_a)]
    job = draft(cyber, ids)
    before = {(letter.pk, letter.reference) for letter in Letter.objects.all()}
    letters_generate_work(job, lambda *a, **k: None)  # a redelivered message, or a retry
    assert {(letter.pk, letter.reference) for letter in Letter.objects.all()} == before
    assert LetterEnclosure.objects.count() == 6 * 2
    assert LetterSeries.objects.get(code="DOT", year=YEAR).last_number == 1


def test_a_claimed_job_does_not_run_again(cyber, sho_a, locality_a):
    from core.jobs import job_run

    ids = [cc.pk for cc in centres(sho_a, locality_a)]
    job = draft(cyber, ids)
    assert job_run(job_id=job.pk, work=letters_generate_work) is None
    assert Letter.objects.count() == 6


def test_a_second_request_in_the_cycle_adds_to_the_draft_and_never_to_a_sent_letter(cyber, sho_a, locality_a):
    first, second = centres(sho_a, locality_a, 2)
    draft(cyber, [first.pk], agencies=list(Agency.objects.filter(code__in=["DOT", "GST"]).values_list("pk", flat=True)))
    gst = Letter.objects.get(agency__code="GST")
    sent(cyber, gst, 0)
    job = draft(cyber, [first.pk, second.pk],
                agencies=list(Agency.objects.filter(code__in=["DOT", "GST"]).values_list("pk", flat=True)))
    assert Letter.objects.count() == 2
    assert Letter.objects.get(agency__code="DOT").enclosures.count() == 2
    assert gst.enclosures.count() == 1
    assert job.result["already_sent"] == [gst.reference]


def test_letters_in_hindi_use_the_hindi_template(cyber, sho_a, locality_a, media):
    ids = [cc.pk for cc in centres(sho_a, locality_a, 1)]
    draft(cyber, ids, agencies=[Agency.objects.get(code="DOT").pk], language="hi")
    letter = Letter.objects.get()
    assert "सत्यापन" in letter.subject and "अन्य सेवा प्रदाता" in letter.body
    assert len(_pdf(letter, media)) > 1000


def test_call_centres_are_picked_with_the_call_centre_lists_filters(cyber, sho_a, sho_b, locality_a, locality_b):
    from django.http import QueryDict

    mine = centres(sho_a, locality_a, 2)
    centres(sho_b, locality_b, 1, prefix="Delta")
    job = letters_request(actor=cyber, filter_params=QueryDict("station=alpha-station"), cycle="2026-10")
    assert sorted(job.params["call_centre_ids"]) == sorted(cc.pk for cc in mine)
    assert job.total == 6


@pytest.mark.parametrize("who", ["sho_a", "dcp_a", "commissioner"])
def test_only_the_cyber_crime_team_asks_for_letters(request, who, sho_a, locality_a):
    ids = [cc.pk for cc in centres(sho_a, locality_a, 1)]
    with pytest.raises(PermissionDenied):
        letters_request(actor=request.getfixturevalue(who), call_centre_ids=ids)


def test_a_request_without_call_centres_or_with_a_bad_cycle_is_refused(cyber, sho_a, locality_a):
    with pytest.raises(ValidationError):
        letters_request(actor=cyber, call_centre_ids=[])
    ids = [cc.pk for cc in centres(sho_a, locality_a, 1)]
    with pytest.raises(ValidationError):
        letters_request(actor=cyber, call_centre_ids=ids, cycle="../../x")


# --------------------------------------------------------------------------- references


def test_a_rolled_back_letter_leaves_no_gap_in_the_series():
    with transaction.atomic():
        assert reference_allocate(code="DOT", year=2030) == "CC/DOT/2030/0001"
    with pytest.raises(RuntimeError), transaction.atomic():
        reference_allocate(code="DOT", year=2030)
        raise RuntimeError("the letter failed")
    with transaction.atomic():
        assert reference_allocate(code="DOT", year=2030) == "CC/DOT/2030/0002"


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_share_or_skip_a_number():
    got, errors = [], []

    def allocate():
        try:
            for _ in range(10):
                with transaction.atomic():
                    got.append(reference_allocate(code="RACE", year=2030))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(got) == [f"CC/RACE/2030/{n:04d}" for n in range(1, 41)]


# --------------------------------------------------------------------------- a letter's life


def test_sent_acknowledged_answered_with_due_date_and_history(cyber, sho_a, locality_a):
    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=[Agency.objects.get(code="FIRE").pk])
    letter = sent(cyber, Letter.objects.get(), 3)
    assert letter.state == LetterState.SENT and letter.sent_by == cyber
    assert letter.due_on == letter.sent_on + datetime.timedelta(days=15)
    letter = letter_mark_acknowledged(actor=cyber, letter=letter, acknowledged_on=TODAY)
    letter = letter_mark_answered(actor=cyber, letter=letter, answered_on=TODAY)
    assert letter.state == LetterState.ANSWERED
    steps = list(letter.history.order_by("history_id").values_list("state", "history_user_id"))
    assert steps[-3:] == [("sent", cyber.pk), ("acknowledged", cyber.pk), ("answered", cyber.pk)]
    with pytest.raises(ValidationError):
        letter_mark_answered(actor=cyber, letter=letter, answered_on=TODAY)


def test_a_letter_cannot_be_sent_in_the_future_or_twice(cyber, sho_a, locality_a):
    from verification.services import letter_mark_sent

    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=[Agency.objects.get(code="FIRE").pk])
    letter = Letter.objects.get()
    with pytest.raises(ValidationError):
        letter_mark_sent(actor=cyber, letter=letter, dispatch_number="D1", sent_on=TODAY + datetime.timedelta(days=1))
    letter_mark_sent(actor=cyber, letter=letter, dispatch_number="D1", sent_on=TODAY)
    with pytest.raises(ValidationError):
        letter_mark_sent(actor=cyber, letter=letter, dispatch_number="D2", sent_on=TODAY)


def test_the_commissioner_cannot_mark_a_letter_sent(cyber, commissioner, sho_a, locality_a):
    from verification.services import letter_mark_sent

    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=[Agency.objects.get(code="FIRE").pk])
    with pytest.raises(PermissionDenied):
        letter_mark_sent(actor=commissioner, letter=Letter.objects.get(), dispatch_number="D1", sent_on=TODAY)


def test_a_reply_must_be_what_its_name_says(cyber, sho_a, locality_a, media):
    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=[Agency.objects.get(code="FIRE").pk])
    letter = sent(cyber, Letter.objects.get(), 1)
    for name, content in [("reply.exe", b"MZ"), ("reply.pdf", b"<html>not a pdf"), ("reply.png", b"%PDF-1.4")]:
        with pytest.raises(ValidationError):
            letter_reply_add(actor=cyber, letter=letter, upload=SimpleUploadedFile(name, content))
    reply = letter_reply_add(actor=cyber, letter=letter, upload=SimpleUploadedFile("Fire reply.pdf", b"%PDF-1.4 ok"))
    assert reply.content_type == "application/pdf" and (media / reply.file).read_bytes() == b"%PDF-1.4 ok"
    assert reply.file.startswith("letter-replies/")


def test_a_letter_to_another_body_joins_the_register(cyber, sho_a, locality_a, media):
    cc = centres(sho_a, locality_a, 1)[0]
    letter = letter_other_create(
        actor=cyber, addressee_kind="bank", addressee="Branch Manager, Alpha Bank", subject="Account statement",
        body="Kindly provide the statement of account 1234.", call_centre_ids=[cc.pk],
    )
    assert letter.reference == f"CC/BANK/{YEAR}/0001" and letter.answer_days == 15
    assert "Kindly provide the statement" in pdf_text(_pdf(letter, media))
    assert letter.enclosures.get().call_centre == cc


def test_a_letter_to_another_body_cannot_name_call_centres_outside_scope(cyber, sho_a, locality_a):
    with pytest.raises(ValidationError):
        letter_other_create(actor=cyber, addressee_kind="bank", addressee="Bank", subject="S", body="B",
                            call_centre_ids=[999999])


# --------------------------------------------------------------------------- reminders


def test_overdue_letters_remind_the_cyber_team_once_a_day(cyber, sho_a, locality_a):
    other_cyber = UserFactory(username="cyber-two", role="cyber", station=None)
    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=[Agency.objects.get(code="FIRE").pk])
    letter = sent(cyber, Letter.objects.get(), 20)  # due after 15 days: 5 days overdue
    assert letters_remind() == {"reminded": 1, "escalated": 0}
    assert letters_remind() == {"reminded": 0, "escalated": 0}  # the same day: nothing new
    notes = Notification.objects.filter(kind="letter-remind")
    assert sorted(notes.values_list("user_id", flat=True)) == sorted([cyber.pk, other_cyber.pk])
    assert letter.reference in notes.first().message and "5 days" in notes.first().message
    assert letters_remind(today=TODAY + datetime.timedelta(days=1))["reminded"] == 1  # the next day, again


def test_long_overdue_letters_are_escalated_to_the_zone_officers_concerned(cyber, dcp_a, sho_a, locality_a, zone_b):
    dcp_b = UserFactory(username="dcp-bravo", role="zone", station=None, zone=zone_b)
    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=[Agency.objects.get(code="FIRE").pk])
    sent(cyber, Letter.objects.get(), 40)  # 25 days overdue, escalation after 15
    assert letters_remind() == {"reminded": 1, "escalated": 1}
    escalated = Notification.objects.filter(kind="letter-escalate")
    assert list(escalated.values_list("user_id", flat=True)) == [dcp_a.pk]
    assert not Notification.objects.filter(user=dcp_b).exists()
    assert LetterReminder.objects.count() == 2
    letters_remind()
    assert Notification.objects.filter(kind="letter-escalate").count() == 1


def test_answered_letters_are_not_reminded(cyber, sho_a, locality_a):
    draft(cyber, [centres(sho_a, locality_a, 1)[0].pk], agencies=[Agency.objects.get(code="FIRE").pk])
    letter = sent(cyber, Letter.objects.get(), 40)
    letter_mark_answered(actor=cyber, letter=letter, answered_on=TODAY)
    assert letters_remind() == {"reminded": 0, "escalated": 0}


# --------------------------------------------------------------------------- demo


def test_demo_letters_are_answered_overdue_or_drafted_and_seeded_once(cyber, sho_a, locality_a):
    from verification.demo import seed_letters
    from verification.services import licence_record

    for cc in centres(sho_a, locality_a, 3):
        licence_record(actor=cyber, call_centre=cc, kind="gst", status="pending")
    assert seed_letters() == 14
    assert seed_letters() == 0
    today = timezone.localdate()
    states = {(letter.agency.code if letter.agency else letter.addressee_kind, letter.is_overdue(today))
              for letter in Letter.objects.filter(dated__lt=today - datetime.timedelta(days=30))}
    assert ("GST", True) in states and ("DOT", False) in states and ("bank", True) in states
    assert Letter.objects.filter(state="answered").count() == 3
