"""Shared parts of benchmarks/load_mix.py and benchmarks/faults.py (issue 13, reliability suite).

A throwaway database (a SQLite file, or a uniquely named PostgreSQL database
that is dropped afterwards) migrated and seeded through the real CLI
(`groepenwijzer db upgrade`, `groepenwijzer seed`); gunicorn started with the
documented config (`-c python:web.gunicorn_conf -w 2`) on a free loopback port;
and wrk driven by a generated Lua script that sends a weighted mix of requests
and counts statuses and latencies per endpoint class.

Per-class numbers need to know which request a response answers. wrk's Lua
`response()` does not say, so every wrk thread gets exactly one connection
(`-t C -c C`): a thread's requests and responses then strictly alternate, and
the thread times each one with a monotonic clock (LuaJIT's FFI). wrk's own
totals (requests/s, latency percentiles, non-2xx/3xx, socket errors) are read
from its summary as usual.

The JSON API limits requests per client address (120 a minute per GET endpoint,
30 a minute for POST /match; docs/api.md), and every wrk connection comes from
127.0.0.1. The app gunicorn serves here is therefore `bench_app()`: the
documented `web:create_app()` with those two Flask config keys raised, unless
`GW_BENCH_KEEP_API_LIMITS=1` (then 429s show up in the per-class table).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BENCH_API_LIMIT = "1000000 per minute"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}

# --- the app gunicorn serves ----------------------------------------------------------------


def bench_app() -> Any:
    """`web:create_app()` with the API's per-address limits raised (see the module doc)."""
    from web import create_app
    from web.api import MATCH_LIMIT, READ_LIMIT

    app = create_app()
    if os.environ.get("GW_BENCH_KEEP_API_LIMITS") != "1":
        app.config[READ_LIMIT] = BENCH_API_LIMIT
        app.config[MATCH_LIMIT] = BENCH_API_LIMIT
    return app


# --- databases ------------------------------------------------------------------------------


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin(server: str, statement: str, **params: str) -> list[Any]:
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    engine = sa.create_engine(
        server,
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"connect_timeout": 5},
    )
    try:
        with engine.connect() as conn:
            result = conn.execute(sa.text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def with_database(server: str, name: str) -> str:
    """The server URL pointing at another database (password kept)."""
    from sqlalchemy.engine import make_url

    return make_url(server).set(database=name).render_as_string(hide_password=False)


def terminate_backends(server: str, name: str) -> int:
    """pg_terminate_backend on every connection to database `name` but our own; how many."""
    rows = _admin(
        server,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = :name AND pid <> pg_backend_pid()",
        name=name,
    )
    return sum(1 for (ok,) in rows if ok)


@contextmanager
def pg_database(server: str) -> Iterator[str]:
    """A fresh, uniquely named database on `server`; dropped (connections ended) afterwards."""
    name = f"gw_bench_{uuid.uuid4().hex[:12]}"
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cli(
    url: str, folder: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `groepenwijzer ARGS` on a database URL; the completed process (not checked)."""
    command = [str(Path(sys.executable).with_name("groepenwijzer")), *args]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GROEPENWIJZER_INSTANCE": str(folder),
        "GROEPENWIJZER_MODEL": "none",
    }
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, input=stdin, check=False
    )


def prepare(url: str, folder: Path) -> None:
    """`groepenwijzer db upgrade` and `groepenwijzer seed`, as on a deploy."""
    for args in (("db", "upgrade"), ("seed",)):
        done = cli(url, folder, *args)
        if done.returncode:
            raise SystemExit(f"groepenwijzer {' '.join(args)} failed:\n{done.stderr}")


def active_group_ids(url: str, limit: int = 40) -> list[int]:
    """Ids of active groups, read from the database (what the group pages will show)."""
    import sqlalchemy as sa

    from catalogue.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text('SELECT id FROM "group" WHERE status = :s ORDER BY id LIMIT :n'),
                {"s": "actief", "n": limit},
            )
            return [int(row[0]) for row in rows]
    finally:
        engine.dispose()


# --- gunicorn -------------------------------------------------------------------------------


@dataclass
class Server:
    """A running gunicorn: base URL, process and its log files."""

    base: str
    process: subprocess.Popen[bytes]
    error_log: Path
    access_log: Path
    output_log: Path

    def log_lines(self, pattern: str) -> list[str]:
        """Lines of the error log and of the app's own output matching a regular expression."""
        lines = []
        for path in (self.error_log, self.output_log):
            if path.exists():
                lines += path.read_text(errors="replace").splitlines()
        return [line for line in lines if re.search(pattern, line)]

    def access_statuses(self) -> dict[int, int]:
        """Status counts from the access log (format in web/gunicorn_conf.py)."""
        counts: dict[int, int] = defaultdict(int)
        if self.access_log.exists():
            for line in self.access_log.read_text(errors="replace").splitlines():
                found = re.search(r'" (\d{3}) ', line)
                if found:
                    counts[int(found[1])] += 1
        return dict(counts)


@contextmanager
def gunicorn(
    url: str, folder: Path, *, model: str = "none", workers: int = 2, name: str = "app"
) -> Iterator[Server]:
    """The README's production command on a free port; stopped (SIGTERM) afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GROEPENWIJZER_INSTANCE": str(folder),
        "GROEPENWIJZER_MODEL": model,
        "SECRET_KEY": "benchmark",
    }
    env.setdefault("OMP_NUM_THREADS", "1")
    error_log, access_log = folder / f"{name}-error.log", folder / f"{name}-access.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:web.gunicorn_conf",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--pythonpath",
        str(HERE),
        "--error-logfile",
        str(error_log),
        "--access-logfile",
        str(access_log),
        "reliability_support:bench_app()",
    ]
    output_log = folder / f"{name}-output.log"  # the app's own log lines (stderr)
    with output_log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    server = Server(f"http://127.0.0.1:{port}", process, error_log, access_log, output_log)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_healthy(server: Server, timeout: float = 180.0) -> None:
    """Poll /gezond until it answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(
                f"gunicorn exited ({server.process.returncode}); see {server.error_log}"
            )
        if fetch(server.base + "/gezond", timeout=2).status == 200:
            return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /gezond on {server.base} within {timeout:.0f} s")


# --- single requests ------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One response (status 0: no answer: refused, reset or timed out)."""

    status: int
    seconds: float
    body: str
    headers: dict[str, str]


def fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> Answer:
    """One HTTP request; never raises for a status or a network error."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8", "replace")
            return Answer(response.status, time.monotonic() - start, text, dict(response.headers))
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        return Answer(error.code, time.monotonic() - start, text, dict(error.headers))
    except (OSError, ValueError):
        return Answer(0, time.monotonic() - start, "", {})


# --- the request mix ------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One request of the mix and the class it is counted under."""

    cls: str
    method: str
    path: str
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def send(self, base: str, timeout: float = 30.0) -> Answer:
        data = self.body.encode() if self.body is not None else None
        return fetch(
            base + self.path, method=self.method, body=data, headers=self.headers, timeout=timeout
        )


SEARCHES = [
    ("eenzaam", "Deventer"),
    ("rouw", "Harderwijk"),
    ("somber+en+moe", "Raalte"),
    ("mantelzorg", "Ermelo"),
    ("angst", "online"),
    ("ik+voel+me+alleen+sinds+mijn+scheiding", "Deventer"),
]
MATCH_BODIES = [
    {"text": "ik voel me eenzaam sinds mijn scheiding", "municipality": "Deventer", "limit": 5},
    {"text": "rouw om mijn moeder", "municipality": "Harderwijk", "weekdays": ["di", "do"]},
    {"elements": ["lotgenotencontact"], "municipality": "Raalte", "no_referral": True},
]
# Relative weights of the classes in the mix.
WEIGHTS = {
    "home": 15,
    "search": 25,
    "group": 20,
    "chat": 10,
    "api_list": 10,
    "api_group": 10,
    "api_match": 10,
}
CLASS_PATHS = {
    "home": "/",
    "search": "/zoeken?q=…&gemeente=…",
    "group": "/groepen/<id>",
    "chat": "GET /chat/",
    "api_list": "/api/v1/groups?…",
    "api_group": "/api/v1/groups/<id>",
    "api_match": "POST /api/v1/match",
}


def mix(group_ids: list[int]) -> list[Request]:
    """Every request of the mix, each class with several variants."""
    json_headers = {"Content-Type": "application/json"}
    requests = [Request("home", "GET", "/")]
    requests += [Request("search", "GET", f"/zoeken?q={q}&gemeente={g}") for q, g in SEARCHES]
    requests += [Request("group", "GET", f"/groepen/{i}") for i in group_ids]
    requests += [Request("chat", "GET", "/chat/")]
    requests += [
        Request("api_list", "GET", path)
        for path in (
            "/api/v1/groups?gemeente=Deventer",
            "/api/v1/groups?gemeente=online&per_page=5",
            "/api/v1/groups?domein=ggz&page=2",
        )
    ]
    requests += [Request("api_group", "GET", f"/api/v1/groups/{i}") for i in group_ids]
    requests += [
        Request("api_match", "POST", "/api/v1/match", json.dumps(body), json_headers)
        for body in MATCH_BODIES
    ]
    return requests


def warm_up(base: str, requests: list[Request], rounds: int = 6) -> None:
    """Each variant a few times, so both workers have built their index (and model)."""
    for request in requests[:60]:
        for _ in range(rounds if request.cls in ("search", "api_match") else 1):
            request.send(base, timeout=300)


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for ASCII


LUA = r"""
-- Generated by benchmarks/reliability_support.py: a weighted request mix, counted per class.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } gw_timespec;
int clock_gettime(int clk_id, gw_timespec *tp);
]]
local ts = ffi.new("gw_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local variants = {
%(variants)s
}
local weights = { %(weights)s }
local schedule = {}
local prepared = {}
local current, started = nil, 0
counts = {}

local threads, next_id = {}, 0
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed((thread_id or 1) * 7919 + %(seed)d)
  local by_class = {}
  for _, v in ipairs(variants) do
    by_class[v.cls] = by_class[v.cls] or {}
    table.insert(by_class[v.cls], wrk.format(v.method, v.path, v.headers, v.body))
  end
  for cls, weight in pairs(weights) do
    if by_class[cls] then
      for _ = 1, weight do table.insert(schedule, cls) end
    end
  end
  prepared = by_class
end

local function bump(key)
  counts[key] = (counts[key] or 0) + 1
end

function request()
  current = schedule[math.random(#schedule)]
  local list = prepared[current]
  started = now_ms()
  return list[math.random(#list)]
end

local function bucket(ms)
  if ms < 100 then return math.floor(ms) end
  if ms < 1000 then return math.floor(ms / 5) * 5 end
  return math.floor(ms / 50) * 50
end

function response(status, headers, body)
  if current == nil then return end
  bump(current .. "|s|" .. status)
  bump(current .. "|l|" .. bucket(now_ms() - started))
  current = nil
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for key, value in pairs(c) do total[key] = (total[key] or 0) + value end
  end
  for key, value in pairs(total) do
    io.write("GWCOUNT\t" .. key .. "\t" .. value .. "\n")
  end
end
"""


def write_lua(
    folder: Path, requests: list[Request], weights: dict[str, int], seed: int = 13
) -> Path:
    """The Lua script for `requests` with per-class `weights`."""
    lines = []
    for r in requests:
        headers = (
            "{"
            + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers.items())
            + "}"
        )
        body = _lua_string(r.body) if r.body is not None else "nil"
        lines.append(
            f"  {{cls = {_lua_string(r.cls)}, method = {_lua_string(r.method)}, "
            f"path = {_lua_string(r.path)}, headers = {headers}, body = {body}}},"
        )
    weight_text = ", ".join(f"[{_lua_string(k)}] = {v}" for k, v in weights.items() if v > 0)
    path = folder / f"mix-{uuid.uuid4().hex[:6]}.lua"
    path.write_text(LUA % {"variants": "\n".join(lines), "weights": weight_text, "seed": seed})
    return path


# --- wrk ------------------------------------------------------------------------------------


@dataclass
class ClassStats:
    """Statuses and latency of one endpoint class within a wrk run (from the Lua counts)."""

    statuses: dict[int, int] = field(default_factory=dict)
    latency_buckets: dict[float, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    @property
    def bad(self) -> int:
        """Responses that are not 2xx or 3xx."""
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 400)

    def percentile(self, fraction: float) -> float:
        """Latency in ms at a fraction (bucket lower bound: 1 ms under 100 ms, 5 ms, 50 ms)."""
        total = sum(self.latency_buckets.values())
        if not total:
            return float("nan")
        seen = 0
        for ms in sorted(self.latency_buckets):
            seen += self.latency_buckets[ms]
            if seen >= fraction * total:
                return ms
        return max(self.latency_buckets)


@dataclass
class WrkResult:
    """wrk's summary plus the per-class counts."""

    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: dict[str, int]
    classes: dict[str, ClassStats]
    raw: str

    @property
    def socket_error_total(self) -> int:
        return sum(self.socket_errors.values())

    def statuses(self) -> dict[int, int]:
        """Status counts over all classes."""
        total: dict[int, int] = defaultdict(int)
        for stats in self.classes.values():
            for status, n in stats.statuses.items():
                total[status] += n
        return dict(total)


def _ms(value: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip())
    if not found:
        return float("nan")
    return float(found[1]) * _UNITS[found[2]]


def wrk_command(base: str, lua: Path, duration: float, connections: int) -> list[str]:
    """wrk with one connection per thread (see the module doc) and a generous timeout."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk; scripts/install.sh --test)")
    return [
        "wrk",
        f"-t{connections}",
        f"-c{connections}",
        f"-d{duration:g}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        str(lua),
        base,
    ]


def start_wrk(base: str, lua: Path, duration: float, connections: int) -> subprocess.Popen[str]:
    """wrk in the background (read it with finish_wrk)."""
    return subprocess.Popen(
        wrk_command(base, lua, duration, connections),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish_wrk(process: subprocess.Popen[str]) -> WrkResult:
    """Wait for a background wrk and parse its output."""
    out, err = process.communicate()
    if process.returncode:
        raise SystemExit(f"wrk failed ({process.returncode}):\n{err}\n{out}")
    return parse_wrk(out)


def run_wrk(base: str, lua: Path, duration: float, connections: int) -> WrkResult:
    """One wrk run in the foreground."""
    return finish_wrk(start_wrk(base, lua, duration, connections))


def parse_wrk(output: str) -> WrkResult:
    """wrk's summary and the GWCOUNT lines of the Lua `done()`."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    non = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sock = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not done or not rps:
        raise SystemExit(f"could not read wrk output:\n{output}")
    seconds = float(done[2]) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done[3]]
    classes: dict[str, ClassStats] = defaultdict(ClassStats)
    for cls, kind, value, count in re.findall(
        r"^GWCOUNT\t([^|]+)\|([sl])\|([^\t]+)\t(\d+)", output, re.M
    ):
        stats = classes[cls]
        if kind == "s":
            stats.statuses[int(value)] = stats.statuses.get(int(value), 0) + int(count)
        else:
            stats.latency_buckets[float(value)] = stats.latency_buckets.get(float(value), 0) + int(
                count
            )
    errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, sock.groups()), strict=True))
        if sock
        else {}
    )
    return WrkResult(
        requests=int(done[1]),
        seconds=seconds,
        requests_per_s=float(rps[1]),
        p50_ms=_ms(p50[1]) if p50 else float("nan"),
        p99_ms=_ms(p99[1]) if p99 else float("nan"),
        non_2xx_3xx=int(non[1]) if non else 0,
        socket_errors=errors,
        classes=dict(classes),
        raw=output,
    )


def statuses_text(statuses: dict[int, int]) -> str:
    """'200×812 503×3' (sorted by status)."""
    return " ".join(f"{status}×{n}" for status, n in sorted(statuses.items())) or "-"


@contextmanager
def scratch(prefix: str, keep: bool = False) -> Iterator[Path]:
    """A temporary folder (kept with --keep, for the logs)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        if keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
