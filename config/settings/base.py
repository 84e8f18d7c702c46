"""Settings shared by every environment. Everything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """Read one setting from the environment (empty means unset)."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


IS_PRODUCTION = False
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "core",
    "stations",
    "registry",
    "offenders",
    "verification",
    "complaints",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sign-in rules (core/accounts): sessions end after 30 idle minutes or 12 hours, and the roles
    # that must use a second factor reach no page until they have given it.
    "core.accounts.sessions.SessionLifetimeMiddleware",
    "core.accounts.twofactor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.AuditSourceMiddleware",
    "core.middleware.PrivacyHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.AccessLogMiddleware",
    "core.middleware.DatabaseTroubleMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]



def database_options(config: dict) -> dict:
    """The connection options every settings module applies to its database.

    PostgreSQL: `jit = off` for the application's connections. The risk score and the dashboards'
    conditional aggregates are queries with many correlated subplans whose planner cost passes
    `jit_above_cost`, so PostgreSQL compiles them: at 50,000 call centres compiling took about 2 s of
    a 2.6 s dashboard query and made the risk queries about 4x slower, for queries that run in tens of
    milliseconds once planned (bench/RESULTS-dashboards.md, bench/RESULTS-inspections.md). Set per
    connection (libpq `options`), so it needs no change to postgresql.conf and leaves other clients alone.
    """
    if config.get("ENGINE") == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        existing = options.get("options", "")
        if "jit" not in existing:
            options["options"] = f"{existing} -c jit=off".strip()
    return config


DATABASES = {"default": database_options(dj_database_url.parse(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: the web server and the worker write concurrently, so wait
    # for the lock instead of failing, and take it up front.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A PostgreSQL streaming replica for reports, dashboards and exports (core/db_router.py): reads there
# only where a view opts in, and only until the request writes; writes always on the primary.
DATABASE_ROUTERS: list[str] = []
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(env("DATABASE_REPLICA_URL"))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
# PostgreSQL cancels a statement that runs longer than this many seconds: in a web request, and in a
# background job (core.db; management commands have no limit).
DB_STATEMENT_TIMEOUT_WEB = float(env("DB_STATEMENT_TIMEOUT_WEB", "30"))
DB_STATEMENT_TIMEOUT_JOB = float(env("DB_STATEMENT_TIMEOUT_JOB", "900"))

AUTH_USER_MODEL = "stations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.backends.RoleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Breached and police-themed passwords (core/accounts/breached_passwords.txt), and the last 5 used.
    {"NAME": "core.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "core.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"keep": 5}},
]
# Proxies (addresses or networks) whose X-Forwarded-For is believed (core.net.client_ip); empty: none.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Rows of the access log (core.AccessLog) are kept at least this long (no job removes younger ones).
ACCESS_LOG_KEEP_DAYS = int(env("ACCESS_LOG_KEEP_DAYS", "400"))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: the 5th failed login within 15 minutes locks the account (whatever the address) and,
# separately, the client address (whatever the account: password spraying) for 15 minutes. A success
# does not wipe the failures (an attacker holding one valid account could otherwise reset the address's
# count between guesses); they expire after AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"  # the proxy's header only from TRUSTED_PROXIES
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Sessions: signed out after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after signing
# in whatever the activity (core.accounts.sessions); the cookie dies with the browser.
SESSION_IDLE_MINUTES = 30
SESSION_MAX_HOURS = 12
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Merging persons, purging data and changing roles ask again for the password (and the second factor
# where the role needs one) when the last time it was given is older than this.
REAUTH_MINUTES = 10
# A second factor (TOTP app, with recovery codes) for these roles, and for anyone who enrolled one.
OTP_REQUIRED_ROLES = ["cyber", "commissioner", "zone", "admin"]
OTP_TOTP_ISSUER = "Call-centre registry"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows an authenticator's secret
# API tokens: only a hash is stored; each expires after API_TOKEN_DAYS (core.accounts.tokens).
API_TOKEN_DAYS = int(env("API_TOKEN_DAYS", "30"))
# Accounts without a sign-in (or API use) for this many days are disabled every night.
ACCOUNT_DORMANT_DAYS = 90

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first dates in both languages, and the input formats officers use (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: protected files go through access-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Media (uploads, exports, PDFs) in S3-compatible object storage when a bucket is configured, so that web
# and worker processes on several machines share them (django-storages; MinIO, Ceph, AWS S3...).
if env("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("MEDIA_S3_BUCKET"),
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL"),
            "region_name": env("MEDIA_S3_REGION"),
            "access_key": env("MEDIA_S3_ACCESS_KEY"),
            "secret_key": env("MEDIA_S3_SECRET_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Lists longer than this count with PostgreSQL's estimate ("about N"), not an exact COUNT (core/paging.py).
LIST_ESTIMATE_COUNT_ABOVE = int(env("LIST_ESTIMATE_COUNT_ABOVE", "100000"))

REST_FRAMEWORK = {
    # Token first: an unauthenticated API call answers 401 with WWW-Authenticate (not 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.ScopedActionPermission"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Call-centre registry API",
    "DESCRIPTION": "Gurugram police registry of call centres. Every list is scoped to the caller's station, zone or city role.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two apps have a field called "source" with different choices: name them apart.
    "ENUM_NAME_OVERRIDES": {
        "CallCentreSourceEnum": "registry.choices.CallCentreSource",
        "AgencyKindEnum": "verification.choices.AgencyKind",
        "LetterKindEnum": "verification.choices.LetterKind",
    },
}

# Celery: the broker comes from REDIS_URL; local settings fall back to an embedded broker.
CELERY_BROKER_URL = env("REDIS_URL")
CELERY_TASK_IGNORE_RESULT = True  # results live in core.Job rows, polled by the pages
CELERY_TASK_ACKS_LATE = True  # a message is acknowledged after its task ran: a killed worker's task is redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing fails fast when the broker is down: the job waits in the database (core.jobs).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Jobs that lose nothing (core.jobs.jobs_sweep, every minute): a pending job not claimed this many
# seconds after dispatch is queued again; a running job without a heartbeat this long is restarted.
JOB_DISPATCH_TIMEOUT = int(env("JOB_DISPATCH_TIMEOUT", "300"))
JOB_HEARTBEAT_TIMEOUT = int(env("JOB_HEARTBEAT_TIMEOUT", "600"))
JOB_MAX_ATTEMPTS = 3
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic schedule of the project, in one place (synced into django-celery-beat).
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["jobs-sweep"] = {"task": "core.tasks.jobs_sweep", "schedule": 60.0}
# Station returns: remind stations that have not submitted, escalate to zone officers (09:00 IST daily;
# CELERY_TIMEZONE is the project's Asia/Kolkata). Days of the month: RETURNS_REMINDER_DAY (default 5),
# RETURNS_ESCALATION_DAY (default 10), read with getattr in registry/services/returns.py.
CELERY_BEAT_SCHEDULE["returns-remind"] = {"task": "registry.tasks.returns_remind", "schedule": crontab(hour=9, minute=0)}
# Files of finished call-centre exports (EXPORT_KEEP_DAYS) and of returns printed in the background
# (RETURN_PDF_KEEP_DAYS, default 2, read with getattr) are deleted daily at 02:30 IST.
EXPORT_KEEP_DAYS = int(env("EXPORT_KEEP_DAYS", "2"))
CELERY_BEAT_SCHEDULE["exports-purge"] = {"task": "registry.tasks.exports_purge_task", "schedule": crontab(hour=2, minute=30)}
# Uploaded import files and their preview rows are deleted IMPORT_KEEP_DAYS after the upload (02:45 IST).
IMPORT_KEEP_DAYS = int(env("IMPORT_KEEP_DAYS", "7"))
CELERY_BEAT_SCHEDULE["imports-purge"] = {"task": "registry.tasks.imports_purge_task", "schedule": crontab(hour=2, minute=45)}
# Bulletin of repeat offenders: a new version for the city and each zone every Monday at 06:00 IST
# (offenders.tasks.bulletins_weekly_task; at most one scheduled version per audience and week).
CELERY_BEAT_SCHEDULE["bulletins-weekly"] = {
    "task": "offenders.tasks.bulletins_weekly_task", "schedule": crontab(day_of_week="mon", hour=6, minute=0),
}
# Inspections: every station's plan for the coming week, proposed each Friday at 07:00 IST so that zone
# officers can approve it before Monday (idempotent: one plan per station and week); visits whose date
# passed without an outcome are marked missed daily at 00:30 IST (they are carried into the next plan).
CELERY_BEAT_SCHEDULE["inspection-plans-weekly"] = {
    "task": "verification.tasks.inspection_plans_weekly_task", "schedule": crontab(day_of_week="fri", hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["inspections-mark-missed"] = {
    "task": "verification.tasks.inspections_mark_missed_task", "schedule": crontab(hour=0, minute=30),
}
# Dashboards: a one-paragraph summary with a link to the dashboard in the commissioner's and each zone
# officer's inbox, every Monday at 07:00 IST (dashboards.tasks.dashboards_weekly_task; one per officer and week).
# Dashboards: seconds a dashboard's figures are kept (per scope, unit, period, day and language) before
# being counted again; 0 counts on every request.
DASHBOARD_CACHE_SECONDS = int(env("DASHBOARD_CACHE_SECONDS", "0"))
CELERY_BEAT_SCHEDULE["dashboards-weekly"] = {
    "task": "dashboards.tasks.dashboards_weekly_task", "schedule": crontab(day_of_week="mon", hour=7, minute=0),
}
# Letters to agencies: daily reminders of overdue letters to the cyber crime team (08:30 IST), escalated to
# the zone officers concerned LETTERS_ESCALATION_DAYS after the due date (verification.services.letters).
LETTERS_ESCALATION_DAYS = int(env("LETTERS_ESCALATION_DAYS", "15"))
CELERY_BEAT_SCHEDULE["letters-remind"] = {
    "task": "verification.tasks.letters_remind", "schedule": crontab(hour=8, minute=30),
}

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from our own origin only,
# no inline script or style anywhere (templates keep theirs in static/), nothing framed, no plugins.
# Served files (photos, documents) carry their own stricter "default-src 'none'; sandbox".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its small icons as data: SVG
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Accounts unused for ACCOUNT_DORMANT_DAYS are disabled every night at 01:30 IST.
CELERY_BEAT_SCHEDULE["accounts-disable-dormant"] = {
    "task": "core.tasks.accounts_disable_dormant_task", "schedule": crontab(hour=1, minute=30),
}

SIMPLE_HISTORY_REVERT_DISABLED = True  # the audit trail is read-only in the admin
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Keyed hash for identity numbers (Aadhaar): never stored whole.
IDENTITY_HASH_KEY = env("IDENTITY_HASH_KEY")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
