"""Retrain the crisis detector's n-gram weights (matcher/crisis/data/ngrams.npz).

Run after matcher/crisis/data/tune.jsonl changes; the test suite fails while the
stored weights were trained on other examples. Deterministic: the same examples
give the same weights.

    python scripts/train_crisis_ngrams.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.crisis import ngrams

if __name__ == "__main__":
    model = ngrams.train_and_store()
    size = ngrams.WEIGHTS.stat().st_size / 1e6
    print(f"{ngrams.WEIGHTS}: fingerprint {model.fingerprint}, {size:.1f} MB")
