"""Bulletins of repeat offenders: versioned PDFs shared with every station, and which station opened which.

A bulletin is made for the whole city or for one zone, weekly by the schedule and on demand
by the cyber crime team (offenders.services.bulletins). Each audience ("city", "zone-<id>") has its
own sequence of versions. Every station of the audience gets a message in its inbox, and the
first time an officer of a station opens a version, a BulletinReceipt records it.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from ..choices import BulletinScope, BulletinTrigger
from ..photos import private_storage


def audience_key_of(scope: str, zone_id: int | None) -> str:
    """The key of a bulletin's audience: "city", or "zone-<id>" for one zone's stations."""
    return "city" if scope == BulletinScope.CITY else f"zone-{zone_id}"


def _bulletin_path(instance, filename: str) -> str:
    return f"bulletins/{filename}"


class Bulletin(TimeStampedModel):
    """One published version of the bulletin of repeat offenders, for the city or for one zone.

    Bulletins are readable by every police role (`police_wide`): the list of repeat offenders
    is shared with all police stations, and what it shows (persons and their arrest history)
    is readable city-wide through the persons anyway. A station's inbox announces the city
    bulletin and its zone's. Nobody edits a bulletin: a correction is a new version.

    The PDF lives in private storage and is served only by `offenders:bulletin-download`,
    which checks access and records the station's receipt.
    """

    scope = models.CharField(_("for"), max_length=10, choices=BulletinScope.choices)
    zone = models.ForeignKey(
        "stations.Zone", verbose_name=_("zone"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="bulletins",
    )
    audience_key = models.CharField(_("audience"), max_length=30, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("version"))
    week = models.DateField(_("week of"), help_text=_("Monday of the week the version was made in"))
    trigger = models.CharField(_("made by"), max_length=10, choices=BulletinTrigger.choices)
    pdf = models.FileField(_("PDF"), upload_to=_bulletin_path, storage=private_storage, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    offender_count = models.PositiveIntegerField(_("repeat offenders listed"), default=0)
    generated_at = models.DateTimeField(_("generated"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    job = models.ForeignKey(
        "core.Job", verbose_name=_("background job"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(zone="zone", police_wide=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-generated_at", "-pk"]
        verbose_name = _("bulletin of repeat offenders")
        verbose_name_plural = _("bulletins of repeat offenders")
        permissions = [
            ("generate_bulletin", _("Can generate a bulletin of repeat offenders on demand")),
            # The other intelligence product of the cyber crime team lives here with the bulletin.
            ("view_masterminds", _("Can see the ranking of likely masterminds")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["audience_key", "version"], name="one_bulletin_per_audience_version"),
            # The weekly schedule makes at most one version per audience and week (idempotent task).
            models.UniqueConstraint(
                fields=["audience_key", "week"], condition=Q(trigger=BulletinTrigger.SCHEDULED),
                name="one_scheduled_bulletin_per_week",
            ),
            models.CheckConstraint(
                name="bulletin_zone_matches_scope",
                condition=(Q(scope=BulletinScope.CITY) & Q(zone__isnull=True))
                | (Q(scope=BulletinScope.ZONE) & Q(zone__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return _("%(audience)s, version %(version)s") % {"audience": self.audience_label, "version": self.version}

    @property
    def audience_label(self) -> str:
        """"Gurugram city" or the zone's name (select_related("zone") in lists)."""
        if self.scope == BulletinScope.CITY:
            return str(_("Gurugram city"))
        return str(self.zone) if self.zone_id else ""

    def clean(self) -> None:
        if self.scope == BulletinScope.ZONE and not self.zone_id:
            raise ValidationError({"zone": _("Choose the zone.")})
        if self.scope == BulletinScope.CITY and self.zone_id:
            raise ValidationError({"zone": _("A bulletin for the city has no zone.")})
        self.audience_key = audience_key_of(self.scope, self.zone_id)


class BulletinReceipt(TimeStampedModel):
    """A station opened a bulletin version: who first, when, and how often since.

    Made by offenders.services.bulletins.bulletin_receipt_record when an officer of the station opens
    the PDF; the cyber crime team reads the receipts of each version.
    """

    bulletin = models.ForeignKey(Bulletin, verbose_name=_("bulletin"), on_delete=models.CASCADE, related_name="receipts")
    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("station"), on_delete=models.PROTECT, related_name="bulletin_receipts"
    )
    first_opened_at = models.DateTimeField(_("first opened"))
    first_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("first opened by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    last_opened_at = models.DateTimeField(_("last opened"))
    open_count = models.PositiveIntegerField(_("times opened"), default=1)

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["first_opened_at", "pk"]
        verbose_name = _("bulletin receipt")
        verbose_name_plural = _("bulletin receipts")
        constraints = [models.UniqueConstraint(fields=["bulletin", "station"], name="one_receipt_per_station_bulletin")]

    def __str__(self) -> str:
        return f"{self.bulletin_id} @ {self.station_id}"
