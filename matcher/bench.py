"""The matching benchmark (format: ../shared/bench/README.md), every variant side by side.

Groups are loaded into a temporary in-memory catalogue of GroupRecords (any
municipality names are accepted, so other files in the format work too);
queries' filters become Constraints with exactly the README's `passes()`
semantics, and every returned id is re-checked against that reference rule.
"""

from __future__ import annotations

import csv
import json
import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from catalogue.records import GroupRecord, RunInfo
from matcher.crisis import detect
from matcher.pipeline import VARIANTS, MatchIndex, rank
from matcher.profile import Constraints, Profile

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
AUDIENCE_CODES = {"jongeren 16-27": "jongeren", "ouderen 65+": "ouderen"}
ROUTE = {"ggz": "huisarts", "wmo": "gemeente"}
COST = {
    "gratis": "gratis",
    "eigen bijdrage": "eigen_bijdrage",
    "vergoed via zorgverzekering": "zorgverzekering",
}
REFERENCE_AUDIENCE_OK = {
    "jongeren 16-27": {"jongeren 16-27", "iedereen"},
    "ouderen 65+": {"ouderen 65+", "volwassenen", "iedereen"},
    "vrouwen": {"vrouwen", "volwassenen", "iedereen"},
    "mannen": {"mannen", "volwassenen", "iedereen"},
    "volwassenen": {"volwassenen", "iedereen"},
}


def reference_passes(group: dict[str, str], f: dict[str, Any]) -> bool:
    """The bench README's reference filter, verbatim in behaviour (used to count violations)."""
    if group["online"] == "yes":
        if not f.get("online_ok", False):
            return False
    elif "municipality" in f and group["municipality"] != f["municipality"]:
        return False
    if "weekday" in f and group["weekday"] and group["weekday"] not in f["weekday"]:
        return False
    if f.get("no_referral") and group["referral_required"] == "yes":
        return False
    if (
        "municipalities" in f
        and group["online"] != "yes"
        and group["municipality"] not in f["municipalities"]
    ):
        return False
    if "audience" in f:
        a = f["audience"]
        # The README's table, and for a category it does not list: that audience or everyone.
        allowed = set(a) if isinstance(a, list) else REFERENCE_AUDIENCE_OK.get(a, {a, "iedereen"})
        if group["audience"] not in allowed:
            return False
    return True


def _audience(value: str) -> str:
    return AUDIENCE_CODES.get(value, value)


def record_from_row(position: int, row: dict[str, str]) -> GroupRecord:
    """One benchmark row as a catalogue record."""
    online = row["online"] == "yes"
    referral = row["referral_required"] == "yes"
    return GroupRecord(
        id=position,
        external_id=row["id"],
        title=row["title"],
        summary="",
        description=row["description"],
        domain=row["domain"],
        tags=tuple(t for t in row["tags"].split(";") if t),
        audience=_audience(row["audience"]),
        open_group=row["open_group"] == "yes",
        mode="online" if online else "locatie",
        access_route=ROUTE.get(row["domain"], "huisarts") if referral else "zonder_verwijzing",
        cost=COST.get(row["cost"], "gratis"),
        organisation=row["provider"],
        municipality=row["municipality"] or None,
        fixed_weekdays=frozenset({row["weekday"]}) if row["weekday"] else frozenset(),
        # The format has no dates: every closed course is taken to have a cohort open to sign
        # up for (otherwise "no known start" would make it unavailable).
        runs=() if row["open_group"] == "yes" else (RunInfo(date(2026, 2, 2)),),
    )


def constraints_from_filters(f: dict[str, Any]) -> Constraints:
    """Bench filters → matcher constraints, key by key."""
    audience = f.get("audience")
    if isinstance(audience, str) and audience not in REFERENCE_AUDIENCE_OK:
        audience = [audience, "iedereen"]  # the same fallback as reference_passes
    return Constraints(
        online_ok=bool(f.get("online_ok", False)),
        municipality=f.get("municipality"),
        municipalities=tuple(f["municipalities"]) if "municipalities" in f else None,
        weekdays=frozenset(f["weekday"]) if "weekday" in f else None,
        referral_possible=not f.get("no_referral", False),
        audience=(
            frozenset(_audience(a) for a in audience)
            if isinstance(audience, list)
            else _audience(audience)
            if audience
            else None
        ),
    )


def ndcg_at_10(ranked: Sequence[str], rel: dict[str, int]) -> float:
    """nDCG@10 with linear gains, as the bench README defines it."""
    dcg = sum(rel.get(g, 0) / math.log2(i + 2) for i, g in enumerate(ranked[:10]))
    ideal = sorted(rel.values(), reverse=True)[:10]
    return dcg / sum(v / math.log2(i + 2) for i, v in enumerate(ideal))


def recall_at_5(ranked: Sequence[str], rel: dict[str, int]) -> float:
    """Share of relevant groups in the top 5."""
    return len([g for g in ranked[:5] if g in rel]) / len(rel)


def mrr_at_10(ranked: Sequence[str], rel: dict[str, int]) -> float:
    """Reciprocal rank of the first relevant group in the top 10."""
    return next((1 / (i + 1) for i, g in enumerate(ranked[:10]) if g in rel), 0.0)


@dataclass
class BenchData:
    """A loaded benchmark: raw rows, records and queries."""

    rows: list[dict[str, str]]
    records: list[GroupRecord]
    queries: list[dict[str, Any]]


def load(groups: Path, queries: Path) -> BenchData:
    """Read the two benchmark files."""
    with groups.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    records = [record_from_row(i, row) for i, row in enumerate(rows)]
    with queries.open(encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    return BenchData(rows, records, items)


def build_index(data: BenchData, model: str, cache_dir: Path) -> tuple[MatchIndex, str]:
    """The benchmark's index with the configured model ("none": lexical only), and its notice."""
    from matcher.dense import VectorCache, load_embedder

    status = load_embedder(model, cache_dir)
    index = MatchIndex(
        data.records,
        embedder=status.embedder,
        cache=VectorCache(cache_dir / "vectors.sqlite3"),
        model_notice=status.message,
    )
    return index, status.message


def ranked_queries(data: BenchData) -> list[dict[str, Any]]:
    """Non-crisis queries with labels, in id order (the halves of the two-fold checks)."""
    return sorted(
        (q for q in data.queries if not q.get("crisis") and q.get("relevant")),
        key=lambda q: q["id"],
    )


def _mean(values: list[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def run(data: BenchData, index: MatchIndex) -> dict[str, Any]:
    """All metrics in one pass: variants, filter violations, crisis, latency."""
    ranked_queries = [q for q in data.queries if not q.get("crisis") and q.get("relevant")]
    per: dict[str, dict[str, dict[str, list[float]]]] = {
        v: {k: {"recall@5": [], "mrr@10": [], "ndcg@10": []} for k in ("all", "vg", "chat")}
        for v in VARIANTS
    }
    violations, latencies, embeds = 0, [], []
    for query in data.queries:
        profile = Profile(
            text=query["text"], constraints=constraints_from_filters(query["filters"])
        )
        for variant in VARIANTS:
            started = time.perf_counter()
            positions, _scores, _t, _th = rank(index, profile, now=NOW, variant=variant)
            if variant == "full":
                latencies.append((time.perf_counter() - started) * 1000)
            ids = [data.rows[p]["id"] for p in positions]
            violations += sum(
                not reference_passes(data.rows[p], query["filters"]) for p in positions
            )
            if query in ranked_queries:
                rel = query["relevant"]
                for kind in ("all", query.get("kind", "chat")):
                    bucket = per[variant].setdefault(
                        kind, {"recall@5": [], "mrr@10": [], "ndcg@10": []}
                    )
                    bucket["recall@5"].append(recall_at_5(ids, rel))
                    bucket["mrr@10"].append(mrr_at_10(ids, rel))
                    bucket["ndcg@10"].append(ndcg_at_10(ids, rel))
        if index.embedder is not None:
            started = time.perf_counter()
            index.embedder.queries([query["text"]])
            embeds.append((time.perf_counter() - started) * 1000)
    return _report(data, per, violations, latencies, embeds)


def _report(
    data: BenchData,
    per: dict[str, Any],
    violations: int,
    latencies: list[float],
    embeds: list[float],
) -> dict[str, Any]:
    crisis = [q for q in data.queries if q.get("crisis")]
    calm = [q for q in data.queries if not q.get("crisis")]
    flagged = {q["id"] for q in data.queries if detect(q["text"]).crisis}
    latencies.sort()
    return {
        "variants": {v: {m: _mean(vals) for m, vals in per[v]["all"].items()} for v in VARIANTS},
        "by_kind": {
            k: {v: {m: _mean(vals) for m, vals in per[v][k].items()} for v in VARIANTS}
            for k in ("vg", "chat")
        },
        "filter_violations": violations,
        "crisis": {
            "recall": round(sum(q["id"] in flagged for q in crisis) / len(crisis), 4)
            if crisis
            else 1.0,
            "false_positive_rate": round(sum(q["id"] in flagged for q in calm) / len(calm), 4)
            if calm
            else 0.0,
        },
        "latency_ms": {
            "median": round(statistics.median(latencies), 2) if latencies else 0.0,
            "p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2) if latencies else 0.0,
            "embed_median": round(statistics.median(embeds), 2) if embeds else 0.0,
        },
        "groups": len(data.records),
        "queries": len(data.queries),
    }


def format_table(report: dict[str, Any]) -> str:
    """The report as a plain-text table for humans."""
    lines = [
        f"{report['groups']} groups, {report['queries']} queries",
        f"{'variant':<9} {'R@5':>6} {'MRR@10':>7} {'nDCG@10':>8}   vg nDCG  chat nDCG",
    ]
    for v in VARIANTS:
        m = report["variants"][v]
        vg, chat = report["by_kind"]["vg"][v], report["by_kind"]["chat"][v]
        lines.append(
            f"{v:<9} {m['recall@5']:>6.3f} {m['mrr@10']:>7.3f} {m['ndcg@10']:>8.3f}"
            f"   {vg['ndcg@10']:>7.3f}  {chat['ndcg@10']:>9.3f}"
        )
    c, lat = report["crisis"], report["latency_ms"]
    lines += [
        f"filter violations: {report['filter_violations']}",
        f"crisis recall {c['recall']:.3f}, false-positive rate {c['false_positive_rate']:.3f}",
        f"match latency median {lat['median']} ms, p95 {lat['p95']} ms; "
        f"bare query embedding median {lat['embed_median']} ms",
    ]
    return "\n".join(lines)
