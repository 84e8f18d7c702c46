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
