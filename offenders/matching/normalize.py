"""Normalisation of Indian person data: names, phones, dates of birth, ID numbers.

Everything here is deterministic and needs no database, so the same canonical form
is produced by the ``link_persons`` command, the forms, the API and any later
database-backed candidate search. Phone numbers follow the project's one rule
(core.phones.parse_phone).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

from core.phones import parse_phone

# Honorifics and relation markers that are never part of the person's name.
HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "sh", "shri", "sri", "shree", "smt", "shrimati",
        "srimati", "dr", "late", "lt", "janab", "sardar", "hazi", "haji", "master",
        "baby", "adv", "er", "prof",
    }
)


# Whole-token transliteration variants folded to one canonical spelling. Only
# variants that rule-based folding (below) cannot reach are listed here.
_VARIANT_GROUPS: dict[str, tuple[str, ...]] = {
    "mohammad": (
        "mohammad", "mohammed", "mohamad", "mohamed", "muhammad", "muhammed",
        "mohd", "md", "mohmmad", "mohammd", "mohmad", "mahomed", "mohamd", "muhamad",
        "mohd.", "mhd", "mohommad", "mohummad",
    ),
    "chaudhary": (
        "chaudhary", "choudhary", "chaudhry", "chaudhari", "choudhry", "chowdhary",
        "chowdhury", "choudhury", "chaudhuri", "chaudary", "choudary", "chodhary",
        "chaudhri", "chowdhry",
    ),
    "sharma": ("sharma", "sarma", "sharmaa", "shrama"),
    "kumar": ("kumar", "kr", "kmr", "kumaar"),
    "lakshmi": ("lakshmi", "laxmi", "lakshmy", "luxmi"),
    "mishra": ("mishra", "misra"),
    "srivastava": ("srivastava", "shrivastava", "srivastav", "shrivastav", "sriwastav"),
    "agarwal": ("agarwal", "aggarwal", "agrawal", "aggrawal", "agarwala"),
    "yadav": ("yadav", "yadava", "jadav"),
    "chauhan": ("chauhan", "chouhan", "chohan"),
    "qureshi": ("qureshi", "kureshi", "quraishi", "qurashi", "kuraishi"),
    "siddiqui": ("siddiqui", "siddiqi", "sidiqui", "siddiki", "sidiqi"),
    "shaikh": ("shaikh", "sheikh", "shekh"),
    "hussain": ("hussain", "husain", "hussein", "hossain"),
    "ahmed": ("ahmed", "ahmad", "ahamed", "ahemad"),
    "mukherjee": ("mukherjee", "mukerjee", "mukharji", "mukherji"),
    "chatterjee": ("chatterjee", "chaterjee", "chatterji"),
    "banerjee": ("banerjee", "banerji", "bannerjee"),
    "gurpreet": ("gurpreet", "gurprit"),
    "jitender": ("jitender", "jitendra", "jeetender", "jitinder"),
    "surender": ("surender", "surendra", "surinder"),
    "dharmender": ("dharmender", "dharmendra", "dharminder"),
    "ravinder": ("ravinder", "ravindra", "ravender"),
    "narender": ("narender", "narendra", "narinder"),
    "virender": ("virender", "virendra", "verender", "birender"),
    "mahender": ("mahender", "mahendra", "mohinder", "mahinder"),
    "rajender": ("rajender", "rajendra", "rajinder"),
    "upender": ("upender", "upendra"),
    "devender": ("devender", "devendra", "devinder"),
    "jogender": ("jogender", "jogendra", "joginder"),
    "yogender": ("yogender", "yogendra"),
    "gajender": ("gajender", "gajendra"),
    "lokesh": ("lokesh", "lokes"),
    "abdul": ("abdul", "abdool", "abdal"),
    "rasheed": ("rasheed", "rashid"),
    "syed": ("syed", "sayed", "saiyed", "sayyed", "saiyad", "sayyad"),
}
TRANSLITERATIONS: dict[str, str] = {
    variant: canonical
    for canonical, variants in _VARIANT_GROUPS.items()
    for variant in variants
}

# Markers after which a name field carries a relation or an alias, not the name.
_RELATION_SPLIT = re.compile(
    r"\b(?:s|d|w|h)\s*/\s*o\b|\b(?:son|daughter|wife|husband)\s+of\b|@|\balias\b|\burf\b",
    re.IGNORECASE,
)
_NON_ALPHA = re.compile(r"[^a-z]+")
_VOWELS = frozenset("aeiou")


def _ascii_lower(text: str) -> str:
    """Lower-case and strip accents, so "Mohaméd" and "Mohamed" meet."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


# Initials follow the spelling rules of whole words ("W." for "Wasim" -> "vasim").
_INITIAL_FOLD = {"w": "v", "z": "j", "q": "k"}
# The few two-letter words that are names, not a pair of initials.
_TWO_LETTER_NAMES = frozenset({"om"})


def _split_initials(token: str) -> list[str]:
    """Split a run of initials written together ("rk", "ah", "rks") into letters.

    Two letters are nearly always initials ("Om" aside), and a three-letter
    token with no vowel cannot be a name. "Md" is folded before this runs.
    """
    if len(token) == 2 and token not in _TWO_LETTER_NAMES:
        return list(token)
    if len(token) == 3 and not (_VOWELS & set(token)) and "y" not in token:
        return list(token)
    return [token]


@lru_cache(maxsize=65536)
def name_tokens(s: str) -> tuple[str, ...]:
    """Canonical tokens of a person's name.

    Honorifics and anything after "s/o", "@" or "alias" are removed, spellings
    are folded (``fold_token``), initials are kept as single letters and the
    original order is preserved (order is ignored later, when comparing).
    """
    if not s:
        return ()
    text = _RELATION_SPLIT.split(_ascii_lower(s), maxsplit=1)[0]
    # Full stops separate initials ("R.K.Sharma"), so they become spaces.
    raw = [t for t in _NON_ALPHA.split(text) if t]
    start = 0
    # Only leading honorifics go ("Late Sh. Ram Lal"), never the last token.
    while start < len(raw) - 1 and raw[start] in HONORIFICS:
        start += 1
    tokens: list[str] = []
    for token in raw[start:]:
        tokens.extend(_INITIAL_FOLD.get(t, t) for t in _split_initials(fold_token(token)))
    return tuple(tokens)


def normalize_name(s: str) -> str:
    """Canonical token form of a name, e.g. "Mohd. Irfan" -> "mohammad irfan"."""
    return " ".join(name_tokens(s))


# Spelling rules applied in order to every token. They fold the usual ways of
# writing Hindi and Urdu sounds in Latin letters ("ee"/"i", "oo"/"u", "w"/"v",
# doubled consonants, "ksh"/"x", "z"/"j" ...) to one form.
_FOLD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ksh", "x"),
        (r"ee", "i"),
        (r"oo", "u"),
        (r"[ao]u", "u"),
        (r"(?<=[a-z]{2})(?:endra|inder|ender)$", "ender"),
        (r"th$", "t"),
        (r"w", "v"),
        (r"z", "j"),
        (r"q", "k"),
        (r"ph", "f"),
        (r"([bcdfgjklmnprstvx])\1", r"\1"),
        (r"aa", "a"),
        (r"ii", "i"),
        (r"(?<=[aeiou])y(?=[aeiou]|$)", "i"),
    )
)


def _apply_rules(token: str) -> str:
    for pattern, replacement in _FOLD_RULES:
        token = pattern.sub(replacement, token)
    return token


# The dictionary reached both directly and after the rules, and always giving
# a rule-folded canonical form, so "Aggarwal" and "Agarwaal" end up equal.
_FOLDED_VARIANTS: dict[str, str] = {}
for _variant, _canonical in TRANSLITERATIONS.items():
    _FOLDED_VARIANTS[_variant] = _apply_rules(_canonical)
    _FOLDED_VARIANTS.setdefault(_apply_rules(_variant), _apply_rules(_canonical))


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    """Fold one lower-case token to its canonical spelling."""
    if token in _FOLDED_VARIANTS:
        return _FOLDED_VARIANTS[token]
    if len(token) <= 1:
        return token
    folded = _apply_rules(token)
    return _FOLDED_VARIANTS.get(folded, folded)


# Tokens that people add or drop freely ("Rajesh Kumar" / "Rajesh"): they are
# kept in the canonical form but carry no weight when two names are compared.
# Stored folded, since they are looked up among folded tokens.
FILLERS = frozenset(
    fold_token(t)
    for t in ("kumar", "kumari", "singh", "kaur", "devi", "bai", "ben", "bibi",
              "begum", "khatoon", "lal", "bhai", "ji")
)


_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"([bdgkcjtp])h", r"\1"),
        (r"sh", "s"),
        (r"x", "ks"),
        (r"y", "i"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"(?<=.)h", ""),
        (r"(?<=.)[aeiou]", ""),
        (r"(.)\1+", r"\1"),
    )
)


@lru_cache(maxsize=65536)
def skeleton(token: str) -> str:
    """Phonetic key of a folded token: its first letter and consonant skeleton.

    Aspiration ("bh"/"b"), "sh"/"s" and vowels are dropped, so "praveen",
    "parveen" and "pravin" share "prvn". Used for blocking and as a strong hint
    of a spelling variant when comparing tokens.
    """
    key = token
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    if key and key[0] in "eiou":
        key = "a" + key[1:]  # initial vowels are spelt interchangeably
    return key


_LONG_FILLERS = tuple(f for f in FILLERS if len(f) >= 4)


@lru_cache(maxsize=65536)
def is_filler(token: str) -> bool:
    """A filler word, or a one-letter slip of a long one ("kumqr", "signh")."""
    if token in FILLERS:
        return True
    if len(token) < 4:
        return False
    return any(OSA.distance(token, filler, score_cutoff=1) <= 1 for filler in _LONG_FILLERS)


def core_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens that identify: fillers ("kumar", "singh") removed unless nothing else."""
    core = tuple(t for t in tokens if not is_filler(t))
    return core or tokens


def filler_tokens(tokens: tuple[str, ...]) -> frozenset[str]:
    """The fillers of a name, spelling slips corrected ("signh" -> "singh")."""
    found = set()
    for token in tokens:
        if token in FILLERS:
            found.add(token)
        elif is_filler(token):
            found.add(min(_LONG_FILLERS, key=lambda f: OSA.distance(token, f)))
    return frozenset(found)


_PHONE_SEPARATORS = re.compile(r"[,;/|]|\bor\b|&")


def normalize_phone(s: str | None) -> str | None:
    """Ten-digit Indian mobile number, or None when ``s`` is not one.

    The rule is core.phones.parse_phone's (+91, 0091, 91 and 0 prefixes, spaces, dashes,
    dots and brackets); this asks only for mobiles, which start with 6, 7, 8 or 9.
    """
    phone = parse_phone(s)
    return phone.number if phone is not None and phone.mobile else None


def normalize_phones(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """All valid numbers, mobiles and landlines, in a field that may hold several ("98.. / 0124 ..").

    A person's landline is compared like a mobile: the same number on two records is evidence
    that they are one person (core.phones.parse_phone is the one rule for both).
    """
    if not value:
        return ()
    fields = value if isinstance(value, (list, tuple)) else [value]
    parts = [part for field in fields for part in _PHONE_SEPARATORS.split(field)]
    phones: list[str] = []
    for part in parts:
        phone = parse_phone(part)
        if phone and phone.number not in phones:
            phones.append(phone.number)
    return tuple(phones)


def mask_phone(phone: str) -> str:
    """Show a phone in a reason without exposing it: "98xxxxxx12"."""
    return phone[:2] + "x" * (len(phone) - 4) + phone[-2:]


_DOB_FULL = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_DOB_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def parse_dob(s: str | None) -> tuple[int | None, str | None]:
    """(birth year, full 'YYYY-MM-DD' date or None) from 'YYYY-MM-DD' or 'YYYY'."""
    if not s:
        return None, None
    full = _DOB_FULL.match(s)
    if full:
        year, month, day = (int(part) for part in full.groups())
        if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
            return year, f"{year:04d}-{month:02d}-{day:02d}"
        return (year if 1900 <= year <= 2100 else None), None
    only_year = _DOB_YEAR.match(s)
    if only_year and 1900 <= int(only_year.group(1)) <= 2100:
        return int(only_year.group(1)), None
    return None, None


_ID_CLEAN = re.compile(r"[\s\-./]+")
_PAN = re.compile(r"^[A-Z]{5}\d{4}[A-Z]$")
_PASSPORT = re.compile(r"^[A-Z]\d{7}$")
_HEX_HASH = re.compile(r"^[0-9A-F]{32,128}$")


def normalize_id(s: str | None) -> tuple[str, str] | None:
    """(kind, value) of an identity document number, or None if blank.

    Only numbers of the same kind can be compared: a PAN and an Aadhaar hash of
    the same person differ, and that is not evidence of two people.
    """
    if not s:
        return None
    value = _ID_CLEAN.sub("", s).upper()
    if not value:
        return None
    if value.isdigit() and len(value) == 12:
        return "aadhaar", value
    if _PAN.match(value):
        return "pan", value
    if _PASSPORT.match(value):
        return "passport", value
    if _HEX_HASH.match(value):
        return "hash", value
    return "other", value


# Words that every address repeats and that therefore prove nothing.
_ADDRESS_STOPWORDS = frozenset(
    {
        "h", "no", "house", "hno", "gali", "street", "st", "road", "rd", "near",
        "opp", "village", "vill", "vpo", "po", "ps", "teh", "tehsil", "distt", "dist",
        "district", "the", "of", "and", "block", "sector", "sec", "phase", "ward",
        "haryana", "delhi", "new", "uttar", "pradesh", "up", "hr", "india", "colony",
        "nagar", "flat", "floor", "plot", "ext", "extension", "main", "lane",
    }
)
_ADDRESS_TOKEN = re.compile(r"[a-z]+|\d+")


def address_tokens(s: str | None) -> frozenset[str]:
    """Distinctive tokens of an address (locality names and numbers)."""
    if not s:
        return frozenset()
    tokens = _ADDRESS_TOKEN.findall(_ascii_lower(s))
    return frozenset(
        fold_token(t) if t.isalpha() else t.lstrip("0") or "0"
        for t in tokens
        if t not in _ADDRESS_STOPWORDS and (len(t) > 1 or t.isdigit())
    )
