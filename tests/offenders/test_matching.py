"""The person-matching engine on its own: pure Python, no database."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from offenders.matching import (
    PersonRecord,
    candidate_keys,
    link_records,
    name_tokens,
    normalize_name,
    normalize_phone,
    normalize_phones,
    rank_candidates,
    score_pair,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from persons_gen import generate  # noqa: E402


def person(record_id: str, name: str, father: str = "", dob: str = "", gender: str = "M", **more) -> PersonRecord:
    return PersonRecord(record_id=record_id, name=name, father_name=father, dob=dob, gender=gender, **more)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Mohd. Irfan", "mohamad irfan"),
        ("MOHAMMED IRFAN", "mohamad irfan"),
        ("Muhammad Irfan", "mohamad irfan"),
        ("Gourav Chaudhry", normalize_name("Gaurav Choudhary")),
        ("Sh. Rajesh Kumar Sarma", normalize_name("Rajesh Kumar Sharma")),
        ("Rahul @ Pappu", "rahul"),
        ("Ram s/o Shyam Lal", "ram"),
    ],
)
def test_transliterations_honorifics_and_aliases_fold_to_one_name(written: str, canonical: str) -> None:
    assert normalize_name(written) == canonical


def test_initials_are_kept_as_single_letters() -> None:
    assert name_tokens("R.K. Sharma") == ("r", "k", "sharma")
    assert name_tokens("RK Sharma") == ("r", "k", "sharma")
    assert name_tokens("Om Prakash") == ("om", "prakash")  # a two-letter name, not initials


@pytest.mark.parametrize(
    "written",
    ["+91 98123 45612", "+91-9812345612", "098123-45612", "9812345612", "0091 98123 45612", "(98123) 45612"],
)
def test_indian_mobile_numbers_normalise_to_ten_digits(written: str) -> None:
    assert normalize_phone(written) == "9812345612"


@pytest.mark.parametrize("written", ["", "12345", "+91 98123 4561", "0124 4012345", "5812345612"])
def test_invalid_or_landline_numbers_are_rejected(written: str) -> None:
    assert normalize_phone(written) is None


def test_a_field_with_two_numbers_gives_both() -> None:
    assert normalize_phones("98123 45612 / 0-97111-22233") == ("9812345612", "9711122233")


def test_mohd_irfan_and_mohammed_irfan_with_the_same_father_and_year_match() -> None:
    result = score_pair(
        person("a", "Mohd Irfan", "Abdul Rashid", "1990"),
        person("b", "Mohammed Irfan", "Abdul Rasheed", "1990-05-02"),
    )
    assert result.score > 0.9
    assert result.is_match
    assert "same father's name" in result.reasons
    assert "birth year matches" in result.reasons


def test_two_rahul_sharmas_with_different_fathers_and_ages_do_not_match() -> None:
    result = score_pair(
        person("a", "Rahul Sharma", "Ramesh Sharma", "1990"),
        person("b", "RAHUL SHARMA", "Suresh Kumar Sharma", "1984-03-02"),
    )
    assert result.score < 0.01
    assert "different father's name" in result.reasons
    assert "birth years differ by 6" in result.reasons


def test_a_shared_phone_is_reported_masked() -> None:
    result = score_pair(
        person("a", "R. K. Sharma", phones=["+91 98123 45612"]),
        person("b", "Rajesh Kumar Sharma", "Mohan Lal", "1985", phones=["098123-45612"]),
    )
    assert "same phone 98xxxxxx12" in result.reasons
    assert "9812345612" not in " ".join(result.reasons)
    assert result.is_match


def test_a_field_keeps_landlines_beside_mobiles() -> None:
    assert normalize_phones("0124-4012345 / 98123 45612") == ("1244012345", "9812345612")
    assert normalize_phone("0124 4012345") is None  # normalize_phone asks for a mobile


def test_a_shared_landline_now_counts_like_a_shared_mobile() -> None:
    """The person matcher follows core.phones: a person's landline is matched, no longer dropped."""
    with_landline = score_pair(
        person("a", "R. K. Sharma", phones=["0124 4012345"]),
        person("b", "Rajesh Kumar Sharma", "Mohan Lal", "1985", phones=["+91 124 401 2345"]),
    )
    without_phone = score_pair(
        person("a", "R. K. Sharma"), person("b", "Rajesh Kumar Sharma", "Mohan Lal", "1985"),
    )
    assert "same phone 12xxxxxx45" in with_landline.reasons
    assert "1244012345" not in " ".join(with_landline.reasons)
    assert with_landline.is_match and with_landline.score > without_phone.score


def test_a_different_id_number_of_the_same_kind_counts_against() -> None:
    same = score_pair(
        person("a", "Amit Yadav", "Om Prakash", "1990", id_number="ABCPY1234K"),
        person("b", "Amit Yadav", "Om Prakash", "1990", id_number="ABCPY1234K"),
    )
    different = score_pair(
        person("a", "Amit Yadav", "Om Prakash", "1990", id_number="ABCPY1234K"),
        person("b", "Amit Yadav", "Om Prakash", "1990", id_number="ZZZPY9876Q"),
    )
    assert "same ID number" in same.reasons
    assert "different ID number" in different.reasons
    assert different.score < same.score


def test_different_gender_counts_against() -> None:
    result = score_pair(person("a", "Kiran Kumar", dob="1990", gender="M"), person("b", "Kiran", dob="1990", gender="F"))
    assert "different gender" in result.reasons
    assert not result.is_match


def test_a_common_name_alone_never_proves_identity() -> None:
    # Forty Rahul Sharmas: two records with nothing but the name are not merged.
    records = [person(f"r{i}", "Rahul Sharma", f"Father{i} Sharma", str(1970 + i % 30)) for i in range(40)]
    records += [person("x", "Rahul Sharma"), person("y", "RAHUL SHARMA")]
    clusters = link_records(records)
    assert clusters["x"] != clusters["y"]


def test_link_records_merges_the_same_person_and_keeps_namesakes_apart() -> None:
    records = [
        person("1", "Mohd Irfan", "Abdul Rashid", "1990", phones=["9876500011"]),
        person("2", "Mohammed Irfan", "Abdul Rasheed", "1990-05-02"),
        person("3", "IRFAN MOHAMMAD", "A. Rashid", "1991", phones=["+91 98765 00011"]),
        person("4", "Rahul Sharma", "Ramesh Sharma", "1990"),
        person("5", "Rahul Sharma", "Suresh Sharma", "1982"),
        person("6", "R. Sharma", "Ramesh Sharma", "1990", phones=["9811122233"]),
    ]
    clusters = link_records(records)
    assert clusters["1"] == clusters["2"] == clusters["3"]
    assert clusters["4"] == clusters["6"]
    assert clusters["4"] != clusters["5"]
    assert clusters["1"] != clusters["4"]


def test_every_record_gets_exactly_one_cluster() -> None:
    records = [person(str(i), name) for i, name in enumerate(["A B", "C D", "A B", "E F"])]
    clusters = link_records(records)
    assert sorted(clusters) == ["0", "1", "2", "3"]


def test_blocking_keys_survive_spelling_order_and_phone_format() -> None:
    first = candidate_keys(person("a", "Mohd Irfan Qureshi", "Abdul Rashid", "1990", phones=["+91 98123 45612"]))
    second = candidate_keys(person("b", "Kureshi Mohammed Irfan", "Abdul Rasheed", "1991", phones=["09812345612"]))
    assert "p:9812345612" in first & second
    assert any(key.startswith("n:") for key in first & second)


def test_rank_candidates_puts_the_likely_match_first() -> None:
    query = person("q", "Mohd Salman Khan", "Sharif Khan", "1994")
    candidates = [
        person("c1", "Salman Khan", "Yusuf Khan", "1980"),
        person("c2", "Mohammed Salman Khan", "Shareef Khan", "1994-02-03"),
        person("c3", "Imran Khan", "Sharif Khan", "1994"),
    ]
    ranked = rank_candidates(query, candidates, limit=2)
    assert [candidate.record_id for candidate, _ in ranked] == ["c2", "c3"]
    assert ranked[0][1].score > ranked[1][1].score


def pairwise_f1(clusters: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of predicted clusters against the truth."""

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    together = pairs(Counter((clusters[r], truth[r]) for r in truth))
    precision = together / max(pairs(Counter(clusters.values())), 1)
    recall = together / max(pairs(Counter(truth.values())), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def test_a_small_generated_data_set_is_linked_well() -> None:
    rows, truth = generate(1500, seed=7)
    records = [
        PersonRecord(
            record_id=row["record_id"], name=row["name"], father_name=row["father_name"], dob=row["dob"],
            gender=row["gender"], phones=[row["phone"]], address=row["address"], id_number=row["id_number"],
        )
        for row in rows
    ]
    precision, recall, f1 = pairwise_f1(link_records(records), truth)
    assert f1 > 0.9, (precision, recall, f1)
    assert precision > 0.95, (precision, recall, f1)
