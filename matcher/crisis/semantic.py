"""The semantic layer: a small classifier over the message embedding.

It catches what no rule was written for ("ik ben er klaar mee, met alles, ik
wil niet meer") by meaning, using the embedding model the matcher already
loaded. Trained at start-up (a second once the example vectors are cached) on
our own labelled tuning set (matcher/crisis/data/tune.jsonl): a logistic
regression says crisis or not, a second one which kind. Threshold and
regularisation were chosen on cross-validated predictions of the tuning set
(`python benchmarks/crisis_eval.py` prints them beside the held-out half).
It only ever adds a flag: the lexical layer runs first, and alone when the
model is missing; the caller swallows any failure here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from matcher.crisis.evaluation import TUNE_SET, Case, load
from matcher.dense import Embedder, VectorCache

# Probability of crisis above which the semantic layer flags on its own.
THRESHOLD = 0.80
REGULARISATION = 10.0  # logistic regression C


class CrisisClassifier:
    """Classifiers trained on embedded examples; `judge_kind` reads one message."""

    def __init__(
        self,
        embedder: Embedder,
        cases: Sequence[Case] | None = None,
        *,
        cache: VectorCache | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        self.embedder = embedder
        self.threshold = threshold
        cases = list(cases if cases is not None else load(TUNE_SET))
        vectors = embed_cached(embedder, [c.text for c in cases], cache or VectorCache(None))
        self.flag, self.kind = train(vectors, cases)

    def probability(self, vector: np.ndarray) -> float:
        """How likely the message is a crisis, by meaning alone."""
        return float(self.flag.predict_proba(vector.reshape(1, -1))[0, 1])

    def judge_vector(self, vector: np.ndarray) -> str | None:
        """The crisis kind of an embedded message, or None."""
        if self.probability(vector) < self.threshold:
            return None
        return str(self.kind.predict(vector.reshape(1, -1))[0])

    def judge_kind(self, text: str) -> str | None:
        """The crisis kind of a message, or None."""
        return self.judge_vector(self.embedder.queries([text])[0])


def train(
    vectors: np.ndarray, cases: Sequence[Case]
) -> tuple[LogisticRegression, LogisticRegression]:
    """The crisis/calm classifier and the kind classifier for these examples."""
    labels = np.array([c.label == "crisis" for c in cases])
    flag = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
    flag.fit(vectors, labels)
    kind = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
    kind.fit(vectors[labels], [c.kind for c in cases if c.label == "crisis"])
    return flag, kind


def embed_cached(embedder: Embedder, texts: list[str], cache: VectorCache) -> np.ndarray:
    """Query vectors for texts, from the cache where possible."""
    keys = [VectorCache.key("crisis\0" + t) for t in texts]  # apart from group passages
    rows, _computed = cache.vectors(embedder.name, keys, texts, embedder.queries)
    return np.vstack(rows).astype(np.float32)


def load_classifier(embedder: Embedder, cache_dir: Path | None) -> CrisisClassifier:
    """The semantic layer for a loaded model, example vectors cached next to the group vectors."""
    cache = VectorCache(cache_dir / "vectors.sqlite3" if cache_dir else None)
    return CrisisClassifier(embedder, cache=cache)
