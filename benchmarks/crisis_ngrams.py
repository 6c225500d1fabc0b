"""Choosing the n-gram layer's threshold: cross-validated, on the training examples only.

    python benchmarks/crisis_ngrams.py

For each threshold: recall of the n-gram layer alone and with the rules, and the
share flagged (rules or n-grams) of the hard negatives, of the ordinary resident
messages and of people bereaved by suicide — every text judged by a model
trained on the other nine folds, texts too short to judge left to the rules.
matcher.crisis.ngrams.THRESHOLD moves down to the lowest threshold at which
residents' messages stay at or below 1 % and hard negatives at or below 5 %,
and never up: recall is not given up for false alarms (since 2026-12-03; see the
comment at the constant). Held-out rounds are measured by
benchmarks/crisis_eval.py. Prints numbers, never texts.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.crisis import ngrams  # noqa: E402
from matcher.crisis.evaluation import BEREAVED  # noqa: E402
from matcher.crisis.lexical import detect_kind  # noqa: E402

THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
RESIDENT = "resident"


def main() -> None:
    cases = ngrams.training_cases()
    probability = ngrams.cross_validated(cases)
    crisis = np.array([c.label == "crisis" for c in cases])
    kind = np.array([c.kind for c in cases])
    resident = kind == RESIDENT
    bereaved = kind == BEREAVED
    hard = ~crisis & ~resident & ~bereaved
    rules = np.array([detect_kind(c.text) is not None for c in cases])
    long_enough = np.array([ngrams.judged(c.text) for c in cases])
    print(
        f"{crisis.sum()} crisis, {hard.sum()} hard negatives, {resident.sum()} resident"
        f" messages, {bereaved.sum()} bereaved; 10-fold cross-validated"
    )
    print("threshold | n-grams recall | rules+n-grams recall | flagged: hard / resident / bereaved")
    for threshold in THRESHOLDS:
        alone = (probability >= threshold) & long_enough
        both = alone | rules
        print(
            f"{threshold:9.2f} | {alone[crisis].mean():14.1%} | {both[crisis].mean():20.1%} |"
            f" {both[hard].mean():.1%} / {both[resident].mean():.1%} / {both[bereaved].mean():.1%}"
        )
    print(f"in use: {ngrams.THRESHOLD}")


if __name__ == "__main__":
    main()
