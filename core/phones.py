"""Indian phone numbers: written with +91, 0091, 0, spaces or dashes; stored as 10 digits.

The one rule for every app (call centres, notices, persons, the person matcher): `parse_phone`
gives the 10-digit number and whether it is a mobile (starting with 6, 7, 8 or 9) or a landline
(an STD code without its leading 0, then the subscriber's number: 0124-4012345 is 1244012345).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g

_NON_DIGITS = re.compile(r"\D+", re.ASCII)  # only 0-9 are digits (core.numbers)
#: Ways of writing India's country code or the trunk prefix in front of the 10 digits, by total length.
_PREFIXES = {12: "91", 13: "091", 14: "0091", 11: "0"}
MOBILE_FIRST_DIGITS = "6789"


class Phone(NamedTuple):
    """A valid Indian number: its 10 digits, and whether it is a mobile (else a landline)."""

    number: str
    mobile: bool


def parse_phone(raw: str | None) -> Phone | None:
    """The number as written ("+91 98765-43210", "0091 9876543210", "098765 43210", "0124 4012345"),
    or None when it is not an Indian mobile or landline number."""
    if not raw:
        return None
    digits = _NON_DIGITS.sub("", str(raw))
    prefix = _PREFIXES.get(len(digits))
    if prefix and digits.startswith(prefix):
        digits = digits[len(prefix):]
    if len(digits) != 10 or digits[0] == "0":
        return None
    return Phone(digits, digits[0] in MOBILE_FIRST_DIGITS)


def normalize_phone(raw: str | None) -> str | None:
    """The 10-digit form of an Indian mobile or landline number, or None when it is not one.

    "+91 98765-43210", "098765 43210" and "9876543210" are the same number. Landlines
    with the Gurugram STD code (0124-xxxxxxx) are 10 digits once the leading 0 is dropped.
    """
    phone = parse_phone(raw)
    return phone.number if phone else None


def split_phones(raw: str | None) -> list[str]:
    """Split a cell or a box holding several numbers: separated by ; or , (or slashes, bars), or
    one per line. The one separator rule of every form, import and API."""
    if not raw:
        return []
    return [part.strip() for part in re.split(r"[;,/|\r\n]", str(raw)) if part.strip()]


def normalize_phone_list(raw: Iterable[str] | str | None, *, field: str = "phones") -> list[str]:
    """Normalise phone numbers (a list, or one text with ; , / | separators) to 10 digits, without repeats.

    Raises ValidationError on `field` naming every number that is not a valid Indian number.
    """
    if not raw:
        return []
    items = split_phones(raw) if isinstance(raw, str) else [p for item in raw for p in split_phones(item)]
    numbers: list[str] = []
    bad: list[str] = []
    for item in items:
        number = normalize_phone(item)
        if number is None:
            bad.append(item)
        elif number not in numbers:
            numbers.append(number)
    if bad:
        raise ValidationError(
            {field: _g("Not a valid phone number: %(numbers)s. Write 10 digits, optionally with +91 or 0 in front.")
             % {"numbers": ", ".join(f"“{b[:20]}”" for b in bad)}}
        )
    return numbers



def parse_international_phone(raw: str | None) -> str | None:
    """Any phone number a victim abroad may have called: an Indian number as its 10 digits
    (`parse_phone`, the one rule), a foreign one as "+" and its digits with the country code
    ("+1 (888) 555-0100" and "001 888 555 0100" are "+18885550100"); None when it is neither.

    A foreign number must be written with + or 00 in front: without them its country is unknown.
    """
    if not raw:
        return None
    text = str(raw).strip()
    digits = _NON_DIGITS.sub("", text)
    international = text.startswith("+") or digits.startswith("00")
    if international:
        digits = digits[2:] if digits.startswith("00") and not text.startswith("+") else digits
        if digits.startswith("91"):
            indian = parse_phone("+" + digits)
            return indian.number if indian else None
        return "+" + digits if 8 <= len(digits) <= 15 and digits[0] != "0" else None
    indian = parse_phone(text)
    return indian.number if indian else None
