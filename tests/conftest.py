"""Shared fixtures: two stations in two zones, their officers, and the city roles."""
import pytest

from core.roles import Role

from .factories import JobFactory, LocalityFactory, PoliceStationFactory, UserFactory, ZoneFactory


@pytest.fixture
def zone_a(db):
    return ZoneFactory(code="alpha-zone", name="Alpha Zone")


@pytest.fixture
def zone_b(db):
    return ZoneFactory(code="bravo-zone", name="Bravo Zone")


@pytest.fixture
def station_a(zone_a):
    return PoliceStationFactory(code="alpha-station", name="Alpha Station", zone=zone_a)


@pytest.fixture
def station_a2(zone_a):
    """A second station in zone A (so a zone officer sees two stations)."""
    return PoliceStationFactory(code="alpha-two-station", name="Alpha Two Station", zone=zone_a)


@pytest.fixture
def station_b(zone_b):
    return PoliceStationFactory(code="bravo-station", name="Bravo Station", zone=zone_b)


@pytest.fixture
def locality_a(station_a):
    return LocalityFactory(name="Alpha Locality", station=station_a)


@pytest.fixture
def locality_b(station_b):
    return LocalityFactory(name="Bravo Locality", station=station_b)


@pytest.fixture
def sho_a(station_a):
    return UserFactory(username="sho-alpha", role=Role.STATION, station=station_a)


@pytest.fixture
def sho_b(station_b):
    return UserFactory(username="sho-bravo", role=Role.STATION, station=station_b)


@pytest.fixture
def dcp_a(zone_a):
    return UserFactory(username="dcp-alpha", role=Role.ZONE, station=None, zone=zone_a)


@pytest.fixture
def cyber(db):
    return UserFactory(username="cyber-team", role=Role.CYBER, station=None)


@pytest.fixture
def commissioner(db):
    return UserFactory(username="commissioner-city", role=Role.COMMISSIONER, station=None)


@pytest.fixture
def association(db):
    return UserFactory(username="assoc-member", role=Role.ASSOCIATION, station=None, organisation="UV Association")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-user", role=Role.ADMIN, station=None, is_superuser=True, is_staff=True)


@pytest.fixture
def staff_b(station_b):
    """A station-B officer with admin access and every view permission: the admin must still scope them."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username="staff-bravo", role=Role.STATION, station=station_b)
    user.is_staff = True
    user.save()
    from django.apps import apps

    ours = [m for m in apps.get_models() if hasattr(m, "scope_paths")]
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[f"view_{m._meta.model_name}" for m in ours],
            content_type__app_label__in={m._meta.app_label for m in ours},
        )
    )
    return user


@pytest.fixture
def job_a(sho_a):
    return JobFactory(kind="Alpha job", requested_by=sho_a, station=sho_a.station)


@pytest.fixture
def celery_worker_process(transactional_db):
    """A REAL Celery worker (subprocess) on the Redis broker, using this test's database.

    Tests that use it see committed data only (transactional_db), exactly like production.
    """
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
        "REDIS_URL": settings.CELERY_BROKER_URL,
    }
    app.conf.broker_url = settings.CELERY_BROKER_URL
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--hostname", f"test-{os.getpid()}@%h"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited: {proc.stdout.read()}")
        if app.control.ping(timeout=0.5):
            break
    else:
        proc.kill()
        raise RuntimeError("Celery worker did not start within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


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
