"""The one access rule: who sees which stations' rows."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.access import CHANGE, VIEW, ensure_in_scope, get_scoped_or_404, user_scope
from stations.models import Locality, PoliceStation, User
from tests.factories import UserFactory


@pytest.mark.django_db
def test_sho_sees_only_their_station(sho_a, station_a, station_b):
    assert list(PoliceStation.objects.for_user(sho_a)) == [station_a]


@pytest.mark.django_db
def test_zone_officer_sees_exactly_their_zones_stations(dcp_a, station_a, station_a2, station_b):
    assert set(PoliceStation.objects.for_user(dcp_a)) == {station_a, station_a2}


@pytest.mark.django_db
def test_zone_officer_sees_localities_of_their_zone_only(dcp_a, locality_a, locality_b):
    assert list(Locality.objects.for_user(dcp_a)) == [locality_a]


@pytest.mark.django_db
def test_city_roles_see_every_station(cyber, commissioner, admin_user, station_a, station_b):
    for user in (cyber, commissioner, admin_user):
        assert set(PoliceStation.objects.for_user(user)) == {station_a, station_b}


@pytest.mark.django_db
def test_commissioner_reads_but_cannot_change(commissioner, station_a):
    # Scope says which rows (the whole city); the missing write permission refuses the change.
    assert PoliceStation.objects.for_user(commissioner, VIEW).exists()
    assert PoliceStation.objects.for_user(commissioner, CHANGE).exists()
    assert not commissioner.has_perm("stations.change_policestation")
    assert not any(p.split(".", 1)[1].startswith(("add_", "change_", "delete_")) for p in commissioner.get_all_permissions())


@pytest.mark.django_db
def test_association_member_sees_no_station_records(association, station_a, locality_a):
    assert not PoliceStation.objects.for_user(association).exists()
    assert not Locality.objects.for_user(association).exists()


@pytest.mark.django_db
def test_anonymous_and_inactive_users_see_nothing(sho_a, station_a):
    from django.contrib.auth.models import AnonymousUser

    assert not PoliceStation.objects.for_user(AnonymousUser()).exists()
    sho_a.is_active = False
    assert user_scope(sho_a).role is None
    assert not PoliceStation.objects.for_user(sho_a).exists()


@pytest.mark.django_db
def test_zone_of_a_station_officer_is_visible_once(sho_a, zone_a, zone_b, station_a2):
    # Zones are reached through their stations; two stations in zone A must not repeat it.
    assert list(type(zone_a).objects.for_user(sho_a)) == [zone_a]


@pytest.mark.django_db
def test_out_of_scope_object_is_a_404(sho_b, station_a):
    with pytest.raises(Http404):
        get_scoped_or_404(PoliceStation, sho_b, pk=station_a.pk)


@pytest.mark.django_db
def test_writing_outside_ones_scope_is_refused(sho_b, station_a):
    with pytest.raises(PermissionDenied):
        ensure_in_scope(sho_b, station_a)


@pytest.mark.django_db
def test_station_role_without_station_is_invalid(db):
    from django.core.exceptions import ValidationError

    user = User(username="nostation", role="station")
    with pytest.raises(ValidationError):
        user.full_clean(exclude=["password"])


@pytest.mark.django_db
def test_role_groups_hold_the_role_permissions(sho_a, commissioner):
    assert sho_a.groups.filter(name="role:station").exists()
    assert sho_a.has_perm("stations.view_policestation")
    assert not sho_a.has_perm("stations.change_policestation")
    assert not commissioner.has_perm("stations.change_policestation")


@pytest.mark.django_db
def test_changing_a_role_moves_the_user_to_the_new_group(station_a):
    from stations.services import user_set_role

    user = UserFactory(username="mover", role="station", station=station_a)
    user_set_role(user=user, role="cyber")
    assert list(user.groups.values_list("name", flat=True)) == ["role:cyber"]
    assert user.station is None
