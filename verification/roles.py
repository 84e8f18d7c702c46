"""Role permissions of the verification app (collected by core.roles at start-up)."""
from core.roles import Role, grant

# The licence check (verification/): the cyber crime team records what each agency answered;
# station and zone officers and the commissioner read it.
grant(Role.STATION, {"verification.view_licence"})
grant(Role.ZONE, {"verification.view_licence"})
grant(Role.CYBER, {"verification.view_licence", "verification.add_licence", "verification.change_licence"})
grant(Role.COMMISSIONER, {"verification.view_licence"})

# Inspections: everyone in the police reads plans within their scope; stations update their own
# schedule and record outcomes; zone officers and the cyber crime team approve plans (the cyber
# team also proposes them on demand); capacities are set by administrators in the admin.
_INSPECTION_READ = {
    "verification.view_inspectionplan", "verification.view_inspection", "verification.view_inspectionphoto",
    "verification.view_inspectioncapacity",
}
grant(Role.STATION, _INSPECTION_READ | {"verification.change_inspection", "verification.add_inspectionphoto"})
grant(Role.ZONE, _INSPECTION_READ | {"verification.approve_inspectionplan"})
grant(Role.CYBER, _INSPECTION_READ | {"verification.add_inspectionplan", "verification.approve_inspectionplan"})
grant(Role.COMMISSIONER, _INSPECTION_READ)
# Letters to agencies and other bodies (the dispatch register): the cyber crime team writes them and
# records their dispatch and replies; an SHO or zone officer reads the letters naming their call centres;
# the commissioner reads them all. Agencies and templates are reference data that the letter pages read;
# only administrators open them in the admin.
_LETTER_READS = {"verification.view_letter", "verification.view_letterreply"}
grant(Role.STATION, _LETTER_READS)
grant(Role.ZONE, _LETTER_READS)
grant(Role.CYBER, _LETTER_READS | {"verification.add_letter", "verification.change_letter"})
grant(Role.COMMISSIONER, _LETTER_READS)
