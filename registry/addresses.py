"""Gurugram addresses, call-centre names and company names in canonical form. Pure Python.

The same premises is written many ways by 40 stations: "Plot No. 123, Sec-14, Gurgaon" and
"#123 Sector fourteen, Gurugram, Haryana 122001" are one place. `normalize_address` splits an
address into parts (plot, floor, building, sector, phase, locality hint, city, PIN) and builds a
`key` that is equal for the same premises and different for different plots or floors.

`name_key` and `company_key` do the same for call-centre and company names; `LocalityIndex`
resolves a locality written as a name or an alias ("UV Phase 3" = "Udyog Vihar Phase III").

Nothing here touches the database, so it can run on 100,000 rows per import at full speed.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# --------------------------------------------------------------------------- numbers in words

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}

# Longest alternatives first so that "fourteen" wins over "four".
_ONES_RE = "|".join(sorted(_ONES, key=len, reverse=True))
_TENS_RE = "|".join(sorted(_TENS, key=len, reverse=True))
_NUMWORD_RE = rf"(?:(?:{_TENS_RE})(?:[\s-]+(?:{_ONES_RE}))?|{_ONES_RE})"
_ROMAN_RE = r"(?:viii|vii|iii|ii|iv|vi|ix|i|v|x)"


def _number_value(text: str) -> str:
    """"14" -> "14", "fourteen" -> "14", "forty-five" -> "45", "iv" -> "4"; else the text itself."""
    t = text.strip().lower()
    if t.isdigit():
        return str(int(t))
    if t in _ROMAN:
        return str(_ROMAN[t])
    if t in _ORDINALS:
        return str(_ORDINALS[t])
    words = re.split(r"[\s-]+", t)
    if len(words) == 1 and words[0] in _ONES:
        return str(_ONES.index(words[0]))
    if words and words[0] in _TENS:
        value = _TENS[words[0]]
        if len(words) == 2 and words[1] in _ONES[:10]:
            value += _ONES.index(words[1])
        return str(value)
    return t


# --------------------------------------------------------------------------- patterns

_PIN = re.compile(r"(?<!\d)(1[0-9]{2}) ?([0-9]{3})(?!\d)")
_CITY = re.compile(r"\b(?:gurgaon|gurugram|gurgram|gurgoan|ggn)\b")
_OTHER_CITIES = {"new delhi": "New Delhi", "delhi": "Delhi", "noida": "Noida", "ghaziabad": "Ghaziabad",
                 "faridabad": "Faridabad"}
_NOISE_HINT = re.compile(r"\b(?:nr|near|opp|behind|beside|adj|next|front)")
_NOISE_SEGMENT = re.compile(r"\b(?:near|nr|opp|opposite|behind|beside|adjacent to|adj|next to|in front of)\b.*")

_FLOOR_WORD = (
    r"(?:upper\s+ground|lower\s+ground|ground|basement|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\d{1,2}\s*(?:st|nd|rd|th)?|" + _ROMAN_RE + r")"
)
_FLOOR = re.compile(
    rf"\b(?P<a>{_FLOOR_WORD})\s*(?:floor|flr|fl)\b\.?"
    r"|\b(?:floor|flr)\s*(?:no\.?)?\s*[:\-]?\s*(?P<b>\d{1,2})\b"
    r"|\b(?P<c>ugf|lgf|gf|ff|sf|basement)\b"
)
_FLOOR_HINT = re.compile(r"fl|gf|ff|sf|basement")
_FLOOR_ABBR = {"basement": "basement", "gf": "0", "ff": "1", "sf": "2", "ugf": "upper ground", "lgf": "lower ground"}

# Plot or house numbers. Shops, flats, units and SCO/SCF/DSS keep their kind: "Shop 5" and
# "Plot 5" in one locality are different places; "Plot 5", "House No. 5" and "#5" are one.
_PLOT_VALUE = r"(?P<v>[a-z]{0,2}\s*-?\s*\d{1,5}\s*-?\s*[a-z]?(?:\s*/\s*\d{1,4}[a-z]?)?)(?![a-z0-9])"
_PLOT = re.compile(
    r"(?:#|\b(?P<kind>plot|house|h|hno|shop|flat|unit|office|sco|scf|dss|property|khasra|building|bldg)\b\.?"
    r"\s*(?:no\b\.?|number|num|#)?)\s*[:.\-]?\s*" + _PLOT_VALUE
)
_PLOT_KINDS = {"shop": "shop", "flat": "flat", "unit": "unit", "office": "office", "sco": "sco", "scf": "scf",
               "dss": "dss", "khasra": "khasra"}
_LEADING_PLOT = re.compile(r"^\s*(?P<v>[a-z]{0,2}\s*-?\s*\d{1,5}\s*-?\s*[a-z]?(?:\s*/\s*\d{1,4})?)\s*(?:,|$|\s(?=[a-z]{3,}))")

_SECTOR = re.compile(
    rf"\b(?:sector|sectr|sect|sec|sctr)\.?\s*[:\-]?\s*(?:no\.?\s*)?"
    rf"(?P<v>\d{{1,3}}\s*[a-z]?(?:\s*/\s*\d{{1,3}})?(?![a-z0-9])|{_NUMWORD_RE}\b)"
)
_PHASE = re.compile(rf"\b(?:phase|ph)\.?\s*[:\-]?\s*(?P<v>\d{{1,2}}\b|{_ROMAN_RE}\b|{_NUMWORD_RE}\b)")

#: Words written in several ways, replaced word by word (a dict lookup, not a regex each).
_ABBREVIATIONS = {
    "uv": "udyog vihar", "gcr": "golf course road", "rd": "road", "marg": "road", "indl": "industrial",
    "ind": "industrial", "industl": "industrial", "cybercity": "cyber city", "extn": "extension",
    "mehrauli": "mehrauli", "ggn": "",
}
_PHRASES = {"mehrauli gurugram road": "mg road", "mehrauli gurgaon road": "mg road"}
#: Words that never identify a premises: the state, the country, filler.
_STOPWORDS = {"no", "number", "the", "at", "of", "and", "pin", "code", "pincode", "city", "haryana", "india",
              "hr", "dist", "distt", "district"}
_BUILDING_WORDS = {
    "tower", "towers", "building", "bldg", "complex", "plaza", "mall", "centre", "center", "court", "arcade",
    "chambers", "square", "point", "heights", "house", "bhawan", "bhavan", "park", "hub", "apartments",
    "residency", "block", "wing", "estate", "galleria",
}
_NON_WORD = re.compile(r"[^a-z0-9,\s/]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class AddressParts:
    """An address split into its Gurugram parts. `key` is equal for the same premises.

    An empty `key` means nothing identifying was found (e.g. "near bus stand"): such
    addresses never match each other.
    """

    plot: str = ""
    floor: str = ""
    building: str = ""
    sector: str = ""
    phase: str = ""
    locality_hint: str = ""
    city: str = "Gurugram"
    pin: str = ""
    key: str = ""


_UV_PHASE = re.compile(r"\buv\s*-?\s*(\d\b|" + _ROMAN_RE + r"\b)")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("–", "-").replace("—", "-").replace("&", " and ")
    if "uv" in text:
        # "UV-3", "UV 3", "UV-III": how Udyog Vihar's phases are written in short.
        text = _UV_PHASE.sub(r"udyog vihar phase \1", text)
    return text.replace("\n", ",").replace(";", ",").replace("|", ",")


def _floor_value(match: re.Match) -> str:
    if match.group("c"):
        return _FLOOR_ABBR[match.group("c")]
    raw = _SPACES.sub(" ", (match.group("a") or match.group("b") or "").strip())
    if raw == "ground":
        return "0"
    if raw in ("basement", "upper ground", "lower ground"):
        return raw
    raw = re.sub(r"(?<=\d)\s*(?:st|nd|rd|th)$", "", raw)
    return _number_value(raw)


def _sector_value(text: str) -> str:
    """"14" -> "14", "14 A" -> "14a", "17 / 18" -> "17/18", "forty five" -> "45"."""
    if text[:1].isdigit():
        number = _SPACES.sub("", text)
        return re.sub(r"^0+(?=\d)", "", number)
    return _number_value(text)


def _plot_value(text: str) -> str:
    return re.sub(r"[\s-]+", "", text)


def _take(pattern: re.Pattern, text: str) -> tuple[re.Match | None, str]:
    """The first match of `pattern` and the text with every match blanked to a separator.

    Every match is removed (an address that says "Sector 14 ... Sec-14" has one sector) but
    the first one gives the value. One pass over the text.
    """
    found: list[re.Match] = []

    def blank(match: re.Match) -> str:
        found.append(match)
        return " , "

    text = pattern.sub(blank, text)
    return (found[0] if found else None), text


def _residual_words(text: str) -> list[list[str]]:
    """What is left after the structured parts: segments of words, abbreviations expanded."""
    text = _NON_WORD.sub(" ", text)
    segments = []
    for segment in text.split(","):
        words = _expand_words(segment.replace("/", " ").split())
        words = [w for w in words if w not in _STOPWORDS]
        if words:
            segments.append(words)
    return segments


def _expand_words(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        replacement = _ABBREVIATIONS.get(word)
        if replacement is None:
            out.append(word)
        elif replacement:
            out.extend(replacement.split())
    if len(out) >= 3:
        joined = " ".join(out)
        for phrase, replacement in _PHRASES.items():
            joined = joined.replace(phrase, replacement)
        out = joined.split()
    return out


def _dedupe(words: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for word in words:
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def normalize_address(raw: str | None, *, locality: str | None = None) -> AddressParts:
    """Split a Gurugram address into parts and compute its canonical `key` (see _normalize_address).

    Cached: an import repeats the same localities and often the same addresses.
    """
    return _normalize_address(raw or "", locality or "")


@dataclass(frozen=True, slots=True)
class _Parsed:
    plot: str
    floor: str
    building: tuple[str, ...]
    hint: tuple[str, ...]
    sector: str
    phase: str
    city: str
    pin: str


@lru_cache(maxsize=8192)
def _normalize_address(raw: str, locality: str) -> AddressParts:
    """Split a Gurugram address into parts and compute its canonical `key`.

    `locality`, when the locality is known separately (an import column, a form field), is
    read as part of the address, so that "Plot 5, Phase 4" in locality "Udyog Vihar Phase IV"
    and "Plot 5, Udyog Vihar Phase 4" give the same key: the address's own sector and phase
    win, the locality fills them when missing, and its words join the locality hint.
    """
    parts = _parse(raw)
    building, hint = list(parts.building), list(parts.hint)
    sector, phase, city = parts.sector, parts.phase, parts.city
    if locality:
        known = _parse(locality)  # cached: a city has a few hundred localities
        sector, phase = sector or known.sector, phase or known.phase
        hint += [*known.building, *known.hint]
        if city == "Gurugram":
            city = known.city
    building_text = " ".join(_dedupe(building))
    hint_text = " ".join(_dedupe(hint))
    labelled = [("p", parts.plot), ("f", parts.floor), ("b", building_text.replace(" ", "")),
                ("s", sector.replace(" ", "")), ("ph", phase.replace(" ", "")), ("l", hint_text.replace(" ", ""))]
    if city != "Gurugram":
        labelled.append(("c", city.lower().replace(" ", "")))
    key = "|".join(f"{label}:{value}" for label, value in labelled if value)
    return AddressParts(plot=parts.plot, floor=parts.floor, building=building_text, sector=sector, phase=phase,
                        locality_hint=hint_text, city=city, pin=parts.pin, key=key)


@lru_cache(maxsize=8192)
def _parse(raw: str) -> _Parsed:
    """The parts of one piece of address text (an address, or a locality's name)."""
    text = _clean(raw)
    pin = ""
    if any(c.isdigit() for c in text):
        pin_match, text = _take(_PIN, text)
        if pin_match:
            pin = pin_match.group(1) + pin_match.group(2)

    city = "Gurugram"
    if "gur" in text or "ggn" in text:
        text = _CITY.sub(" , ", text)
    has_noise = _NOISE_HINT.search(text) is not None
    kept = []
    for segment in text.split(","):
        if has_noise and _NOISE_HINT.search(segment):
            segment = _NOISE_SEGMENT.sub("", segment)
        segment = segment.strip(" .-()\t")
        if segment in _OTHER_CITIES:
            city = _OTHER_CITIES[segment]
            continue
        if segment:
            kept.append(segment)
    text = " , ".join(kept)

    floor_match, text = _take(_FLOOR, text) if _FLOOR_HINT.search(text) else (None, text)
    floor = _floor_value(floor_match) if floor_match else ""

    plot_match, text = _take(_PLOT, text)
    plot = ""
    if plot_match:
        kind = _PLOT_KINDS.get(plot_match.group("kind") or "", "")
        plot = f"{kind}{_plot_value(plot_match.group('v'))}"

    sector_match, text = _take(_SECTOR, text) if ("sec" in text or "sct" in text) else (None, text)
    sector = f"sector {_sector_value(sector_match.group('v'))}" if sector_match else ""
    phase_match, text = _take(_PHASE, text) if "ph" in text else (None, text)
    phase = f"phase {_number_value(phase_match.group('v'))}" if phase_match else ""

    if not plot:
        leading = _LEADING_PLOT.match(text.lstrip(" ,"))
        if leading:
            plot = _plot_value(leading.group("v"))
            text = text.lstrip(" ,")[leading.end("v"):]

    building_words: list[str] = []
    hint_words: list[str] = []
    for words in _residual_words(text):
        target = building_words if _BUILDING_WORDS.intersection(words) else hint_words
        target.extend(words)
    return _Parsed(plot=plot, floor=floor, building=tuple(building_words), hint=tuple(hint_words), sector=sector,
                   phase=phase, city=city, pin=pin)


# --------------------------------------------------------------------------- names

_PARENTHESISED_P = re.compile(r"\(\s*p\s*\)|\(\s*opc\s*\)")
_NAME_PUNCT = re.compile(r"[^a-z0-9\s]+")


def _name_base(name: str | None) -> str:
    text = unicodedata.normalize("NFKC", name or "").lower().replace("&", " and ")
    if "(" in text:
        text = _PARENTHESISED_P.sub(" ", text)
    text = text.replace(".", " ")
    text = _NAME_PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _join_initials(words: list[str]) -> list[str]:
    """"a b c infotech" (from "A.B.C. Infotech") -> "abc infotech"."""
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def _strip_legal(words: list[str]) -> list[str]:
    # Legal suffixes only at the end: "Private Eye Solutions" keeps its first word.
    legal = {"private", "pvt", "limited", "ltd", "llp", "opc", "inc", "incorporated", "corp", "corporation",
             "co", "company", "p"}
    while words and words[-1] in legal:
        words = words[:-1]
    return words


def _name_words(name: str | None) -> list[str]:
    words = _strip_legal(_join_initials(_name_base(name).split()))
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return words


def name_key(name: str | None) -> str:
    """A call centre's name in canonical form, for "similar name" checks.

    Lower case, punctuation and legal suffixes (Pvt Ltd, LLP, ...) removed, "&" read as "and",
    a leading "the" dropped. Words are kept in order and distinctive words ("solutions",
    "services", "tech") are kept: "ABC Solutions" and "ABC Services" may be two businesses.
    """
    return " ".join(_name_words(name))


def company_key(name: str | None) -> str:
    """A company's name without legal suffixes, spaces or punctuation: "ABC Infotech Pvt. Ltd." -> "abcinfotech"."""
    return "".join(_name_words(name))


# --------------------------------------------------------------------------- localities

def locality_text_key(text: str | None) -> str:
    """Canonical compact form of a locality name or alias: "Udyog Vihar Ph-3" -> "udyogvihar phase3" squashed.

    Uses the address rules (sector, phase, roman numerals, abbreviations) and then drops
    spaces, so that "Cybercity" = "Cyber City" and "UV Phase 3" = "Udyog Vihar Phase III".
    """
    t = _clean(text or "")
    t = _CITY.sub(" ", t)
    t = _SECTOR.sub(lambda m: f" sector {_sector_value(m.group('v'))} ", t)
    t = _PHASE.sub(lambda m: f" phase {_number_value(m.group('v'))} ", t)
    t = _NON_WORD.sub(" ", t).replace(",", " ").replace("/", " ")
    words = [w for w in _expand_words(t.split()) if w not in _STOPWORDS or w == "city"]
    return "".join(words)


class LocalityIndex:
    """An in-memory index of localities by name and aliases (Locality.aliases is ';'-separated).

    Built once per import (one query), then `resolve` answers in constant time. A spelling
    shared by two localities is ambiguous and resolves to nothing rather than to a guess.
    """

    def __init__(self, localities: Iterable[Any]):
        self._by_key: dict[str, Any] = {}
        ambiguous: set[str] = set()
        self.localities = list(localities)
        for locality in self.localities:
            spellings = [locality.name, *(getattr(locality, "aliases", "") or "").split(";")]
            for spelling in spellings:
                key = locality_text_key(spelling)
                if not key:
                    continue
                existing = self._by_key.get(key)
                if existing is not None and existing.pk != locality.pk:
                    ambiguous.add(key)
                self._by_key.setdefault(key, locality)
        for key in ambiguous:
            # The official name wins over an alias another locality shares.
            owners = [loc for loc in self.localities if locality_text_key(loc.name) == key]
            if len(owners) == 1:
                self._by_key[key] = owners[0]
            else:
                del self._by_key[key]

    def resolve(self, text: str | None) -> Any | None:
        """The locality written as `text` (name or alias, any case and spacing), or None."""
        if not text:
            return None
        return self._by_key.get(locality_text_key(text))

    def __len__(self) -> int:
        return len(self.localities)


def match_locality(text: str | None, localities: Iterable[Any]) -> Any | None:
    """Resolve one locality name or alias among `localities` (build a LocalityIndex for many)."""
    return LocalityIndex(localities).resolve(text)
