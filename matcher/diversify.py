"""Diversity: a landscape of options, not five near-copies of one group.

Greedy re-ranking of the best candidates: each pick lowers the score of the
remaining groups of the same domain and of groups with a near-identical
title. Only options close enough to the best one are moved up, so
diversity never pushes an unfitting group into view.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

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
    relevance in [0, 1].
    """
    remaining = list(range(len(ids)))
    chosen: list[int] = []
    domain_count: dict[str, int] = {}
    while remaining and len(chosen) < limit:

        def adjusted(i: int) -> float:
            penalty = DOMAIN_PENALTY * domain_count.get(domains[i], 0)
            if any(
                fuzz.token_set_ratio(titles[i], titles[j]) >= COPY_SIMILARITY for j in chosen[-3:]
            ):
                penalty += COPY_PENALTY
            return scores[i] - penalty

        best = max(remaining, key=adjusted)
        chosen.append(best)
        remaining.remove(best)
        domain_count[domains[best]] = domain_count.get(domains[best], 0) + 1
    return chosen
