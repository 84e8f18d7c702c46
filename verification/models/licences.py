"""The licence check: one record per permission a call centre may need (DOMAIN.md)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from ..choices import LicenceKind, LicenceStatus


class Licence(TimeStampedModel):
    """What the cyber crime team learnt of one permission of one call centre.

    One row per call centre and kind: a new answer updates it, and the history keeps
    every earlier answer. "Not required" is an answer, not an error (DoT stopped
    requiring OSP registration from November 2020: `not_required_from`).
    """

    call_centre = models.ForeignKey(
        "registry.CallCentre", verbose_name=_("call centre"), on_delete=models.CASCADE, related_name="licences"
    )
    kind = models.CharField(_("permission"), max_length=20, choices=LicenceKind.choices)
    status = models.CharField(_("finding"), max_length=20, choices=LicenceStatus.choices, default=LicenceStatus.PENDING)
    agency = models.CharField(_("issuing agency"), max_length=150, blank=True)
    number = models.CharField(_("licence number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    not_required_from = models.DateField(_("not required from"), null=True, blank=True)
    reference = models.CharField(_("letter or answer reference"), max_length=100, blank=True)
    checked_on = models.DateField(_("checked on"), default=timezone.localdate)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(station="call_centre__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["call_centre_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["call_centre", "kind"], name="one_licence_per_kind"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(issued_on__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="licence_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"

    @property
    def expired(self) -> bool:
        return (
            self.status == LicenceStatus.HELD and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        )

    def clean(self) -> None:
        errors = {}
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            errors["valid_until"] = _("A licence cannot expire before it was issued.")
        if self.status == LicenceStatus.HELD and not self.number.strip():
            errors["number"] = _("Give the number of the licence that is held.")
        if self.status != LicenceStatus.HELD and (self.issued_on or self.valid_until):
            errors["status"] = _("Dates of issue and validity belong to a licence that is held.")
        if self.not_required_from and self.status != LicenceStatus.NOT_REQUIRED:
            errors["not_required_from"] = _("Only a permission found “not required” has a date from which it is not required.")
        today = timezone.localdate()
        if self.issued_on and self.issued_on > today:
            errors["issued_on"] = _("The date of issue cannot be in the future.")
        if self.checked_on and self.checked_on > today:
            errors["checked_on"] = _("The date of the check cannot be in the future.")
        if errors:
            raise ValidationError(errors)
