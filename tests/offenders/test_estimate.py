"""Weights estimated on each input (Fellegi-Sunter with EM), and clustering that refuses contradictions."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from offenders.matching import PersonRecord, link, link_records, prepare
from offenders.matching.estimate import FIELDS, Model, hard_conflict

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from persons_gen import generate  # noqa: E402

PHONE = FIELDS.index("phone")


def labelled_records(phone_noise: float = 0.0, seed: int = 7) -> list[PersonRecord]:
    """A small labelled file from the project's generator; ``phone_noise`` replaces that share of phones."""
    rows, _ = generate(1200, seed=seed)
    rng = random.Random(seed)
    records = []
    for row in rows:
        phone = row["phone"]
        if phone and rng.random() < phone_noise:
            phone = rng.choice("6789") + "".join(rng.choice("0123456789") for _ in range(9))
        records.append(PersonRecord(
            record_id=row["record_id"], name=row["name"], father_name=row["father_name"], dob=row["dob"],
            gender=row["gender"], phones=[phone] if phone else [], address=row["address"], id_number=row["id_number"],
        ))
    return records


def test_a_phone_corrupted_more_often_earns_less_weight() -> None:
    clean = link([prepare(r) for r in labelled_records()], workers=1).model
    noisy = link([prepare(r) for r in labelled_records(phone_noise=0.6)], workers=1).model
    # Two records of one person share a phone less often, so sharing one proves less.
    assert noisy.m["phone"][0] < clean.m["phone"][0] - 0.2
    # And two different numbers say less against.
    assert noisy.level_weight("phone", 1) > clean.level_weight("phone", 1)
    # The other fields barely move.
    assert abs(noisy.m["name"][0] - clean.m["name"][0]) < 0.1


def test_estimated_weights_point_the_right_way() -> None:
    model = link([prepare(r) for r in labelled_records()], workers=1).model
    for field in ("name", "father", "dob", "phone", "id_number", "address"):
        assert model.level_weight(field, 0) > 0, field  # agreeing is evidence for
    assert model.level_weight("dob", 8) < -3  # birth years far apart: evidence against
    assert model.level_weight("name", 5) < -3
    assert model.level_weight("id_number", 2) < -3
    assert 0 < model.lam < 0.01


def test_a_common_name_counts_for_less_than_a_rare_one() -> None:
    records = [PersonRecord(f"r{i}", "Rahul Sharma", dob=str(1960 + i % 40)) for i in range(60)]
    records += [
        PersonRecord("c1", "Rahul Sharma", "Mohan Lal", "1990"), PersonRecord("c2", "Rahul Sharma", "Mohan Lal", "1990"),
        PersonRecord("u1", "Zorawar Bhadana", "Mohan Lal", "1990"),
        PersonRecord("u2", "Zorawar Bhadana", "Mohan Lal", "1990"),
    ]
    features = [prepare(r) for r in records]
    linkage = link(features, workers=1)
    index = {f.record_id: i for i, f in enumerate(features)}
    common, _ = linkage.evidence(index["c1"], index["c2"])
    rare, _ = linkage.evidence(index["u1"], index["u2"])
    assert rare > common + 3


def test_a_wrong_link_does_not_merge_records_that_contradict() -> None:
    # B shares a phone with A and with C, but A and C carry different Aadhaar numbers:
    # they are two people, whatever B says.
    a = PersonRecord("A", "Sonu Kumar", "Ram Lal", "1992", "M", ["9811100001"], id_number="2345 6789 0123")
    b = PersonRecord("B", "Sonu", "Ram Lal", "1992", "M", ["9811100001", "9811100002"])
    c = PersonRecord("C", "Sonu Kumar", "Ram Lal", "1992", "M", ["9811100002"], id_number="9876 5432 1098")
    clusters = link_records([a, b, c])
    assert clusters["A"] != clusters["C"]
    assert clusters["B"] in (clusters["A"], clusters["C"])


def test_same_name_with_a_different_father_is_a_hard_contradiction() -> None:
    model = Model()
    levels = dict.fromkeys(FIELDS, -1)
    levels.update(name=0, father=4)
    assert hard_conflict(tuple(levels[f] for f in FIELDS), model)
    levels.update(father=5)  # a woman's record: the column may hold her husband
    assert not hard_conflict(tuple(levels[f] for f in FIELDS), model)


def test_a_contradiction_common_among_matches_is_no_veto() -> None:
    # Where ID numbers are often mistyped, EM finds "different ID" among one
    # person's records, and it becomes ordinary evidence against.
    levels = dict.fromkeys(FIELDS, -1)
    levels.update(name=0, id_number=2)
    careful, careless = Model(), Model()
    careless.m["id_number"] = [0.85, 0.05, 0.1]
    assert hard_conflict(tuple(levels[f] for f in FIELDS), careful)
    assert not hard_conflict(tuple(levels[f] for f in FIELDS), careless)


HEADER = "record_id,name,father_name,dob,gender,phone,address,id_number\n"
BODY = (
    "1,Mohd Irfan,Abdul Rashid,1990,M,+91 98765 00011,,\n"
    "2,Mohammed Irfan,Abdul Rasheed,1990-05-02,M,,,\n"
    "3,Rahul Sharma,Ramesh Sharma,1990,M,,,\n"
    "4,Rahul Sharma,Suresh Sharma,1982,M,,,\n"
)


def test_explain_writes_each_linked_pair_with_field_contributions(tmp_path: Path) -> None:
    source = tmp_path / "input.csv"
    source.write_text(HEADER + BODY, encoding="utf-8")
    explain = tmp_path / "pairs.csv"
    call_command("link_persons", str(source), "--output", str(tmp_path / "out.csv"), "--explain", str(explain))
    with explain.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["record_id_a"], row["record_id_b"]) for row in rows] == [("1", "2")]
    row = rows[0]
    assert float(row["match_probability"]) >= 0.5
    assert row["name_level"] == "exact" and float(row["name"]) > 0
    assert row["phone_level"] == "missing" and float(row["phone"]) == 0
    total = sum(float(row[c]) for c in ("prior", *FIELDS, "name_tf", "father_tf"))
    assert total == pytest.approx(float(row["match_weight"]), abs=0.05)


def test_a_higher_threshold_links_fewer_pairs(tmp_path: Path) -> None:
    source = tmp_path / "input.csv"
    source.write_text(HEADER + BODY, encoding="utf-8")
    strict = tmp_path / "strict.csv"
    call_command("link_persons", str(source), "--output", str(strict), "--threshold", "0.999999")
    with strict.open(newline="", encoding="utf-8") as handle:
        assert len({row["cluster_id"] for row in csv.DictReader(handle)}) == 4


@pytest.mark.parametrize("value", ["0", "1", "1.5", "high"])
def test_a_threshold_that_is_not_a_probability_is_refused(tmp_path: Path, value: str) -> None:
    source = tmp_path / "input.csv"
    source.write_text(HEADER + BODY, encoding="utf-8")
    with pytest.raises(CommandError, match="threshold"):
        call_command("link_persons", str(source), "--output", str(tmp_path / "o.csv"), "--threshold", value)


def test_a_new_record_joins_its_identity_with_the_same_parameters() -> None:
    records = labelled_records()
    linkage = link([prepare(r) for r in records[:-1]], workers=1)
    before = list(linkage.labels)
    known = records[0]
    again = PersonRecord("new", known.name, known.father_name, known.dob, known.gender, known.phones,
                         known.address, known.id_number)
    found = linkage.match(again)
    assert found is not None and found.cluster == linkage.labels[0]
    assert found.probability >= linkage.threshold and found.contributions["name"] > 0
    assert linkage.match(PersonRecord("stranger", "Zorawar Bhadana", "Quasim Ali", "1931")) is None
    assert linkage.labels == before  # nothing re-estimated, nothing re-clustered
    assert Model.from_dict(linkage.model.as_dict()) == linkage.model
