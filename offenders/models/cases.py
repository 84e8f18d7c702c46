"""Busts (raids / cases), the sections of law they invoke, and their documents."""
from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from ..choices import LawCode, ModusOperandi
from ..photos import private_storage

FIR_PATTERN = re.compile(r"^(\d{1,4})\s*/\s*(\d{4})$")
#: An FIR may be registered in the year after the raid (a raid on 31 December) or,
#: rarely, be the FIR of the complaint filed the year before the raid.
FIR_YEAR_TOLERANCE = 1


def fir_normalize(raw: str) -> str:
    """"123/2020" -> "0123/2020". Raises ValidationError when it is not NNNN/YYYY."""
    match = FIR_PATTERN.match((raw or "").strip())
    if not match:
        raise ValidationError(_("Write the FIR number as number/year, e.g. 0123/2020."), code="fir_format")
    number, year = match.groups()
    if int(number) == 0:
        raise ValidationError(_("The FIR number cannot be 0000."), code="fir_format")
    return f"{int(number):04d}/{year}"


class LawSection(models.Model):
    """A section of law (reference data): IPC 420, BNS 318(4), IT Act 66D ...

    `equivalent` links an IPC section to the BNS section that replaced it (and back),
    so that records under either code can be read together.
    """

    code = models.CharField(_("code"), max_length=10, choices=LawCode.choices)
    section = models.CharField(_("section"), max_length=20)
    title = models.CharField(_("title"), max_length=200, blank=True)
    equivalent = models.ForeignKey(
        "self", verbose_name=_("equivalent section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audited()

    class Meta:
        ordering = ["code", "section"]
        verbose_name = _("section of law")
        verbose_name_plural = _("sections of law")
        constraints = [models.UniqueConstraint(fields=["code", "section"], name="unique_law_section")]

    def __str__(self) -> str:
        return f"{self.code} {self.section}"


class Bust(TimeStampedModel):
    """A raid on an illegal call centre and the case (FIR) registered for it.

    The FIR number is unique per station and year; it is stored as "NNNN/YYYY", so a
    unique (station, fir_number) says exactly that. When a call centre of the registry
    was raided, its status becomes "busted" (registry.services.callcentre_set_status)
    and its timeline shows the bust.
    """

    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("station"), on_delete=models.PROTECT, related_name="busts"
    )
    fir_number = models.CharField(_("FIR number"), max_length=9, help_text=_("Number/year, e.g. 0123/2020"))
    fir_year = models.PositiveSmallIntegerField(_("FIR year"), editable=False, db_index=True)
    raid_date = models.DateField(_("raid date"), db_index=True)
    call_centre = models.ForeignKey(
        "registry.CallCentre", verbose_name=_("call centre raided"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="busts",
    )
    place = models.CharField(_("place of the raid"), max_length=400, blank=True)
    sections = models.ManyToManyField(LawSection, verbose_name=_("sections of law"), blank=True, related_name="busts")
    modus_operandi = models.JSONField(_("modus operandi"), default=list, blank=True)
    victim_count = models.PositiveIntegerField(_("victims"), null=True, blank=True)
    victim_countries = models.JSONField(_("victims' countries"), default=list, blank=True)
    money_involved = models.DecimalField(
        _("money involved (INR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    computers_seized = models.PositiveIntegerField(_("computers seized"), default=0)
    phones_seized = models.PositiveIntegerField(_("phones seized"), default=0)
    sim_cards_seized = models.PositiveIntegerField(_("SIM cards seized"), default=0)
    cash_seized = models.DecimalField(
        _("cash seized (INR)"), max_digits=14, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    narrative = models.TextField(_("narrative"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited(m2m_fields=[sections])

    class Meta:
        ordering = ["-raid_date", "-pk"]
        verbose_name = _("bust")
        verbose_name_plural = _("busts")
        constraints = [
            models.UniqueConstraint(fields=["station", "fir_number"], name="unique_fir_per_station"),
            models.CheckConstraint(name="bust_money_not_negative", condition=Q(money_involved__isnull=True) | Q(money_involved__gte=0)),
            models.CheckConstraint(name="bust_cash_not_negative", condition=Q(cash_seized__gte=0)),
        ]
        indexes = [models.Index(fields=["station", "raid_date"])]

    def __str__(self) -> str:
        return f"FIR {self.fir_number}"

    def clean(self) -> None:
        errors = {}
        try:
            self.fir_number = fir_normalize(self.fir_number)
            self.fir_year = int(self.fir_number[-4:])
        except ValidationError as exc:
            errors["fir_number"] = exc.messages
        if self.raid_date and self.raid_date > timezone.localdate():
            errors["raid_date"] = [_("The raid date cannot be in the future.")]
        elif self.raid_date and self.fir_year and abs(self.fir_year - self.raid_date.year) > FIR_YEAR_TOLERANCE:
            errors["fir_number"] = [
                _("The FIR year (%(fir)s) does not match the raid date (%(raid)s).")
                % {"fir": self.fir_year, "raid": self.raid_date.year}
            ]
        bad = [tag for tag in self.modus_operandi or [] if tag not in ModusOperandi.values]
        if not isinstance(self.modus_operandi, list) or bad:
            errors["modus_operandi"] = [_("Unknown modus operandi.")]
        if not isinstance(self.victim_countries, list) or not all(isinstance(c, str) for c in self.victim_countries):
            errors["victim_countries"] = [_("Write the countries as a list of names.")]
        if errors:
            raise ValidationError(errors)

    def get_modus_operandi_display(self) -> list[str]:
        return [str(ModusOperandi(tag).label) for tag in self.modus_operandi if tag in ModusOperandi.values]


def _document_path(instance, filename: str) -> str:
    return f"busts/documents/{filename}"


class BustDocument(models.Model):
    """A document of a case (FIR copy, seizure memo, photographs): PDF, JPEG or PNG.

    Stored under a random name in private storage; downloaded only through the
    access-checked view `offenders:bust-document`.
    """

    bust = models.ForeignKey(Bust, verbose_name=_("bust"), on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=_document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    scope_paths = ScopePaths(station="bust__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return self.original_name
