"""Reference data for the demo: the 4 zones and 40 stations of DOMAIN.md with localities.

Zone assignment and localities are illustrative (DOMAIN.md), used only for demo data.
"""

from __future__ import annotations

from django.utils.text import slugify

ZONES: dict[str, list[str]] = {
    "East": [
        "DLF Phase-1",
        "DLF Phase-2",
        "DLF Phase-3",
        "Sector 29",
        "Sector 40",
        "Sushant Lok",
        "Sector 53",
        "Sector 56",
        "Sector 65",
        "Golf Course Road",
    ],
    "West": [
        "City",
        "Civil Lines",
        "New Colony",
        "Shivaji Nagar",
        "Rajendra Park",
        "Palam Vihar",
        "Bajghera",
        "Sector 5",
        "Sector 9",
        "Sector 10",
        "Sector 14",
        "Sector 17/18",
        "Udyog Vihar",
        "Sadar",
    ],
    "South": [
        "Sohna City",
        "Sohna Sadar",
        "Bhondsi",
        "Badshahpur",
        "Sector 50",
        "Sector 66",
        "Sector 31",
        "Cyber City",
    ],
    "Manesar": [
        "Manesar",
        "IMT Manesar",
        "Pataudi",
        "Farrukhnagar",
        "Bilaspur",
        "Kherki Daula",
        "Sector 37",
        "Jamalpur",
    ],
}

#: Extra localities for some stations (the hotspots of DOMAIN.md among them).
LOCALITIES: dict[str, list[tuple[str, str, bool]]] = {
    # station name: [(locality, aliases, hotspot)]
    "Udyog Vihar": [
        ("Udyog Vihar Phase I", "UV-1;Udyog Vihar Ph-1;Udyog Vihar Phase 1", True),
        ("Udyog Vihar Phase II", "UV-2;Udyog Vihar Ph-2;Udyog Vihar Phase 2", True),
        ("Udyog Vihar Phase III", "UV-3;Udyog Vihar Ph-3;Udyog Vihar Phase 3", True),
        ("Udyog Vihar Phase IV", "UV-4;Udyog Vihar Ph-4;Udyog Vihar Phase 4", True),
        ("Udyog Vihar Phase V", "UV-5;Udyog Vihar Ph-5;Udyog Vihar Phase 5", True),
    ],
    "Cyber City": [("Cyber City", "DLF Cyber City;Cybercity", True)],
    "DLF Phase-2": [("DLF Phase 2", "DLF Ph-2;DLF Phase II", True), ("MG Road", "Mehrauli-Gurgaon Road", False)],
    "DLF Phase-3": [("DLF Phase 3", "DLF Ph-3;DLF Phase III", True)],
    "Badshahpur": [("Sohna Road", "Sohna Rd", True)],
    "Golf Course Road": [("Golf Course Road", "GCR", False)],
    "Sector 17/18": [("Sector 18 industrial area", "Sec-18 industrial area", False)],
    "IMT Manesar": [("IMT Manesar", "Industrial Model Township Manesar", False)],
}

#: Demo coordinates (latitude, longitude; plausible, not surveyed) of each station's own area.
STATION_POINTS: dict[str, tuple[float, float]] = {
    "DLF Phase-1": (28.4717, 77.0947), "DLF Phase-2": (28.4880, 77.0900), "DLF Phase-3": (28.4930, 77.0990),
    "Sector 29": (28.4680, 77.0640), "Sector 40": (28.4510, 77.0510), "Sushant Lok": (28.4620, 77.0740),
    "Sector 53": (28.4420, 77.1000), "Sector 56": (28.4230, 77.1000), "Sector 65": (28.4030, 77.0740),
    "Golf Course Road": (28.4520, 77.0980),
    "City": (28.4650, 77.0300), "Civil Lines": (28.4610, 77.0230), "New Colony": (28.4690, 77.0220),
    "Shivaji Nagar": (28.4700, 77.0280), "Rajendra Park": (28.4860, 76.9930), "Palam Vihar": (28.5060, 77.0400),
    "Bajghera": (28.5180, 77.0330), "Sector 5": (28.4750, 77.0100), "Sector 9": (28.4640, 77.0050),
    "Sector 10": (28.4540, 77.0020), "Sector 14": (28.4700, 77.0450), "Sector 17/18": (28.4810, 77.0640),
    "Udyog Vihar": (28.5040, 77.0850), "Sadar": (28.4550, 77.0200),
    "Sohna City": (28.2470, 77.0650), "Sohna Sadar": (28.2600, 77.0550), "Bhondsi": (28.3670, 77.0660),
    "Badshahpur": (28.3950, 77.0490), "Sector 50": (28.4220, 77.0600), "Sector 66": (28.3950, 77.0700),
    "Sector 31": (28.4500, 77.0550), "Cyber City": (28.4940, 77.0880),
    "Manesar": (28.3580, 76.9380), "IMT Manesar": (28.3620, 76.9200), "Pataudi": (28.3250, 76.7780),
    "Farrukhnagar": (28.4470, 76.8230), "Bilaspur": (28.3120, 76.8710), "Kherki Daula": (28.3960, 76.9850),
    "Sector 37": (28.4380, 76.9900), "Jamalpur": (28.3600, 76.8400),
}

#: Demo coordinates of the extra localities (the hotspots among them).
LOCALITY_POINTS: dict[str, tuple[float, float]] = {
    "Udyog Vihar Phase I": (28.5085, 77.0800), "Udyog Vihar Phase II": (28.5060, 77.0860),
    "Udyog Vihar Phase III": (28.5010, 77.0790), "Udyog Vihar Phase IV": (28.5030, 77.0830),
    "Udyog Vihar Phase V": (28.4995, 77.0900), "Cyber City": (28.4940, 77.0880),
    "DLF Phase 2": (28.4885, 77.0895), "MG Road": (28.4797, 77.0800), "DLF Phase 3": (28.4935, 77.0985),
    "Sohna Road": (28.4100, 77.0420), "Golf Course Road": (28.4520, 77.0980),
    "Sector 18 industrial area": (28.4920, 77.0700), "IMT Manesar": (28.3620, 76.9200),
}

DEMO_PASSWORD = "Registry@2020"  # noqa: S105  (demo only; seed_demo refuses to run in production)
# The authenticator key of the demo accounts that need a second factor (admin, commissioner, cyber, dcp-*):
# typed into any authenticator app, it gives their codes. Demo only, like the password: the rule itself has
# no switch, so nothing a demo does can weaken a real deployment.
DEMO_TOTP_SECRET = "GURUGRAMDEMOTOTPKEYREGISTRY23456"  # noqa: S105  (base 32, 20 bytes)


def station_code(name: str) -> str:
    """The slug used as station code and in usernames: "Sector 17/18" -> "sector-17-18"."""
    return slugify(name.replace("/", " "))


def station_localities(station_name: str) -> list[tuple[str, str, bool]]:
    """Every station covers at least the locality of its own name."""
    extra = LOCALITIES.get(station_name, [])
    names = {loc for loc, _a, _h in extra}
    own = [] if station_name in names else [(f"{station_name} area", "", False)]
    return own + extra


def locality_point(station_name: str, locality_name: str) -> tuple[float, float] | None:
    """Demo coordinates of a locality: its own point, else its station's area."""
    return LOCALITY_POINTS.get(locality_name) or STATION_POINTS.get(station_name)
