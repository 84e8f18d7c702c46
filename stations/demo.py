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

DEMO_PASSWORD = "Registry@2020"  # noqa: S105  (demo only; seed_demo refuses to run in production)


def station_code(name: str) -> str:
    """The slug used as station code and in usernames: "Sector 17/18" -> "sector-17-18"."""
    return slugify(name.replace("/", " "))


def station_localities(station_name: str) -> list[tuple[str, str, bool]]:
    """Every station covers at least the locality of its own name."""
    extra = LOCALITIES.get(station_name, [])
    names = {loc for loc, _a, _h in extra}
    own = [] if station_name in names else [(f"{station_name} area", "", False)]
    return own + extra
