"""Readers during a large import into SQLite (issue 13, finding 4).

Seeds a temporary SQLite database, starts the README's gunicorn command
(`-c python:web.gunicorn_conf -w 2`) on a free loopback port, and keeps one
reader thread requesting /hulp-nu and a search (which also records a match
event, a write) one after the other. Meanwhile this process imports N
generated groups (the example groups over and over) with `import_file`, as
`groepenwijzer import` does. Prints read latencies p50/p99/max and errors
before, during and after the import (after: while the workers rebuild their
index for the new catalogue), the import's duration, and how many of the
searches' match events were stored.

    python benchmarks/import_readers.py                  # N=20000, staged import
    python benchmarks/import_readers.py -n 20000 --direct  # the old way: one long lock
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.db import make_engine, upgrade
from catalogue.interchange.spreadsheet import import_file
from catalogue.seed import seed
from seed_groups import seed_csv

ROOT = Path(__file__).resolve().parents[1]
PATHS = ("/hulp-nu", "/zoeken?q=eenzaam&gemeente=Deventer")


@dataclass
class Reads:
    phase: str = "before"
    samples: list[tuple[str, str, float, bool]] = field(default_factory=list)
    searches_ok: int = 0
    stop: bool = False


def _copies(count: int) -> bytes:
    """`count` groups: the example groups over and over, each with its own id and title."""
    rows = list(csv.DictReader(io.StringIO(seed_csv().decode("utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for i in range(count):
        row = dict(rows[i % len(rows)])
        row.update(external_id=f"bench-{i:05d}", title=f"{row['title']} {i}")
        row["description"] = row["description"][:150]  # 20,000 rows within the 20 MB limit
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _read_loop(port: int, reads: Reads) -> None:
    while not reads.stop:
        for path in PATHS:
            phase, started = reads.phase, time.monotonic()
            try:
                ok = _get(port, path) == 200
            except OSError:
                ok = False
            reads.samples.append((phase, path, time.monotonic() - started, ok))
            if ok and path.startswith("/zoeken"):
                reads.searches_ok += 1


def _report(reads: Reads) -> None:
    columns = ("reads", "errors", "p50 ms", "p99 ms", "max ms")
    print(f"{'phase':8} {'path':38} " + " ".join(f"{c:>{8 if 'ms' in c else 6}}" for c in columns))
    for phase in ("before", "import", "after"):
        for path in PATHS:
            got = [(s, ok) for p, q, s, ok in reads.samples if p == phase and q == path]
            if not got:
                continue
            ms = sorted(s * 1000 for s, _ok in got)
            p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
            errors = sum(1 for _s, ok in got if not ok)
            print(
                f"{phase:8} {path:38} {len(ms):6d} {errors:6d} "
                f"{statistics.median(ms):8.1f} {p99:8.1f} {ms[-1]:8.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--rows", type=int, default=20_000)
    parser.add_argument("--direct", action="store_true", help="import without staging")
    parser.add_argument("--after", type=float, default=15.0, help="seconds read after import")
    parser.add_argument("--model", default="none")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="import-readers-") as tmp:
        folder = Path(tmp)
        path = folder / "catalogue.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        engine = make_engine(url)
        seed(engine, seed_csv())
        data = _copies(args.rows)
        port = _free_port()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "GROEPENWIJZER_INSTANCE": str(folder / "instance"),
            "DATABASE_URL": url,
            "GROEPENWIJZER_MODEL": args.model,
            "SECRET_KEY": "bench",
            "TELEGRAM_TOKEN": "",
            "OMP_NUM_THREADS": "1",
            "XDG_RUNTIME_DIR": str(folder),
        }
        command = [
            *(sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf", "-w", "2"),
            *("-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"),
            *("--error-logfile", str(folder / "error.log"), "web:create_app()"),
        ]
        server = subprocess.Popen(command, env=env, cwd=folder)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if _get(port, "/gezond") == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start")
                time.sleep(0.2)
            reads = Reads()
            reader = threading.Thread(target=_read_loop, args=(port, reads), daemon=True)
            reader.start()
            time.sleep(3)
            reads.phase = "import"
            started = time.monotonic()
            report = import_file(engine, data, "bench.csv", actor="bench", staged=not args.direct)
            took = time.monotonic() - started
            reads.phase = "after"
            time.sleep(args.after)
            reads.stop = True
            reader.join(timeout=180)
            with engine.connect() as conn:
                stored = conn.exec_driver_sql("SELECT count(*) FROM matchevent").scalar_one()
        finally:
            server.terminate()
            server.wait(timeout=30)
            engine.dispose()
    how = "direct (one transaction under the write lock)" if args.direct else "staged, swapped in"
    print(f"import of {args.rows} rows, {how}: {took:.1f} s ({report})")
    _report(reads)
    print(f"match events: {stored} stored of {reads.searches_ok} searches answered")


if __name__ == "__main__":
    main()
