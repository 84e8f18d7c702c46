"""Aadhaar numbers: checked, hashed with a key, masked. The full number is never kept.

An Aadhaar number is 12 digits, the first never 0 or 1, the last a Verhoeff check
digit. The registry keeps only its last four digits (to show "XXXX XXXX 1234") and an
HMAC-SHA256 of the 12 digits under ``settings.IDENTITY_HASH_KEY`` (to find the same
number on another record). Without the key the hash cannot be reversed by trying all
10^11 valid numbers, which a plain hash would allow.

Callers hold the full number only in memory, between the form or serializer that
received it and `aadhaar_parts`; nothing here logs it or puts it in a message.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext_lazy as _

from core.numbers import is_number

# Verhoeff's tables: multiplication in the dihedral group D5, the position permutation, the inverse.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)

_SEPARATORS = re.compile(r"[\s\-.]+")

INVALID_MESSAGE = _("Enter a valid 12-digit Aadhaar number.")


def verhoeff_valid(digits: str) -> bool:
    """True when the last digit of ``digits`` is its Verhoeff check digit."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


def verhoeff_digit(digits: str) -> str:
    """The Verhoeff check digit to append to ``digits`` (used to make test numbers)."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D[check][_P[(position + 1) % 8][int(digit)]]
    return str(_INV[check])


def aadhaar_normalize(raw: str | None) -> str:
    """The digits of an Aadhaar number as written ("1234 5678 9012", "1234-5678-9012")."""
    return _SEPARATORS.sub("", str(raw or ""))


def aadhaar_validate(raw: str | None) -> str:
    """The normalised 12 digits, or ValidationError (whose message never repeats the number)."""
    digits = aadhaar_normalize(raw)
    if not is_number(digits, max_digits=12) or len(digits) != 12 or digits[0] in "01" or not verhoeff_valid(digits):
        raise ValidationError(INVALID_MESSAGE, code="invalid_aadhaar")
    return digits


def _key() -> bytes:
    key = getattr(settings, "IDENTITY_HASH_KEY", None)
    if not key:
        raise ImproperlyConfigured("IDENTITY_HASH_KEY must be set to store or match Aadhaar numbers.")
    return key.encode()


def aadhaar_hash(raw: str) -> str:
    """Keyed HMAC-SHA256 (64 hex digits) of a valid Aadhaar number."""
    digits = aadhaar_validate(raw)
    return hmac.new(_key(), digits.encode(), hashlib.sha256).hexdigest()


def aadhaar_parts(raw: str) -> tuple[str, str]:
    """(last four digits, keyed hash): all the registry ever keeps of an Aadhaar number."""
    digits = aadhaar_validate(raw)
    return digits[-4:], aadhaar_hash(digits)


def aadhaar_mask(last_four: str) -> str:
    """How an Aadhaar number is shown: "XXXX XXXX 1234"."""
    return f"XXXX XXXX {last_four}" if last_four else ""
