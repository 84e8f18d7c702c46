"""The one place where complaint identifiers are normalised, so that the same phone, account,
UPI id, website or e-mail written differently is one Identifier.

Each function takes what an officer or a file wrote and returns the normalised value, or
raises ValueError with the officer's message. Phones go through core.phones (the one phone
rule): Indian numbers become 10 digits, foreign numbers keep their country code ("+1...").
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _g

from core.numbers import is_number
from core.phones import parse_international_phone

from .choices import IdentifierKind

_UPI = re.compile(r"^[a-z0-9][a-z0-9._-]{1,255}@[a-z][a-z0-9.]{1,63}$")
_IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_EMAIL = re.compile(r"^[a-z0-9._%+-]{1,64}@([a-z0-9-]+\.)+[a-z]{2,63}$")
#: Separators of several values in one cell.
_SPLIT = re.compile(r"\s*;\s*")


def split_cell(text: str | None) -> list[str]:
    """Several values in one cell are separated by `;`."""
    return [part for part in _SPLIT.split((text or "").strip()) if part]


def normalise_phone(raw: str) -> str:
    value = parse_international_phone(raw)
    if value is None:
        raise ValueError(_g("Not a phone number: “%(value)s” (write an Indian number, or a foreign one with + and its country code).")
                         % {"value": raw[:40]})
    return value


def normalise_upi(raw: str) -> str:
    value = raw.strip().lower()
    if not _UPI.match(value):
        raise ValueError(_g("Not a UPI id: “%(value)s” (it looks like name@bank).") % {"value": raw[:60]})
    return value


def normalise_bank(raw: str) -> str:
    """An account written as "number/IFSC" (or "number IFSC", "number:IFSC") -> "digits/IFSC"."""
    parts = [p for p in re.split(r"[\s/:,-]+", raw.strip()) if p]
    ifsc = parts[-1].upper() if len(parts) >= 2 else ""
    digits = "".join(parts[:-1]) if ifsc else ""
    if not digits.isascii() or not digits.isdigit() or not 6 <= len(digits) <= 20 or not _IFSC.match(ifsc):
        raise ValueError(_g("Not a bank account: “%(value)s” (write the account number, then / and the 11-character IFSC, "
                            "e.g. 123456789012/HDFC0001234).") % {"value": raw[:60]})
    return f"{digits}/{ifsc}"


def normalise_website(raw: str) -> str:
    value = raw.strip().lower()
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = re.split(r"[/?#]", value, maxsplit=1)[0]
    value = value.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    if value.startswith("www."):
        value = value[4:]
    if not _HOST.match(value):
        raise ValueError(_g("Not a website: “%(value)s”.") % {"value": raw[:60]})
    return value


def normalise_email(raw: str) -> str:
    value = raw.strip().lower()
    if value.startswith("mailto:"):
        value = value[7:]
    if not _EMAIL.match(value):
        raise ValueError(_g("Not an e-mail address: “%(value)s”.") % {"value": raw[:60]})
    return value


NORMALISERS = {
    IdentifierKind.PHONE: normalise_phone,
    IdentifierKind.UPI: normalise_upi,
    IdentifierKind.BANK: normalise_bank,
    IdentifierKind.WEBSITE: normalise_website,
    IdentifierKind.EMAIL: normalise_email,
}


def normalise(kind: str, raw: str) -> str:
    """The normalised value of one identifier of `kind`; ValueError with the officer's message."""
    return NORMALISERS[kind](raw)


def match_key(kind: str, value: str) -> str:
    """What other records hold for the same identifier: a bank account's digits (persons' accounts
    store the number without the IFSC), an Indian phone's 10 digits; else the value itself."""
    if kind == IdentifierKind.BANK:
        return value.split("/", 1)[0]
    return value


# --------------------------------------------------------------------------- amounts, countries

_CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "¥": "JPY"}
_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


def parse_amount(raw: str) -> tuple[Decimal | None, str]:
    """An amount as officers write it: "1,20,000", "$1,200", "1200.50", "USD 300".

    Returns (amount, currency found in the text or ""); ValueError when it is not a sum of money.
    Digits are ASCII only (core.numbers' rule)."""
    text = (raw or "").strip()
    if not text:
        return None, ""
    currency = ""
    for sign, code in _CURRENCY_SIGNS.items():
        if sign in text:
            currency, text = code, text.replace(sign, "")
    match = re.match(r"^([A-Za-z]{3})\s*(.*)$", text.strip()) or re.match(r"^(.*?)\s*([A-Za-z]{3})$", text.strip())
    if match and not currency:
        first, second = match.groups()
        code, text = (first, second) if first.isalpha() and len(first) == 3 else (second, first)
        currency = code.upper()
    text = text.strip().replace(",", "")
    whole, _dot, fraction = text.partition(".")
    if not is_number(whole, max_digits=12) or (_dot and not is_number(fraction, max_digits=2)):
        raise ValueError(_g("Not an amount: “%(value)s” (write digits, e.g. 1,20,000 or 1200.50).") % {"value": raw[:40]})
    try:
        return Decimal(text), currency
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise ValueError(_g("Not an amount: “%(value)s”.") % {"value": raw[:40]}) from exc


def normalise_currency(raw: str) -> str:
    value = (raw or "").strip().upper()
    value = _CURRENCY_SIGNS.get(value, value)
    if value and not _CURRENCY_CODE.match(value):
        raise ValueError(_g("Not a currency: “%(value)s” (write a three-letter code such as USD, GBP, INR).")
                         % {"value": raw[:20]})
    return value


COUNTRY_ALIASES = {
    "us": "United States", "usa": "United States", "u.s.": "United States", "u.s.a.": "United States",
    "united states": "United States", "united states of america": "United States", "america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "gb": "United Kingdom", "great britain": "United Kingdom",
    "united kingdom": "United Kingdom", "england": "United Kingdom", "ca": "Canada", "canada": "Canada",
    "au": "Australia", "aus": "Australia", "australia": "Australia", "jp": "Japan", "japan": "Japan",
    "in": "India", "ind": "India", "india": "India", "nz": "New Zealand", "new zealand": "New Zealand",
}


def normalise_country(raw: str) -> str:
    """A country as officers write it ("USA", "U.K.") -> its usual English name; other names kept, title-cased."""
    text = " ".join((raw or "").split())
    return COUNTRY_ALIASES.get(text.lower(), text.title())[:60]
