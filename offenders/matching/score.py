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

These hand-set weights serve one pair at a time (the candidate screens of the
register, ``rank_candidates``). Linking a whole file (``link_persons``,
``cluster.link``) estimates its weights on that file instead (``estimate``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from .normalize import mask_phone
from .records import Features, PersonRecord, prepare
from .similarity import TokenStats, align_names

# Probability at or above which a pair counts as the same person. Slightly
# above even odds: a wrong merge in a police register costs more than a
# missed one, which an officer can still make from the "likely matches" screen.
MATCH_THRESHOLD = 0.55
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
# Caches are dropped when they grow past this many entries (bounded memory).
_CACHE_LIMIT = 150_000
NameTerms = tuple[float, float, float]  # (similarity, level weight, frequency weight)


@dataclass
class LinkStats:
    """Token frequencies of names and fathers' names in the data being linked."""

    names: TokenStats = field(default_factory=TokenStats)
    fathers: TokenStats = field(default_factory=TokenStats)
    # Name and father terms per pair of token tuples: the same names meet
    # again and again, so most pairs are scored from these.
    _name_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], NameTerms] = field(
        default_factory=dict, repr=False
    )
    _father_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[float, float]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def from_records(cls, records: Iterable[PersonRecord | Features]) -> LinkStats:
        """Statistics of a whole register, e.g. to pass to ``rank_candidates``."""
        stats = cls()
        for record in records:
            stats.add(record if isinstance(record, Features) else prepare(record))
        return stats

    def add(self, features: Features) -> None:
        self.names.add(features.name)
        if features.father_given:
            self.fathers.add(features.father_given)
        if self._name_cache or self._father_cache:
            self._name_cache.clear()  # the frequencies changed
            self._father_cache.clear()


_NO_STATS = LinkStats()  # holds the caches used when no statistics are given


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


def _bearers(
    name_a: tuple[str, ...], name_b: tuple[str, ...], pairs: tuple[tuple[str, str], ...], stats: LinkStats | None
) -> float:
    """Estimated number of records carrying this name (at least 1).

    The larger of: how many records carry either spelling exactly, and the
    product of the token shares (taking the commoner spelling of each matched
    pair, since a typo makes a token look rare). Token shares alone would
    call "Mohd Irfan Khan" rare, though its words go together.
    """
    if stats is None or stats.names.total == 0:
        return DEFAULT_NAME_COUNT
    names = stats.names
    estimate = float(names.total)
    for x, y in pairs:
        estimate *= max(names.share(x), names.share(y))
    return max(estimate, names.whole_count(name_a), names.whole_count(name_b), 1.0)


def _compute_name_terms(name_a: tuple[str, ...], name_b: tuple[str, ...], stats: LinkStats | None) -> NameTerms:
    similarity, pairs = align_names(name_a, name_b, stats.names if stats else None)
    level = next(weight for floor, weight, _ in _NAME_LEVELS if similarity >= floor)
    frequency = 0.0
    if similarity >= 0.82:
        frequency = -math.log2(_bearers(name_a, name_b, pairs, stats))
    return similarity, level, frequency


def _name_terms(a: Features, b: Features, stats: LinkStats | None) -> NameTerms:
    """(similarity, weight of its level, weight of the name's frequency), cached per name pair."""
    cache = (stats or _NO_STATS)._name_cache
    key = (a.name, b.name) if a.name <= b.name else (b.name, a.name)  # symmetric
    terms = cache.get(key)
    if terms is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        terms = cache[key] = _compute_name_terms(*key, stats)
    if a.fillers and b.fillers:
        # Both wrote a "Kumar"/"Singh": agreeing helps a little, "Singh" vs "Kumar" hurts.
        similarity, level, frequency = terms
        return similarity, level + (0.5 if a.fillers & b.fillers else -1.5), frequency
    return terms


def _name_reason(similarity: float, frequency: float) -> str:
    text = next(text for floor, _, text in _NAME_LEVELS if similarity >= floor)
    if frequency <= -math.log2(20):
        text += ", a common name"
    return text.format(similarity)


def _name_evidence(a: Features, b: Features, stats: LinkStats | None, reasons: list[str] | None) -> float:
    similarity, level, frequency = _name_terms(a, b, stats)
    if reasons is not None:
        reasons.append(_name_reason(similarity, frequency))
    return level + frequency


def _father_rarity(
    given_a: tuple[str, ...], given_b: tuple[str, ...], pairs: tuple[tuple[str, str], ...], stats: LinkStats | None
) -> float:
    """log2(0.85 / share of records whose father has this name), clamped to [2, 9].

    The share is estimated as for the person's own name (see ``_bearers``).
    """
    share = 1.0
    if stats is None or not stats.fathers.total:
        for x, _ in pairs:
            share *= DEFAULT_TOKEN_SHARE if len(x) > 1 else 1 / 16
    else:
        fathers = stats.fathers
        for x, y in pairs:
            share *= max(fathers.share(x), fathers.share(y))
        exact = max(fathers.whole_count(given_a), fathers.whole_count(given_b))
        share = max(share, exact / fathers.total)
    return min(9.0, max(2.0, math.log2(0.85 / share)))


def _father_terms(a: Features, b: Features, stats: LinkStats | None) -> tuple[float, float]:
    """(similarity of the fathers' given names, weight if they agree), cached per pair of names."""
    cache = (stats or _NO_STATS)._father_cache
    given_a, given_b = sorted((a.father_given, b.father_given))  # symmetric
    key = (given_a, given_b)
    terms = cache.get(key)
    if terms is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        similarity, pairs = align_names(given_a, given_b, stats.fathers if stats else None, lenient=True)
        agree = 0.0
        if similarity >= 0.82:
            penalty = next(p for floor, p in _FATHER_LEVELS if similarity >= floor)
            agree = max(1.0, _father_rarity(given_a, given_b, pairs, stats) + penalty)
        terms = cache[key] = (similarity, agree)
    return terms


def _father_evidence(a: Features, b: Features, stats: LinkStats | None, reasons: list[str] | None) -> float:
    if not a.father or not b.father:
        return 0.0
    similarity, weight = _father_terms(a, b, stats)
    text = ""
    if similarity >= 0.82:
        text = "same father's name" if similarity >= 0.97 else f"similar father's name ({similarity:.2f})"
    elif similarity < 0.6:
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
        reasons.append(text.format(gap=abs(a.year - b.year)))
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
    return (-8.0 if gap <= 5 else -10.0), "birth years differ by {gap}"


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


# The most a name (with an agreeing "Kumar") and a father's name can add.
_NAME_MAX = 0.5
_FATHER_MAX = 9.0


def evidence(
    a: Features, b: Features, stats: LinkStats | None = None, floor: float | None = None
) -> tuple[float, float]:
    """(log2 odds of one person, contradiction) without building reasons.

    The contradiction sums only the disagreements that two records of one
    person rarely show (a different name, father, birth year, gender or ID
    number); a missing field or a common name is no contradiction. Clustering
    uses it to refuse merges that a chain of weak links would make.

    With ``floor``, a pair that cannot reach it even with the best possible
    name and father's name is cut short (cheap fields are scored first): its
    odds are then an upper bound and its contradiction is not computed (0).
    """
    # The hot path of linking: cheap fields first, inline, so that hopeless
    # pairs stop before the name and father comparisons.
    cheap = against = 0.0
    if a.year is not None and b.year is not None:
        weight = _dob_weight(a.year, b.year, a.dob, b.dob)[0]
        cheap += weight
        against += min(weight, 0.0)
    if a.gender and b.gender:
        if a.gender == b.gender:
            cheap += 0.3
        else:
            cheap -= 4.0
            against -= 4.0
    if a.id and b.id and a.id[0] == b.id[0]:
        weight = _id_evidence(a, b, None)
        cheap += weight
        against += min(weight, 0.0)
    if a.phones and b.phones:
        cheap += _phone_evidence(a, b, None)
    if a.address and b.address:
        cheap += _address_evidence(a, b, None)
    both_fathers = bool(a.father and b.father)
    father_max = _FATHER_MAX if both_fathers else 0.0
    if floor is not None and cheap + _NAME_MAX + father_max < floor:
        return cheap + _NAME_MAX + father_max, 0.0
    _, level, frequency = _name_terms(a, b, stats)
    total = cheap + level + frequency
    if floor is not None and total + father_max < floor:
        return total + father_max, 0.0
    father = _father_evidence(a, b, stats, None) if both_fathers else 0.0
    return total + father, against + min(level, 0.0) + min(father, 0.0)


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
