"""The roles an account can hold. Each role is also a Django group holding its permissions."""

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STATION = "station", _("Station (SHO and staff)")
    ZONE = "zone", _("Zone officer (DCP/ACP)")
    CYBER = "cyber", _("Cyber crime team")
    COMMISSIONER = "commissioner", _("Commissioner")
    ASSOCIATION = "association", _("Industrial association member")
    ADMIN = "admin", _("Administrator")


#: Roles that see the whole city.
CITY_ROLES = {Role.CYBER, Role.COMMISSIONER, Role.ADMIN}
#: Roles that may read but never write.
READ_ONLY_ROLES = {Role.COMMISSIONER}
#: Police roles (everyone but association members).
POLICE_ROLES = {Role.STATION, Role.ZONE, Role.CYBER, Role.COMMISSIONER, Role.ADMIN}

#: The Django permissions each role's group holds, as "app_label.codename".
#: Each app adds its own in `<app>/roles.py` with `grant(...)` (autodiscovered by CoreConfig);
#: `roles_sync` writes the mapping into the groups.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.STATION: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.ZONE: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.CYBER: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.COMMISSIONER: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.ASSOCIATION: set(),
    Role.ADMIN: {"*"},
}



def grant(role: str, perms: set[str]) -> None:
    """Give a role's group more permissions. Read-only roles may only be granted reads:
    the commissioner never holds a write permission, so `has_perm` is the one rule."""
    if role in READ_ONLY_ROLES:
        writes = sorted(p for p in perms if not p.split(".", 1)[-1].startswith("view_"))
        if writes:
            raise ImproperlyConfigured(f"read-only role {role} cannot be granted {writes}")
    ROLE_PERMISSIONS[role] |= set(perms)


def group_name(role: str) -> str:
    """The name of the Django group that holds a role's permissions."""
    return f"role:{role}"
