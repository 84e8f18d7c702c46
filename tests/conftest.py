"""Shared fixtures: two stations in two zones, their officers, and the city roles."""
import os
import shutil
import socket
import subprocess

import pytest

from core.roles import Role

from .factories import JobFactory, LocalityFactory, PoliceStationFactory, UserFactory, ZoneFactory


# --------------------------------------------------------------------------- signing in
@pytest.fixture(autouse=True)
def _force_login_gives_second_factor(request, monkeypatch):
    """`client.force_login(user)` stands for a whole sign-in: password AND second factor.

    The suite's tests sign users in with force_login and are about what comes after; the roles that
    need a second factor (core.accounts.twofactor) would otherwise reach no page. So, after Django's
    own force_login (which stamps the session's clocks through `user_logged_in`, as a real sign-in
    does), the session is marked as having given its second factor with a confirmed TOTP device of
    the user, exactly what `django_otp.login` writes after a code was checked. Tests of the rule
    itself ask for the real thing with `@pytest.mark.real_second_factor`. Browser tests sign in
    through the form and give the code for real (tests/browser/conftest.py `login`).
    """
    if request.node.get_closest_marker("real_second_factor"):
        return
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from core.accounts.twofactor import OTP_REQUIRED, role_requires_otp

        session = self.session
        if role_requires_otp(user) or session.get(OTP_REQUIRED):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="test device", confirmed=True)
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


# --------------------------------------------------------------------------- people and places
# Each fixture below is built by one builder, so that the scope matrix can build the same
# world once per module (`module_world`) with the same objects the tests' fixtures return.


def _staff_b(get):
    """A station-B officer with admin access and every view permission: the admin must still scope them."""
    from django.apps import apps
    from django.contrib.auth.models import Permission

    user = UserFactory(username="staff-bravo", role=Role.STATION, station=get("station_b"))
    user.is_staff = True
    user.save()
    ours = [m for m in apps.get_models() if hasattr(m, "scope_paths")]
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[f"view_{m._meta.model_name}" for m in ours],
            content_type__app_label__in={m._meta.app_label for m in ours},
        )
    )
    return user


PEOPLE = {
    "zone_a": lambda get: ZoneFactory(code="alpha-zone", name="Alpha Zone"),
    "zone_b": lambda get: ZoneFactory(code="bravo-zone", name="Bravo Zone"),
    "station_a": lambda get: PoliceStationFactory(code="alpha-station", name="Alpha Station", zone=get("zone_a")),
    # A second station in zone A (so a zone officer sees two stations).
    "station_a2": lambda get: PoliceStationFactory(code="alpha-two-station", name="Alpha Two Station", zone=get("zone_a")),
    "station_b": lambda get: PoliceStationFactory(code="bravo-station", name="Bravo Station", zone=get("zone_b")),
    "locality_a": lambda get: LocalityFactory(name="Alpha Locality", station=get("station_a")),
    "locality_b": lambda get: LocalityFactory(name="Bravo Locality", station=get("station_b")),
    "sho_a": lambda get: UserFactory(username="sho-alpha", role=Role.STATION, station=get("station_a")),
    "sho_b": lambda get: UserFactory(username="sho-bravo", role=Role.STATION, station=get("station_b")),
    "dcp_a": lambda get: UserFactory(username="dcp-alpha", role=Role.ZONE, station=None, zone=get("zone_a")),
    "cyber": lambda get: UserFactory(username="cyber-team", role=Role.CYBER, station=None),
    "commissioner": lambda get: UserFactory(username="commissioner-city", role=Role.COMMISSIONER, station=None),
    "association": lambda get: UserFactory(
        username="assoc-member", role=Role.ASSOCIATION, station=None, organisation="UV Association"
    ),
    "admin_user": lambda get: UserFactory(
        username="admin-user", role=Role.ADMIN, station=None, is_superuser=True, is_staff=True
    ),
    "staff_b": _staff_b,
    "job_a": lambda get: JobFactory(kind="Alpha job", requested_by=get("sho_a"), station=get("station_a")),
}


def _people_fixture(name: str):
    def fixture(request, db):
        return PEOPLE[name](request.getfixturevalue)

    fixture.__name__ = name
    fixture.__doc__ = f"`{name}`, built by PEOPLE[{name!r}]."
    return pytest.fixture(name=name)(fixture)


for _name in PEOPLE:
    globals()[_name] = _people_fixture(_name)


class _ModuleFixtures:
    """`request.getfixturevalue` for a world built once per module: the PEOPLE builders, a folder
    for files, and settings overridden until the module ends."""

    def __init__(self, folder, overrides: list):
        self._cache: dict = {}
        self._folder = folder
        self._overrides = overrides

    def getfixturevalue(self, name: str):
        if name == "tmp_path":
            return self._folder
        if name == "settings":
            return _ModuleSettings(self._overrides)
        if name not in self._cache:
            self._cache[name] = PEOPLE[name](self.getfixturevalue)
        return self._cache[name]


class _ModuleSettings:
    def __init__(self, overrides: list):
        object.__setattr__(self, "_overrides", overrides)

    def __setattr__(self, key, value):
        from django.test import override_settings

        override = override_settings(**{key: value})
        override.enable()
        self._overrides.append(override)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Station A's world (tests/scope_world.py) built ONCE for the module, inside a transaction that
    is rolled back when the module ends; each test still runs in its own savepoint (the `db`
    fixture), so nothing a test writes leaks into the next."""
    from django.db import transaction

    from .scope_world import world_objects

    overrides: list = []
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield world_objects(_ModuleFixtures(tmp_path_factory.mktemp("world"), overrides))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            for override in reversed(overrides):
                override.disable()


def start_celery_worker(broker_url: str):
    """Start a REAL Celery worker (subprocess) on `broker_url`, using this test's database; returns
    the process once the worker answers a ping."""
    import os
    import subprocess
    import sys
    import time

    from django.conf import settings
    from django.db import connection

    from config.celery import app

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": broker_url,
    }
    use_broker(broker_url)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--hostname", f"test-{os.getpid()}-{time.monotonic_ns()}@%h"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited: {proc.stdout.read()}")
        if app.control.ping(timeout=0.5):
            return proc
    proc.kill()
    raise RuntimeError("Celery worker did not start within 60 s")


def stop_celery_worker(proc) -> None:
    import subprocess

    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def use_broker(broker_url: str) -> None:
    """Point this process's Celery app (what the services publish with) at `broker_url`."""
    from kombu import pools

    from config.celery import app

    app.conf.broker_url = broker_url
    pools.reset()  # kombu's process-wide pools are keyed by connection: drop them all
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_worker_process(transactional_db):
    """A REAL Celery worker (subprocess) on the Redis broker, using this test's database.

    Tests that use it see committed data only (transactional_db), exactly like production.
    """
    from django.conf import settings

    proc = start_celery_worker(settings.CELERY_BROKER_URL)
    yield proc
    stop_celery_worker(proc)


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll until predicate() is truthy (for work done by a real worker); fail loudly on timeout."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {predicate}")


# --------------------------------------------------------------------------- a broker that can be stopped

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    """A redis-server of the test's own, so that stopping it disturbs nobody else."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=20, interval=0.1)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def private_redis(settings):
    """A redis-server of this test's own (so that stopping it disturbs nobody), used as the broker."""
    redis = PrivateRedis()
    settings.CELERY_BROKER_URL = redis.url
    yield redis
    redis.stop()
    use_broker(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"))
