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


class AccessAction(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported")
    API_READ = "api_read", _("Read through the API")
    REFUSED = "refused", _("Refused")


class AccessOutcome(models.TextChoices):
    ALLOWED = "allowed", _("Allowed")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class AccessLog(models.Model):
    """One read of personal data, sign-in or refusal: who, what, when, from where, with what outcome.

    Append-only: PostgreSQL refuses UPDATE and DELETE on the table (migration 0006), and each row
    carries `hash`, the SHA-256 of the previous row's hash and this row's canonical text
    (`core.auditchain.accesslog_canonical`), set by a database trigger under a lock; `manage.py
    verify_audit` recomputes the chain. Written only by `core.access.log_access`. The user is kept
    by id and name without a foreign-key constraint, so that no later change touches a row.
    """

    at = models.DateTimeField(_("when"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices, db_index=True)
    object_kind = models.CharField(_("kind of record"), max_length=40, blank=True, db_index=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    object_label = models.CharField(_("label"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=8, blank=True)
    path = models.CharField(_("address requested"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=AccessOutcome.choices)
    status = models.PositiveSmallIntegerField(_("answer code"), null=True, blank=True)
    seq = models.BigIntegerField(_("chain position"), null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["user", "at"], name="core_access_user_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.action} {self.object_kind} {self.object_id}"


class AuditChain(models.Model):
    """The hash chain over every history row (django-simple-history tables), one entry per row in the
    order rows were committed; written only by the database trigger of core.auditchain, read by
    `manage.py verify_audit`. Append-only like the rows it protects."""

    seq = models.BigIntegerField(_("chain position"), unique=True)
    table_name = models.CharField(_("table"), max_length=100)
    row_id = models.BigIntegerField(_("history row"))
    columns = models.TextField(_("columns"))  # comma-separated: the row's columns when it was chained
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("audit chain entry")
        verbose_name_plural = _("audit chain")
        indexes = [models.Index(fields=["table_name", "row_id"], name="core_auditchain_row")]

    def __str__(self) -> str:
        return f"{self.seq} {self.table_name} {self.row_id}"


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
