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

# Station returns and association notices (registry/returns.py, registry/notices.py): stations
# prepare and submit their returns, the cyber crime team reviews them, zone officers and the
# commissioner read them; association members send notices and see their own.
_RETURNS_READ = {"registry.view_stationreturn", "registry.view_returnentry", "registry.view_associationnotice"}
ROLE_PERMISSIONS[Role.STATION] |= _RETURNS_READ | {
    "registry.add_stationreturn", "registry.change_stationreturn",
    "registry.add_returnentry", "registry.change_returnentry", "registry.delete_returnentry",
}
ROLE_PERMISSIONS[Role.ZONE] |= _RETURNS_READ
ROLE_PERMISSIONS[Role.CYBER] |= _RETURNS_READ | {"registry.review_stationreturn"}
ROLE_PERMISSIONS[Role.COMMISSIONER] |= _RETURNS_READ
ROLE_PERMISSIONS[Role.ASSOCIATION] |= {"registry.add_associationnotice", "registry.view_associationnotice"}


def group_name(role: str) -> str:
    """The name of the Django group that holds a role's permissions."""
    return f"role:{role}"
