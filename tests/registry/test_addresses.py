"""Gurugram addresses and names in canonical form: one premises written many ways is one key."""
from types import SimpleNamespace

import pytest

from registry.addresses import (
    LocalityIndex,
    company_key,
    locality_text_key,
    match_locality,
    name_key,
    normalize_address,
)


def key(raw, **kw):
    return normalize_address(raw, **kw).key


SAME_PREMISES = [
    # Sector written as "Sec-14", "Sector 14", "sector fourteen", "Sec 14", "Sec14", "Sec.14"
    ["Plot No. 123, Sec-14, Gurgaon", "Plot 123, Sector 14, Gurugram", "#123 sector fourteen, Gurugram, Haryana",
     "Plot 123 Sec 14 Gurgaon 122001", "Plot no 123, Sec14, GGN", "plot 123, sec.14, Gurugram (Haryana), India"],
    # Phase as "Ph-2", "Phase II", "phase 2", "phase two"; UV = Udyog Vihar
    ["Plot 5, Udyog Vihar Ph-2", "Plot No. 5, Udyog Vihar Phase II", "plot 5, udyog vihar phase 2, Gurgaon",
     "#5, UV Phase two", "Plot 5, Phase-II, Udyog Vihar, Gurugram, Haryana 122016"],
    # House numbers: "H.No 45", "House No. 45", "#45", "Plot 45"
    ["H.No 45, Sector 56, Gurugram", "House No. 45, Sector-56", "#45, Sec 56, Gurgaon", "Plot 45, Sector fifty six"],
    # Floors: "2nd floor", "second floor", "II floor", "Floor 2", "SF"
    ["2nd floor, Plot 9, Sector 18", "Second Floor, Plot No 9, Sec-18", "II floor, plot 9, Sector eighteen",
     "Plot 9, Floor 2, Sector 18", "SF, Plot 9, Sector 18", "Plot 9 2nd flr Sec 18 Gurgaon"],
    ["1st floor, Plot 7, Sector 29", "First Floor, #7, Sec-29", "I floor, plot 7, sector twenty nine", "FF Plot 7 Sector 29"],
    ["Ground floor, Plot 3, DLF Phase 3", "GF, Plot No. 3, DLF Ph-3", "plot 3, ground floor, DLF phase III, Gurugram"],
    # Noise: landmarks after "near"/"opp", punctuation, state and country, PIN.
    ["Plot 88, Sector 44, near HUDA Metro Station, Gurugram", "Plot 88, Sec-44, opp. Bus Stand, Gurgaon 122003",
     "Plot No.88, Sector 44, Haryana, India", "PLOT-88 ; SECTOR-44 ; GURUGRAM"],
    # Building and road: "Vipul Tower, Sohna Road" = "Vipul Tower, Sohna Rd"
    ["Unit 301, 3rd Floor, Vipul Tower, Sohna Road, Gurugram 122018", "Unit No. 301, Third floor, Vipul Tower, Sohna Rd, Gurgaon"],
    # Alphanumeric plots
    ["B-12, Sector 14, Gurgaon", "Plot B-12, Sec 14", "Plot No. B 12, Sector-14, Gurugram"],
    ["SCO 45, Sector 29", "SCO-45, Sec 29, Gurgaon", "S.C.O. 45 sector 29".replace("S.C.O.", "SCO")],
    ["Plot 14A, Sector 37", "Plot 14-A, Sec 37", "Plot No. 14 A, Sector thirty seven"],
]


@pytest.mark.parametrize("variants", SAME_PREMISES, ids=lambda v: v[0])
def test_one_premises_written_differently_has_one_key(variants):
    keys = {key(v) for v in variants}
    assert len(keys) == 1, keys
    assert keys.pop()  # and the key is not empty


MUST_NOT_MERGE = [
    ("Plot 123, Sector 14, Gurugram", "Plot 124, Sector 14, Gurugram"),  # neighbouring plots
    ("Plot 123, Sector 14", "Plot 123, Sector 15"),  # same plot number, other sector
    ("Plot 5, Udyog Vihar Phase 2", "Plot 5, Udyog Vihar Phase 3"),  # other phase
    ("2nd floor, Plot 9, Sector 18", "3rd floor, Plot 9, Sector 18"),  # other floor of one building
    ("Ground floor, Plot 9, Sector 18", "1st floor, Plot 9, Sector 18"),
    ("Shop No. 5, Sector 29", "Plot 5, Sector 29"),  # a shop is not plot 5
    ("SCO 45, Sector 29", "Plot 45, Sector 29"),
    ("Plot 12, DLF Phase 3", "Plot 12, Udyog Vihar Phase 3"),  # same phase number, other estate
    ("Plot B-12, Sector 14", "Plot C-12, Sector 14"),
    ("Plot 14A, Sector 37", "Plot 14B, Sector 37"),
    ("Plot 14A, Sector 37", "Plot 14, Sector 37"),
    ("Plot 5, Sector 14, Gurugram", "Plot 5, Sector 14, Faridabad"),  # another city
    ("Unit 301, Vipul Tower, Sohna Road", "Unit 301, Spaze Tower, Sohna Road"),
    ("Plot 7, Sector 4", "Plot 7, Sector 40"),
    ("Plot 7, Sector 17/18", "Plot 7, Sector 17"),
]


@pytest.mark.parametrize("one,other", MUST_NOT_MERGE)
def test_different_premises_have_different_keys(one, other):
    assert key(one) != key(other)


def test_address_is_split_into_its_parts():
    parts = normalize_address("Unit 301, 3rd Floor, Vipul Tower, Sohna Road, Gurgaon, Haryana 122018")
    assert parts.plot == "unit301"
    assert parts.floor == "3"
    assert parts.building == "vipul tower"
    assert parts.locality_hint == "sohna road"
    assert parts.city == "Gurugram"
    assert parts.pin == "122018"
    assert parts.sector == "" and parts.phase == ""


def test_sector_phase_and_city_are_canonical():
    parts = normalize_address("Plot no. 45, Phase-IV, Udyog Vihar, Sec forty-five, Gurgaon")
    assert parts.sector == "sector 45"
    assert parts.phase == "phase 4"
    assert parts.city == "Gurugram"
    assert parts.locality_hint == "udyog vihar"


def test_pin_written_with_a_space_is_read():
    assert normalize_address("Plot 3, Sector 14, Gurugram 122 001").pin == "122001"
    assert normalize_address("Plot 3, Sector 14, PIN Code: 122001").pin == "122001"


def test_leading_number_without_the_word_plot_is_the_plot():
    assert normalize_address("123, Udyog Vihar Phase 4").plot == "123"
    assert key("123, Udyog Vihar Phase 4") == key("Plot No. 123, Udyog Vihar Ph-4")


def test_known_locality_given_separately_counts_as_part_of_the_address():
    in_address = key("Plot 5, Udyog Vihar Phase 4")
    separate = key("Plot 5, Phase 4", locality="Udyog Vihar Phase IV")
    both = key("Plot 5, Udyog Vihar Phase 4", locality="Udyog Vihar Phase IV")
    assert in_address == separate == both


def test_landmark_only_address_has_no_key_and_matches_nothing():
    assert key("Near bus stand, Gurgaon") == ""
    assert key("") == ""
    assert key(None) == ""


def test_ordinal_floor_words_and_basement():
    assert normalize_address("Basement, Plot 3, Sector 14").floor == "basement"
    assert normalize_address("Upper ground floor, Plot 3, Sector 14").floor == "upper ground"
    assert normalize_address("Fourth floor, Plot 3, Sector 14").floor == "4"
    assert normalize_address("IV floor, Plot 3, Sector 14").floor == "4"


@pytest.mark.parametrize("variants", [
    ["ABC Infotech Pvt. Ltd.", "ABC Infotech Private Limited", "A.B.C. Infotech Pvt Ltd", "abc infotech"],
    ["Global Tech Support LLP", "Global Tech-Support", "GLOBAL TECH SUPPORT (P) LTD"],
    ["The Help Desk", "Help Desk Pvt. Ltd."],
    ["Alpha & Omega Services", "Alpha and Omega Services"],
])
def test_one_call_centre_name_written_differently_has_one_name_key(variants):
    assert len({name_key(v) for v in variants}) == 1


def test_name_key_keeps_distinctive_words():
    assert name_key("ABC Solutions") != name_key("ABC Services")
    assert name_key("Private Eye Solutions LLP") == "private eye solutions"  # only trailing "private" is legal
    assert name_key("Tech Support Co.") == "tech support"


@pytest.mark.parametrize("raw,expected", [
    ("ABC Infotech Pvt. Ltd.", "abcinfotech"),
    ("ABC Infotech Private Limited", "abcinfotech"),
    ("A.B.C. Infotech (P) Ltd", "abcinfotech"),
    ("Sharma Tele Services (OPC) Pvt Ltd", "sharmateleservices"),
    ("Global BPO LLP", "globalbpo"),
    ("Desk Inc.", "desk"),
    ("", ""),
])
def test_company_key_strips_legal_suffixes_spaces_and_punctuation(raw, expected):
    assert company_key(raw) == expected


def test_different_companies_keep_different_keys():
    assert company_key("ABC Infotech Pvt Ltd") != company_key("ABD Infotech Pvt Ltd")


def _loc(pk, name, aliases=""):
    return SimpleNamespace(pk=pk, name=name, aliases=aliases)


LOCALITIES = [
    _loc(1, "Udyog Vihar Phase III", "UV-3;Udyog Vihar Ph-3;Udyog Vihar Phase 3"),
    _loc(2, "Udyog Vihar Phase IV", "UV-4;Udyog Vihar Ph-4"),
    _loc(3, "Cyber City", "DLF Cyber City;Cybercity"),
    _loc(4, "DLF Phase 2", "DLF Ph-2;DLF Phase II"),
    _loc(5, "Sector 18 industrial area", "Sec-18 industrial area"),
    _loc(6, "Sohna Road", "Sohna Rd"),
]


@pytest.mark.parametrize("text,pk", [
    ("UV Phase 3", 1), ("Udyog Vihar Ph-3", 1), ("udyog vihar phase iii", 1), ("UV-3", 1), ("  UDYOG  VIHAR PHASE 3 ", 1),
    ("Udyog Vihar Phase three", 1), ("UV Phase IV", 2), ("uv-4", 2), ("Cybercity", 3), ("cyber city", 3),
    ("DLF Cyber City", 3), ("DLF Phase-2", 4), ("dlf phase two", 4), ("Sector-18 Industrial Area", 5),
    ("Sec 18 Indl. Area", 5), ("Sohna Rd.", 6), ("sohna road, Gurgaon", 6),
])
def test_locality_is_found_by_name_or_alias_in_any_spelling(text, pk):
    assert LocalityIndex(LOCALITIES).resolve(text).pk == pk
    assert match_locality(text, LOCALITIES).pk == pk


@pytest.mark.parametrize("text", ["Udyog Vihar Phase VI", "Sector 19", "", None, "Noida Sector 62", "DLF Phase 4"])
def test_unknown_locality_resolves_to_nothing(text):
    assert LocalityIndex(LOCALITIES).resolve(text) is None


def test_a_spelling_shared_by_two_localities_is_not_guessed():
    index = LocalityIndex([_loc(1, "Sector 14", "Old Market"), _loc(2, "Sector 15", "Old Market")])
    assert index.resolve("old market") is None
    assert index.resolve("Sec-14").pk == 1


def test_the_official_name_wins_over_another_localitys_alias():
    index = LocalityIndex([_loc(1, "Sohna Road", ""), _loc(2, "Badshahpur", "Sohna Road")])
    assert index.resolve("Sohna Rd").pk == 1


def test_locality_text_key_is_spacing_insensitive():
    assert locality_text_key("Cyber City") == locality_text_key("Cybercity") == locality_text_key("CYBER  city")


def test_udyog_vihar_phase_written_in_short_is_the_phase():
    assert key("Plot 1, 2nd floor, UV-3") == key("Plot 1, Second Floor, Udyog Vihar Phase III")
    assert key("Plot 1, UV 3") != key("Plot 1, UV-4")
