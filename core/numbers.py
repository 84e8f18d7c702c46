"""One rule for numbers typed or uploaded by anyone: ASCII digits only.

`str.isdigit()` is true for "²" or "١٢" while `int()` refuses the first and reads the
second as 12: every id, count and year read from a request or a file goes through here.
"""
from __future__ import annotations


def is_number(text, *, max_digits: int = 18) -> bool:
    """True for a non-empty string of ASCII digits 0-9, at most `max_digits` long."""
    return isinstance(text, str) and 0 < len(text) <= max_digits and text.isascii() and text.isdecimal()


def parse_int(text, *, max_digits: int = 18) -> int | None:
    """The integer `text` spells in ASCII digits (surrounding spaces ignored), or None."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if not isinstance(text, str):
        return None
    text = text.strip()
    return int(text) if is_number(text, max_digits=max_digits) else None
