"""No statement holds PostgreSQL longer than the caller can wait: a web request is cut at
DB_STATEMENT_TIMEOUT_WEB with a clear 503 page, a background job gets the longer limit."""
import pytest
from django.db import connection
from django.urls import reverse

from core import db

pytestmark = pytest.mark.django_db


@pytest.fixture
def short_web_limit():
    """What config/wsgi.py does, with a limit of 0.2 s, on the test's open connection."""
    db.statement_timeout_use(0.2)
    db.statement_timeout_apply(connection)  # inside the test's transaction: its rollback undoes the SET
    yield
    db.statement_timeout_use(None)


def _timeout_ms() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def _slow_summary(**kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2)")
    return {}


def test_a_new_connection_gets_the_processs_limit(short_web_limit):
    assert _timeout_ms() == "200ms"


def test_without_a_limit_nothing_is_set():
    db.statement_timeout_use(None)
    db.statement_timeout_apply(connection)
    assert _timeout_ms() == "0"


def test_a_page_that_runs_too_long_answers_a_clear_503(client, sho_a, short_web_limit, monkeypatch):
    monkeypatch.setattr("core.selectors.home_summary", _slow_summary)
    client.force_login(sho_a)
    response = client.get(reverse("home"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "took too long and was stopped" in page and "Traceback" not in page


def test_an_api_call_that_runs_too_long_answers_503_json(client, sho_a, short_web_limit, monkeypatch):
    monkeypatch.setattr("registry.api.views.CallCentreViewSet.list",
                        lambda self, request, *args, **kwargs: _slow_summary())
    client.force_login(sho_a)
    response = client.get(reverse("callcentre-list"))
    assert response.status_code == 503 and "took too long" in response.json()["detail"]


def test_the_web_entry_point_and_the_worker_ask_for_their_limits(settings, monkeypatch):
    asked = []
    monkeypatch.setattr(db, "statement_timeout_use", asked.append)
    from config.celery import _job_statement_timeout

    _job_statement_timeout()
    assert asked == [settings.DB_STATEMENT_TIMEOUT_JOB]
    import importlib

    import config.wsgi

    importlib.reload(config.wsgi)
    assert asked[-1] == settings.DB_STATEMENT_TIMEOUT_WEB == 30
    assert settings.DB_STATEMENT_TIMEOUT_JOB > settings.DB_STATEMENT_TIMEOUT_WEB
