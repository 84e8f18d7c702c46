"""Blocking: which pairs of records are worth scoring at all.

Each record gets a handful of keys; only records sharing a key are compared.
Keys are built so that a true pair very likely shares at least one even when
its names are misspelt, reordered or abbreviated, or its dates are off by a
year. Inside a block larger than ``MAX_BLOCK`` (every "Rahul Sharma" of a
big data set) only near neighbours in sorted order are compared. So the
number of comparisons is at most ``records x keys x MAX_BLOCK`` and grows
linearly with the number of records.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import combinations

from .normalize import skeleton
from .records import Features, PersonRecord, prepare

MAX_BLOCK = 40
WINDOW = 4


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
    # The father's surname repeats the son's: "sharma|sharma" blocks are huge
    # and say nothing, so only the father's other words pair with the name.
    given = [f for f in father if f not in name] or father
    for token in name:
        keys.update(f"nf:{token}|{f}" for f in given)
    # First letters with the father's given name: "V. P. Singh s/o Fateh Singh"
    # has no full word of its own to block on.
    letters = "".join(sorted(t[0] for t in features.name))
    keys.update(f"lf:{letters}|{skeleton(f)}" for f in features.father_given if len(f) > 1)
    if len(features.address) >= 3 and any(t.isdigit() for t in features.address):
        keys.add("a:" + " ".join(sorted(features.address)))  # the same house
    if features.year is not None:
        # A word of the name with the birth year survives a typo in the other
        # word. (Years one apart are left to the other keys and to the windows.)
        keys.update(f"y{features.year}:{token}" for token in name)
        if father:
            # Father + birth year survives a misspelt one-word name.
            whole = " ".join(father)
            keys.add(f"fy:{features.year // 2}:{whole}")
            keys.add(f"fz:{(features.year + 1) // 2}:{whole}")
    return keys


def candidate_keys(record: PersonRecord) -> set[str]:
    """Blocking keys of a record: phone, ID number, name, name+father, name+birth year.

    Name parts are phonetic skeletons ("sharma"/"sarma" -> "srm"), so
    spelling variants share keys; order is ignored.
    """
    return feature_keys(prepare(record))


def _sort_keys(record: Features) -> tuple[tuple[object, ...], ...]:
    """Three orders for a large block, each grouping a person's records together."""
    year = record.year if record.year is not None else 9999
    father = " ".join(sorted(record.father_given))
    # First letters survive initials and most typos: "D. Sharma" ~ "Deepak Sharma".
    letters = "".join(sorted(t[0] for t in record.name))
    return (letters, year, father), (year, letters, father), (father, letters, year)


def _windows(members: list[int], features: Sequence[Features], window: int) -> dict[int, set[int]]:
    """Neighbours of each member of a large block within ``window`` places, in three orders.

    A block of every "Rahul Sharma" is too big to compare in full, but the
    records of one Rahul Sharma sort next to each other by birth year, by
    father's name or by initials (sorted-neighbourhood blocking): each record
    then meets at most ``6 * window`` others, however big the block.
    """
    keys = {index: _sort_keys(features[index]) for index in members}
    neighbours: dict[int, set[int]] = {index: set() for index in members}
    for order in range(3):
        ranked = sorted(members, key=lambda index: keys[index][order])
        for position, index in enumerate(ranked):
            neighbours[index].update(ranked[max(0, position - window): position + window + 1])
    return neighbours


class CandidateIndex:
    """The blocks of a data set, answering "which later records may be the same as record i?".

    Built once; ``partners(i)`` can then be asked for any subset of records,
    which lets several processes share the scoring.
    """

    def __init__(self, features: Sequence[Features], max_block: int = MAX_BLOCK, window: int = WINDOW):
        block_ids: dict[str, int] = {}
        self.blocks: list[list[int]] = []
        self.record_blocks: list[tuple[int, ...]] = []
        for index, record in enumerate(features):
            ids = []
            for key in feature_keys(record):
                block = block_ids.setdefault(key, len(self.blocks))
                if block == len(self.blocks):
                    self.blocks.append([])
                self.blocks[block].append(index)
                ids.append(block)
            self.record_blocks.append(tuple(ids))
        self.windows = {
            block: _windows(members, features, window)
            for block, members in enumerate(self.blocks)
            if len(members) > max_block
        }

    def partners(self, index: int) -> set[int]:
        """Records after ``index`` that share a block (or a window of a large one) with it."""
        seen: set[int] = set()
        for block in self.record_blocks[index]:
            if block in self.windows:
                seen.update(other for other in self.windows[block][index] if other > index)
            else:
                members = self.blocks[block]  # in record order: the later ones are a slice
                seen.update(members[bisect_right(members, index):])
        return seen


def candidate_pairs(
    features: Sequence[Features], max_block: int = MAX_BLOCK, window: int = WINDOW
) -> Iterator[tuple[int, int]]:
    """Each pair (i, j), i < j, of records sharing a block (or a window of a large one), once."""
    index = CandidateIndex(features, max_block, window)
    for record in range(len(features)):
        for other in index.partners(record):
            yield record, other
