"""Diversity: a landscape of options, not five near-copies of one group.

Greedy re-ranking of the best candidates: each pick lowers the score of the
remaining groups of the same domain and of groups with a near-identical
title. Only options close enough to the best one are moved up, so
diversity never pushes an unfitting group into view.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

DOMAIN_PENALTY = 0.03
COPY_PENALTY = 0.25
COPY_SIMILARITY = 90.0


def diversify(
    ids: Sequence[int],
    scores: Sequence[float],
    domains: Sequence[str],
    titles: Sequence[str],
    limit: int,
) -> list[int]:
    """Positions (into `ids`) in diversified order, at most `limit` of them.

    Inputs are the candidates in descending score order; scores are fused
    relevance in [0, 1]. Each pick's title is compared with all candidates at
    once (one rapidfuzz call) and kept, instead of again for every later pick:
    that loop was a tenth of a match's time.
    """
    size = len(ids)
    base = np.asarray(scores, dtype=np.float64)
    codes = {domain: code for code, domain in enumerate(dict.fromkeys(domains))}
    domain_of = np.array([codes[d] for d in domains], dtype=np.int64)
    domain_count = np.zeros(len(codes), dtype=np.int64)
    open_ = np.ones(size, dtype=bool)
    copy_of: list[np.ndarray] = []  # per pick: which candidates' titles copy its title
    chosen: list[int] = []
    while len(chosen) < min(limit, size):
        penalty = DOMAIN_PENALTY * domain_count[domain_of]
        if copy_of:
            penalty = penalty + COPY_PENALTY * np.logical_or.reduce(copy_of[-3:])
        adjusted = np.where(open_, base - penalty, -np.inf)
        best = int(np.argmax(adjusted))  # the first of equals, as max() over the remaining
        chosen.append(best)
        open_[best] = False
        domain_count[domain_of[best]] += 1
        if len(chosen) == min(limit, size):
            break
        similarity = process.cdist(
            titles, [titles[best]], scorer=fuzz.token_set_ratio, dtype=np.float64, workers=1
        )
        copy_of.append(similarity[:, 0] >= COPY_SIMILARITY)
    return chosen
