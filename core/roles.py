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

# Registry: call centres, premises and merges (issue 3). Station and zone officers keep their
# jurisdiction's list; the cyber crime team also merges duplicates and corrects stations;
# only administrators ("*") undo merges.
_CALLCENTRE_READ = {
    "registry.view_callcentre", "registry.view_premises", "registry.view_callcentrephone",
    "registry.view_statuschange", "registry.view_occupancy", "registry.view_merge",
}
_CALLCENTRE_WRITE = {
    "registry.add_callcentre", "registry.change_callcentre", "registry.add_premises", "registry.change_premises",
    "registry.add_callcentrephone", "registry.delete_callcentrephone", "registry.add_statuschange",
    "registry.add_occupancy", "registry.change_occupancy",
}
ROLE_PERMISSIONS[Role.STATION] |= _CALLCENTRE_READ | _CALLCENTRE_WRITE
ROLE_PERMISSIONS[Role.ZONE] |= _CALLCENTRE_READ | _CALLCENTRE_WRITE
ROLE_PERMISSIONS[Role.CYBER] |= _CALLCENTRE_READ | _CALLCENTRE_WRITE | {
    "registry.merge_callcentre", "registry.reassign_callcentre",
}
ROLE_PERMISSIONS[Role.COMMISSIONER] |= _CALLCENTRE_READ

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

# Bulk import of call centres (registry/imports.py): station officers import into their own
# station, the cyber crime team into any; zone officers and the commissioner only look.
_IMPORT = {
    "registry.view_importbatch", "registry.add_importbatch", "registry.change_importbatch",
    "registry.add_callcentre", "registry.add_premises", "registry.add_callcentrephone",
    "registry.add_occupancy", "registry.add_statuschange",
}
ROLE_PERMISSIONS[Role.STATION] |= _IMPORT
ROLE_PERMISSIONS[Role.CYBER] |= _IMPORT
ROLE_PERMISSIONS[Role.ZONE] |= {"registry.view_importbatch"}
ROLE_PERMISSIONS[Role.COMMISSIONER] |= {"registry.view_importbatch"}

# The licence check (verification/): the cyber crime team records what each agency answered;
# station and zone officers and the commissioner read it.
ROLE_PERMISSIONS[Role.STATION] |= {"verification.view_licence"}
ROLE_PERMISSIONS[Role.ZONE] |= {"verification.view_licence"}
ROLE_PERMISSIONS[Role.CYBER] |= {"verification.view_licence", "verification.add_licence", "verification.change_licence"}
ROLE_PERMISSIONS[Role.COMMISSIONER] |= {"verification.view_licence"}


def group_name(role: str) -> str:
    """The name of the Django group that holds a role's permissions."""
    return f"role:{role}"

# Enforcement and offenders (offenders/): stations record busts, arrests, persons and prior
# records and decide matches of their own records; the cyber crime team does everything and
# works the review queue; zone officers and the commissioner read. Persons are readable
# city-wide by every police role (the access rule), changed only by the recording station.
_OFFENDERS_MODELS = [
    "bust", "bustdocument", "arrest", "priorrecord", "person", "personalias", "personphone", "personaddress",
    "personaccount", "identitydocument", "personphoto", "identity", "matchdecision",
]
_OFFENDERS_READ = {f"offenders.view_{m}" for m in _OFFENDERS_MODELS}
_OFFENDERS_STATION_WRITE = {
    f"offenders.{verb}_{m}" for verb in ("add", "change") for m in _OFFENDERS_MODELS if m not in ("identity", "matchdecision")
} | {"offenders.decide_match"}
ROLE_PERMISSIONS[Role.STATION] |= _OFFENDERS_READ | _OFFENDERS_STATION_WRITE
ROLE_PERMISSIONS[Role.ZONE] |= _OFFENDERS_READ
ROLE_PERMISSIONS[Role.CYBER] |= _OFFENDERS_READ | {
    f"offenders.{verb}_{m}" for verb in ("add", "change", "delete") for m in _OFFENDERS_MODELS
} | {"offenders.decide_match", "offenders.review_match"}
ROLE_PERMISSIONS[Role.COMMISSIONER] |= _OFFENDERS_READ

# Bulletins of repeat offenders, the network and likely masterminds (offenders/bulletins.py,
# offenders/network.py): every police role reads the bulletins; zone officers, the cyber crime
# team and the commissioner read which stations opened each version; the cyber crime team
# generates bulletins on demand; the cyber crime team and the commissioner see the mastermind ranking.
ROLE_PERMISSIONS[Role.STATION] |= {"offenders.view_bulletin"}
ROLE_PERMISSIONS[Role.ZONE] |= {"offenders.view_bulletin", "offenders.view_bulletinreceipt"}
ROLE_PERMISSIONS[Role.CYBER] |= {
    "offenders.view_bulletin", "offenders.view_bulletinreceipt", "offenders.generate_bulletin",
    "offenders.view_masterminds",
}
ROLE_PERMISSIONS[Role.COMMISSIONER] |= {
    "offenders.view_bulletin", "offenders.view_bulletinreceipt", "offenders.view_masterminds",
}
