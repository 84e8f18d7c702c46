"""Order-free, initial-aware similarity of two names (as canonical token tuples)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz.distance import JaroWinkler

from .normalize import skeleton

# An initial says less than a full token: "R" matches every name starting with R.
INITIAL_WEIGHT = 0.4
INITIAL_MATCH = 0.85
# Share of names starting with a given letter, for an initial's frequency.
INITIAL_SHARE = 1 / 16
# Caches are dropped when they grow past this many entries (bounded memory).
_CACHE_LIMIT = 150_000

Alignment = tuple[float, tuple[tuple[str, str], ...]]


@dataclass
class TokenStats:
    """How often each name token occurs in the data being linked.

    Two tokens that are both frequent ("rajesh", "ramesh") are two different
    names, however close their spelling; a rare token one letter away from a
    frequent one ("shrama" / "sharma") is most likely a typo.
    """

    counts: Counter[str] = field(default_factory=Counter)
    wholes: Counter[tuple[str, ...]] = field(default_factory=Counter)
    total: int = 0
    _alignments: dict[tuple[tuple[str, ...], tuple[str, ...], bool], Alignment] = field(
        default_factory=dict, repr=False
    )

    def add(self, tokens: tuple[str, ...]) -> None:
        self.counts.update(set(tokens))
        self.wholes[tuple(sorted(tokens))] += 1
        self.total += 1
        self._alignments.clear()  # similarities depend on the counts

    def share(self, token: str) -> float:
        """Smoothed share of records that carry ``token``."""
        if len(token) == 1:
            return INITIAL_SHARE
        return (self.counts.get(token, 0) + 1) / (self.total + 1)

    def whole_count(self, tokens: tuple[str, ...]) -> int:
        """How many records carry exactly these tokens, in any order."""
        return self.wholes.get(tuple(sorted(tokens)), 0)

    def distinct_names(self, x: str, y: str) -> bool:
        """True when ``x`` and ``y`` are both established names of their own."""
        cx, cy = self.counts.get(x, 0), self.counts.get(y, 0)
        low, high = min(cx, cy), max(cx, cy)
        return low >= 3 and low >= 0.05 * high


_NO_STATS = TokenStats()
_token_cache: dict[tuple[str, str], float] = {}


def _string_similarity(x: str, y: str) -> float:
    key = (x, y) if x < y else (y, x)
    cached = _token_cache.get(key)
    if cached is None:
        if len(_token_cache) > _CACHE_LIMIT:
            _token_cache.clear()
        if skeleton(x) == skeleton(y):
            cached = 0.95  # same consonants: a spelling variant ("pradip"/"pardip")
        else:
            cached = JaroWinkler.normalized_similarity(x, y)
            if x[0] != y[0]:
                cached *= 0.85  # clerks seldom get the first letter wrong
            if cached < 0.85:
                # Jaro-Winkler flatters unrelated short names ("jain"/"joshi"
                # 0.7): below typo range, double the distance.
                cached = max(0.0, 2 * cached - 0.85)
        _token_cache[key] = cached
    return cached


def token_similarity(x: str, y: str, stats: TokenStats | None = None) -> float:
    """Similarity of two canonical tokens in [0, 1]; initials match their words."""
    if x == y:
        return 1.0
    if len(x) == 1 or len(y) == 1:
        return INITIAL_MATCH if x[0] == y[0] else 0.0
    similarity = _string_similarity(x, y)
    if similarity > 0.5 and similarity != 0.95 and stats is not None and stats.distinct_names(x, y):
        return similarity - 0.3  # "rajesh" vs "ramesh": two names, not a typo
    return similarity


def _weight(token: str) -> float:
    return INITIAL_WEIGHT if len(token) == 1 else 1.0


def _unpaired_weight(token: str, other_side_unpaired: bool, lenient: bool) -> float:
    # A lone initial is often a dropped "Kumar"/"Singh" ("R. K. Sharma" vs
    # "Rajesh Sharma"), so it costs little, unless the other name also has a
    # token left over (then the two disagree: "A. H. Khan" vs "A. K. Khan").
    # ``lenient``: a whole word missing on one side only costs little too
    # (fathers' names lose their surname: "Mohan Lal" / "Mohan Lal Sharma").
    if not other_side_unpaired and (len(token) == 1 or lenient):
        return 0.1 if len(token) == 1 else 0.25
    return _weight(token)


def _align(a: tuple[str, ...], b: tuple[str, ...], stats: TokenStats | None, lenient: bool) -> Alignment:
    if len(a) == 1 and len(b) == 1:  # the commonest case, made cheap
        similarity = token_similarity(a[0], b[0], stats)
        if similarity > 0.0:
            return similarity, ((a[0], b[0]),)
        return 0.0, ()
    scored = [(token_similarity(x, y, stats), i, j) for i, x in enumerate(a) for j, y in enumerate(b)]
    scored.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[str, str]] = []
    total = paired_weight = 0.0
    for similarity, i, j in scored:
        if similarity <= 0.0 or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((a[i], b[j]))
        weight = _weight(a[i]) + _weight(b[j])
        total += similarity * weight
        paired_weight += weight
    left_a = [t for i, t in enumerate(a) if i not in used_a]
    left_b = [t for j, t in enumerate(b) if j not in used_b]
    unpaired = sum(_unpaired_weight(t, bool(left_b), lenient) for t in left_a) + sum(
        _unpaired_weight(t, bool(left_a), lenient) for t in left_b
    )
    return total / (paired_weight + unpaired), tuple(pairs)


def align_names(
    a: tuple[str, ...], b: tuple[str, ...], stats: TokenStats | None = None, lenient: bool = False
) -> Alignment:
    """Best order-free pairing of the tokens of two names.

    Returns the weighted similarity in [0, 1] (unpaired tokens count as 0, so
    "rahul sharma" vs "rahul" is not a full match) and the token pairs used.
    Greedy pairing by similarity is exact enough for names of a few tokens.
    With ``lenient``, words present on one side only cost little.
    Results are cached per ``stats``, since the same names meet again and again.
    """
    if not a or not b:
        return 0.0, ()
    if a == b:
        return 1.0, tuple(zip(a, b, strict=True))
    cache = (stats or _NO_STATS)._alignments
    key = (a, b, lenient)
    found = cache.get(key)
    if found is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        found = cache[key] = _align(a, b, stats, lenient)
    return found


def name_similarity(a: tuple[str, ...], b: tuple[str, ...], stats: TokenStats | None = None) -> float:
    """Weighted, order-free similarity of two token tuples, in [0, 1]."""
    return align_names(a, b, stats)[0]
