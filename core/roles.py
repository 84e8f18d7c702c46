"""The roles an account can hold. Each role is also a Django group holding its permissions."""

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
#: Later apps extend this mapping; `roles_sync` writes it into the groups.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.STATION: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.ZONE: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.CYBER: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.COMMISSIONER: {"stations.view_policestation", "stations.view_locality", "stations.view_zone"},
    Role.ASSOCIATION: set(),
    Role.ADMIN: {"*"},
}


def group_name(role: str) -> str:
    """The name of the Django group that holds a role's permissions."""
    return f"role:{role}"
