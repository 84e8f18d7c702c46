"""Writes for stations and officer accounts."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core.roles import ROLE_PERMISSIONS, Role, group_name

from .models import User


def roles_sync() -> None:
    """Create one group per role and give it exactly the permissions of ROLE_PERMISSIONS."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=group_name(role))
        wanted = ROLE_PERMISSIONS.get(role, set())
        if "*" in wanted:
            perms = Permission.objects.all()
        else:
            q = Permission.objects.none()
            for dotted in wanted:
                app_label, codename = dotted.split(".", 1)
                q = q | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            perms = q
        group.permissions.set(perms)


@transaction.atomic
def user_set_role(*, user: User, role: str, station=None, zone=None, organisation: str = "") -> User:
    """Give an account its one role (and station or zone) and the matching group."""
    user.role = role
    user.station = station
    user.zone = zone
    user.organisation = organisation
    user.is_staff = role == Role.ADMIN
    user.full_clean(exclude=["password"])
    user.save()
    role_groups = Group.objects.filter(name__startswith="role:")
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get_or_create(name=group_name(role))[0])
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    station=None,
    zone=None,
    organisation: str = "",
    password_hash: str | None = None,
    **fields,
) -> User:
    """Create an account with its role (from a password, or an already hashed one)."""
    user = User(username=username, role=role, station=station, zone=zone, **fields)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user_set_role(user=user, role=role, station=station, zone=zone, organisation=organisation)
