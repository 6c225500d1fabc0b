"""A deterministic stand-in embedder and examples for the crisis-weights tests (no scikit-learn)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from matcher.crisis.evaluation import Case

KINDS = ("suicide", "acute", "violence", "psychosis")
CASES = [
    Case(f"tekst {n}", "crisis" if n % 2 else "none", KINDS[n % 4] if n % 2 else "topic")
    for n in range(80)
] + [Case(f"extra {n}", "crisis", KINDS[n % 4]) for n in range(12)]


class HashEmbedder:
    """Vectors from a text's hash (normalised); counts the texts it embeds."""

    name = "hash-test"

    def __init__(self) -> None:
        self.embedded = 0

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += len(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vector = np.random.default_rng(seed).normal(size=16)
            rows.append(vector / np.linalg.norm(vector))
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), 16)

    passages = queries
