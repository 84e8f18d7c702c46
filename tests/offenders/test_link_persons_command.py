"""`manage.py link_persons INPUT.csv --output OUTPUT.csv`: the file contract."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = "record_id,name,father_name,dob,gender,phone,address,id_number\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "input.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def read_output(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_writes_every_record_once_and_groups_the_same_person(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        "1,Mohd Irfan,Abdul Rashid,1990,M,+91 98765 00011,,\n"
        "2,Mohammed Irfan,Abdul Rasheed,1990-05-02,M,,,\n"
        "3,Rahul Sharma,Ramesh Sharma,1990,M,,,\n"
        "4,Rahul Sharma,Suresh Sharma,1982,M,,,\n"
        '5,"IRFAN, MOHD",A. Rashid,1991,,098765-00011,"H.No. 12, Seelampur, Delhi",\n',
    )
    target = tmp_path / "out.csv"
    call_command("link_persons", str(source), "--output", str(target))
    rows = read_output(target)
    assert [row["record_id"] for row in rows] == ["1", "2", "3", "4", "5"]
    assert list(rows[0]) == ["record_id", "cluster_id"]
    cluster = {row["record_id"]: row["cluster_id"] for row in rows}
    assert cluster["1"] == cluster["2"] == cluster["5"]
    assert cluster["3"] != cluster["4"]


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not found"):
        call_command("link_persons", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "out.csv"))


def test_wrong_header_is_a_clear_error(tmp_path: Path) -> None:
    source = write(tmp_path, "1,Amit,,,,,,\n", header="id,name,father,dob,gender,phone,address,id_number\n")
    with pytest.raises(CommandError, match=r"Wrong header.*missing: record_id, father_name"):
        call_command("link_persons", str(source), "--output", str(tmp_path / "out.csv"))


def test_duplicate_record_id_names_the_line(tmp_path: Path) -> None:
    source = write(tmp_path, "1,Amit,,,,,,\n2,Sunil,,,,,,\n1,Anil,,,,,,\n")
    with pytest.raises(CommandError, match=r"Line 4: duplicate record_id 1 \(first seen on line 2\)"):
        call_command("link_persons", str(source), "--output", str(tmp_path / "out.csv"))


def test_empty_name_is_refused_with_its_line(tmp_path: Path) -> None:
    source = write(tmp_path, "1,Amit,,,,,,\n2,,,,,,,\n")
    with pytest.raises(CommandError, match="Line 3: name is empty"):
        call_command("link_persons", str(source), "--output", str(tmp_path / "out.csv"))


def test_runs_without_touching_the_database(tmp_path: Path) -> None:
    # No `db` fixture: pytest-django makes any database access in this test an error.
    source = write(tmp_path, "1,Amit,,,,,,\n")
    call_command("link_persons", str(source), "--output", str(tmp_path / "out.csv"))
    assert read_output(tmp_path / "out.csv") == [{"record_id": "1", "cluster_id": "P000001"}]
