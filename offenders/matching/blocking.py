"""Blocking: which pairs of records are worth scoring at all.

Each record gets a handful of keys; only records sharing a key are compared.
Keys are built so that a true pair very likely shares at least one even when
its names are misspelt, reordered or abbreviated, or its dates are off by a
year. A block larger than ``MAX_BLOCK`` (say every "Sharma" with a father
"Sharma") is skipped: the narrower keys cover its pairs. So the number of
comparisons is at most ``records x keys x MAX_BLOCK`` and grows linearly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

from .normalize import skeleton
from .records import Features, PersonRecord, prepare

MAX_BLOCK = 120


def _full_skeletons(tokens: tuple[str, ...]) -> list[str]:
    """Sorted phonetic keys of the tokens that are not initials."""
    return sorted({skeleton(t) for t in tokens if len(t) > 1})


def feature_keys(features: Features) -> set[str]:
    """Blocking keys of a prepared record (see ``candidate_keys``)."""
    keys = {"p:" + phone for phone in features.phones}
    if features.id:
        keys.add("i:" + features.id[0] + ":" + features.id[1])
    name = _full_skeletons(features.name)
    if name:
        keys.add("n:" + " ".join(name))  # the whole name, order-free
    if len(name) >= 3:
        keys.update("n2:" + x + " " + y for x, y in combinations(name, 2))
    father = _full_skeletons(features.father)
    for token in name:
        keys.update(f"nf:{token}|{f}" for f in father)
    if features.year is not None:
        # Two-year buckets at two offsets: years one apart share a bucket.
        buckets = (f"y{features.year // 2}", f"z{(features.year + 1) // 2}")
        for token in name + father:  # father + year survives a misspelt one-word name
            keys.update(f"{bucket}:{token}" for bucket in buckets)
    return keys


def candidate_keys(record: PersonRecord) -> set[str]:
    """Blocking keys of a record: phone, ID number, name, name+father, name+birth year.

    Name parts are phonetic skeletons ("sharma"/"sarma" -> "srm"), so
    spelling variants share keys; order is ignored.
    """
    return feature_keys(prepare(record))


def candidate_pairs(features: Sequence[Features], max_block: int = MAX_BLOCK) -> Iterator[tuple[int, int]]:
    """Each pair (i, j), i < j, of records sharing at least one usable block, once."""
    block_ids: dict[str, int] = {}
    blocks: list[list[int]] = []
    record_blocks: list[tuple[int, ...]] = []
    for index, record in enumerate(features):
        ids = []
        for key in feature_keys(record):
            block = block_ids.setdefault(key, len(blocks))
            if block == len(blocks):
                blocks.append([])
            blocks[block].append(index)
            ids.append(block)
        record_blocks.append(tuple(ids))
    for index, ids in enumerate(record_blocks):
        seen: set[int] = set()
        for block in ids:
            members = blocks[block]
            if len(members) > max_block:
                continue
            seen.update(other for other in members if other > index)
        for other in sorted(seen):
            yield index, other
