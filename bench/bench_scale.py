"""Benchmark: every page of issue 16 at city scale against state scale, from one run.

Two databases, migrated like production: CITY (the demo: `seed_demo`) and STATE (the same demo
grown with `seed_scale --stations 2000 --call-centres 200000 --persons 300000 --busts 30000`).
With --prepare they are made (a few minutes); else they must exist.

Measured through Django's test client, each page as the median of --runs samples taken
interleaved (city, state, city, state ...) after --warmup samples of each, so both scales see
the same noise; the ratio state / city is what counts. Then:
  api-vs-sql  /api/call-centres/?page_size=1000 (pages of 500, twice) against the raw SQL joining the
              same rows (what PostgreSQL costs), at both scales;
  gunicorn    (--concurrency) 10 concurrent connections against gunicorn (2 workers) at state
              scale: p95 of the five main pages against a trivial view (the login page).

Usage:
    nice .venv/bin/python bench/bench_scale.py [--prepare] [--runs 15] [--warmup 3] [--only LABEL]
        [--concurrency] [--out bench/RESULTS-scale.md]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CITY_DB = os.environ.get("BENCH_CITY_DB", "scale_city")
STATE_DB = os.environ.get("BENCH_STATE_DB", "scale_state")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = f"{PG}/{CITY_DB}"
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/4")


def prepare() -> None:
    """Make the two databases: migrate + seed_demo (city), then a copy grown to state scale."""
    env = {**os.environ}
    for db in (CITY_DB, STATE_DB):
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", db], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", CITY_DB], check=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], check=True, env={**env, "DATABASE_URL": f"{PG}/{CITY_DB}"})
    subprocess.run([*manage, "seed_demo"], check=True, env={**env, "DATABASE_URL": f"{PG}/{CITY_DB}"})
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "-T", CITY_DB, STATE_DB], check=True)
    subprocess.run([*manage, "seed_scale", "--stations", "2000", "--call-centres", "200000", "--persons", "300000",
                    "--busts", "30000"], check=True, env={**env, "DATABASE_URL": f"{PG}/{STATE_DB}"})


#: (label, user, url name, args, query string)
PAGES = [
    ("call-centre list, commissioner", "commissioner", "registry:callcentre-list", "", ""),
    ("call-centre list, status=compliant", "commissioner", "registry:callcentre-list", "", "status=compliant"),
    ("call-centre list, phone search", "commissioner", "registry:callcentre-list", "", "q=98765"),
    ("call-centre list, SHO slow filter", "sho", "registry:callcentre-list", "",
     "zone=west&night_shift=false&busy_landlord=true"),
    ("call-centre detail, SHO", "sho", "registry:callcentre-detail", "cc", ""),
    ("home page, commissioner", "commissioner", "home", "", ""),
    ("completeness board, commissioner", "commissioner", "registry:completeness", "", ""),
    ("returns list, commissioner", "commissioner", "registry:return-list", "", ""),
    ("bail watch, SHO", "sho", "offenders:bail-watch", "", ""),
    ("duplicates, cyber team", "cyber", "registry:duplicates", "", ""),
    ("/api/call-centres/, commissioner", "commissioner", "callcentre-list", "", ""),
    ("persons search by name, SHO", "sho", "offenders:person-list", "", "name=sharma"),
    ("busts list, commissioner", "commissioner", "offenders:bust-list", "", ""),
]
SHO = os.environ.get("BENCH_SHO", "sho-udyog-vihar")


def setup():
    import django
    from django.conf import settings

    settings.DATABASES["state"] = {**settings.DATABASES["default"], "NAME": STATE_DB}
    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.LIST_ESTIMATE_COUNT_ABOVE = 100_000  # the production default (the test settings count exactly)


class Scale:
    """One database: its connection (swapped into `default`) and a signed-in client per user."""

    def __init__(self, alias: str):
        from django.db import connections
        from django.test import Client

        from registry.models import CallCentre
        from stations.models import User

        self.alias, self.conn = alias, connections[alias]
        self.use()
        self.clients = {}
        for key, username in (("commissioner", "commissioner"), ("cyber", "cyber"), ("sho", SHO)):
            client = Client()
            client.force_login(User.objects.get(username=username))
            self.clients[key] = client
        sho = User.objects.get(username=SHO)
        self.cc = CallCentre.objects.filter(station=sho.station).order_by("pk").values_list("pk", flat=True).first()

    def use(self):
        from django.db import connections

        connections["default"] = self.conn


def url_of(scale: Scale, name: str, args: str, qs: str) -> str:
    from django.urls import reverse

    url = reverse(name, args=[scale.cc] if args == "cc" else [])
    return f"{url}?{qs}" if qs else url


def sample(scale: Scale, user: str, url: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scale.use()
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = scale.clients[user].get(url)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return elapsed * 1000, len(ctx)


def pages(city: Scale, state: Scale, runs: int, warmup: int, only: str | None) -> list[tuple]:
    rows = []
    for label, user, name, args, qs in PAGES:
        if only and only not in label:
            continue
        times = {"city": [], "state": []}
        counts = {}
        for i in range(warmup + runs):
            for key, scale in (("city", city), ("state", state)):
                ms, n = sample(scale, user, url_of(scale, name, args, qs))
                counts[key] = n
                if i >= warmup:
                    times[key].append(ms)
        c, s = statistics.median(times["city"]), statistics.median(times["state"])
        rows.append((label, c, s, s / c, counts["city"], counts["state"]))
        print(f"{label:<40} {c:9.0f} ms {s:9.0f} ms {s / c:6.1f}×  ({counts['city']}/{counts['state']} queries)",
              flush=True)
    return rows


def api_vs_sql(city: Scale, state: Scale, runs: int) -> list[tuple]:
    """1,000 rows of /api/call-centres/ (two pages of 500) against the raw SQL of the same rows."""
    from django.db import connection

    rows = []
    sql = """SELECT c.id, c.name, c.status, c.seats, c.started_on, s.code, s.name, z.code, p.address_raw, l.name,
               (SELECT array_agg(number) FROM registry_callcentrephone ph WHERE ph.call_centre_id = c.id)
             FROM registry_callcentre c JOIN stations_policestation s ON s.id = c.station_id
             JOIN stations_zone z ON z.id = s.zone_id LEFT JOIN registry_premises p ON p.id = c.premises_id
             LEFT JOIN stations_locality l ON l.id = p.locality_id
             WHERE c.status <> 'merged' ORDER BY c.name, c.id LIMIT 500 OFFSET %s"""
    for key, scale in (("city", city), ("state", state)):
        api, raw = [], []
        for i in range(runs + 2):
            scale.use()
            started = time.perf_counter()
            for page in (1, 2):
                response = scale.clients["commissioner"].get(f"/api/call-centres/?page_size=500&page={page}")
                assert response.status_code == 200
            a = time.perf_counter() - started
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for offset in (0, 500):
                    cursor.execute(sql, [offset])
                    cursor.fetchall()
            r = time.perf_counter() - started
            if i >= 2:
                api.append(a * 1000)
                raw.append(r * 1000)
        a, r = statistics.median(api), statistics.median(raw)
        rows.append((key, a, r, a / r))
        print(f"API 1,000 rows, {key}: {a:.0f} ms, raw SQL {r:.0f} ms, {a / r:.1f}×", flush=True)
    return rows


def concurrency(state: Scale, requests: int = 60) -> list[tuple]:
    """10 concurrent clients against gunicorn (2 workers) at state scale: p95 per page and for the login page."""
    import concurrent.futures
    import socket
    import urllib.request

    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from stations.models import User

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "DATABASE_URL": f"{PG}/{STATE_DB}", "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "LIST_ESTIMATE_COUNT_ABOVE": "100000"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "config.wsgi:application"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        state.use()
        cookies = {}
        for key, username in (("commissioner", "commissioner"), ("sho", SHO)):
            user = User.objects.get(username=username)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
            session["_auth_user_hash"] = user.get_session_auth_hash()
            session.create()
            cookies[key] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        targets = [("login (trivial)", None, "/login/")] + [
            (label, user, url_of(state, name, args, qs)) for label, user, name, args, qs in PAGES
            if label in ("call-centre list, commissioner", "call-centre list, SHO slow filter",
                         "home page, commissioner", "bail watch, SHO", "returns list, commissioner")
        ]

        def get(target):
            _label, user, url = target
            req = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers={"Cookie": cookies.get(user, "")})
            started = time.perf_counter()
            with urllib.request.urlopen(req, timeout=120) as response:  # noqa: S310 (loopback http)
                response.read()
            return time.perf_counter() - started

        rows = []
        for target in targets:
            with concurrent.futures.ThreadPoolExecutor(10) as pool:
                times = sorted(pool.map(get, [target] * requests))
            p95 = times[int(0.95 * len(times)) - 1] * 1000
            rows.append((target[0], p95))
            print(f"gunicorn, 10 connections: {target[0]:<40} p95 {p95:7.0f} ms", flush=True)
        return rows
    finally:
        server.terminate()
        server.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only")
    parser.add_argument("--concurrency", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS-scale.md"))
    args = parser.parse_args()
    if args.prepare:
        prepare()
    setup()
    city, state = Scale("default"), Scale("state")
    lines = ["| page | city median | state median | state / city | queries city / state |", "| --- | --- | --- | --- | --- |"]
    for label, c, s, ratio, qc, qs in pages(city, state, args.runs, args.warmup, args.only):
        lines.append(f"| {label} | {c:,.0f} ms | {s:,.0f} ms | {ratio:.1f}× | {qc} / {qs} |")
    if not args.only:
        lines += ["", "| API, 1,000 rows | API | raw SQL | API / SQL |", "| --- | --- | --- | --- |"]
        lines += [f"| {k} | {a:,.0f} ms | {r:,.0f} ms | {x:.1f}× |" for k, a, r, x in api_vs_sql(city, state, 5)]
    if args.concurrency:
        rows = concurrency(state)
        base = rows[0][1]
        lines += ["", "| gunicorn, 10 connections, state | p95 | × trivial |", "| --- | --- | --- |"]
        lines += [f"| {label} | {p95:,.0f} ms | {p95 / base:.1f}× |" for label, p95 in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.only:
        Path(args.out).write_text(f"# Scale: city against state (bench/bench_scale.py)\n\n{text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
