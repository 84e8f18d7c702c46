"""Production settings: secrets and services from the environment, no defaults for secrets."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import database_options, env


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production.")
    return value


IS_PRODUCTION = True
DEBUG = False
SECRET_KEY = required("SECRET_KEY")
IDENTITY_HASH_KEY = required("IDENTITY_HASH_KEY")
DATABASES = {"default": database_options(__import__("dj_database_url").parse(required("DATABASE_URL"), conn_max_age=60))}
CELERY_BROKER_URL = required("REDIS_URL")
ALLOWED_HOSTS = [h.strip() for h in required("ALLOWED_HOSTS").split(",") if h.strip()]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
