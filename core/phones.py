"""Indian phone numbers: written with +91, 0, spaces or dashes; stored as 10 digits."""
from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g

_NON_DIGITS = re.compile(r"\D+")


def normalize_phone(raw: str | None) -> str | None:
    """The 10-digit form of an Indian mobile or landline number, or None when it is not one.

    "+91 98765-43210", "098765 43210" and "9876543210" are the same number. Landlines
    with the Gurugram STD code (0124-xxxxxxx) are 10 digits once the leading 0 is dropped.
    """
    if not raw:
        return None
    digits = _NON_DIGITS.sub("", str(raw))
    if len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    elif len(digits) == 13 and digits.startswith("091"):
        digits = digits[3:]
    if len(digits) != 10 or digits[0] == "0":
        return None
    return digits


def split_phones(raw: str | None) -> list[str]:
    """Split a cell holding several numbers ("98xxx; 97xxx" or with commas or slashes)."""
    if not raw:
        return []
    return [part.strip() for part in re.split(r"[;,/|]", str(raw)) if part.strip()]


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

