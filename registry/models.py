"""The registry: call centres, their premises and phones, station returns, notices, imports."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from .choices import (
    CallCentreSource,
    CallCentreStatus,
    Direction,
    EntryAction,
    ImportStatus,
    NoticeStatus,
    ReturnStatus,
    RowOutcome,
    Service,
)


class Premises(TimeStampedModel):
    """A rented or owned space; keeps the history of the call centres that occupied it.

    `address_key` is the normalised address (registry.addresses) used to find the same
    premises written differently ("Sec-14" = "Sector 14", "Gurgaon" = "Gurugram").
    """

    address_raw = models.CharField(_("address as written"), max_length=400)
    plot = models.CharField(_("plot / house"), max_length=50, blank=True)
    floor = models.CharField(_("floor"), max_length=30, blank=True)
    building = models.CharField(_("building"), max_length=150, blank=True)
    sector = models.CharField(_("phase / sector"), max_length=50, blank=True)
    locality = models.ForeignKey(
        "stations.Locality", verbose_name=_("locality"), on_delete=models.PROTECT, related_name="premises"
    )
    city = models.CharField(_("city"), max_length=50, default="Gurugram")
    pin_code = models.CharField(_("PIN code"), max_length=6, blank=True)
    address_key = models.CharField(_("normalised address"), max_length=400, db_index=True)
    landlord_name = models.CharField(_("landlord"), max_length=150, blank=True)
    landlord_phone = models.CharField(_("landlord's phone"), max_length=10, blank=True, db_index=True)
    #: Who the landlord is, for "landlords who let to several": the phone when known, else the
    #: normalised name ("n:<name_key>"); empty when neither is known. Set by the services.
    landlord_key = models.CharField(_("landlord key"), max_length=160, blank=True, db_index=True, editable=False)
    lease_start = models.DateField(_("lease start"), null=True, blank=True)
    lease_end = models.DateField(_("lease end"), null=True, blank=True)
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)

    scope_paths = ScopePaths(station="locality__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        constraints = [
            models.CheckConstraint(
                name="premises_lease_order",
                condition=Q(lease_end__isnull=True) | Q(lease_start__isnull=True) | Q(lease_end__gte=models.F("lease_start")),
            )
        ]

    def __str__(self) -> str:
        return self.address_raw

    def clean(self) -> None:
        if self.lease_start and self.lease_end and self.lease_end < self.lease_start:
            raise ValidationError({"lease_end": _("The lease cannot end before it starts.")})


class CallCentre(TimeStampedModel):
    """One call centre of the city, as the registry knows it."""

    name = models.CharField(_("name"), max_length=200)
    trading_names = models.CharField(_("trading names"), max_length=400, blank=True, help_text=_("Separated by ;"))
    name_key = models.CharField(_("normalised name"), max_length=200, db_index=True, editable=False)
    company_name = models.CharField(_("operating company"), max_length=200, blank=True)
    company_registration = models.CharField(_("company registration number"), max_length=50, blank=True)
    company_key = models.CharField(_("normalised company"), max_length=200, blank=True, db_index=True, editable=False)
    premises = models.ForeignKey(
        Premises, verbose_name=_("premises"), null=True, blank=True, on_delete=models.PROTECT, related_name="call_centres"
    )
    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("station"), on_delete=models.PROTECT, related_name="call_centres"
    )
    direction = models.CharField(_("calls"), max_length=10, choices=Direction.choices, blank=True)
    service = models.CharField(_("service"), max_length=30, choices=Service.choices, blank=True)
    markets = models.JSONField(_("markets served"), default=list, blank=True, help_text=_("Countries"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)
    shift_start = models.TimeField(_("shift starts"), null=True, blank=True)
    shift_end = models.TimeField(_("shift ends"), null=True, blank=True)
    night_shift = models.BooleanField(_("night shift"), default=False, help_text=_("Works at night (towards foreign markets)"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("closed or vacated on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=30, choices=CallCentreSource.choices, default=CallCentreSource.STATION_SURVEY)
    status = models.CharField(
        _("status"), max_length=30, choices=CallCentreStatus.choices, default=CallCentreStatus.REPORTED, db_index=True
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("call centre")
        verbose_name_plural = _("call centres")
        indexes = [
            models.Index(fields=["station", "status"]),
            models.Index(fields=["name", "id"], name="registry_cc_name_id"),  # the lists' default order
        ]
        permissions = [
            ("merge_callcentre", _("Can merge duplicate call centres")),
            ("unmerge_callcentre", _("Can undo a merge of call centres")),
            ("reassign_callcentre", _("Can set a call centre's station other than its locality's")),
        ]
        constraints = [
            models.CheckConstraint(name="callcentre_seats_sane", condition=Q(seats__isnull=True) | Q(seats__lte=100000)),
            models.CheckConstraint(
                name="callcentre_not_merged_into_itself", condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("pk"))
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.started_on and self.started_on > timezone.localdate():
            raise ValidationError({"started_on": _("The start date cannot be in the future.")})
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A call centre cannot close before it started.")})


class CallCentrePhone(models.Model):
    """A phone number of a call centre, normalised to 10 digits."""

    call_centre = models.ForeignKey(CallCentre, verbose_name=_("call centre"), on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone"), max_length=10, db_index=True)

    scope_paths = ScopePaths(station="call_centre__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [models.UniqueConstraint(fields=["call_centre", "number"], name="unique_phone_per_call_centre")]

    def __str__(self) -> str:
        return self.number


class StatusChange(models.Model):
    """One step of a call centre's status history (shown on its timeline)."""

    call_centre = models.ForeignKey(CallCentre, verbose_name=_("call centre"), on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=30, choices=CallCentreStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=CallCentreStatus.choices)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    scope_paths = ScopePaths(station="call_centre__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Occupancy(models.Model):
    """A call centre's stay at a premises (the premises' history of occupants).

    A call centre may stay at the same premises twice (it left and came back), and a merge
    moves the absorbed record's stays to the survivor, so (premises, call centre) is not unique.
    """

    premises = models.ForeignKey(Premises, verbose_name=_("premises"), on_delete=models.CASCADE, related_name="occupancies")
    call_centre = models.ForeignKey(CallCentre, verbose_name=_("call centre"), on_delete=models.CASCADE, related_name="occupancies")
    moved_in = models.DateField(_("moved in"), null=True, blank=True)
    moved_out = models.DateField(_("moved out"), null=True, blank=True)

    scope_paths = ScopePaths(station="call_centre__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["moved_in", "pk"]
        verbose_name = _("occupancy")
        verbose_name_plural = _("occupancies")

    def __str__(self) -> str:
        return f"{self.call_centre_id}@{self.premises_id}"


class Merge(TimeStampedModel):
    """Two records found to be one call centre: `merged` now points at `survivor`.

    `moved` records what the merge moved (phones, occupancies, return entries, notices)
    so that an administrator can undo it exactly.
    """

    survivor = models.ForeignKey(CallCentre, verbose_name=_("kept record"), on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey(CallCentre, verbose_name=_("merged record"), on_delete=models.PROTECT, related_name="merges_absorbed")
    reasons = models.JSONField(_("reasons"), default=list, blank=True)  # empty: the team judged it by hand
    moved = models.JSONField(_("what moved"), default=dict, blank=True)
    previous_status = models.CharField(_("status before the merge"), max_length=30, choices=CallCentreStatus.choices)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.PROTECT, related_name="+")
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("undone by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_paths = ScopePaths(station="survivor__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"


class NotDuplicate(TimeStampedModel):
    """Two records the cyber crime team judged to be different call centres: the pair is
    never proposed as a duplicate again. Undoing the decision deletes the row (the history
    keeps it). `a` is the record with the smaller id."""

    a = models.ForeignKey(CallCentre, verbose_name=_("record"), on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(CallCentre, verbose_name=_("other record"), on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_paths = ScopePaths(station="a__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("decision: not a duplicate")
        verbose_name_plural = _("decisions: not duplicates")
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="one_not_duplicate_decision_per_pair"),
            models.CheckConstraint(name="not_duplicate_pair_ordered", condition=Q(a__lt=F("b"))),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} ≠ {self.b_id}"


class StationReturn(TimeStampedModel):
    """A station's list of the call centres in its jurisdiction for one period (a month by default)."""

    station = models.ForeignKey("stations.PoliceStation", verbose_name=_("station"), on_delete=models.PROTECT, related_name="returns")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(_("status"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    is_nil = models.BooleanField(_("nil return"), default=False, help_text=_("No call centre operates in the jurisdiction."))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    remarks = models.TextField(_("remarks"), blank=True)

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-period_start", "station__name"]
        verbose_name = _("station return")
        verbose_name_plural = _("station returns")
        permissions = [("review_stationreturn", _("Can accept or send back station returns"))]
        constraints = [
            models.UniqueConstraint(fields=["station", "period_start"], name="one_return_per_station_period"),
            models.CheckConstraint(name="return_period_order", condition=Q(period_end__gte=models.F("period_start"))),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.period_start:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        """Submitted and accepted returns cannot be edited; sent-back ones can."""
        return self.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


class ReturnEntry(TimeStampedModel):
    """One call centre on a station return: operating, or closed since the last return."""

    station_return = models.ForeignKey(StationReturn, verbose_name=_("return"), on_delete=models.CASCADE, related_name="entries")
    call_centre = models.ForeignKey(CallCentre, verbose_name=_("call centre"), on_delete=models.PROTECT, related_name="return_entries")
    action = models.CharField(_("entry"), max_length=10, choices=EntryAction.choices, default=EntryAction.LISTED)
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)

    scope_paths = ScopePaths(station="station_return__station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["call_centre__name"]
        verbose_name = _("return entry")
        verbose_name_plural = _("return entries")
        constraints = [models.UniqueConstraint(fields=["station_return", "call_centre"], name="one_entry_per_call_centre")]

    def __str__(self) -> str:
        return f"{self.station_return_id}:{self.call_centre_id}"


class AssociationNotice(TimeStampedModel):
    """An industrial association's notice of a new call-centre set-up."""

    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="notices")
    organisation = models.CharField(_("association"), max_length=150, blank=True)
    name = models.CharField(_("call centre name"), max_length=200)
    company_name = models.CharField(_("company"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=400)
    locality = models.ForeignKey("stations.Locality", verbose_name=_("locality"), on_delete=models.PROTECT, related_name="notices")
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=10)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    call_centre = models.ForeignKey(
        CallCentre, verbose_name=_("call centre"), null=True, blank=True, on_delete=models.PROTECT, related_name="notices"
    )

    scope_paths = ScopePaths(station="locality__station", owner="submitted_by")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("association notice")
        verbose_name_plural = _("association notices")

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        """The notice's status follows its call centre's, in the association's terms."""
        from .choices import CallCentreStatus as S

        cc_status = self.call_centre.status if self.call_centre_id else S.REPORTED
        if cc_status == S.REPORTED:
            return NoticeStatus.RECEIVED
        if cc_status in (S.UNDER_VERIFICATION, S.NON_COMPLIANT):
            return NoticeStatus.UNDER_VERIFICATION
        if cc_status == S.COMPLIANT:
            return NoticeStatus.VERIFIED
        return NoticeStatus.CLOSED


class ImportBatch(TimeStampedModel):
    """An uploaded CSV/XLSX of call centres: checked row by row, saved only on confirmation."""

    station = models.ForeignKey("stations.PoliceStation", verbose_name=_("station"), on_delete=models.PROTECT, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PARSING)
    station_return = models.ForeignKey(
        StationReturn, verbose_name=_("return"), null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_new = models.PositiveIntegerField(_("new"), default=0)
    rows_duplicate = models.PositiveIntegerField(_("possible duplicates"), default=0)
    rows_error = models.PositiveIntegerField(_("errors"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    job = models.ForeignKey("core.Job", verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    scope_paths = ScopePaths(station="station")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name


class ImportRow(models.Model):
    """One checked row of an import, shown in the preview. Not audited row by row:
    the batch is, and confirmed rows become audited call centres."""

    batch = models.ForeignKey(ImportBatch, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("line"))
    data = models.JSONField(_("values"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=RowOutcome.choices)
    messages = models.JSONField(_("messages"), default=list, blank=True)
    duplicate_of = models.ForeignKey(
        CallCentre, verbose_name=_("possible duplicate of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_paths = ScopePaths(station="batch__station")
    objects = ScopedManager()

    class Meta:
        ordering = ["line"]
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        constraints = [models.UniqueConstraint(fields=["batch", "line"], name="unique_import_line")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line}"
