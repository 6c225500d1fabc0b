"""The matching benchmark on the path residents get: the real dialogue, turn by turn.

For every ranked query the scripted resident sends the query text, answers
"waar?" with the query's municipality (adding "niet online" when the query
rules online groups out; no municipality: taps 'Online') and "welke dagen?"
with its weekdays (or 'maakt niet uit'), then asks for more pages until ten
groups were shown. The ranking is what the chat showed, in order, and is
scored like the bench's variants (../shared/bench/README.md). Beside it: the
raw pipeline without and with the relevance floor, on the same queries.
"""

from __future__ import annotations

import statistics
from typing import Any

from bot.chat.scripted import Script, converse
from catalogue.taxonomy import WEEKDAYS
from matcher.bench import (
    NOW,
    BenchData,
    constraints_from_filters,
    mrr_at_10,
    ndcg_at_10,
    recall_at_5,
    reference_passes,
)
from matcher.bench import (
    ranked_queries as ranked,
)
from matcher.pipeline import MatchIndex, match, rank
from matcher.profile import Profile
from matcher.shortlist import IndexMatcher

PATHS = ("raw", "raw+floor", "chat")
PAGES = 3  # four groups a page: three pages reach the ten that nDCG@10 reads


def script_for(query: dict[str, Any]) -> Script:
    """The resident a bench query plays: its text first, then its place and weekdays."""
    filters = query["filters"]
    days = filters.get("weekday")
    place = filters.get("municipality")
    if place and not filters.get("online_ok"):
        place = f"{place}, niet online"  # what a resident says who wants to meet in person
    return Script(
        first_message=query["text"],
        place=place,
        days=" en ".join(WEEKDAYS[d] for d in WEEKDAYS if d in days) if days else None,
    )


def run_chat(data: BenchData, index: MatchIndex) -> dict[str, Any]:
    """nDCG@10, R@5 and MRR@10 per path and kind, the chat's turns and filter violations."""
    matcher = IndexMatcher(index, now=NOW)
    scores: dict[str, dict[str, dict[str, list[float]]]] = {
        path: {
            kind: {"ndcg@10": [], "recall@5": [], "mrr@10": []} for kind in ("all", "vg", "chat")
        }
        for path in PATHS
    }
    turns, listed, violations = [], 0, 0
    ranked_queries = ranked(data)
    for query in ranked_queries:
        profile = Profile(query["text"], constraints=constraints_from_filters(query["filters"]))
        raw, _s, _t, _th = rank(index, profile, now=NOW)
        floored = [o.record.id for o in match(index, profile, now=NOW, limit=10).options]
        talk = converse(matcher, script_for(query), now=NOW, pages=PAGES)
        turns.append(talk.turns)
        listed += talk.listed
        violations += sum(
            not reference_passes(data.rows[i], query["filters"]) for i in talk.ranked[:10]
        )
        for path, positions in (("raw", raw), ("raw+floor", floored), ("chat", talk.ranked)):
            ids = [data.rows[p]["id"] for p in positions]
            for kind in ("all", query.get("kind", "chat")):
                bucket = scores[path][kind]
                bucket["ndcg@10"].append(ndcg_at_10(ids, query["relevant"]))
                bucket["recall@5"].append(recall_at_5(ids, query["relevant"]))
                bucket["mrr@10"].append(mrr_at_10(ids, query["relevant"]))
    return {
        "paths": {
            path: {
                kind: {m: round(statistics.fmean(v), 4) for m, v in metrics.items() if v}
                for kind, metrics in by_kind.items()
            }
            for path, by_kind in scores.items()
        },
        "chat_turns_median": statistics.median(turns) if turns else 0,
        "chat_listed_share": round(listed / len(ranked_queries), 4) if ranked_queries else 0.0,
        "chat_filter_violations": violations,
    }


def format_chat(report: dict[str, Any]) -> str:
    """The chat-path report as a plain-text table."""
    lines = [
        "",
        "path        nDCG@10   vg nDCG  chat nDCG   R@5  MRR@10",
    ]
    for path in PATHS:
        row = report["paths"][path]
        lines.append(
            f"{path:<10} {row['all']['ndcg@10']:>8.3f}  {row['vg']['ndcg@10']:>8.3f}"
            f"  {row['chat']['ndcg@10']:>9.3f} {row['all']['recall@5']:>5.3f}"
            f"  {row['all']['mrr@10']:>6.3f}"
        )
    lines.append(
        f"chat: median {report['chat_turns_median']} turns to a list, "
        f"{report['chat_listed_share']:.0%} of queries reached a list, "
        f"{report['chat_filter_violations']} filter violations in what it showed"
    )
    return "\n".join(lines)
