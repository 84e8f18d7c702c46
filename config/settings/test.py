"""Test settings: the real services (PostgreSQL and Redis) the suite runs against."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, database_options, env

DATABASES["default"] = database_options(__import__("dj_database_url").parse(
    env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registry")
))
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", "test_registry")}
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
IDENTITY_HASH_KEY = "test-only-identity-hash-key"
CELERY_BROKER_URL = env("REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
MEDIA_ROOT = BASE_DIR / ".test-media"
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = BASE_DIR / ".test-static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing folder otherwise
AXES_VERBOSE = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"axes": {"level": "ERROR"}, "django.request": {"level": "ERROR"}},
}
# A second alias on the same test database, for tests of the replica router (core/db_router.py):
# nothing uses it unless a test installs the router (override_settings(DATABASE_ROUTERS=...)).
DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})
LIST_ESTIMATE_COUNT_ABOVE = int(env("LIST_ESTIMATE_COUNT_ABOVE", "0"))  # exact counts in tests (tests/registry/test_explain.py turns estimates on)
