"""Score fusion: pure functions, no dependencies beyond numpy.

Scorers produce scores on different scales (BM25 is unbounded, cosine lives
in a narrow band), so each list is rescaled over the candidate set before a
convex combination. Reciprocal rank fusion is kept as the scale-free
alternative the benchmark compares against.
"""

from __future__ import annotations

import numpy as np

RRF_K = 60.0


def rescale(scores: np.ndarray) -> np.ndarray:
    """Min-max rescale to [0, 1] over the candidates; constant lists become zeros."""
    if scores.size == 0:
        return scores
    low, high = float(scores.min()), float(scores.max())
    if high - low < 1e-9:
        return np.zeros_like(scores)
    return (scores - low) / (high - low)


def convex(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """Weighted sum of rescaled score lists (weights of missing parts are dropped)."""
    present = {name: w for name, w in weights.items() if name in parts and w > 0}
    total = sum(present.values()) or 1.0
    size = next(iter(parts.values())).shape if parts else (0,)
    fused = np.zeros(size, dtype=np.float32)
    for name, weight in present.items():
        fused += (weight / total) * rescale(parts[name]).astype(np.float32)
    return fused


def rrf(parts: dict[str, np.ndarray], k: float = RRF_K) -> np.ndarray:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the score lists."""
    size = next(iter(parts.values())).shape if parts else (0,)
    fused = np.zeros(size, dtype=np.float32)
    for scores in parts.values():
        ranks = np.empty(scores.shape, dtype=np.float32)
        ranks[np.argsort(-scores, kind="stable")] = np.arange(1, scores.size + 1)
        fused += 1.0 / (k + ranks)
    return fused
