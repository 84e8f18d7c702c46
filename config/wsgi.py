"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# A web request never holds PostgreSQL longer than this (core.db).
from django.conf import settings  # noqa: E402

from core.db import statement_timeout_use  # noqa: E402

statement_timeout_use(settings.DB_STATEMENT_TIMEOUT_WEB)
