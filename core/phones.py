"""Indian phone numbers: written with +91, 0, spaces or dashes; stored as 10 digits. Pure Python."""
from __future__ import annotations

import re

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
