"""Shared bases: time-stamped model and the background Job row that pages poll."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .access import ScopedManager, ScopePaths
from .audit import audited


class TimeStampedModel(models.Model):
    """Adds creation and modification times."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class Job(TimeStampedModel):
    """Long work done in the background (imports, letter batches, bulletins, exports).

    The page that started it polls the row for its progress bar. A worker claims it
    with a conditional UPDATE (PENDING -> RUNNING), so a job runs at most once.
    """

    kind = models.CharField(_("kind"), max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="jobs"
    )
    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Delivery: the task that runs the job, when it was last handed to the broker (empty while
    # the broker was unreachable), the worker's last sign of life, and how many times it was claimed.
    task_name = models.CharField(_("task"), max_length=150, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    scope_paths = ScopePaths(station="station", owner="requested_by")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return int(100 * self.progress / self.total) if self.total else 0

    @property
    def is_done(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Notification(TimeStampedModel):
    """A message in a station's inbox (or one user's): reminders, new notices, bulletins."""

    kind = models.CharField(_("kind"), max_length=50)
    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("station"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.CharField(_("message"), max_length=500)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    scope_paths = ScopePaths(station="station", owner="user")
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                name="notification_has_recipient",
                condition=models.Q(station__isnull=False) | models.Q(user__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.message[:60]


class PasswordHistory(models.Model):
    """A password an account has had, as its hash (never the password): the last ones cannot be used
    again (core.accounts.passwords). Append-only; the change itself is in the user's audit trail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("past password")
        verbose_name_plural = _("past passwords")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%d/%m/%Y}"


class ApiToken(models.Model):
    """A key for the API (core.accounts.tokens). Only its SHA-256 digest is stored, with the first
    characters to tell tokens apart; it expires, and is revoked (deleted) when its owner logs out,
    changes their password or is disabled."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    prefix = models.CharField(_("first characters"), max_length=8)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    history = audited(excluded_fields=["digest", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"
