"""One rule for numbers read from requests and files: ASCII digits only."""
import pytest

from core.numbers import is_number, parse_int


@pytest.mark.parametrize("text,expected", [
    ("42", 42), (" 42 ", 42), ("007", 7), (42, 42),
    ("²", None), ("١٢", None), ("4²", None), ("-1", None), ("1.5", None), ("", None), ("\x0012", None),
    ("9" * 19, None), (None, None), (True, None), ([1], None),
])
def test_parse_int_reads_ascii_digits_only(text, expected):
    assert parse_int(text) == expected


def test_is_number_has_a_length_limit():
    assert is_number("123456789", max_digits=9) and not is_number("1234567890", max_digits=9)
