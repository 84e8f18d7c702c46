"""Role permissions of the registry app (collected by core.roles at start-up)."""
from core.roles import Role, grant

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
grant(Role.STATION, _CALLCENTRE_READ | _CALLCENTRE_WRITE)
grant(Role.ZONE, _CALLCENTRE_READ | _CALLCENTRE_WRITE)
grant(Role.CYBER, _CALLCENTRE_READ | _CALLCENTRE_WRITE | {
    "registry.merge_callcentre", "registry.reassign_callcentre",
})
grant(Role.COMMISSIONER, _CALLCENTRE_READ)

# Station returns and association notices (registry/services/returns.py, registry/services/notices.py): stations
# prepare and submit their returns, the cyber crime team reviews them, zone officers and the
# commissioner read them; association members send notices and see their own.
_RETURNS_READ = {"registry.view_stationreturn", "registry.view_returnentry", "registry.view_associationnotice"}
grant(Role.STATION, _RETURNS_READ | {
    "registry.add_stationreturn", "registry.change_stationreturn",
    "registry.add_returnentry", "registry.change_returnentry", "registry.delete_returnentry",
})
grant(Role.ZONE, _RETURNS_READ)
grant(Role.CYBER, _RETURNS_READ | {"registry.review_stationreturn"})
grant(Role.COMMISSIONER, _RETURNS_READ)
grant(Role.ASSOCIATION, {"registry.add_associationnotice", "registry.view_associationnotice"})

# Bulk import of call centres (registry/imports/): station officers import into their own
# station, the cyber crime team into any; zone officers and the commissioner only look.
_IMPORT = {
    "registry.view_importbatch", "registry.add_importbatch", "registry.change_importbatch",
    "registry.add_callcentre", "registry.add_premises", "registry.add_callcentrephone",
    "registry.add_occupancy", "registry.add_statuschange",
}
grant(Role.STATION, _IMPORT)
grant(Role.CYBER, _IMPORT)
grant(Role.ZONE, {"registry.view_importbatch"})
grant(Role.COMMISSIONER, {"registry.view_importbatch"})
