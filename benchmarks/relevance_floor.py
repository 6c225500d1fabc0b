"""Fit and check the relevance floor (matcher/relevance.py) on a bench-format data set.

    python benchmarks/relevance_floor.py                 # two-fold check, with the model
    python benchmarks/relevance_floor.py --no-model      # the same for the lexical fallback
    python benchmarks/relevance_floor.py --fit           # coefficients from all queries

Rows are the top-ranked groups of the full pipeline per non-crisis query
(those are where a floor acts); a row is positive when the query labels the
group (grade 1 or 2). Two-fold: queries are split by the parity of their
position in id order; the logistic model and its threshold are chosen on one
half and measured on the other, then the other way round. The threshold
maximises F2 of the shown list (top 10 above the floor) on the fitting half.
Prints numbers, never texts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.settings import Settings  # noqa: E402
from matcher import bench  # noqa: E402
from matcher.evidence import shared_words  # noqa: E402
from matcher.pipeline import MatchIndex, query_words, rank, score_all  # noqa: E402
from matcher.profile import Profile  # noqa: E402
from matcher.relevance import Evidence, RelevanceModel  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
DEPTH = 20  # ranked groups per query that the floor is asked about
SHOWN = 10


def _rows(data: bench.BenchData, index: MatchIndex) -> list[dict[str, Any]]:
    """Per query: the ranked group ids, their feature rows and labels."""
    out = []
    for query in bench.ranked_queries(data):
        profile = Profile(
            text=query["text"], constraints=bench.constraints_from_filters(query["filters"])
        )
        scores = score_all(index, profile)
        positions, _fused, _terms, themes = rank(
            index, profile, now=bench.NOW, limit=DEPTH, scores=scores
        )
        model = RelevanceModel(scores.lexical, scores.dense)
        words = query_words(index, profile)
        features, labels = [], []
        for position in positions:
            shared = [t for t in themes if t in index.themes[position]]
            found = shared_words(words, index.group_words(position))
            features.append(model.features(position, Evidence(len(shared), len(found))))
            labels.append(int(data.rows[position]["id"] in query["relevant"]))
        out.append(
            {
                "id": query["id"],
                "kind": query.get("kind", "chat"),
                "ranked": [data.rows[p]["id"] for p in positions],
                "x": np.array(features),
                "y": np.array(labels),
                "rel": query["relevant"],
            }
        )
    return out


def _fit(queries: list[dict[str, Any]]) -> LogisticRegression:
    x = np.vstack([q["x"] for q in queries])
    y = np.concatenate([q["y"] for q in queries])
    return LogisticRegression(C=1.0, max_iter=2000).fit(x, y)


def _shown(query: dict[str, Any], model: LogisticRegression, floor: float) -> list[str]:
    keep = model.predict_proba(query["x"])[:, 1] >= floor
    return [g for g, k in zip(query["ranked"], keep, strict=True) if k][:SHOWN]


def _measure(queries: list[dict[str, Any]], model: LogisticRegression, floor: float) -> dict:
    shown = [_shown(q, model, floor) for q in queries]
    hits = sum(len([g for g in s if g in q["rel"]]) for s, q in zip(shown, queries, strict=True))
    total_shown = sum(len(s) for s in shown)
    reachable = sum(min(len(q["rel"]), SHOWN) for q in queries)
    precision = hits / total_shown if total_shown else 0.0
    recall = hits / reachable if reachable else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    # F2: a fitting group left out costs more than a weak one shown (labels are sparse too).
    f2 = 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0
    ndcg = statistics.fmean(
        bench.ndcg_at_10(s, q["rel"]) for s, q in zip(shown, queries, strict=True)
    )
    three = statistics.fmean(len(s) >= 3 for s in shown)
    empty = statistics.fmean(len(s) == 0 for s in shown)
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "f2": f2,
        "ndcg": ndcg,
        "three_shown": three,
        "none_shown": empty,
        "mean_shown": total_shown / len(queries),
    }


def _best_floor(queries: list[dict[str, Any]], model: LogisticRegression) -> float:
    grid = [round(0.05 * i, 2) for i in range(1, 19)]
    return max(grid, key=lambda f: _measure(queries, model, f)["f2"])


def _line(name: str, m: dict[str, float]) -> str:
    return (
        f"{name:<22} P {m['precision']:.3f}  R {m['recall']:.3f}  F2 {m['f2']:.3f}  "
        f"nDCG {m['ndcg']:.3f}  ≥3 shown {m['three_shown']:.2f}  none {m['none_shown']:.2f}  "
        f"mean shown {m['mean_shown']:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=Path, default=SHARED / "groups.csv")
    parser.add_argument("--queries", type=Path, default=SHARED / "queries.jsonl")
    parser.add_argument("--no-model", action="store_true")
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    settings = Settings.from_env()
    data = bench.load(args.groups, args.queries)
    model = "none" if args.no_model else settings.model
    index, _notice = bench.build_index(data, model, settings.model_cache)
    queries = _rows(data, index)
    no_floor = type("All", (), {"predict_proba": lambda _s, x: np.ones((len(x), 2))})()
    print(f"{len(queries)} ranked queries, model: {'none' if args.no_model else settings.model}")
    if args.fit:
        model = _fit(queries)
        floor = _best_floor(queries, model)
        print(
            "coefficients:",
            [round(float(model.intercept_[0]), 3)] + [round(float(c), 3) for c in model.coef_[0]],
        )
        print("floor:", floor)
        print(_line("all (in-sample)", _measure(queries, model, floor)))
        return
    halves = (queries[0::2], queries[1::2])
    for name, (fit_on, test_on) in (("A→B", halves), ("B→A", halves[::-1])):
        model = _fit(fit_on)
        floor = _best_floor(fit_on, model)
        print(f"{name}: floor {floor}")
        print(_line("  no floor (test half)", _measure(test_on, no_floor, 0.5)))
        print(_line("  floor (fit half)", _measure(fit_on, model, floor)))
        print(_line("  floor (test half)", _measure(test_on, model, floor)))
        for kind in ("vg", "chat"):
            part = [q for q in test_on if q["kind"] == kind]
            print(_line(f"  test half, {kind}", _measure(part, model, floor)))


if __name__ == "__main__":
    main()
