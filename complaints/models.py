"""Victims' complaints and referrals, the identifiers they name, and what those identifiers link to.

A Complaint keeps only what the police need of the victim (country, amount, date). Each
Identifier (phone, UPI id, bank account, website, e-mail) is stored once, normalised
(complaints/normalise.py), and named by many complaints. A ComplaintLink records that a
complaint, through one of its identifiers, reaches a call centre, a person, a bust or an
earlier complaint, and how ("same normalised phone"). A complaint is in a station's scope
when it links to a call centre of that station; city roles see all.
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from .choices import ComplaintSource, IdentifierKind, ImportStatus, LinkHow

#: A complaint is seen by the stations (and zones) of the call centres it links to.
COMPLAINT_SCOPE = ScopePaths(station="links__call_centre__station", distinct=True)


class Identifier(models.Model):
    """A phone, UPI id, bank account, website or e-mail address named by complaints, normalised.

    `key` is what other records hold for the same thing (a bank account's digits; else the value).
    """

    kind = models.CharField(_("kind"), max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(_("normalised value"), max_length=300)
    key = models.CharField(_("matching key"), max_length=300, db_index=True, editable=False)
    complaint_count = models.PositiveIntegerField(_("complaints"), default=0, editable=False)

    # Identifiers are read by every police role; each complaint that names one keeps its own scope.
    scope_paths = ScopePaths(police_wide=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="unique_identifier_per_kind")]
        indexes = [models.Index(fields=["kind", "key"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class Complaint(TimeStampedModel):
    """A victim's complaint or a referral (NCRP, 1930, a foreign force, a company, a tip)."""

    source = models.CharField(_("source"), max_length=10, choices=ComplaintSource.choices)
    reference = models.CharField(_("reference number"), max_length=60)
    reported_on = models.DateField(_("reported on"), db_index=True)
    victim_country = models.CharField(_("victim's country"), max_length=60, blank=True)
    amount = models.DecimalField(
        _("amount lost"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    identifiers = models.ManyToManyField(
        Identifier, through="ComplaintIdentifier", related_name="complaints", verbose_name=_("identifiers")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = COMPLAINT_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(fields=["source", "reference"], name="unique_complaint_reference_per_source"),
            models.CheckConstraint(name="complaint_amount_not_negative", condition=Q(amount__isnull=True) | Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.reference}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.reported_on and self.reported_on > timezone.localdate():
            raise ValidationError({"reported_on": _("The date of the complaint cannot be in the future.")})


class ComplaintIdentifier(models.Model):
    """One identifier named by one complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="named")
    identifier = models.ForeignKey(Identifier, on_delete=models.PROTECT, related_name="named_by")

    scope_paths = ScopePaths(station="complaint__links__call_centre__station", distinct=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        verbose_name = _("identifier of a complaint")
        verbose_name_plural = _("identifiers of complaints")
        constraints = [models.UniqueConstraint(fields=["complaint", "identifier"], name="unique_identifier_per_complaint")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.identifier_id}"


class ComplaintLink(models.Model):
    """A complaint reaches a call centre, a person, a bust or an earlier complaint through an identifier."""

    complaint = models.ForeignKey(Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="links")
    identifier = models.ForeignKey(
        Identifier, verbose_name=_("identifier"), on_delete=models.CASCADE, related_name="links"
    )
    how = models.CharField(_("how"), max_length=10, choices=LinkHow.choices)
    call_centre = models.ForeignKey(
        "registry.CallCentre", verbose_name=_("call centre"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="complaint_links",
    )
    person = models.ForeignKey(
        "offenders.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="complaint_links",
    )
    bust = models.ForeignKey(
        "offenders.Bust", verbose_name=_("bust"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="complaint_links",
    )
    other_complaint = models.ForeignKey(
        Complaint, verbose_name=_("earlier complaint"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("linked"), default=timezone.now)

    scope_paths = ScopePaths(station="complaint__links__call_centre__station", distinct=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("complaint link")
        verbose_name_plural = _("complaint links")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "identifier", "call_centre", "person", "bust", "other_complaint"],
                name="unique_complaint_link", nulls_distinct=False,
            ),
            models.CheckConstraint(
                name="complaint_link_has_one_target",
                condition=(
                    Q(call_centre__isnull=False, person__isnull=True, bust__isnull=True, other_complaint__isnull=True)
                    | Q(call_centre__isnull=True, person__isnull=False, bust__isnull=True, other_complaint__isnull=True)
                    | Q(call_centre__isnull=True, person__isnull=True, bust__isnull=False, other_complaint__isnull=True)
                    | Q(call_centre__isnull=True, person__isnull=True, bust__isnull=True, other_complaint__isnull=False)
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["call_centre", "complaint"]),
            models.Index(fields=["person", "complaint"]),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} → {self.get_how_display()}"


def _import_path(instance, filename: str) -> str:
    return f"complaint-imports/{timezone.now():%Y/%m}/{filename}"


class ComplaintImport(TimeStampedModel):
    """An uploaded file of complaints: checked into a preview (rows and their errors), then saved all or nothing."""

    file = models.FileField(_("file"), upload_to=_import_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PARSING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_new = models.PositiveIntegerField(_("new"), default=0)
    rows_known = models.PositiveIntegerField(_("already recorded"), default=0)
    rows_error = models.PositiveIntegerField(_("errors"), default=0)
    #: [{"line": n, "errors": [text]}] for the rows that cannot be saved (at most IMPORT_ERRORS_KEPT).
    errors = models.JSONField(_("errors"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    # Only the uploader (the cyber crime team) and city roles see an import.
    scope_paths = ScopePaths(owner="uploaded_by")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint import")
        verbose_name_plural = _("complaint imports")

    def __str__(self) -> str:
        return self.original_name
