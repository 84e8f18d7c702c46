"""Role permissions of the verification app (collected by core.roles at start-up)."""
from core.roles import Role, grant

# The licence check (verification/): the cyber crime team records what each agency answered;
# station and zone officers and the commissioner read it.
grant(Role.STATION, {"verification.view_licence"})
grant(Role.ZONE, {"verification.view_licence"})
grant(Role.CYBER, {"verification.view_licence", "verification.add_licence", "verification.change_licence"})
grant(Role.COMMISSIONER, {"verification.view_licence"})
