"""Development settings: embedded defaults, nothing to install or start.

DATABASE_URL defaults to a SQLite file in the project folder, REDIS_URL to kombu's
filesystem transport (a folder), so `make run` works with no server; a real worker
still runs the jobs asynchronously.
"""

import secrets
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env("DEBUG", "1") == "1"
# Secrets and the embedded broker live here (ignored by git); tests point it at a temporary folder.
DATA_DIR = Path(env("LOCAL_DATA_DIR", str(BASE_DIR / ".local")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret(name: str) -> str:
    """Make a secret once and keep it in an ignored file, so sessions survive restarts."""
    path = DATA_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or _local_secret("secret_key")
IDENTITY_HASH_KEY = env("IDENTITY_HASH_KEY") or _local_secret("identity_hash_key")

if not env("REDIS_URL"):
    BROKER_DIR = DATA_DIR / "broker"
    BROKER_DIR.mkdir(exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }

# Development serves static files straight from the app folders (whitenoise finders):
# no collectstatic step, no compression.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
