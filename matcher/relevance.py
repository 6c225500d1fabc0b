"""The relevance floor: is this group about what the person asked, or only the least bad?

Ranking scores are rescaled over the candidates, so the best of a poor lot
always looks good. The floor instead reads scores on scales that do not move
with the filters — a group's BM25 against the best BM25 in the whole
catalogue, its raw cosine and its gap to the best cosine — plus the evidence
the group itself has (a shared theme, distinctive shared words). A logistic
model turns them into a probability that a VG team would call the group
fitting; options below `FLOOR` are not offered.

The coefficients are fitted on `../shared/bench` by
`benchmarks/relevance_floor.py`, which also reports a two-fold check (fit on
one half of the queries, measure on the other). Re-run it after changing a
scorer and paste its output here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FEATURES_WITH_MODEL = ("lexical_share", "lexical_log", "cosine", "cosine_gap", "theme", "words")
FEATURES_LEXICAL = ("lexical_share", "lexical_log", "theme", "words")

# `python benchmarks/relevance_floor.py --fit [--no-model]` on the 135 ranked queries of
# ../shared/bench (intercept first); the threshold below was chosen there too. The
# two-fold check (docs/matching.md) keeps about 2/3–3/4 of the labelled groups on the
# held-out half while doubling the share of shown groups that are labelled fitting.
COEFFICIENTS_WITH_MODEL: tuple[float, ...] = (-2.621, 2.519, 0.146, -0.492, 1.583, 1.088, 1.543)
COEFFICIENTS_LEXICAL: tuple[float, ...] = (-4.331, 3.001, 0.244, 1.018, 1.657)
FLOOR = 0.15  # probability of "fitting" below which an option is not offered
WORDS_CAP = 3
COSINE_CENTRE = 0.8
COSINE_SCALE = 0.05


@dataclass(frozen=True)
class Evidence:
    """What a group itself shares with the query."""

    themes: int
    words: int


class RelevanceModel:
    """Probability of fitting for any group, given one query's raw scores."""

    def __init__(self, lexical: np.ndarray, dense: np.ndarray | None) -> None:
        self.lexical = lexical
        self.dense = dense
        self.best_lexical = float(lexical.max()) if lexical.size else 0.0
        self.best_dense = float(dense.max()) if dense is not None and dense.size else 0.0

    def features(self, position: int, evidence: Evidence) -> list[float]:
        """The feature row of one group, in FEATURES_* order."""
        raw = float(self.lexical[position])
        share = raw / self.best_lexical if self.best_lexical > 0 else 0.0
        row = [share, math.log1p(raw)]
        if self.dense is not None:
            # e5 cosines live in a narrow band (about 0.75–0.9): put them on a unit scale so
            # the fit's regularisation treats them like the other features.
            cosine = float(self.dense[position])
            row += [
                (cosine - COSINE_CENTRE) / COSINE_SCALE,
                (cosine - self.best_dense) / COSINE_SCALE,
            ]
        row += [float(evidence.themes > 0), min(evidence.words, WORDS_CAP) / WORDS_CAP]
        return row

    def probability(self, position: int, evidence: Evidence) -> float:
        """Calibrated probability that the group fits the query."""
        coefficients = COEFFICIENTS_WITH_MODEL if self.dense is not None else COEFFICIENTS_LEXICAL
        return logistic(coefficients, self.features(position, evidence))


def logistic(coefficients: Sequence[float], row: Sequence[float]) -> float:
    """sigmoid(intercept + Σ coefficient × feature)."""
    z = coefficients[0] + sum(c * x for c, x in zip(coefficients[1:], row, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))
