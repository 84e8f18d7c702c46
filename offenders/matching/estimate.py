"""Fellegi-Sunter weights estimated from the data being linked.

Each candidate pair is compared field by field, and each field falls into one
*level* (the name: exact, similar, ..., different; the date of birth: same
date, day and month swapped, same year, one year apart, ...). A level's weight
is ``log2(m / u)``: ``m`` is how often two records of one person show it,
``u`` how often two records of different people do.

* ``u`` comes from random pairs of the input (almost all are two different
  people), and for the "same value" levels from the value frequencies.
* ``m`` and the share of matching pairs (``lam``) come from
  expectation-maximisation over the blocked pairs, started from hand-set
  priors (``PRIOR_M``), which also act as pseudo-counts so that a small file
  stays close to them.
* Term frequency: agreeing on "Rahul Sharma" is worth less than agreeing on a
  rare name. The name and father levels that agree are adjusted by
  ``log2(u_exact / share of the name)``, so an exact match weighs
  ``log2(m / share)``.

Nothing here is trained beforehand: ``estimate_model`` runs on every input.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from .records import Features
from .score import _CACHE_LIMIT, LinkStats, _father_rarity, _name_terms
from .similarity import align_names

FIELDS = ("name", "fillers", "father", "dob", "gender", "phone", "id_number", "address")
LEVELS: dict[str, tuple[str, ...]] = {
    "name": ("exact", "similar >=0.90", "similar >=0.82", "somewhat similar", "different", "very different"),
    "fillers": ("same Kumar/Singh", "different Kumar/Singh"),
    "father": ("exact", "similar >=0.90", "similar >=0.82", "somewhat similar", "different",
               "different (a woman: may be her husband)"),
    "dob": ("same date", "day and month swapped", "same day, years 1 apart", "same year, dates differ",
            "same year", "years 1 apart", "years 2 apart", "years 3-5 apart", "years >5 apart"),
    "gender": ("same", "different"),
    "phone": ("a shared number", "no shared number"),
    "id_number": ("same", "one character apart", "different"),
    "address": ("same house", "same place", "similar", "a little in common", "different"),
}
# Hand-set starting points (and pseudo-counts): how two records of one person
# compare, and how two records of different people do.
PRIOR_M: dict[str, tuple[float, ...]] = {
    "name": (0.62, 0.18, 0.1, 0.05, 0.03, 0.02),
    "fillers": (0.9, 0.1),
    "father": (0.62, 0.14, 0.08, 0.075, 0.015, 0.07),
    "dob": (0.4, 0.02, 0.02, 0.04, 0.25, 0.17, 0.05, 0.04, 0.01),
    "gender": (0.99, 0.01),
    "phone": (0.6, 0.4),
    "id_number": (0.935, 0.05, 0.015),
    "address": (0.35, 0.15, 0.15, 0.1, 0.25),
}
PRIOR_U: dict[str, tuple[float, ...]] = {
    "name": (0.0005, 0.0005, 0.002, 0.01, 0.05, 0.937),
    "fillers": (0.6, 0.4),
    "father": (0.0005, 0.0005, 0.002, 0.01, 0.3, 0.687),
    "dob": (0.0001, 0.0001, 0.0001, 0.01, 0.02, 0.04, 0.04, 0.1, 0.7897),
    "gender": (0.5, 0.5),
    "phone": (0.0001, 0.9999),
    "id_number": (0.0001, 0.0001, 0.9998),
    "address": (0.0005, 0.005, 0.01, 0.05, 0.9345),
}
# Agreeing levels that the term-frequency adjustment applies to.
_TF_LEVELS = 3
# Weight given to the priors, in pairs: m against the expected matches, u
# against the random pairs, and the share of matches against all pairs.
M_PRIOR_PAIRS = 30.0
U_PRIOR_PAIRS = 2000.0
# A small file is read as part of a bigger population: a name seen once in
# 5 records is not taken to be carried by one person in five.
POPULATION_PRIOR = 1000
DEFAULT_NAME_SHARE = 8 / 10_000
DUPLICATES_PER_RECORD = 0.5
RANDOM_PAIRS = 100_000
EM_ITERATIONS = 25
# No single field may decide more than this (log2): one shared phone is strong
# evidence, not proof.
MAX_WEIGHT = 16.0
# Contradictions that clustering never bridges, whatever else agrees.
HARD_CONFLICT = -100.0

Levels = tuple[int, ...]  # one level per field in FIELDS order, -1 when a field is missing
Pattern = tuple[Levels, int, int]  # levels and half-bit bins of the name and father adjustments


def _name_level(similarity: float) -> int:
    for level, floor in enumerate((0.97, 0.90, 0.82, 0.72, 0.60)):
        if similarity >= floor:
            return level
    return 5


def _dob_level(a: Features, b: Features) -> int:
    if a.year is None or b.year is None:
        return -1
    gap = abs(a.year - b.year)
    if a.dob and b.dob:
        if a.dob == b.dob:
            return 0
        if gap == 0 and a.dob[5:7] == b.dob[8:10] and a.dob[8:10] == b.dob[5:7]:
            return 1
        if gap == 1 and a.dob[5:] == b.dob[5:]:
            return 2
        if gap == 0:
            return 3
    if gap <= 2:
        return 4 + gap
    return 7 if gap <= 5 else 8


def _id_level(a: Features, b: Features) -> int:
    if not a.id or not b.id or a.id[0] != b.id[0]:
        return -1  # a PAN and an Aadhaar hash of one person differ: no evidence
    if a.id[1] == b.id[1]:
        return 0
    if a.id[0] != "hash" and OSA.distance(a.id[1], b.id[1], score_cutoff=1) <= 1:
        return 1
    return 2


def _address_level(a: Features, b: Features) -> int:
    if not a.address or not b.address:
        return -1
    common = a.address & b.address
    overlap = len(common) / len(a.address | b.address)
    if overlap >= 0.75:
        return 0 if any(t.isdigit() for t in common) else 1
    if overlap >= 0.5:
        return 2
    return 3 if overlap >= 0.2 else 4


def _father_terms(a: Features, b: Features, stats: LinkStats) -> tuple[float, float]:
    """(similarity of the fathers' given names, log2 share of records with that father), cached."""
    given_a, given_b = sorted((a.father_given, b.father_given))
    key = (given_a, given_b)
    cache = stats._father_cache
    found = cache.get(key)
    if found is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        similarity, pairs = align_names(given_a, given_b, stats.fathers, lenient=True)
        share = 0.0
        if similarity >= 0.82:
            share = math.log2(0.85) - _father_rarity(given_a, given_b, pairs, stats)
        found = cache[key] = (similarity, share)
    return found


@dataclass(frozen=True, slots=True)
class Comparison:
    """How two records compare: a level per field and the log2 shares of the agreeing names."""

    levels: Levels
    name_share: float  # log2 share of records carrying the name, to half a bit (0 when the names disagree)
    father_share: float


def compare(a: Features, b: Features, stats: LinkStats) -> Comparison:
    """The comparison vector of two records (``stats``: the input's name frequencies)."""
    similarity, _, frequency = _name_terms(a, b, stats)
    name = _name_level(similarity)
    name_share = 0.0
    if name < _TF_LEVELS:
        bearers = 2.0 ** -frequency
        share = (bearers + POPULATION_PRIOR * DEFAULT_NAME_SHARE) / (stats.names.total + POPULATION_PRIOR)
        name_share = round(2 * math.log2(share)) / 2  # half bits: the unit patterns are counted in
    fillers = -1 if not (a.fillers and b.fillers) else (0 if a.fillers & b.fillers else 1)
    father, father_share = -1, 0.0
    if a.father and b.father:
        father_similarity, father_share = _father_terms(a, b, stats)
        father = _name_level(father_similarity)
        if father >= 4:
            father = 5 if "F" in (a.gender, b.gender) else 4
        father_share = round(2 * father_share) / 2 if father < _TF_LEVELS else 0.0
    gender = -1 if not (a.gender and b.gender) else (0 if a.gender == b.gender else 1)
    phone = -1 if not (a.phones and b.phones) else (0 if a.phones & b.phones else 1)
    levels = (name, fillers, father, _dob_level(a, b), gender, phone, _id_level(a, b), _address_level(a, b))
    return Comparison(levels, name_share, father_share)


# Levels that contradict identity when this input shows them between two
# records of one person less often than HARD_M: a different ID number of the
# same kind, birth years more than five apart, the same name with a
# different father (a man's record: a woman's may carry her husband's name).
# Where IDs or dates are typed carelessly, EM finds them often among matches
# and they count as ordinary evidence instead.
HARD_LEVELS = (("id_number", 2), ("dob", 8), ("father", 4))
HARD_M = 0.02


def hard_conflict(levels: Levels, model: Model) -> bool:
    """Two records that cannot be one person, whatever the weights say (see ``HARD_LEVELS``)."""
    name, _, father, dob, _, _, id_level, _ = levels
    found = {"id_number": id_level, "dob": dob, "father": father if name == 0 else -1}
    return any(found[field] == level and model.m[field][level] < HARD_M for field, level in HARD_LEVELS)


@dataclass
class Model:
    """Estimated m and u per field level, and the share of matching pairs among all pairs."""

    m: dict[str, list[float]] = field(default_factory=lambda: {f: list(p) for f, p in PRIOR_M.items()})
    u: dict[str, list[float]] = field(default_factory=lambda: {f: list(p) for f, p in PRIOR_U.items()})
    lam: float = 1e-4
    iterations: int = 0

    def as_dict(self) -> dict[str, object]:
        """The parameters as plain JSON-ready data, e.g. to store them with a register."""
        return {"m": self.m, "u": self.u, "lam": self.lam, "iterations": self.iterations}

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        return cls(m={k: list(v) for k, v in data["m"].items()}, u={k: list(v) for k, v in data["u"].items()},
                   lam=float(data["lam"]), iterations=int(data.get("iterations", 0)))

    @property
    def prior_weight(self) -> float:
        return math.log2(self.lam / (1.0 - self.lam))

    def level_weight(self, name: str, level: int) -> float:
        weight = math.log2(self.m[name][level] / self.u[name][level])
        return max(-MAX_WEIGHT, min(MAX_WEIGHT, weight))

    def adjustment(self, name: str, level: int, log_share: float) -> float:
        """Term-frequency adjustment of an agreeing name or father level (log2)."""
        if level < 0 or level >= _TF_LEVELS or not log_share:
            return 0.0
        return max(-MAX_WEIGHT, min(MAX_WEIGHT, math.log2(self.u[name][0]) - log_share))

    def contributions(self, comparison: Comparison) -> dict[str, float]:
        """Each field's log2 Bayes factor (missing fields: 0), plus the term-frequency adjustments."""
        out = {
            name: (self.level_weight(name, level) if level >= 0 else 0.0)
            for name, level in zip(FIELDS, comparison.levels, strict=True)
        }
        out["name_tf"] = self.adjustment("name", comparison.levels[0], comparison.name_share)
        out["father_tf"] = self.adjustment("father", comparison.levels[2], comparison.father_share)
        return out

    def log_odds(self, comparison: Comparison) -> float:
        return self.prior_weight + sum(self.contributions(comparison).values())


def pattern_of(comparison: Comparison) -> Pattern:
    """The comparison with its name shares rounded to half bits: the unit EM counts."""
    return comparison.levels, round(2 * comparison.name_share), round(2 * comparison.father_share)


def pattern_weight(pattern: Pattern, model: Model) -> tuple[float, float]:
    """(log2 Bayes factor, contradiction) of a pattern; contradiction sums the vetoing disagreements."""
    levels, name_bin, father_bin = pattern
    total = model.adjustment("name", levels[0], name_bin / 2) + model.adjustment("father", levels[2], father_bin / 2)
    against = 0.0
    for name, level in zip(FIELDS, levels, strict=True):
        if level >= 0:
            weight = model.level_weight(name, level)
            total += weight
            if weight < 0 and name in ("name", "father", "dob", "gender", "id_number") and not (
                name == "father" and level == 5
            ):
                against += weight
    if hard_conflict(levels, model):
        against += HARD_CONFLICT
    return total, against


def _smoothed(counts: Sequence[float], prior: Sequence[float], strength: float) -> list[float]:
    total = sum(counts) + strength
    return [(c + strength * p) / total for c, p in zip(counts, prior, strict=True)]


LevelCounts = dict[str, list[float]]


def random_pair_levels(
    features: Sequence[Features], stats: LinkStats, pairs: int, seed: int
) -> LevelCounts:
    """How often each level occurs among ``pairs`` random pairs (all pairs of a small input)."""
    counts = {name: [0.0] * len(levels) for name, levels in LEVELS.items()}
    n = len(features)
    if n * (n - 1) // 2 <= pairs:
        sample: Iterable[tuple[int, int]] = ((i, j) for i in range(n) for j in range(i + 1, n))
    else:
        rng = random.Random(seed)
        sample = ((rng.randrange(n), rng.randrange(n)) for _ in range(pairs))
    for i, j in sample:
        if i == j:
            continue
        for name, level in zip(FIELDS, compare(features[i], features[j], stats).levels, strict=True):
            if level >= 0:
                counts[name][level] += 1
    return counts


def estimate_u(features: Sequence[Features], counts: LevelCounts) -> Model:
    """A model whose u come from random-pair level ``counts`` (its m are still the priors).

    Levels that mean "the same value" (same phone, same ID, same full date of
    birth) are too rare among random pairs to be counted; their u is taken
    from the value frequencies instead.
    """
    model = Model()
    for name in FIELDS:
        model.u[name] = _smoothed(counts[name], PRIOR_U[name], U_PRIOR_PAIRS)
    exact = {
        "phone": _equal_share([f.phones for f in features if f.phones], many=True),
        "id_number": _equal_share([f.id for f in features if f.id]),
        "dob": _equal_share([f.dob if f.dob else None for f in features if f.year is not None]),
    }
    for name, share in exact.items():
        if share is not None:
            _set_first(model.u[name], share)
    model.lam = DUPLICATES_PER_RECORD / (len(features) + POPULATION_PRIOR)
    return model


def _equal_share(values: list, many: bool = False) -> float | None:
    """Share of pairs among ``values`` (None: unknown) that carry the same value, smoothed."""
    counter: Counter = Counter()
    for value in values:
        if value is None:
            continue
        counter.update(value if many else (value,))
    n = len(values)
    if n < 2:
        return None
    same = sum(c * (c - 1) for c in counter.values())
    return (same + 1) / (n * (n - 1) + POPULATION_PRIOR)


def _set_first(probabilities: list[float], first: float) -> None:
    rest = sum(probabilities[1:])
    probabilities[0] = first
    for level in range(1, len(probabilities)):
        probabilities[level] *= (1.0 - first) / rest


def run_em(
    patterns: Counter[Pattern],
    model: Model,
    total_pairs: int,
    iterations: int = EM_ITERATIONS,
) -> Model:
    """Estimate m and the share of matches by EM over the blocked pairs' patterns (u stays fixed).

    The posterior of a blocked pair uses the share of matches among *all*
    pairs: blocking selects pairs by what they agree on, which the patterns
    record, so a pair's posterior is that of any pair with its pattern.
    Pairs that were not blocked are taken to be non-matches.
    """
    items = list(patterns.items())
    # The starting share of matches counts as this many pairs (a small file keeps it).
    pseudo_pairs = POPULATION_PRIOR * POPULATION_PRIOR / 2
    pseudo_matches = model.lam * pseudo_pairs
    for iteration in range(iterations):
        prior = model.prior_weight
        sums = {name: [0.0] * len(levels) for name, levels in LEVELS.items()}
        expected = 0.0
        for pattern, count in items:
            odds = prior + pattern_weight(pattern, model)[0]
            posterior = 1.0 / (1.0 + 2.0 ** -odds) if odds > -60 else 0.0
            weight = posterior * count
            if weight <= 0.0:
                continue
            expected += weight
            for name, level in zip(FIELDS, pattern[0], strict=True):
                if level >= 0:
                    sums[name][level] += weight
        new_m = {name: _smoothed(sums[name], PRIOR_M[name], M_PRIOR_PAIRS) for name in FIELDS}
        change = max(abs(a - b) for name in FIELDS for a, b in zip(new_m[name], model.m[name], strict=True))
        model.m = new_m
        model.lam = min(0.5, (expected + pseudo_matches) / (total_pairs + pseudo_pairs))
        model.iterations = iteration + 1
        if change < 1e-4:
            break
    return model
