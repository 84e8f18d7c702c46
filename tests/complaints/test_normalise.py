"""Identifiers written in different ways are one identifier; wrong ones are refused in the officer's terms."""
from decimal import Decimal

import pytest

from complaints.choices import IdentifierKind as K
from complaints.normalise import match_key, normalise, normalise_country, parse_amount, split_cell


@pytest.mark.parametrize("kind,raw,expected", [
    (K.PHONE, "+91 98765-43210", "9876543210"),
    (K.PHONE, "098765 43210", "9876543210"),
    (K.PHONE, "+1 (888) 555-0100", "+18885550100"),
    (K.PHONE, "001 888 555 0100", "+18885550100"),
    (K.PHONE, "+44 20 7946 0958", "+442079460958"),
    (K.UPI, " Fraud.Pay@OKAXIS ", "fraud.pay@okaxis"),
    (K.BANK, "1234 5678 9012 / hdfc0001234", "123456789012/HDFC0001234"),
    (K.BANK, "123456789012:SBIN0000001", "123456789012/SBIN0000001"),
    (K.WEBSITE, "https://www.Fix-My-PC.example.com/locked?id=3", "fix-my-pc.example.com"),
    (K.WEBSITE, "support-help.net", "support-help.net"),
    (K.EMAIL, "mailto:Help.Desk@Example.COM", "help.desk@example.com"),
])
def test_same_identifier_written_differently_is_normalised_alike(kind, raw, expected):
    assert normalise(kind, raw) == expected


@pytest.mark.parametrize("kind,raw", [
    (K.PHONE, "12345"), (K.PHONE, "1 888 555 0100"), (K.UPI, "no-at-sign"), (K.BANK, "123456789012"),
    (K.BANK, "12ab/HDFC0001234"), (K.BANK, "123456789012/HDFC1234"), (K.WEBSITE, "not a host"),
    (K.EMAIL, "someone@"), (K.PHONE, "९८७६५४३२१०"),
])
def test_wrong_identifiers_are_refused_with_a_message(kind, raw):
    with pytest.raises(ValueError) as info:
        normalise(kind, raw)
    assert raw[:10] in str(info.value)


def test_bank_account_matches_persons_accounts_by_its_digits():
    assert match_key(K.BANK, "123456789012/HDFC0001234") == "123456789012"
    assert match_key(K.UPI, "a@okaxis") == "a@okaxis"


@pytest.mark.parametrize("raw,expected", [
    ("1,20,000", (Decimal("120000"), "")), ("$1,200", (Decimal("1200"), "USD")),
    ("£300.50", (Decimal("300.50"), "GBP")), ("USD 75", (Decimal("75"), "USD")), ("", (None, "")),
])
def test_amounts_as_officers_write_them(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["12 lakh", "1.2.3", "١٢٠", "-5"])
def test_unclear_amounts_are_refused(raw):
    with pytest.raises(ValueError):
        parse_amount(raw)


def test_countries_and_cells():
    assert normalise_country("usa") == "United States"
    assert normalise_country("U.K.") == "United Kingdom"
    assert normalise_country("germany") == "Germany"
    assert split_cell(" a ; b;;c ") == ["a", "b", "c"]
