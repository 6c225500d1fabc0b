"""nDCG@10 of the three paths (raw, raw + floor, chat dialogue) on each half of the bench.

    python benchmarks/paths_twofold.py [--json FILE]

Halves as in benchmarks/relevance_floor.py: the ranked queries in id order,
split by the parity of their position. A change to vocabulary or ranking is
kept when it does not lose on either half. `--json` writes the per-query
scores, to see which queries moved. Prints numbers only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.chat.bench import PAGES, script_for  # noqa: E402
from bot.chat.scripted import converse  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from matcher import bench  # noqa: E402
from matcher.bench import NOW, constraints_from_filters, ndcg_at_10, ranked_queries  # noqa: E402
from matcher.pipeline import match, rank  # noqa: E402
from matcher.profile import Profile  # noqa: E402
from matcher.shortlist import IndexMatcher  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
PATHS = ("raw", "raw+floor", "chat")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write per-query nDCG@10 here")
    args = parser.parse_args()
    data = bench.load(SHARED / "groups.csv", SHARED / "queries.jsonl")
    settings = Settings.from_env()
    index, _model = bench.build_index(data, settings.model, settings.model_cache)
    matcher = IndexMatcher(index, now=NOW)
    scores: dict[str, list[list[tuple[str, float]]]] = {path: [[], []] for path in PATHS}
    for position, query in enumerate(ranked_queries(data)):
        profile = Profile(query["text"], constraints=constraints_from_filters(query["filters"]))
        raw, _s, _t, _th = rank(index, profile, now=NOW)
        floored = [o.record.id for o in match(index, profile, now=NOW, limit=10).options]
        talk = converse(matcher, script_for(query), now=NOW, pages=PAGES)
        for path, shown in (("raw", raw), ("raw+floor", floored), ("chat", talk.ranked)):
            ids = [data.rows[p]["id"] for p in shown]
            scores[path][position % 2].append((query["id"], ndcg_at_10(ids, query["relevant"])))
    if args.json:
        args.json.write_text(json.dumps(scores), encoding="utf-8")
    print("path       half A   half B   all")
    for path, (half_a, half_b) in scores.items():
        a, b = (statistics.fmean(v for _q, v in half) for half in (half_a, half_b))
        both = statistics.fmean(v for _q, v in half_a + half_b)
        print(f"{path:<10} {a:.4f}   {b:.4f}   {both:.4f}")


if __name__ == "__main__":
    main()
