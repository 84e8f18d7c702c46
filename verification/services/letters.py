"""Writes of the letters: a batch of letters to agencies (a background job), letters to other
bodies, and each step of a letter's life (sent, acknowledged, reply attached, answered), and the
daily overdue reminders.

Idempotent by construction: one letter per agency and cycle (a unique constraint), one enclosure
row per letter and call centre, reference numbers from a counter row locked in the same
transaction (no gaps, no duplicates), and the job claimed by a conditional UPDATE (core.jobs).
"""
from __future__ import annotations

import logging
import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _g
from simple_history.utils import bulk_create_with_history

from core.access import CHANGE
from core.audit import current_audit_attrs
from core.files import media_path, media_save
from core.jobs import JobFailed, job_create, job_enqueue
from core.models import Job
from core.pdf import pdf_render
from core.permissions import require

from ..choices import AgencyKind, LetterKind, LetterLanguage, LetterState
from ..models import Agency, Letter, LetterEnclosure, LetterSeries
from ..selectors import (
    MAX_PICK,
    agencies_licensing,
    enclosure_rows,
    letter_template_for,
    letters_pick_call_centres,
)
from ..templating import template_render

logger = logging.getLogger(__name__)

PERM_ADD = "verification.add_letter"
PERM_CHANGE = "verification.change_letter"
JOB_KIND = "letters"
TASK = "verification.tasks.letters_generate"
LETTERS_FOLDER = "letters"
CYCLE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z/-]{0,19}$")
#: Series codes of letters to bodies that are not in the agency list.
OTHER_SERIES = {
    AgencyKind.BANK: "BANK", AgencyKind.TELECOM: "TEL", AgencyKind.LANDLORD: "LL",
    AgencyKind.POLICE: "POL", AgencyKind.OTHER: "OTH", AgencyKind.LICENSING: "AGY",
}
#: Answer time of a letter to a body that is not in the agency list.
OTHER_ANSWER_DAYS = 15


def _no_permission() -> str:
    return _g("Your role cannot write letters.")


def cycle_default(today: date | None = None) -> str:
    """The cycle of letters asked for today: the month (e.g. 2026-12)."""
    today = today or timezone.localdate()
    return f"{today.year}-{today.month:02d}"


# --------------------------------------------------------------------------- references


def reference_allocate(*, code: str, year: int) -> str:
    """The next reference of a series, e.g. CC/DOT/2026/0007.

    Call inside the transaction that saves the letter: the counter row stays locked until it
    commits, so concurrent batches wait for each other, and a rollback returns the number.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reference_allocate must run inside the letter's transaction")
    LetterSeries.objects.get_or_create(code=code, year=year)
    series = LetterSeries.objects.select_for_update().get(code=code, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return f"CC/{code}/{year}/{series.last_number:04d}"


# --------------------------------------------------------------------------- a batch of letters


@transaction.atomic
def letters_request(
    *, actor, call_centre_ids: list[int] | None = None, filter_params=None, agency_ids: list[int] | None = None,
    cycle: str = "", language: str = LetterLanguage.EN,
) -> Job:
    """Ask for one letter per agency for the picked call centres (by id, or by the call-centre
    list's filters); the letters are drafted by a background job. Returns the Job."""
    require(actor, PERM_ADD, _no_permission())
    cycle = (cycle or "").strip() or cycle_default()
    if not CYCLE_PATTERN.match(cycle):
        raise ValidationError({"cycle": _g("Write the cycle as letters, digits and hyphens, e.g. 2026-12.")})
    if language not in LetterLanguage.values:
        raise ValidationError({"language": _g("Unknown language.")})
    ids = list(letters_pick_call_centres(user=actor, ids=call_centre_ids, params=filter_params)
               .values_list("pk", flat=True)[: MAX_PICK + 1])
    if not ids:
        raise ValidationError(_g("No call centre is picked: choose some, or change the filters."))
    if len(ids) > MAX_PICK:
        raise ValidationError(_g("At most %(max)d call centres go into one batch of letters: narrow the filters.")
                              % {"max": MAX_PICK})
    agencies = agencies_licensing()
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=agency_ids)
    agency_ids = list(agencies.values_list("pk", flat=True))
    if not agency_ids:
        raise ValidationError({"agencies": _g("Choose at least one agency.")})
    job = job_create(
        actor=actor, kind=JOB_KIND, total=len(agency_ids),
        params={"call_centre_ids": ids, "agency_ids": agency_ids, "cycle": cycle, "language": language},
    )
    job_enqueue(job, TASK)
    return job


def letters_generate_work(job: Job, progress) -> dict:
    """The job's work: for each agency, the letter of the cycle with its enclosures, and its PDF."""
    actor = job.requested_by
    if not actor.has_perm(PERM_ADD):
        raise JobFailed(_no_permission())
    params = job.params
    agencies = list(Agency.objects.filter(pk__in=params["agency_ids"]).order_by("code"))
    rows = enclosure_rows(params["call_centre_ids"])
    letters, skipped = [], []
    for done, agency in enumerate(agencies):
        progress(done, len(agencies), _g("Letter to %(agency)s") % {"agency": agency.name})
        letter = _letter_for_agency(actor=actor, agency=agency, cycle=params["cycle"],
                                    language=params.get("language", LetterLanguage.EN), rows=rows)
        if letter.state != LetterState.DRAFTED:
            skipped.append(letter.reference)  # already sent: its enclosures are what went out
        else:
            letter_pdf_render(letter=letter)
        letters.append(letter.pk)
    progress(len(agencies), len(agencies), _g("Letters ready."))
    return {"letters": letters, "already_sent": skipped, "next_url": reverse("verification:letter-list")}


@transaction.atomic
def _letter_for_agency(*, actor, agency: Agency, cycle: str, language: str, rows) -> Letter:
    """The agency's letter of the cycle (made once), with an enclosure row for each call centre."""
    today = timezone.localdate()
    # The series row is locked first, so two batches for the same agency are serialised here.
    LetterSeries.objects.get_or_create(code=agency.code, year=today.year)
    LetterSeries.objects.select_for_update().get(code=agency.code, year=today.year)
    letter = Letter.objects.select_for_update().filter(kind=LetterKind.BATCH, agency=agency, cycle=cycle).first()
    if letter is None:
        letter = Letter(
            kind=LetterKind.BATCH, agency=agency, cycle=cycle, addressee_kind=agency.kind, addressee=agency.name,
            addressee_address=agency.address, dated=today, language=language, answer_days=agency.answer_days,
            reference=reference_allocate(code=agency.code, year=today.year), created_by=actor,
        )
    elif letter.state != LetterState.DRAFTED:
        return letter
    have = set(LetterEnclosure.objects.filter(letter_id=letter.pk).values_list("call_centre_id", flat=True)) \
        if letter.pk else set()
    new = [cc for cc in rows if cc.pk not in have]
    letter.subject, letter.body = _batch_text(letter, count=len(have) + len(new))
    letter.full_clean()
    letter._history_user = actor
    letter.save()
    bulk_create_with_history(
        [_enclosure(letter, cc) for cc in new], LetterEnclosure, default_user=actor,
        custom_historical_attrs=current_audit_attrs(),
    )
    return letter


def _enclosure(letter: Letter, cc) -> LetterEnclosure:
    return LetterEnclosure(
        letter=letter, call_centre=cc, name=cc.name[:200], company=cc.company_name[:200],
        registration=cc.company_registration[:50], address=(cc.premises.address_raw if cc.premises_id else "")[:400],
        phones=", ".join(p.number for p in cc.phones.all())[:300],
    )


def _context(letter: Letter, count: int) -> dict:
    with translation.override(letter.language):
        return {
            "reference": letter.reference, "date": letter.dated.strftime("%d/%m/%Y"), "agency": letter.addressee,
            "agency_address": letter.addressee_address, "city": _g("Gurugram"), "cycle": letter.cycle,
            "count": count, "sender": _g("Cyber Crime Team, Gurugram Police"),
        }


def _batch_text(letter: Letter, *, count: int) -> tuple[str, str]:
    """Subject and body of a batch letter, from the agency's (or the default) template."""
    template = letter_template_for(letter.agency)
    if template is None:
        raise JobFailed(_g("No letter template is set up: ask the administrator to add one."))
    hindi = letter.language == LetterLanguage.HI and template.body_hi.strip()
    subject = template.subject_hi if hindi and template.subject_hi.strip() else template.subject_en
    body = template.body_hi if hindi else template.body_en
    context = _context(letter, count)
    return " ".join(template_render(subject, context).split())[:300], template_render(body, context).strip()


def letter_pdf_render(*, letter: Letter) -> Letter:
    """(Re)draw a drafted letter's PDF (or a sent letter's that has none) and keep its file name."""
    enclosures = list(LetterEnclosure.objects.filter(letter=letter).order_by("name", "pk"))
    with translation.override(letter.language):
        html = render_to_string("verification/letter_pdf.html", {"letter": letter, "enclosures": enclosures})
    content = pdf_render(html)
    old = letter.pdf
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if locked.state != LetterState.DRAFTED and locked.pdf:
            return locked  # sent meanwhile: the PDF that went out stays
        locked.pdf = media_save(folder=LETTERS_FOLDER, suffix="pdf", content=content)
        locked.save(update_fields=["pdf", "updated_at"])  # the file name is not an audit event
    old_path = media_path(old, folder=LETTERS_FOLDER)
    if old_path is not None:
        old_path.unlink(missing_ok=True)
    letter.pdf = locked.pdf
    return letter


# --------------------------------------------------------------------------- letters to other bodies


def letter_other_create(**kwargs) -> Letter:
    """A letter to another body (a bank, a telecom operator, a landlord, another district's police),
    drafted at once, then its PDF drawn (if drawing fails the letter stays, and the page offers to
    draw it again). Same register and deadline clock as the batch letters."""
    letter = _letter_other_save(**kwargs)
    try:
        letter_pdf_render(letter=letter)
    except Exception:  # the letter is saved; the officer may draw the PDF again
        logger.exception("PDF of letter %s could not be drawn", letter.pk)
    return letter


@transaction.atomic
def _letter_other_save(
    *, actor, addressee_kind: str, addressee: str, addressee_address: str = "", subject: str, body: str,
    agency: Agency | None = None, call_centre_ids: list[int] | None = None, language: str = LetterLanguage.EN,
) -> Letter:
    require(actor, PERM_ADD, _no_permission())
    if addressee_kind not in AgencyKind.values:
        raise ValidationError({"addressee_kind": _g("Unknown kind of addressee.")})
    if language not in LetterLanguage.values:
        raise ValidationError({"language": _g("Unknown language.")})
    if agency is not None:
        addressee = addressee.strip() or agency.name
        addressee_address = addressee_address.strip() or agency.address
    today = timezone.localdate()
    code = agency.code if agency is not None else OTHER_SERIES[AgencyKind(addressee_kind)]
    letter = Letter(
        kind=LetterKind.SINGLE, agency=agency, addressee_kind=addressee_kind, addressee=" ".join(addressee.split())[:200],
        addressee_address=addressee_address.strip(), subject=" ".join(subject.split())[:300], body=body.strip(),
        language=language, dated=today, answer_days=agency.answer_days if agency else OTHER_ANSWER_DAYS,
        created_by=actor, reference="pending",
    )
    letter.full_clean(exclude=["reference"])
    picked = []
    if call_centre_ids:
        picked = list(letters_pick_call_centres(user=actor, ids=call_centre_ids).values_list("pk", flat=True))
        if len(picked) != len(set(call_centre_ids)):
            raise ValidationError({"call_centres": _g("Some of these call centres are unknown or outside your jurisdiction.")})
    letter.reference = reference_allocate(code=code, year=today.year)
    letter._history_user = actor
    letter.save()
    bulk_create_with_history([_enclosure(letter, cc) for cc in enclosure_rows(picked)], LetterEnclosure,
                             default_user=actor, custom_historical_attrs=current_audit_attrs())
    return letter


def letter_pdf_redraw(*, actor, letter: Letter) -> Letter:
    """Draw a drafted letter's PDF again (after a failure, or a change of its template)."""
    require(actor, PERM_CHANGE, _g("Your role cannot record the dispatch of letters."))
    if not Letter.objects.for_user(actor, CHANGE).filter(pk=letter.pk).exists():
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    if letter.state != LetterState.DRAFTED and letter.pdf:
        raise ValidationError(_g("The PDF of a sent letter is the one that went out: it is not drawn again."))
    return letter_pdf_render(letter=letter)


# --------------------------------------------------------------------------- a letter's life


def _locked(actor, letter: Letter) -> Letter:
    """The letter as it is now, locked, once the actor may change it (403 otherwise)."""
    require(actor, PERM_CHANGE, _g("Your role cannot record the dispatch of letters."))
    if not Letter.objects.for_user(actor, CHANGE).filter(pk=letter.pk).exists():
        raise PermissionDenied(_g("This record is outside your jurisdiction."))
    return Letter.objects.select_for_update().get(pk=letter.pk)


def _save(actor, letter: Letter, reason: str) -> Letter:
    letter.full_clean()
    letter._history_user = actor
    letter._change_reason = reason
    letter.save()
    return letter


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _g("The date cannot be in the future.")})


@transaction.atomic
def letter_mark_sent(*, actor, letter: Letter, dispatch_number: str, sent_on: date) -> Letter:
    """Record the dispatch (number and date): the deadline clock starts, due = sent on + answer days."""
    letter = _locked(actor, letter)
    if letter.state != LetterState.DRAFTED:
        raise ValidationError(_g("This letter was already sent."))
    dispatch_number = " ".join((dispatch_number or "").split())
    if not dispatch_number:
        raise ValidationError({"dispatch_number": _g("Give the dispatch number.")})
    _not_future(sent_on, "sent_on")
    if sent_on < letter.dated:
        raise ValidationError({"sent_on": _g("A letter cannot be sent before its date.")})
    letter.state, letter.dispatch_number, letter.sent_on, letter.sent_by = LetterState.SENT, dispatch_number, sent_on, actor
    letter.due_on = sent_on + timedelta(days=letter.answer_days)
    return _save(actor, letter, "sent")


@transaction.atomic
def letter_mark_acknowledged(*, actor, letter: Letter, acknowledged_on: date) -> Letter:
    """The agency acknowledged receipt (the deadline clock keeps running)."""
    letter = _locked(actor, letter)
    if letter.state != LetterState.SENT:
        raise ValidationError(_g("Only a sent letter, not yet acknowledged or answered, can be acknowledged."))
    _not_future(acknowledged_on, "acknowledged_on")
    if acknowledged_on < letter.sent_on:
        raise ValidationError({"acknowledged_on": _g("A letter cannot be acknowledged before it was sent.")})
    letter.state, letter.acknowledged_on = LetterState.ACKNOWLEDGED, acknowledged_on
    return _save(actor, letter, "acknowledged")


@transaction.atomic
def letter_mark_answered(*, actor, letter: Letter, answered_on: date) -> Letter:
    """The agency answered: the deadline clock stops."""
    letter = _locked(actor, letter)
    if letter.state not in (LetterState.SENT, LetterState.ACKNOWLEDGED):
        raise ValidationError(_g("Only a sent letter that is not answered yet can be marked answered."))
    _not_future(answered_on, "answered_on")
    if answered_on < letter.sent_on:
        raise ValidationError({"answered_on": _g("A letter cannot be answered before it was sent.")})
    letter.state, letter.answered_on = LetterState.ANSWERED, answered_on
    return _save(actor, letter, "answered")


def letter_overdue_days(*, letter: Letter, today: date | None = None) -> int:
    """How many days past its due date an open letter is (0 when not overdue)."""
    today = today or timezone.localdate()
    return (today - letter.due_on).days if letter.is_overdue(today) else 0


def escalation_days() -> int:
    """Days past the due date after which an overdue letter is escalated to the zone officers."""
    return int(getattr(settings, "LETTERS_ESCALATION_DAYS", 15))


# --------------------------------------------------------------------------- replies

#: Largest reply accepted, in bytes.
MAX_REPLY_BYTES = 10 * 1024 * 1024
REPLIES_FOLDER = "letter-replies"
_REPLY_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


def reply_check(upload) -> tuple[bytes, str, str]:
    """The reply's bytes, content type and extension, if it is a PDF, JPEG or PNG within the size
    limit: judged by its name AND its content (never by what the browser claims)."""
    import io
    import os

    from PIL import Image, UnidentifiedImageError

    name = os.path.basename(getattr(upload, "name", "") or "")
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in _REPLY_TYPES:
        raise ValidationError({"file": _g("Attach the reply as a PDF, JPEG or PNG file.")})
    if (getattr(upload, "size", 0) or 0) > MAX_REPLY_BYTES:
        raise ValidationError({"file": _g("The file is larger than %(mb)d MB.") % {"mb": MAX_REPLY_BYTES // 2**20}})
    data = upload.read(MAX_REPLY_BYTES + 1)
    if len(data) > MAX_REPLY_BYTES:
        raise ValidationError({"file": _g("The file is larger than %(mb)d MB.") % {"mb": MAX_REPLY_BYTES // 2**20}})
    content_type = _REPLY_TYPES[suffix]
    if content_type == "application/pdf":
        if not data.startswith(b"%PDF-"):
            raise ValidationError({"file": _g("This file is not a PDF.")})
    else:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                found = image.format
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            found = None
        if found not in ("JPEG", "PNG") or _REPLY_TYPES[suffix] != f"image/{found.lower()}":
            raise ValidationError({"file": _g("This file is not the image its name says.")})
    return data, content_type, suffix


@transaction.atomic
def letter_reply_add(*, actor, letter: Letter, upload, received_on: date | None = None):
    """Attach an agency's reply (PDF or image) to a sent letter, stored privately."""
    from ..models import LetterReply

    letter = _locked(actor, letter)
    if letter.state == LetterState.DRAFTED:
        raise ValidationError(_g("A reply belongs to a letter that was sent."))
    received_on = received_on or timezone.localdate()
    _not_future(received_on, "received_on")
    data, content_type, suffix = reply_check(upload)
    name = (upload.name or "reply").rsplit("/", 1)[-1][:200]
    reply = LetterReply(letter=letter, original_name=name, content_type=content_type, size=len(data),
                        received_on=received_on, uploaded_by=actor, file="pending")
    reply.full_clean(exclude=["file"])
    reply.file = media_save(folder=REPLIES_FOLDER, suffix=suffix, content=data)
    reply._history_user = actor
    try:
        reply.save()
    except Exception:  # no row, no file
        media_path(reply.file, folder=REPLIES_FOLDER).unlink(missing_ok=True)
        raise
    return reply


# --------------------------------------------------------------------------- reminders


def letters_remind(*, today: date | None = None) -> dict:
    """Daily: remind the cyber crime team of every overdue letter, and escalate letters overdue for
    more than LETTERS_ESCALATION_DAYS to the zone officers of the stations concerned.

    At most one reminder (and one escalation) per letter and day: a LetterReminder row, unique
    per letter, level and day, is written in the same transaction as the notifications.
    """
    from core.notifications import notification_send
    from core.roles import Role
    from stations.models import User

    from ..choices import ReminderLevel
    from ..models import LetterReminder
    from ..selectors import letter_zone_ids, letters_overdue

    today = today or timezone.localdate()
    cyber = list(User.objects.filter(role=Role.CYBER, is_active=True).order_by("pk"))
    counts = {"reminded": 0, "escalated": 0}
    for letter in letters_overdue(today=today):
        days = (today - letter.due_on).days
        url = reverse("verification:letter-detail", args=[letter.pk])
        steps = [(ReminderLevel.REMIND, cyber)]
        if days > escalation_days():
            zones = letter_zone_ids(letter)
            zone_officers = list(User.objects.filter(role=Role.ZONE, is_active=True, zone_id__in=zones).order_by("pk"))
            steps.append((ReminderLevel.ESCALATE, zone_officers))
        for level, users in steps:
            with transaction.atomic():
                _, created = LetterReminder.objects.get_or_create(
                    letter=letter, level=level, day=today, defaults={"recipients": len(users)}
                )
                if not created:
                    continue
                for user in users:
                    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
                        message = _reminder_message(letter, days, level)
                    notification_send(kind=f"letter-{level}", user=user, message=message, url=url)
            counts["reminded" if level == ReminderLevel.REMIND else "escalated"] += 1
    return counts


def _reminder_message(letter: Letter, days: int, level: str) -> str:
    from ..choices import ReminderLevel

    values = {"reference": letter.reference, "addressee": letter.addressee, "days": days,
              "due": letter.due_on.strftime("%d/%m/%Y")}
    if level == ReminderLevel.ESCALATE:
        return _g("Escalated: letter %(reference)s to %(addressee)s is unanswered %(days)d days after its due "
                  "date (%(due)s).") % values
    return _g("Letter %(reference)s to %(addressee)s is overdue by %(days)d days (due %(due)s).") % values
