"""Role permissions of the offenders app (collected by core.roles at start-up)."""
from core.roles import Role, grant

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
grant(Role.STATION, _OFFENDERS_READ | _OFFENDERS_STATION_WRITE)
grant(Role.ZONE, _OFFENDERS_READ)
grant(Role.CYBER, _OFFENDERS_READ | {
    f"offenders.{verb}_{m}" for verb in ("add", "change", "delete") for m in _OFFENDERS_MODELS
} | {"offenders.decide_match", "offenders.review_match"})
grant(Role.COMMISSIONER, _OFFENDERS_READ)

# Bulletins of repeat offenders, the network and likely masterminds (offenders/services/bulletins.py,
# offenders/selectors/network.py): every police role reads the bulletins; zone officers, the cyber crime
# team and the commissioner read which stations opened each version; the cyber crime team
# generates bulletins on demand; the cyber crime team and the commissioner see the mastermind ranking.
grant(Role.STATION, {"offenders.view_bulletin"})
grant(Role.ZONE, {"offenders.view_bulletin", "offenders.view_bulletinreceipt"})
grant(Role.CYBER, {
    "offenders.view_bulletin", "offenders.view_bulletinreceipt", "offenders.generate_bulletin",
    "offenders.view_masterminds",
})
grant(Role.COMMISSIONER, {
    "offenders.view_bulletin", "offenders.view_bulletinreceipt", "offenders.view_masterminds",
})
