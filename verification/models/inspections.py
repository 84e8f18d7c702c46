"""Inspections: each station's capacity, its weekly plan of visits, and what each visit found."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel
from offenders.photos import private_storage

from ..choices import InspectionResult, InspectionStatus, PlanStatus

#: Visits a station makes per day when nobody has set its capacity.
DEFAULT_VISITS_PER_DAY = 3
#: Days of the plan week on which visits are planned (Monday to Saturday).
PLAN_DAYS = 6


class InspectionCapacity(TimeStampedModel):
    """How many visits a station's teams can make in a day (edited by administrators).

    A station without a row plans DEFAULT_VISITS_PER_DAY. Kept apart from the station
    model so that the stations app knows nothing of inspections.
    """

    station = models.OneToOneField(
        "stations.PoliceStation", verbose_name=_("station"), on_delete=models.CASCADE, related_name="inspection_capacity"
    )
    visits_per_day = models.PositiveSmallIntegerField(
        _("visits per day"), default=DEFAULT_VISITS_PER_DAY, validators=[MinValueValidator(0), MaxValueValidator(50)]
    )

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["station__name"]
        verbose_name = _("inspection capacity")
        verbose_name_plural = _("inspection capacities")
        constraints = [models.CheckConstraint(name="capacity_sane", condition=Q(visits_per_day__lte=50))]

    def __str__(self) -> str:
        return f"{self.station}: {self.visits_per_day}"


class InspectionPlan(TimeStampedModel):
    """A station's visits for one week (Monday `week` to Saturday), highest risk first.

    One plan per station and week (the planner can run twice and find it there). The
    cyber crime team or the station's zone officer approves it.
    """

    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("station"), on_delete=models.PROTECT, related_name="inspection_plans"
    )
    week = models.DateField(_("week starting"), help_text=_("The Monday of the plan's week"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PROPOSED)
    visits_per_day = models.PositiveSmallIntegerField(_("visits per day"), default=DEFAULT_VISITS_PER_DAY)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-week", "station__name"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        permissions = [("approve_inspectionplan", _("Can approve inspection plans"))]
        constraints = [
            models.UniqueConstraint(fields=["station", "week"], name="one_inspection_plan_per_station_week"),
        ]

    def __str__(self) -> str:
        return f"{self.station} {self.week:%d/%m/%Y}"

    @property
    def week_end(self):
        """The last day on which the plan's visits are planned (Saturday)."""
        return self.week + timedelta(days=PLAN_DAYS - 1)

    def clean(self) -> None:
        if self.week and self.week.weekday() != 0:
            raise ValidationError({"week": _("A plan's week starts on a Monday.")})


class Inspection(TimeStampedModel):
    """One planned visit of a call centre, and what the team found there.

    `risk_score` and `risk_reasons` keep why the planner chose it (the weights of the day).
    A visit missed in one plan is carried into the next one (`carried_from`).
    The checklist is a dict: {"permissions": {kind: PermissionSeen}, "lease"/"staff_verification"/
    "call_records": YesNo, "customer_source": text, "payment_mode": text}.
    """

    plan = models.ForeignKey(InspectionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="inspections")
    call_centre = models.ForeignKey(
        "registry.CallCentre", verbose_name=_("call centre"), on_delete=models.PROTECT, related_name="inspections"
    )
    planned_date = models.DateField(_("planned date"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    officers = models.CharField(_("officers assigned"), max_length=300, blank=True,
                                help_text=_("Names or belt numbers"))
    status = models.CharField(
        _("status"), max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED, db_index=True
    )
    risk_score = models.PositiveSmallIntegerField(_("risk score"), default=0)
    risk_reasons = models.JSONField(_("why it was planned"), default=list, blank=True)
    carried_from = models.OneToOneField(
        "self", verbose_name=_("carried from"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="carried_to",
    )
    reschedule_reason = models.CharField(_("reason for rescheduling"), max_length=300, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=InspectionResult.choices, blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(station="plan__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["planned_date", "order", "pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.UniqueConstraint(fields=["plan", "call_centre"], name="one_inspection_per_plan_call_centre"),
            models.CheckConstraint(
                name="inspection_done_has_result",
                condition=~Q(status=InspectionStatus.DONE) | (Q(visited_on__isnull=False) & ~Q(result="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_centre_id} {self.planned_date:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.status in (InspectionStatus.PLANNED, InspectionStatus.RESCHEDULED)


class InspectionPhoto(TimeStampedModel):
    """A photograph taken at an inspection: checked and re-encoded (offenders.photos), stored privately."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE,
                                   related_name="photos")
    key = models.UUIDField(_("key"), unique=True, editable=False)
    image = models.FileField(_("photograph"), upload_to="inspections/photos/", storage=private_storage)
    thumbnail = models.FileField(_("thumbnail"), upload_to="inspections/photos/", storage=private_storage)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)

    scope_paths = ScopePaths(station="inspection__plan__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("inspection photograph")
        verbose_name_plural = _("inspection photographs")

    def __str__(self) -> str:
        return str(self.key)
