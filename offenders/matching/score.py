"""Pairwise scoring: how likely two records describe the same person.

The model is Fellegi-Sunter in spirit: each field adds a log2 likelihood ratio
(positive when it agrees, negative when it disagrees, nothing when missing) to
a prior, and the sum is turned into a probability. The weights were set from
domain knowledge of how often each field agrees for the same person versus
for two random people, then checked against the labelled generator.

A name alone never proves identity: the name weight shrinks with how common
the name is in the data being linked (``LinkStats``), so "Rahul Sharma"
needs a father's name, a birth year or a phone to be merged, while a rare
name needs less.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .normalize import mask_phone
from .records import Features, PersonRecord, prepare
from .similarity import TokenStats, align_names

# log2 prior odds that two records from one candidate block are one person.
PRIOR = -9.0
# A name whose estimated number of bearers is REF_NAME_COUNT gets no frequency
# adjustment; commoner names get less weight, rarer ones more.
REF_NAME_COUNT = 7.0
REF_FATHER_COUNT = 7.0
# Probability at or above which a pair counts as the same person.
MATCH_THRESHOLD = 0.5


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


def _frequency_adjustment(
    pairs: list[tuple[str, str, float]], stats: TokenStats, reference: float, low: float, high: float
) -> float:
    """log2(reference / estimated number of people bearing this name), clamped.

    The estimate multiplies the shares of the matched tokens (taking the
    commoner spelling of each pair, since a typo makes a token look rare).
    """
    if stats.total == 0 or not pairs:
        return 0.0
    estimate = float(stats.total)
    for x, y, _ in pairs:
        estimate *= max(stats.share(x), stats.share(y))
    adjustment = math.log2(reference / max(estimate, 1e-9))
    return min(high, max(low, adjustment))


def _name_evidence(a: Features, b: Features, stats: LinkStats | None, reasons: list[str] | None) -> float:
    similarity, pairs = align_names(a.name, b.name, stats.names if stats else None)
    if similarity >= 0.97:
        weight, text = 6.0, "same name"
    elif similarity >= 0.90:
        weight, text = 5.0, f"similar name ({similarity:.2f})"
    elif similarity >= 0.82:
        weight, text = 3.0, f"similar name ({similarity:.2f})"
    elif similarity >= 0.72:
        weight, text = 0.0, f"somewhat similar name ({similarity:.2f})"
    elif similarity >= 0.6:
        weight, text = -3.0, f"different name ({similarity:.2f})"
    else:
        weight, text = -6.0, f"different name ({similarity:.2f})"
    if similarity >= 0.82 and stats is not None:
        adjustment = _frequency_adjustment(pairs, stats.names, REF_NAME_COUNT, -5.0, 3.0)
        weight += adjustment
        if adjustment <= -2.0:
            text += ", a common name"
    if reasons is not None:
        reasons.append(text)
    return weight


def _father_evidence(a: Features, b: Features, stats: LinkStats | None, reasons: list[str] | None) -> float:
    if not a.father or not b.father:
        return 0.0
    similarity, pairs = align_names(a.father, b.father, stats.fathers if stats else None)
    if similarity >= 0.97:
        weight, text = 4.0, "same father's name"
    elif similarity >= 0.90:
        weight, text = 3.5, f"similar father's name ({similarity:.2f})"
    elif similarity >= 0.82:
        weight, text = 2.0, f"similar father's name ({similarity:.2f})"
    elif similarity >= 0.7:
        weight, text = 0.0, ""
    else:
        # A woman's record may carry her husband's name in this column.
        weight = -1.0 if "F" in (a.gender, b.gender) else -3.0
        text = "different father's name"
    if similarity >= 0.82 and stats is not None:
        weight += _frequency_adjustment(pairs, stats.fathers, REF_FATHER_COUNT, -2.0, 2.0)
    if reasons is not None and text:
        reasons.append(text)
    return weight


def _dob_evidence(a: Features, b: Features, reasons: list[str] | None) -> float:
    if a.year is None or b.year is None:
        return 0.0
    weight, text = _dob_weight(a, b)
    if reasons is not None and text:
        reasons.append(text)
    return weight


def _dob_weight(a: Features, b: Features) -> tuple[float, str]:
    if a.dob and b.dob:
        if a.dob == b.dob:
            return 8.0, "same date of birth"
        if a.dob[5:] == b.dob[5:] and abs(a.year - b.year) == 1:  # type: ignore[operator]
            return 3.0, "same day of birth, years differ by 1"
        if a.year == b.year and a.dob[5:7] == b.dob[8:10] and a.dob[8:10] == b.dob[5:7]:
            return 4.0, "same date of birth, day and month swapped"
    gap = abs(a.year - b.year)  # type: ignore[operator]
    if gap == 0:
        return (1.0 if a.dob and b.dob else 4.0), "birth year matches"
    if gap == 1:
        # An age on the day of arrest gives the birth year only to within one.
        return 1.0, "birth years differ by 1"
    if gap == 2:
        return -2.0, "birth years differ by 2"
    return -6.0, f"birth years differ by {gap}"


def _contact_evidence(a: Features, b: Features, reasons: list[str] | None) -> float:
    weight = 0.0
    shared = a.phones & b.phones
    if shared:
        weight += 9.0
        if reasons is not None:
            reasons.append("same phone " + mask_phone(min(shared)))
    elif a.phones and b.phones:
        weight -= 1.0  # phones change often: weak evidence against
    if a.id and b.id and a.id[0] == b.id[0]:
        same = a.id[1] == b.id[1]
        weight += 12.0 if same else -6.0
        if reasons is not None:
            reasons.append("same ID number" if same else "different ID number")
    if a.address and b.address:
        overlap = len(a.address & b.address) / len(a.address | b.address)
        if overlap >= 0.75:
            weight += 3.0
            text = "same address"
        elif overlap >= 0.5:
            weight += 1.5
            text = "similar address"
        else:
            weight -= 0.5  # people move: weak evidence against
            text = ""
        if reasons is not None and text:
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


def log_odds(a: Features, b: Features, stats: LinkStats | None = None, reasons: list[str] | None = None) -> float:
    """log2 odds that ``a`` and ``b`` are one person; appends reasons if given a list."""
    return (
        PRIOR
        + _name_evidence(a, b, stats, reasons)
        + _father_evidence(a, b, stats, reasons)
        + _dob_evidence(a, b, reasons)
        + _gender_evidence(a, b, reasons)
        + _contact_evidence(a, b, reasons)
    )


def score_features(a: Features, b: Features, stats: LinkStats | None = None) -> MatchResult:
    """Scored and explained comparison of two prepared records."""
    reasons: list[str] = []
    odds = log_odds(a, b, stats, reasons)
    return MatchResult(score=probability(odds), log_odds=odds, reasons=reasons)


def score_pair(a: PersonRecord, b: PersonRecord, stats: LinkStats | None = None) -> MatchResult:
    """How likely ``a`` and ``b`` are the same person, with human-readable reasons.

    Without ``stats`` every name is treated as moderately common.
    """
    return score_features(prepare(a), prepare(b), stats)
