"""The one phone rule (core.phones): Indian mobiles and landlines, with a flag saying which."""
import pytest
from django.core.exceptions import ValidationError

from core.phones import Phone, normalize_phone, normalize_phone_list, parse_phone


@pytest.mark.parametrize(
    "written", ["+91 98123 45612", "+91-9812345612", "098123-45612", "9812345612", "0091 98123 45612", "091 9812345612"],
)
def test_a_mobile_written_any_usual_way_is_ten_digits_and_flagged_mobile(written):
    assert parse_phone(written) == Phone("9812345612", mobile=True)
    assert normalize_phone(written) == "9812345612"


@pytest.mark.parametrize("written", ["0124 4012345", "0124-4012345", "+91 124 4012345", "1244012345"])
def test_a_landline_keeps_its_std_code_without_the_zero_and_is_flagged_landline(written):
    assert parse_phone(written) == Phone("1244012345", mobile=False)
    assert normalize_phone(written) == "1244012345"


@pytest.mark.parametrize("written", ["", None, "12345", "+91 98123 4561", "0000000000", "phone"])
def test_anything_else_is_not_a_number(written):
    assert parse_phone(written) is None and normalize_phone(written) is None


def test_a_list_keeps_mobiles_and_landlines_and_names_the_bad_ones():
    assert normalize_phone_list("98123 45612; 0124 4012345, 9812345612") == ["9812345612", "1244012345"]
    with pytest.raises(ValidationError) as refused:
        normalize_phone_list(["98123 45612", "12345"])
    assert "12345" in str(refused.value)


@pytest.mark.parametrize("written", [
    "98123 45612; 0124 4012345", "98123 45612, 0124 4012345", "98123 45612\n0124 4012345",
    "98123 45612\r\n0124 4012345;", "98123 45612 ,\n; 0124 4012345",
])
def test_every_box_of_phones_accepts_semicolons_commas_and_new_lines(written):
    assert normalize_phone_list(written) == ["9812345612", "1244012345"]
