# Production image: gunicorn serving config.wsgi; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint needs Pango; Noto fonts render Hindi in PDFs; gettext compiles the catalogue;
# postgresql-client (15, like the server) gives pg_dump/pg_restore to manage.py backup/restore.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    fonts-noto-core gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# collectstatic needs settings but no secrets of value: throwaway values for the build step only.
RUN SECRET_KEY=build-only IDENTITY_HASH_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
 && python manage.py compilemessages -l hi --ignore=.venv \
 && useradd --create-home --uid 1000 registry \
 && mkdir -p /app/media /backups && chown registry /app/media /backups

USER registry
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
