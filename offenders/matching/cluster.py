"""Clustering scored pairs into persons without chaining through weak links.

Plain union-find over every pair above the threshold lets one ambiguous
record ("Rahul Sharma", no father, no date of birth) glue two different
Rahul Sharmas together. Here edges are merged strongest first, and two
clusters merge only if no cross pair contradicts (a different birth year,
father, gender, ID number or name) and the cross pairs agree on average; a
cross pair that merely lacks evidence (missing fields, a common name) counts
as weak, not as a veto.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Iterable, Sequence

from .blocking import CandidateIndex
from .records import Features, PersonRecord, prepare
from .score import MATCH_THRESHOLD, LinkStats, evidence

# A cross pair whose contradiction is at or below this blocks a merge.
_CONFLICT = -5.0
# And the cross pairs must agree on average (each counted at no less than
# _ODDS_FLOOR, so that one record with nothing but a common name cannot veto).
_MEAN_CROSS = -4.0
_ODDS_FLOOR = -8.0
# Largest number of cross pairs checked one by one; beyond it a sample is used.
_MAX_CROSS = 100
# Below this many records, starting worker processes costs more than it saves.
_PARALLEL_FROM = 5000

Evidence = tuple[float, float]


class _Clusters:
    """Union-find keeping each cluster's members, with a consistency check on merge."""

    def __init__(self, features: Sequence[Features], stats: LinkStats, known: dict[tuple[int, int], Evidence]):
        self.features = features
        self.stats = stats
        self.known = known
        self.parent = list(range(len(features)))
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
            found = self.known[key] = evidence(self.features[key[0]], self.features[key[1]], self.stats)
        return found

    def _consistent(self, a: list[int], b: list[int]) -> bool:
        if len(a) * len(b) > _MAX_CROSS:
            a, b = a[:10], b[:10]
        total = 0.0
        for i in a:
            for j in b:
                odds, against = self._evidence(i, j)
                if against <= _CONFLICT:
                    return False
                total += max(odds, _ODDS_FLOOR)
        return total / (len(a) * len(b)) >= _MEAN_CROSS

    def merge(self, i: int, j: int) -> None:
        root_i, root_j = self.find(i), self.find(j)
        if root_i == root_j:
            return
        members_i = self.members.get(root_i, [root_i])
        members_j = self.members.get(root_j, [root_j])
        if (len(members_i) > 1 or len(members_j) > 1) and not self._consistent(members_i, members_j):
            return
        if len(members_i) < len(members_j):
            root_i, root_j, members_i, members_j = root_j, root_i, members_j, members_i
        self.parent[root_j] = root_i
        self.members[root_i] = members_i + members_j
        self.members.pop(root_j, None)


def cluster_features(
    features: Sequence[Features], threshold: float = MATCH_THRESHOLD, workers: int | None = None
) -> list[int]:
    """Cluster label (index of a representative record) for each record.

    ``workers`` processes score the candidate pairs (default: one per CPU, at
    most 4, and only for data sets large enough to repay starting them).
    """
    stats = LinkStats()
    for record in features:
        stats.add(record)
    cut = math.log2(threshold / (1.0 - threshold))
    edges = _score_edges(features, stats, cut, workers)
    # Strongest first; ties by record order, so the result never depends on workers.
    edges.sort(key=lambda edge: (-edge[0], edge[2], edge[3]))
    known = {(i, j): (odds, against) for odds, against, i, j in edges}
    clusters = _Clusters(features, stats, known)
    for _, _, i, j in edges:
        clusters.merge(i, j)
    return [clusters.find(index) for index in range(len(features))]


Edge = tuple[float, float, int, int]  # (log2 odds, contradiction, i, j)
_shared: tuple[Sequence[Features], LinkStats, CandidateIndex, float] | None = None


def _score_edges(features: Sequence[Features], stats: LinkStats, cut: float, workers: int | None) -> list[Edge]:
    """Every candidate pair at or above ``cut``, scored in one or several processes."""
    global _shared
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(features) >= _PARALLEL_FROM else 1
    _shared = (features, stats, CandidateIndex(features), cut)
    try:
        # A daemonic process (a Celery prefork worker) may not start children.
        if workers <= 1 or multiprocessing.current_process().daemon or (
            "fork" not in multiprocessing.get_all_start_methods()
        ):
            return _score_share(0, 1)
        # Forked workers inherit the features and the index without copying.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            shares = pool.starmap(_score_share, [(share, workers) for share in range(workers)])
        return [edge for share in shares for edge in share]
    finally:
        _shared = None


def _score_share(share: int, shares: int) -> list[Edge]:
    """Edges of the records ``share``, ``share + shares``, ... (run in a worker)."""
    assert _shared is not None
    features, stats, index, cut = _shared
    edges: list[Edge] = []
    for i in range(share, len(features), shares):
        record = features[i]
        for j in index.partners(i):
            odds, against = evidence(record, features[j], stats, floor=cut)
            if odds >= cut:
                edges.append((odds, against, i, j))
    return edges


def link_features(features: Sequence[Features], threshold: float = MATCH_THRESHOLD) -> list[str]:
    """Cluster ids ("P000001", numbered by first appearance) in input order."""
    labels = cluster_features(features, threshold)
    names: dict[int, str] = {}
    return [names.setdefault(label, f"P{len(names) + 1:06d}") for label in labels]


def link_records(records: Iterable[PersonRecord], threshold: float = MATCH_THRESHOLD) -> dict[str, str]:
    """``{record_id: cluster_id}``: records with the same cluster id are one person."""
    features = [prepare(record) for record in records]
    ids = link_features(features, threshold)
    return {record.record_id: cluster for record, cluster in zip(features, ids, strict=True)}
