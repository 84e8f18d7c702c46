"""Person matching: normalise, block, score and cluster Indian person records.

No database and no models, so the ``link_persons`` command, the forms, the API
and a database-backed candidate search all share one engine::

    from offenders.matching import PersonRecord, score_pair, link_records

    result = score_pair(a, b)  # MatchResult(score=0.97, reasons=["same phone 98xxxxxx12", ...])
    clusters = link_records(records)  # {record_id: cluster_id}
    linkage = link(features, threshold=0.9)  # weights estimated on these records, clusters, explanations

``score_pair`` and ``rank_candidates`` (the database screens) use the hand-set
weights of ``score``; ``link`` and ``link_records`` estimate theirs on the
input (``estimate``), starting from hand-set priors.
"""

from __future__ import annotations

from collections.abc import Sequence

from .blocking import candidate_keys, candidate_pairs, feature_keys
from .cluster import DEFAULT_THRESHOLD, IdentityMatch, Linkage, link, link_features, link_records
from .normalize import (
    name_tokens,
    normalize_id,
    normalize_name,
    normalize_phone,
    normalize_phones,
    parse_dob,
)
from .records import Features, PersonRecord, prepare
from .score import MATCH_THRESHOLD, LinkStats, MatchResult, score_features, score_pair


def rank_candidates(
    query: PersonRecord,
    candidates: Sequence[PersonRecord],
    limit: int = 10,
    stats: LinkStats | None = None,
) -> list[tuple[PersonRecord, MatchResult]]:
    """The ``limit`` candidates most likely to be ``query``'s person, best first.

    ``stats`` (name frequencies of the whole registry) makes common names
    count for less; without it every name counts as moderately common.
    """
    prepared_query = prepare(query)
    scored = [
        (candidate, score_features(prepared_query, prepare(candidate), stats))
        for candidate in candidates
    ]
    scored.sort(key=lambda item: item[1].log_odds, reverse=True)
    return scored[:limit]


__all__ = [
    "DEFAULT_THRESHOLD",
    "IdentityMatch",
    "Linkage",
    "link",
    "MATCH_THRESHOLD",
    "Features",
    "LinkStats",
    "MatchResult",
    "PersonRecord",
    "candidate_keys",
    "candidate_pairs",
    "feature_keys",
    "link_features",
    "link_records",
    "name_tokens",
    "normalize_id",
    "normalize_name",
    "normalize_phone",
    "normalize_phones",
    "parse_dob",
    "prepare",
    "rank_candidates",
    "score_features",
    "score_pair",
]
