"""Clustering scored pairs into persons without chaining through weak links.

The weights come from the input itself (``estimate``): every candidate pair
is compared once, expectation-maximisation estimates the m-probabilities and
the share of matches over those comparisons, and each pair gets a match
probability. Pairs at or above the threshold are merged strongest first, and
two clusters merge only if no cross pair contradicts (a different ID number,
birth years far apart, the same name with a different father, or a sum of
disagreements at or below ``_CONFLICT``) and the cross pairs agree on
average: so a wrong early link cannot pull in a record its cluster
contradicts. A cross pair that merely lacks evidence (missing fields, a
common name) counts as weak, not as a veto.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .blocking import CandidateIndex, feature_keys
from .estimate import (
    FIELDS,
    LEVELS,
    RANDOM_PAIRS,
    LevelCounts,
    Model,
    compare,
    estimate_u,
    pattern_of,
    pattern_weight,
    random_pair_levels,
    run_em,
)
from .records import Features, PersonRecord, prepare
from .score import LinkStats

# Match probability at or above which a pair is linked, unless the caller
# gives one: the estimated probability, so the same figure means the same on
# every input (chosen on the project's generator, seeds 1-3).
DEFAULT_THRESHOLD = 0.5
# A cross pair whose contradiction is at or below this blocks a merge.
_CONFLICT = -5.0
# And the cross pairs must agree on average (each counted at no less than
# _ODDS_FLOOR below the threshold, so that one record with nothing but a
# common name cannot veto); ``_MEAN_CROSS`` is relative to the threshold too.
_MEAN_CROSS = -4.0
_ODDS_FLOOR = -8.0
# Largest number of cross pairs checked one by one; beyond it a sample is used.
_MAX_CROSS = 100
# A new record is compared with at most this many members of each of its blocks.
_MATCH_BLOCK = 500
# Below this many records, starting worker processes costs more than it saves.
_PARALLEL_FROM = 5000

Evidence = tuple[float, float]  # (log2 odds of one person, contradiction)


class _Clusters:
    """Union-find keeping each cluster's members, with a consistency check on merge."""

    def __init__(self, linkage: Linkage, cut: float):
        self.linkage = linkage
        self.cut = cut
        self.known: dict[tuple[int, int], Evidence] = {}
        self.parent = list(range(len(linkage.features)))
        self.members: dict[int, list[int]] = {}

    def find(self, index: int) -> int:
        root = index
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[index] != root:  # path compression
            self.parent[index], index = root, self.parent[index]
        return root

    def _evidence(self, i: int, j: int) -> Evidence:
        key = (i, j) if i < j else (j, i)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self.linkage.evidence(*key)
        return found

    def _consistent(self, a: list[int], b: list[int]) -> bool:
        if len(a) * len(b) > _MAX_CROSS:
            a, b = a[:10], b[:10]
        total = 0.0
        floor = self.cut + _ODDS_FLOOR
        for i in a:
            for j in b:
                odds, against = self._evidence(i, j)
                if against <= _CONFLICT:
                    return False
                total += max(odds, floor)
        return total / (len(a) * len(b)) >= self.cut + _MEAN_CROSS

    def merge(self, i: int, j: int, known: Evidence) -> bool:
        """Merge the clusters of ``i`` and ``j`` unless they contradict; True if they are now one."""
        root_i, root_j = self.find(i), self.find(j)
        if root_i == root_j:
            return True
        self.known[(i, j)] = known
        members_i = self.members.get(root_i, [root_i])
        members_j = self.members.get(root_j, [root_j])
        if (len(members_i) > 1 or len(members_j) > 1) and not self._consistent(members_i, members_j):
            return False
        if len(members_i) < len(members_j):
            root_i, root_j, members_i, members_j = root_j, root_i, members_j, members_i
        self.parent[root_j] = root_i
        self.members[root_i] = members_i + members_j
        self.members.pop(root_j, None)
        return True


@dataclass
class Linkage:
    """An input's estimated model, its linked pairs and its clusters."""

    features: Sequence[Features]
    stats: LinkStats
    model: Model
    threshold: float
    labels: list[int]
    # Pairs at or above the threshold that clustering kept: (log2 odds, i, j).
    linked: list[tuple[float, int, int]]
    candidate_pairs: int = 0
    _blocks: dict[str, list[int]] | None = field(default=None, repr=False)

    def evidence(self, i: int, j: int) -> Evidence:
        """(log2 odds, contradiction) of any two records under the estimated model."""
        pattern = pattern_of(compare(self.features[i], self.features[j], self.stats))
        weight, against = pattern_weight(pattern, self.model)
        return self.model.prior_weight + weight, against

    def explain(self) -> Iterator[dict[str, object]]:
        """Each linked pair with its match probability and every field's contribution (log2)."""
        for odds, i, j in self.linked:
            a, b = self.features[i], self.features[j]
            comparison = compare(a, b, self.stats)
            row: dict[str, object] = {
                "record_id_a": a.record_id, "record_id_b": b.record_id,
                "match_probability": f"{_probability(odds):.6f}", "match_weight": f"{odds:.2f}",
                "prior": f"{self.model.prior_weight:.2f}",
            }
            contributions = self.model.contributions(comparison)
            for name, level in zip(FIELDS, comparison.levels, strict=True):
                row[name] = f"{contributions[name]:.2f}"
                row[name + "_level"] = LEVELS[name][level] if level >= 0 else "missing"
            row["name_tf"] = f"{contributions['name_tf']:.2f}"
            row["father_tf"] = f"{contributions['father_tf']:.2f}"
            yield row


    def match(self, record: PersonRecord | Features) -> IdentityMatch | None:
        """The identity a NEW record belongs to, under this linkage's estimated parameters.

        The new record is compared with the records it shares a blocking key
        with; the best one at or above the threshold gives its cluster, with
        each field's contribution. None: a new identity. Nothing is re-estimated,
        so earlier clusters never change.
        """
        features = record if isinstance(record, Features) else prepare(record)
        if self._blocks is None:
            self._blocks = {}
            for index, known in enumerate(self.features):
                for key in feature_keys(known):
                    self._blocks.setdefault(key, []).append(index)
        candidates = {i for key in feature_keys(features) for i in self._blocks.get(key, ())[:_MATCH_BLOCK]}
        cut = math.log2(self.threshold / (1.0 - self.threshold))
        best: IdentityMatch | None = None
        for index in sorted(candidates):
            comparison = compare(features, self.features[index], self.stats)
            weight, against = pattern_weight(pattern_of(comparison), self.model)
            odds = self.model.prior_weight + weight
            if odds >= cut and against > _CONFLICT and (best is None or odds > best.log_odds):
                best = IdentityMatch(
                    cluster=self.labels[index], record_id=self.features[index].record_id, log_odds=odds,
                    probability=_probability(odds), contributions=self.model.contributions(comparison),
                )
        return best


@dataclass(frozen=True)
class IdentityMatch:
    """The identity a new record joins: its cluster label, the closest record and why."""

    cluster: int
    record_id: str
    log_odds: float
    probability: float
    contributions: dict[str, float]


EXPLAIN_COLUMNS = (
    "record_id_a", "record_id_b", "match_probability", "match_weight", "prior",
    *(column for name in FIELDS for column in (name, name + "_level")), "name_tf", "father_tf",
)


def _probability(log_odds: float) -> float:
    return 1.0 / (1.0 + 2.0 ** -log_odds) if log_odds > -60 else 0.0


def link(
    features: Sequence[Features], threshold: float | None = None, workers: int | None = None
) -> Linkage:
    """Estimate the model on ``features``, score the candidate pairs and cluster them.

    ``threshold`` is the match probability at which a pair is linked
    (default ``DEFAULT_THRESHOLD``). ``workers`` processes compare the
    candidate pairs (default: one per CPU, at most 4, and only for data sets
    large enough to repay starting them).
    """
    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    if not 0.0 < threshold < 1.0:
        raise ValueError("threshold must be a probability strictly between 0 and 1")
    stats = LinkStats()
    for record in features:
        stats.add(record)
    patterns, pairs, random_levels = _compare_pairs(features, stats, workers)
    model = estimate_u(features, random_levels)
    total_pairs = max(len(features) * (len(features) - 1) // 2, 1)
    run_em(Counter({pattern: count for pattern, count in zip(patterns, _counts(pairs, len(patterns)), strict=True)}),
           model, total_pairs)
    cut = math.log2(threshold / (1.0 - threshold))
    scored = [(model.prior_weight + weight, against) for weight, against in (pattern_weight(p, model) for p in patterns)]
    first, second, pattern_ids = pairs
    edges = [
        (scored[pid][0], scored[pid][1], i, j)
        for i, j, pid in zip(first, second, pattern_ids, strict=True)
        if scored[pid][0] >= cut
    ]
    # Strongest first; ties by record order, so the result never depends on workers.
    edges.sort(key=lambda edge: (-edge[0], edge[2], edge[3]))
    linkage = Linkage(features, stats, model, threshold, [], [], candidate_pairs=len(pattern_ids))
    clusters = _Clusters(linkage, cut)
    for odds, against, i, j in edges:
        if clusters.merge(i, j, (odds, against)):
            linkage.linked.append((odds, i, j))
    linkage.labels = [clusters.find(index) for index in range(len(features))]
    return linkage


def _counts(pairs: tuple[array, array, array], patterns: int) -> list[int]:
    counts = [0] * patterns
    for pid in pairs[2]:
        counts[pid] += 1
    return counts


Pairs = tuple[array, array, array]  # first record, second record, pattern id
_shared: tuple[Sequence[Features], LinkStats, CandidateIndex] | None = None


def _compare_pairs(
    features: Sequence[Features], stats: LinkStats, workers: int | None
) -> tuple[list, Pairs, LevelCounts]:
    """Every candidate pair's pattern and the levels of random pairs, in one or several processes."""
    global _shared
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(features) >= _PARALLEL_FROM else 1
    _shared = (features, stats, CandidateIndex(features))
    try:
        # A daemonic process (a Celery prefork worker) may not start children.
        if workers <= 1 or multiprocessing.current_process().daemon or (
            "fork" not in multiprocessing.get_all_start_methods()
        ):
            shares = [_compare_share(0, 1)]
        else:
            # Forked workers inherit the features and the index without copying.
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                shares = pool.starmap(_compare_share, [(share, workers) for share in range(workers)])
    finally:
        _shared = None
    patterns: dict = {}
    first, second, pattern_ids = array("i"), array("i"), array("i")
    random_levels = {name: [0.0] * len(levels) for name, levels in LEVELS.items()}
    for share_patterns, (i_s, j_s, p_s), share_levels in shares:
        for name, counts in share_levels.items():
            random_levels[name] = [x + y for x, y in zip(random_levels[name], counts, strict=True)]
        remap = [patterns.setdefault(pattern, len(patterns)) for pattern in share_patterns]
        first.extend(i_s)
        second.extend(j_s)
        pattern_ids.extend(remap[p] for p in p_s)
    return list(patterns), (first, second, pattern_ids), random_levels


def _compare_share(share: int, shares: int) -> tuple[list, Pairs, LevelCounts]:
    """Patterns of the pairs of records ``share``, ``share + shares``, ..., and a share of
    the random pairs (run in a worker)."""
    assert _shared is not None
    features, stats, index = _shared
    random_levels = random_pair_levels(features, stats, RANDOM_PAIRS // shares, seed=share)
    patterns: dict = {}
    first, second, pattern_ids = array("i"), array("i"), array("i")
    for i in range(share, len(features), shares):
        record = features[i]
        for j in sorted(index.partners(i)):
            pattern = pattern_of(compare(record, features[j], stats))
            first.append(i)
            second.append(j)
            pattern_ids.append(patterns.setdefault(pattern, len(patterns)))
    return list(patterns), (first, second, pattern_ids), random_levels


def cluster_features(
    features: Sequence[Features], threshold: float | None = None, workers: int | None = None
) -> list[int]:
    """Cluster label (index of a representative record) for each record."""
    return link(features, threshold, workers).labels


def cluster_ids(labels: Sequence[int]) -> list[str]:
    """Cluster ids ("P000001", numbered by first appearance) for cluster labels."""
    names: dict[int, str] = {}
    return [names.setdefault(label, f"P{len(names) + 1:06d}") for label in labels]


def link_features(features: Sequence[Features], threshold: float | None = None) -> list[str]:
    """Cluster ids ("P000001", numbered by first appearance) in input order."""
    return cluster_ids(cluster_features(features, threshold))


def link_records(records: Iterable[PersonRecord], threshold: float | None = None) -> dict[str, str]:
    """``{record_id: cluster_id}``: records with the same cluster id are one person."""
    features = [prepare(record) for record in records]
    ids = link_features(features, threshold)
    return {record.record_id: cluster for record, cluster in zip(features, ids, strict=True)}
