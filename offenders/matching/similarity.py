"""Order-free, initial-aware similarity of two names (as canonical token tuples)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler

from .normalize import skeleton

# An initial says less than a full token: "R" matches every name starting with R.
INITIAL_WEIGHT = 0.4
INITIAL_MATCH = 0.85


@dataclass
class TokenStats:
    """How often each name token occurs in the data being linked.

    Two tokens that are both frequent ("rajesh", "ramesh") are two different
    names, however close their spelling; a rare token one letter away from a
    frequent one ("shrama" / "sharma") is most likely a typo.
    """

    counts: Counter[str] = field(default_factory=Counter)
    total: int = 0

    def add(self, tokens: tuple[str, ...]) -> None:
        self.counts.update(set(tokens))
        self.total += 1

    def share(self, token: str) -> float:
        """Smoothed share of records that carry ``token``."""
        if len(token) == 1:
            return 1 / 16  # an initial: roughly one letter in sixteen starts a name
        return (self.counts.get(token, 0) + 1) / (self.total + 1)

    def distinct_names(self, x: str, y: str) -> bool:
        """True when ``x`` and ``y`` are both established names of their own."""
        cx, cy = self.counts.get(x, 0), self.counts.get(y, 0)
        low, high = min(cx, cy), max(cx, cy)
        return low >= 3 and low >= 0.05 * high


def token_similarity(x: str, y: str, stats: TokenStats | None = None) -> float:
    """Similarity of two canonical tokens in [0, 1]; initials match their words."""
    if x == y:
        return 1.0
    if len(x) == 1 or len(y) == 1:
        return INITIAL_MATCH if x[0] == y[0] else 0.0
    if skeleton(x) == skeleton(y):
        return 0.95  # same consonants: a spelling variant ("pradip"/"pardip")
    similarity = _jaro_winkler(x, y)
    if stats is not None and similarity > 0.7 and stats.distinct_names(x, y):
        return similarity - 0.25  # "rajesh" vs "ramesh": two names, not a typo
    return similarity


@lru_cache(maxsize=262144)
def _jaro_winkler(x: str, y: str) -> float:
    return JaroWinkler.normalized_similarity(x, y)


def _weight(token: str) -> float:
    return INITIAL_WEIGHT if len(token) == 1 else 1.0


def _unpaired_weight(token: str) -> float:
    # A lone initial is often a dropped "Kumar"/"Singh" ("R. K. Sharma" vs
    # "Rajesh Sharma"), so leaving it unpaired costs little.
    return 0.1 if len(token) == 1 else 1.0


def align_names(
    a: tuple[str, ...], b: tuple[str, ...], stats: TokenStats | None = None
) -> tuple[float, list[tuple[str, str, float]]]:
    """Best order-free pairing of the tokens of two names.

    Returns the weighted similarity in [0, 1] (unpaired tokens count as 0, so
    "rahul sharma" vs "rahul" is not a full match) and the pairs used. Greedy
    pairing by similarity is exact enough for names of at most five tokens.
    """
    if not a or not b:
        return 0.0, []
    scored = sorted(
        ((token_similarity(x, y, stats), i, j) for i, x in enumerate(a) for j, y in enumerate(b)),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[str, str, float]] = []
    total = 0.0
    for similarity, i, j in scored:
        if i in used_a or j in used_b or similarity <= 0.0:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((a[i], b[j], similarity))
        total += similarity * (_weight(a[i]) + _weight(b[j]))
    denominator = sum(_unpaired_weight(t) for t in a) + sum(_unpaired_weight(t) for t in b)
    for x, y, _ in pairs:
        denominator += _weight(x) + _weight(y) - _unpaired_weight(x) - _unpaired_weight(y)
    return total / denominator, pairs


def name_similarity(a: tuple[str, ...], b: tuple[str, ...], stats: TokenStats | None = None) -> float:
    """Weighted, order-free similarity of two token tuples, in [0, 1]."""
    return align_names(a, b, stats)[0]
