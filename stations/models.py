"""Zones, police stations, localities and the officer accounts."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel
from core.roles import Role


class Zone(TimeStampedModel):
    """A police zone of the commissionerate (East, West, South, Manesar)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    scope_paths = ScopePaths(station="stations", zone="pk", distinct=True)
    objects = ScopedQuerySet.as_manager()
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self) -> str:
        return self.name


class PoliceStation(TimeStampedModel):
    """A police station; its SHO keeps the list of call centres in its jurisdiction."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="stations")
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    scope_paths = ScopePaths(station="pk", zone="zone")
    objects = ScopedQuerySet.as_manager()
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("police station")
        verbose_name_plural = _("police stations")

    def __str__(self) -> str:
        return self.name


class Locality(TimeStampedModel):
    """A locality (sector, phase, village, industrial area) covered by one station."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    station = models.ForeignKey(
        PoliceStation, verbose_name=_("station"), on_delete=models.PROTECT, related_name="localities"
    )
    aliases = models.CharField(_("other spellings"), max_length=300, blank=True, help_text=_("Separated by ;"))
    pin_code = models.CharField(_("PIN code"), max_length=6, blank=True)
    is_hotspot = models.BooleanField(_("hotspot"), default=False)
    # Where the locality lies (WGS 84 degrees), for the dashboards' hotspot map; unknown is allowed.
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    scope_paths = ScopePaths(station="station")
    objects = ScopedQuerySet.as_manager()
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("locality")
        verbose_name_plural = _("localities")

    def __str__(self) -> str:
        return self.name


class ScopedUserManager(UserManager.from_queryset(ScopedQuerySet)):
    """The user manager, with the access rule."""


class User(AbstractUser):
    """An officer or association member. One role; a station or zone where the role needs one."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STATION)
    station = models.ForeignKey(
        PoliceStation,
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    scope_paths = ScopePaths(station="station", zone="zone")
    objects = ScopedUserManager()
    history = audited(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_station_role_has_station",
                condition=~Q(role=Role.STATION) | Q(station__isnull=False),
            ),
            models.CheckConstraint(
                name="user_zone_role_has_zone",
                condition=~Q(role=Role.ZONE) | Q(zone__isnull=False),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.STATION and not self.station_id:
            raise ValidationError({"station": _("A station officer must belong to a station.")})
        if self.role == Role.ZONE and not self.zone_id:
            raise ValidationError({"zone": _("A zone officer must belong to a zone.")})
        if self.role != Role.STATION:
            self.station = None
        if self.role != Role.ZONE:
            self.zone = None

    @property
    def scope_label(self) -> str:
        """Where this user's view of the registry reaches, for the page header."""
        if self.role == Role.STATION and self.station_id:
            return str(self.station)
        if self.role == Role.ZONE and self.zone_id:
            return str(self.zone)
        if self.role == Role.ASSOCIATION:
            return self.organisation or str(_("Own submissions"))
        return str(_("Gurugram city"))
