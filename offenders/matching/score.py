"""Pairwise scoring: how likely two records describe the same person.

The model is Fellegi-Sunter in spirit: each field adds a log2 likelihood ratio
(positive when it agrees, negative when it disagrees, nothing when missing),
and the sum is turned into a probability. Weights come from how often a field
agrees for the same person versus for two different people (reasoned from
the domain, then checked against the labelled generator in ``bench/``).

A name alone never proves identity. The prior odds and the name are taken
together: agreeing on a name that about ``k`` records in the data carry is
worth ``-log2(k)``, so "Rahul Sharma" (dozens of bearers) starts far below
even odds and needs a father's name, a birth year or a phone, while a rare
name needs less. The father's name counts by its own rarity the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from .normalize import mask_phone
from .records import Features, PersonRecord, prepare
from .similarity import TokenStats, align_names, token_similarity

# Probability at or above which a pair counts as the same person.
MATCH_THRESHOLD = 0.5
# Without statistics, assume a name has this many bearers, and that each
# token of a father's name is carried by this share of records.
DEFAULT_NAME_COUNT = 8.0
DEFAULT_TOKEN_SHARE = 0.03

# (lowest similarity, weight, reason): name levels, strongest first. For the
# agreeing levels the weight is further lowered by log2(bearers of the name).
_NAME_LEVELS = (
    (0.97, 0.0, "same name"),
    (0.90, -0.5, "similar name ({:.2f})"),
    (0.82, -2.0, "similar name ({:.2f})"),
    (0.72, -8.0, "somewhat similar name ({:.2f})"),
    (0.60, -11.0, "different name ({:.2f})"),
    (0.00, -14.0, "different name ({:.2f})"),
)
_FATHER_LEVELS = ((0.97, 0.0), (0.90, -1.0), (0.82, -3.0))


@dataclass
class LinkStats:
    """Token frequencies of names and fathers' names in the data being linked."""

    names: TokenStats = field(default_factory=TokenStats)
    fathers: TokenStats = field(default_factory=TokenStats)

    def add(self, features: Features) -> None:
        self.names.add(features.name)
        if features.father:
            self.fathers.add(features.father)


@dataclass
class MatchResult:
    """The probability-like ``score`` in [0, 1] and the evidence behind it."""

    score: float
    log_odds: float
    reasons: list[str] = field(default_factory=list)

    @property
    def is_match(self) -> bool:
        return self.score >= MATCH_THRESHOLD


def probability(log_odds: float) -> float:
    """Logistic transform of log2 odds, safe for large magnitudes."""
    if log_odds > 60:
        return 1.0
    if log_odds < -60:
        return 0.0
    return 1.0 / (1.0 + math.pow(2.0, -log_odds))


def _bearers(pairs: tuple[tuple[str, str], ...], stats: LinkStats | None) -> float:
    """Estimated number of records carrying this name (at least 1).

    Token shares are multiplied (taking the commoner spelling of each matched
    pair, since a typo makes a token look rare).
    """
    if stats is None or stats.names.total == 0:
        return DEFAULT_NAME_COUNT
    names = stats.names
    estimate = float(names.total)
    for x, y in pairs:
        estimate *= max(names.share(x), names.share(y))
    return max(estimate, 1.0)


def _name_terms(a: Features, b: Features, stats: LinkStats | None) -> tuple[float, float, str]:
    """(weight of the name's similarity level, weight of its frequency, reason)."""
    similarity, pairs = align_names(a.name, b.name, stats.names if stats else None)
    for floor, level, text in _NAME_LEVELS:
        if similarity >= floor:
            break
    frequency = 0.0
    if similarity >= 0.82:
        bearers = _bearers(pairs, stats)
        frequency = -math.log2(bearers)
        if bearers >= 20:
            text += ", a common name"
    if a.fillers and b.fillers:
        # Both wrote a "Kumar"/"Singh": agreeing helps a little, "Singh" vs "Kumar" hurts.
        level += 0.5 if a.fillers & b.fillers else -1.5
    return level, frequency, text.format(similarity)


def _name_evidence(a: Features, b: Features, stats: LinkStats | None, reasons: list[str] | None) -> float:
    level, frequency, text = _name_terms(a, b, stats)
    if reasons is not None:
        reasons.append(text)
    return level + frequency


def _father_parts(
    a: Features, b: Features, stats: LinkStats | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Fathers' names without the family name both sons carry.

    "Rahul Tiwari s/o Naresh Tiwari" and "Rahul Tewari s/o Mohan Lal Tiwari"
    share "Tiwari" only because it is the family name: compare "Naresh" with
    "Mohan". If nothing is left on one side, compare the whole names.
    """
    family = [t for t in a.name + b.name if len(t) > 1]
    tokens = stats.names if stats else None

    def given(father: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(
            t for t in father if not any(token_similarity(t, f, tokens) >= 0.9 for f in family)
        )

    part_a, part_b = given(a.father), given(b.father)
    if part_a and part_b:
        return part_a, part_b
    return a.father, b.father


def _father_rarity(pairs: tuple[tuple[str, str], ...], stats: LinkStats | None) -> float:
    """log2(0.85 / share of records whose father has this name), clamped to [2, 9]."""
    share = 1.0
    for x, y in pairs:
        if stats is not None and stats.fathers.total:
            share *= max(stats.fathers.share(x), stats.fathers.share(y))
        else:
            share *= DEFAULT_TOKEN_SHARE if len(x) > 1 else 1 / 16
    return min(9.0, max(2.0, math.log2(0.85 / share)))


def _father_evidence(a: Features, b: Features, stats: LinkStats | None, reasons: list[str] | None) -> float:
    if not a.father or not b.father:
        return 0.0
    part_a, part_b = _father_parts(a, b, stats)
    similarity, pairs = align_names(part_a, part_b, stats.fathers if stats else None, lenient=True)
    text = ""
    if similarity >= 0.82:
        penalty = next(p for floor, p in _FATHER_LEVELS if similarity >= floor)
        weight = max(1.0, _father_rarity(pairs, stats) + penalty)
        text = "same father's name" if similarity >= 0.97 else f"similar father's name ({similarity:.2f})"
    elif similarity >= 0.75:
        weight = 0.0
    else:
        # A woman's record may carry her husband's name in this column.
        weight = -1.5 if "F" in (a.gender, b.gender) else -5.0
        text = "different father's name"
    if reasons is not None and text:
        reasons.append(text)
    return weight


def _dob_evidence(a: Features, b: Features, reasons: list[str] | None) -> float:
    if a.year is None or b.year is None:
        return 0.0
    weight, text = _dob_weight(a.year, b.year, a.dob, b.dob)
    if reasons is not None:
        reasons.append(text)
    return weight


def _dob_weight(year_a: int, year_b: int, dob_a: str | None, dob_b: str | None) -> tuple[float, str]:
    gap = abs(year_a - year_b)
    if dob_a and dob_b:
        if dob_a == dob_b:
            return 9.0, "same date of birth"
        if gap == 1 and dob_a[5:] == dob_b[5:]:
            return 3.0, "same day of birth, years differ by 1"
        if gap == 0 and dob_a[5:7] == dob_b[8:10] and dob_a[8:10] == dob_b[5:7]:
            return 4.0, "same date of birth, day and month swapped"
        if gap == 0:
            return 1.0, "birth year matches, dates differ"
    if gap == 0:
        return 4.0, "birth year matches"
    if gap == 1:
        # An age on the day of arrest gives the birth year only to within one.
        return 1.0, "birth years differ by 1"
    if gap == 2:
        return -2.0, "birth years differ by 2"
    return (-8.0 if gap <= 5 else -10.0), f"birth years differ by {gap}"


def _phone_evidence(a: Features, b: Features, reasons: list[str] | None) -> float:
    shared = a.phones & b.phones
    if shared:
        if reasons is not None:
            reasons.append("same phone " + mask_phone(min(shared)))
        return 9.0
    if a.phones and b.phones:
        return -1.0  # phones change often: weak evidence against
    return 0.0


def _id_evidence(a: Features, b: Features, reasons: list[str] | None) -> float:
    if not a.id or not b.id or a.id[0] != b.id[0]:
        return 0.0  # a PAN and an Aadhaar hash of one person differ: no evidence
    if a.id[1] == b.id[1]:
        weight, text = 12.0, "same ID number"
    elif a.id[0] != "hash" and OSA.distance(a.id[1], b.id[1], score_cutoff=1) <= 1:
        weight, text = 1.0, "ID numbers differ by one character"
    else:
        weight, text = -6.0, "different ID number"
    if reasons is not None:
        reasons.append(text)
    return weight


def _address_evidence(a: Features, b: Features, reasons: list[str] | None) -> float:
    if not a.address or not b.address:
        return 0.0
    common = a.address & b.address
    overlap = len(common) / len(a.address | b.address)
    if overlap >= 0.75:
        # A shared house number makes it the same house, not just the same village.
        weight = 4.5 if any(t.isdigit() for t in common) else 2.5
        text = "same address"
    elif overlap >= 0.5:
        weight, text = 1.5, "similar address"
    else:
        return -0.5 if overlap < 0.2 else 0.0  # people move: weak evidence against
    if reasons is not None:
        reasons.append(text)
    return weight


def _gender_evidence(a: Features, b: Features, reasons: list[str] | None) -> float:
    if not a.gender or not b.gender:
        return 0.0
    if a.gender == b.gender:
        return 0.3
    if reasons is not None:
        reasons.append("different gender")
    return -4.0


def evidence(a: Features, b: Features, stats: LinkStats | None = None) -> tuple[float, float]:
    """(log2 odds of one person, contradiction) without building reasons.

    The contradiction sums only the disagreements that two records of one
    person rarely show (a different name, father, birth year, gender or ID
    number); a missing field or a common name is no contradiction. Clustering
    uses it to refuse merges that a chain of weak links would make.
    """
    level, frequency, _ = _name_terms(a, b, stats)
    father = _father_evidence(a, b, stats, None)
    dob = _dob_evidence(a, b, None)
    gender = _gender_evidence(a, b, None)
    identity = _id_evidence(a, b, None)
    total = level + frequency + father + dob + gender + identity
    total += _phone_evidence(a, b, None) + _address_evidence(a, b, None)
    against = min(level, 0.0) + min(father, 0.0) + min(dob, 0.0) + min(gender, 0.0) + min(identity, 0.0)
    return total, against


def log_odds(a: Features, b: Features, stats: LinkStats | None = None, reasons: list[str] | None = None) -> float:
    """log2 odds that ``a`` and ``b`` are one person; appends reasons if given a list."""
    return (
        _name_evidence(a, b, stats, reasons)
        + _father_evidence(a, b, stats, reasons)
        + _dob_evidence(a, b, reasons)
        + _gender_evidence(a, b, reasons)
        + _phone_evidence(a, b, reasons)
        + _id_evidence(a, b, reasons)
        + _address_evidence(a, b, reasons)
    )


def score_features(a: Features, b: Features, stats: LinkStats | None = None) -> MatchResult:
    """Scored and explained comparison of two prepared records."""
    reasons: list[str] = []
    odds = log_odds(a, b, stats, reasons)
    return MatchResult(score=probability(odds), log_odds=odds, reasons=reasons)


def score_pair(a: PersonRecord, b: PersonRecord, stats: LinkStats | None = None) -> MatchResult:
    """How likely ``a`` and ``b`` are the same person, with human-readable reasons.

    Without ``stats`` (name frequencies of the data at hand) every name is
    treated as moderately common.
    """
    return score_features(prepare(a), prepare(b), stats)
