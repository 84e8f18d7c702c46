"""Letters to agencies and other bodies, their enclosures, replies and reminders.

A letter's scope is the stations of the call centres it encloses: the cyber crime team and
the commissioner see every letter, a zone officer or SHO those naming their call centres.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from ..choices import AgencyKind, AnswerImportStatus, LetterKind, LetterLanguage, LetterState, ReminderLevel
from .agencies import Agency


class LetterSeries(models.Model):
    """The counter of one reference series (an agency's code, or a kind of body) and year.

    Numbers are allocated by locking this row (select_for_update) in the transaction that
    creates the letter: no two letters share a number and a rolled-back letter leaves no gap.
    """

    code = models.CharField(_("series"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    history = audited()  # every allocation is a history row: who took which number, when

    class Meta:
        verbose_name = _("letter reference series")
        verbose_name_plural = _("letter reference series")
        constraints = [models.UniqueConstraint(fields=["code", "year"], name="one_letter_series_per_year")]

    def __str__(self) -> str:
        return f"{self.code}/{self.year}: {self.last_number}"


class Letter(TimeStampedModel):
    """One letter: to an agency for a cycle of licence checks (with its enclosure table), or to
    another body (bank, telecom operator, landlord, another district's police).

    The deadline clock starts when the letter is sent: due = sent on + answer days.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=LetterKind.choices, default=LetterKind.BATCH)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    addressee_kind = models.CharField(_("addressed to"), max_length=20, choices=AgencyKind.choices)
    addressee = models.CharField(_("addressee"), max_length=200)
    addressee_address = models.TextField(_("address"), blank=True)
    cycle = models.CharField(_("cycle"), max_length=20, blank=True, help_text=_("e.g. 2026-12"))
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    dated = models.DateField(_("dated"), default=timezone.localdate)
    language = models.CharField(_("language"), max_length=2, choices=LetterLanguage.choices, default=LetterLanguage.EN)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    pdf = models.CharField(_("PDF"), max_length=200, blank=True)  # relative to MEDIA_ROOT (core.files)
    state = models.CharField(_("state"), max_length=15, choices=LetterState.choices, default=LetterState.DRAFTED)
    answer_days = models.PositiveSmallIntegerField(_("answer time (days)"), default=30)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    dispatch_number = models.CharField(_("dispatch number"), max_length=50, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_paths = ScopePaths(station="enclosures__call_centre__station", distinct=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-dated", "-pk"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            # One letter per agency and cycle: a retried or duplicated job finds it and adds nothing.
            models.UniqueConstraint(
                fields=["agency", "cycle"], condition=Q(kind=LetterKind.BATCH), name="one_letter_per_agency_cycle"
            ),
            models.CheckConstraint(
                condition=~Q(kind=LetterKind.BATCH) | Q(agency__isnull=False), name="batch_letter_has_agency"
            ),
            models.CheckConstraint(
                condition=Q(state=LetterState.DRAFTED) | Q(sent_on__isnull=False, due_on__isnull=False),
                name="sent_letter_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.addressee}"

    def is_overdue(self, today=None) -> bool:
        """Sent (or acknowledged) and not answered by its due date."""
        today = today or timezone.localdate()
        return self.state in (LetterState.SENT, LetterState.ACKNOWLEDGED) and self.due_on is not None and self.due_on < today


class LetterEnclosure(models.Model):
    """One call centre in a letter's enclosure table, as it read when the letter was drafted."""

    letter = models.ForeignKey(Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="enclosures")
    call_centre = models.ForeignKey(
        "registry.CallCentre", verbose_name=_("call centre"), on_delete=models.PROTECT, related_name="letter_enclosures"
    )
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    registration = models.CharField(_("company registration number"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=400, blank=True)
    phones = models.CharField(_("phones"), max_length=300, blank=True)

    scope_paths = ScopePaths(station="call_centre__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["letter_id", "name", "pk"]
        verbose_name = _("enclosed call centre")
        verbose_name_plural = _("enclosed call centres")
        constraints = [models.UniqueConstraint(fields=["letter", "call_centre"], name="one_enclosure_per_call_centre")]

    def __str__(self) -> str:
        return self.name


class LetterReply(models.Model):
    """A reply to a letter (PDF, JPEG or PNG), stored privately under MEDIA_ROOT/letter-replies/
    and served only by the access-checked view `verification:letter-reply`."""

    letter = models.ForeignKey(Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="replies")
    file = models.CharField(_("file"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    scope_paths = ScopePaths(station="letter__enclosures__call_centre__station", distinct=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return self.original_name


class LetterReminder(models.Model):
    """That a letter's overdue reminder (or escalation) went out on a day: at most one per letter,
    level and day, however often the task runs."""

    letter = models.ForeignKey(Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="reminders")
    level = models.CharField(_("level"), max_length=10, choices=ReminderLevel.choices)
    day = models.DateField(_("day"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    history = audited()

    class Meta:
        verbose_name = _("letter reminder")
        verbose_name_plural = _("letter reminders")
        constraints = [models.UniqueConstraint(fields=["letter", "level", "day"], name="one_reminder_per_letter_day")]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.level} {self.day}"


class AnswerImport(TimeStampedModel):
    """An agency's answer list (CSV or XLSX) read against the registry: each row matched to a call
    centre (by registration number, then normalised name and address), uncertain, or unmatched.
    Previewed first; saving records each matched row as a licence answer citing the letter."""

    letter = models.ForeignKey(Letter, verbose_name=_("letter"), on_delete=models.CASCADE, related_name="answer_imports")
    original_name = models.CharField(_("file name"), max_length=200)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AnswerImportStatus.choices,
                              default=AnswerImportStatus.PREVIEW)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("saved"), null=True, blank=True)

    scope_paths = ScopePaths(station="letter__enclosures__call_centre__station", distinct=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("answer list")
        verbose_name_plural = _("answer lists")

    def __str__(self) -> str:
        return self.original_name
