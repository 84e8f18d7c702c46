"""Arrests made in busts, and prior records: arrests elsewhere that another force reported."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from ..choices import ArrestRole, Force, RecordSource


class Arrest(TimeStampedModel):
    """A person arrested in a bust, by the arresting station, with bail and release.

    Station scope follows the arresting station. A person's arrests across every station
    (for the repeat-offender flag and the person page) are read through the person, which
    every police role may read: see offenders.selectors.person_arrest_history.
    """

    person = models.ForeignKey("offenders.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="arrests")
    bust = models.ForeignKey("offenders.Bust", verbose_name=_("bust"), on_delete=models.PROTECT, related_name="arrests")
    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("arresting station"), on_delete=models.PROTECT, related_name="arrests"
    )
    arrested_on = models.DateField(_("arrested on"), db_index=True)
    role = models.CharField(_("role"), max_length=20, choices=ArrestRole.choices, default=ArrestRole.CALLER)
    bail_date = models.DateField(_("bail granted on"), null=True, blank=True)
    bail_court = models.CharField(_("bail granted by (court)"), max_length=200, blank=True)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-arrested_on", "-pk"]
        verbose_name = _("arrest")
        verbose_name_plural = _("arrests")
        constraints = [
            models.UniqueConstraint(fields=["person", "bust"], name="one_arrest_per_person_and_bust"),
            models.CheckConstraint(
                name="arrest_bail_after_arrest", condition=Q(bail_date__isnull=True) | Q(bail_date__gte=models.F("arrested_on"))
            ),
            models.CheckConstraint(
                name="arrest_release_after_arrest",
                condition=Q(released_on__isnull=True) | Q(released_on__gte=models.F("arrested_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.bust_id} ({self.arrested_on})"

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.arrested_on and self.arrested_on > today:
            errors["arrested_on"] = [_("The arrest date cannot be in the future.")]
        bust = self.bust if self.bust_id else None
        if bust and self.arrested_on and self.arrested_on < bust.raid_date:
            errors["arrested_on"] = [_("The arrest cannot be before the raid (%(date)s).") % {"date": bust.raid_date}]
        if self.bail_date and self.arrested_on and self.bail_date < self.arrested_on:
            errors["bail_date"] = [_("Bail cannot be granted before the arrest.")]
        if self.bail_date and self.bail_date > today:
            errors["bail_date"] = [_("The bail date cannot be in the future.")]
        if self.bail_date and not (self.bail_court or "").strip():
            errors["bail_court"] = [_("Name the court that granted bail.")]
        if self.released_on and self.arrested_on and self.released_on < self.arrested_on:
            errors["released_on"] = [_("The release cannot be before the arrest.")]
        if errors:
            raise ValidationError(errors)

    @property
    def on_bail(self) -> bool:
        return self.bail_date is not None


class PriorRecord(TimeStampedModel):
    """An earlier arrest of the person elsewhere (Delhi, Noida, Ghaziabad ...), as the other force knew it.

    Entered by hand or imported from CSV (offenders.services.prior_records_import_csv)
    by a station, which owns the row (`station`). Sections are kept as the other force
    wrote them.
    """

    person = models.ForeignKey(
        "offenders.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="prior_records"
    )
    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("entered by station"), on_delete=models.PROTECT,
        related_name="prior_records",
    )
    force = models.CharField(_("force"), max_length=20, choices=Force.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    police_station = models.CharField(_("police station"), max_length=150, blank=True)
    fir_number = models.CharField(_("FIR number"), max_length=40, blank=True)
    sections = models.CharField(_("sections"), max_length=300, blank=True, help_text=_("As the other force wrote them"))
    arrested_on = models.DateField(_("arrested on"), null=True, blank=True, db_index=True)
    role = models.CharField(_("role"), max_length=20, choices=ArrestRole.choices, blank=True)
    bail_date = models.DateField(_("bail granted on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=RecordSource.choices, default=RecordSource.MANUAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-arrested_on", "-pk"]
        verbose_name = _("prior record")
        verbose_name_plural = _("prior records")
        constraints = [
            models.CheckConstraint(
                name="prior_bail_after_arrest",
                condition=Q(bail_date__isnull=True) | Q(arrested_on__isnull=True) | Q(bail_date__gte=models.F("arrested_on")),
            ),
        ]

    def __str__(self) -> str:
        where = self.get_force_display()
        return f"{where} FIR {self.fir_number}" if self.fir_number else str(where)

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.arrested_on and self.arrested_on > today:
            errors["arrested_on"] = [_("The arrest date cannot be in the future.")]
        if self.bail_date and self.arrested_on and self.bail_date < self.arrested_on:
            errors["bail_date"] = [_("Bail cannot be granted before the arrest.")]
        if errors:
            raise ValidationError(errors)
