"""`make run`'s entry point (manage.py serve) on embedded defaults, in a temporary folder.

Starts the same command `make run` starts, on a free port, with no DATABASE_URL or
REDIS_URL (SQLite file + filesystem broker), fetches the login page and logs in as
sho-udyog-vihar, so the main command cannot break silently.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode

import pytest
from django.conf import settings

from stations.demo import DEMO_PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_run_entry_point_serves_login_and_sho_can_log_in(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        LOCAL_DATA_DIR=str(tmp_path / "local"),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = _wait_for_page(opener, f"{base}/login/", proc, log, timeout=180)
        assert "csrfmiddlewaretoken" in page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urlencode({"username": "sho-udyog-vihar", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(f"{base}/login/", data=data.encode(), headers={"Referer": f"{base}/login/"})
        home = opener.open(request, timeout=30).read().decode()
        assert 'data-testid="home-station"' in home, home[:2000]
        assert "sho-udyog-vihar" in home
        # The worker and beat are running beside the web server.
        time.sleep(2)
        assert proc.poll() is None
        log.seek(0)
        output = log.read()
        assert "celery@" in output and "beat: Starting" in output, output[-3000:]
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise AssertionError("Ctrl-C did not stop manage.py serve within 30 s")
    assert proc.returncode == 0


def _wait_for_page(opener, url, proc, log, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise AssertionError(f"serve exited early:\n{log.read()[-5000:]}")
        try:
            return opener.open(url, timeout=5).read().decode()
        except OSError:
            time.sleep(1)
    log.seek(0)
    raise AssertionError(f"{url} not served within {timeout}s:\n{log.read()[-5000:]}")
