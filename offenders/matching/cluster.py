"""Clustering scored pairs into persons without chaining through weak links.

Plain union-find over every pair above the threshold lets one ambiguous
record ("Rahul Sharma", no father, no date of birth) glue two different
Rahul Sharmas together. Here edges are merged strongest first, and two
clusters merge only if every cross pair is free of strong contradiction and
the cross pairs agree on average.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from .blocking import candidate_pairs
from .records import Features, PersonRecord, prepare
from .score import MATCH_THRESHOLD, LinkStats, log_odds

# Pairs below this (log2 odds) are not kept at all.
_EDGE_FLOOR = -2.0
# A cross pair below this is a contradiction (different ID, birth years far apart...).
_CONFLICT = -8.0
# Mean log2 odds over the cross pairs needed to merge two clusters.
_MEAN_CROSS = -1.0
# Largest number of cross pairs checked one by one; beyond it a sample is used.
_MAX_CROSS = 100


def _threshold_log_odds(threshold: float) -> float:
    return math.log2(threshold / (1.0 - threshold))


class _Clusters:
    """Union-find keeping each cluster's members, with a consistency check on merge."""

    def __init__(self, features: Sequence[Features], stats: LinkStats, known: dict[tuple[int, int], float]):
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

    def _pair(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        if key not in self.known:
            self.known[key] = log_odds(self.features[key[0]], self.features[key[1]], self.stats)
        return self.known[key]

    def _consistent(self, a: list[int], b: list[int]) -> bool:
        if len(a) * len(b) > _MAX_CROSS:
            a, b = a[:10], b[:10]
        total = 0.0
        for i in a:
            for j in b:
                odds = self._pair(i, j)
                if odds < _CONFLICT:
                    return False
                total += odds
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


def cluster_features(features: Sequence[Features], threshold: float = MATCH_THRESHOLD) -> list[int]:
    """Cluster label (index of a representative record) for each record."""
    stats = LinkStats()
    for record in features:
        stats.add(record)
    known: dict[tuple[int, int], float] = {}
    edges: list[tuple[float, int, int]] = []
    for i, j in candidate_pairs(features):
        odds = log_odds(features[i], features[j], stats)
        if odds >= _EDGE_FLOOR:
            known[(i, j)] = odds
            edges.append((odds, i, j))
    edges.sort(key=lambda edge: edge[0], reverse=True)
    clusters = _Clusters(features, stats, known)
    cut = _threshold_log_odds(threshold)
    for odds, i, j in edges:
        if odds < cut:
            break
        clusters.merge(i, j)
    return [clusters.find(index) for index in range(len(features))]


def link_features(features: Sequence[Features], threshold: float = MATCH_THRESHOLD) -> list[str]:
    """Cluster ids ("P000001", numbered by first appearance) in input order."""
    labels = cluster_features(features, threshold)
    names: dict[int, str] = {}
    return [names.setdefault(label, f"P{len(names) + 1:06d}") for label in labels]


def link_records(records: Iterable[PersonRecord], threshold: float = MATCH_THRESHOLD) -> dict[str, str]:
    """``{record_id: cluster_id}``: records with the same cluster id are one person."""
    features = [prepare(record) for record in records]
    ids = link_features(features, threshold)
    return {record.record_id: cluster for record, cluster in zip(features, ids)}
