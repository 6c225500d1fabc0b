"""Two-fold check of every weight and adjustment of the full pipeline on a bench-format set.

    python benchmarks/adjustments_twofold.py [--no-model]

Queries are split by the parity of their position in id order (the same
halves as benchmarks/relevance_floor.py). For each soft adjustment
(matcher.pipeline.ADJUSTMENTS), the fuzzy weight and diversity, nDCG@10 of
the full variant is measured on each half with and without it. A part earns
its place only when it helps (or is neutral) on both halves. Prints numbers only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.settings import Settings  # noqa: E402
from matcher import bench, diversify, pipeline  # noqa: E402
from matcher.pipeline import MatchIndex, rank  # noqa: E402
from matcher.profile import Profile  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
NOISE = 0.0005  # nDCG@10 differences this small are noise on ~67 queries


def _ndcg(data: bench.BenchData, index: MatchIndex, queries: list[dict]) -> float:
    values = []
    for query in queries:
        profile = Profile(
            query["text"], constraints=bench.constraints_from_filters(query["filters"])
        )
        positions, _s, _t, _th = rank(index, profile, now=bench.NOW)
        values.append(bench.ndcg_at_10([data.rows[p]["id"] for p in positions], query["relevant"]))
    return statistics.fmean(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=Path, default=SHARED / "groups.csv")
    parser.add_argument("--queries", type=Path, default=SHARED / "queries.jsonl")
    parser.add_argument("--no-model", action="store_true")
    args = parser.parse_args()
    settings = Settings.from_env()
    data = bench.load(args.groups, args.queries)
    model = "none" if args.no_model else settings.model
    index, _notice = bench.build_index(data, model, settings.model_cache)
    ranked = bench.ranked_queries(data)
    halves = {"A": ranked[0::2], "B": ranked[1::2]}
    base = {name: _ndcg(data, index, qs) for name, qs in halves.items()}
    print(f"full pipeline nDCG@10: A {base['A']:.4f}  B {base['B']:.4f}")
    print(f"{'part':<18} {'A without':>10} {'gain A':>8} {'B without':>10} {'gain B':>8}  verdict")
    parts = [*pipeline.ADJUSTMENTS, "fuzzy", "diversity"]
    for part in parts:
        saved_adjust = dict(pipeline.ADJUSTMENTS)
        saved_fuzzy = pipeline.WEIGHTS["fuzzy"]
        saved_penalties = (diversify.DOMAIN_PENALTY, diversify.COPY_PENALTY)
        if part == "fuzzy":
            pipeline.WEIGHTS["fuzzy"] = 0.0
        elif part == "diversity":
            diversify.DOMAIN_PENALTY, diversify.COPY_PENALTY = 0.0, 0.0
        else:
            pipeline.ADJUSTMENTS[part] = 0.0
        index.forget_practical_fits()
        without = {name: _ndcg(data, index, qs) for name, qs in halves.items()}
        pipeline.ADJUSTMENTS.update(saved_adjust)
        pipeline.WEIGHTS["fuzzy"] = saved_fuzzy
        diversify.DOMAIN_PENALTY, diversify.COPY_PENALTY = saved_penalties
        gains = {name: base[name] - without[name] for name in halves}
        low, high = min(gains.values()), max(gains.values())
        verdict = (
            "helps on both"
            if low > NOISE
            else "costs on both"
            if high < -NOISE
            else "mixed"
            if low < -NOISE < NOISE < high
            else "neutral"
            if max(abs(low), abs(high)) <= NOISE
            else "helps on one, neutral on the other"
            if high > NOISE
            else "costs on one, neutral on the other"
        )
        print(
            f"{part:<18} {without['A']:>10.4f} {gains['A']:>+8.4f} "
            f"{without['B']:>10.4f} {gains['B']:>+8.4f}  {verdict}"
        )


if __name__ == "__main__":
    main()
