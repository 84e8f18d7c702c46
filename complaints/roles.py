"""Role permissions of the complaints app (collected by core.roles at start-up).

Police roles read complaints within their scope (a station sees the complaints naming its call
centres; city roles see all); the cyber crime team records and imports them. Association members
hold nothing here."""
from core.roles import Role, grant

_READ = {"complaints.view_complaint", "complaints.view_identifier", "complaints.view_complaintlink"}
grant(Role.STATION, _READ)
grant(Role.ZONE, _READ)
grant(Role.COMMISSIONER, _READ)
grant(Role.CYBER, _READ | {
    "complaints.add_complaint", "complaints.change_complaint", "complaints.view_complaintimport",
    "complaints.add_complaintimport",
})
