"""Faults (issue 13, reliability suite): the running site while its database misbehaves.

Three experiments against the README's production command (`gunicorn -c
python:web.gunicorn_conf -w 2`) on a throwaway, seeded database:

(a) kill — PostgreSQL. During a wrk load run (the request mix of
    benchmarks/load_mix.py) every --kill-every seconds `pg_terminate_backend`
    ends every connection to the benchmark's own database (never another
    database's). Right after each kill, one search, one uncached group page
    and one API group are requested. Then a second wrk run without kills.
    Prints requests served, 5xx during and after, and whether the first
    requests after each kill were answered normally (the engines use
    `pool_pre_ping`, catalogue/db.py).
(b) outage — PostgreSQL behind a TCP proxy in this script (asyncio). The app
    connects through the proxy; the proxy is closed for --outage seconds
    (listener closed, open connections cut) and then reopened. Every page
    class is probed in turn all along. Prints the statuses seen during the
    outage (expected: 503 with the calm page, or 200 from the last index;
    `/hulp-nu` 200 with the crisis contacts), the slowest answer, and the
    seconds from reopening to the first 200 of every class (target ≤ 10 s).
    A light wrk run spans the whole experiment and must show no 500.
(c) read-only — SQLite. The app is served from the file opened read-only
    (`file:…?mode=ro&uri=true`, as after a disk remounted read-only; `chmod`
    does not stop root or a connection already open). Reads must work, a
    write through the web (the password-reset form for a known account) must
    be a clear error page, a monitoring write (search, API match) must not
    break the answer, and `groepenwijzer import` of one row must fail with a
    message and no traceback. Then `PRAGMA integrity_check` must be `ok` and
    the number of groups unchanged.

Every experiment reports 500s with their route, and the error log's
`[ERROR]`/Traceback lines, so a defect is named rather than averaged away.

    python benchmarks/faults.py                       # all three
    python benchmarks/faults.py --only kill --duration 10 --connections 10
    python benchmarks/faults.py --only outage --outage 10
    python benchmarks/faults.py --only readonly
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import http.cookiejar
import io
import os
import re
import sqlite3
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reliability_support import (
    PG_DEFAULT,
    WEIGHTS,
    Answer,
    Request,
    Server,
    active_group_ids,
    cli,
    finish_wrk,
    free_port,
    gunicorn,
    mix,
    pg_database,
    prepare,
    run_wrk,
    scratch,
    start_wrk,
    statuses_text,
    terminate_backends,
    warm_up,
    with_database,
    write_lua,
)

CALM_503 = "Dit lukt nu even niet"
CALM_SEARCH = "Zoeken lukt nu even niet"
RECOVERY_TARGET_S = 10.0


@dataclass
class Row:
    """One line of the final table."""

    experiment: str
    measure: str
    value: str
    verdict: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    def add(self, experiment: str, measure: str, value: object, verdict: str = "") -> None:
        self.rows.append(Row(experiment, measure, str(value), verdict))

    def print(self) -> None:
        width = max(len(r.measure) for r in self.rows) if self.rows else 10
        print(f"\n{'experiment':<10} {'measure':<{width}}  {'value':<40} verdict")
        for r in self.rows:
            print(f"{r.experiment:<10} {r.measure:<{width}}  {r.value:<40} {r.verdict}")
        print("\nDefects:" if self.defects else "\nDefects: none seen.")
        for line in self.defects:
            print("  -", line)


def _yes(flag: bool) -> str:
    return "ok" if flag else "NO"


def _server_errors(report: Report, experiment: str, server: Server) -> None:
    """500s and worker timeouts are defects; logged tracebacks are listed by exception."""
    statuses = server.access_statuses()
    report.add(experiment, "access log statuses", statuses_text(statuses))
    exceptions = Counter(
        line.strip()[:70] for line in server.log_lines(r"^\w+(\.\w+)*(Error|Exception|Timeout)\b")
    )
    tracebacks = len(server.log_lines(r"^Traceback"))
    report.add(experiment, "tracebacks in the logs", tracebacks)
    for line, n in exceptions.most_common(3):
        report.add(experiment, f"  ×{n}", line)
    timeouts = server.log_lines(r"WORKER TIMEOUT")
    if statuses.get(500) or timeouts:
        routes = Counter(
            m[1] for m in re.finditer(r'"(?:GET|POST) (\S+) [^"]*" 500 ', _read(server.access_log))
        )
        report.defects.append(
            f"{experiment}: {statuses.get(500, 0)} responses 500 (routes {dict(routes)}), "
            f"{len(timeouts)} worker timeouts; exceptions logged: {dict(exceptions)}"
        )


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


# --- (a) killed connections -------------------------------------------------------------------


def kill_experiment(args: argparse.Namespace, report: Report) -> None:
    with scratch("gw-faults-kill-", keep=args.keep) as folder, pg_database(args.pg_url) as name:
        url = with_database(args.pg_url, name)
        prepare(url, folder)
        ids = active_group_ids(url)
        requests = mix(ids)
        lua = write_lua(folder, requests, WEIGHTS)
        probes = [
            Request("search", "GET", "/zoeken?q=eenzaam&gemeente=Deventer"),
            Request("group*", "GET", f"/groepen/{ids[0]}?na=kill"),
            Request("api_group", "GET", f"/api/v1/groups/{ids[1]}"),
        ]
        with gunicorn(url, folder, name="kill") as server:
            warm_up(server.base, requests)
            print(f"[kill] wrk {args.duration}s, killing every {args.kill_every}s", file=sys.stderr)
            load = start_wrk(server.base, lua, args.duration, args.connections)
            kills, killed, after_kill = 0, 0, Counter[str]()
            slow_after_kill = 0.0
            deadline = time.monotonic() + args.duration - 1
            while time.monotonic() + args.kill_every < deadline:
                time.sleep(args.kill_every)
                killed += terminate_backends(args.pg_url, name)
                kills += 1
                for probe in probes:
                    answer = probe.send(server.base)
                    after_kill[f"{probe.cls} {answer.status}"] += 1
                    slow_after_kill = max(slow_after_kill, answer.seconds)
            during = finish_wrk(load)
            after = run_wrk(server.base, lua, args.after, args.connections)
        _server_errors(report, "kill", server)  # after the stop: the logs are complete
        fives_during = {s: n for s, n in during.statuses().items() if s >= 500}
        fives_after = {s: n for s, n in after.statuses().items() if s >= 500}
        report.add("kill", "kills / connections ended", f"{kills} / {killed}")
        report.add("kill", "requests served during (wrk)", during.requests)
        report.add(
            "kill",
            "5xx during",
            statuses_text(fives_during) if fives_during else 0,
            _yes(not fives_during),
        )
        for cls, stats in during.classes.items():
            bad = {s: n for s, n in stats.statuses.items() if s >= 500}
            if bad:
                report.add("kill", f"  5xx during, {cls}", statuses_text(bad))
        report.add(
            "kill",
            "socket errors during",
            during.socket_error_total,
            _yes(not during.socket_error_total),
        )
        report.add("kill", "requests served after (wrk)", after.requests)
        report.add(
            "kill",
            "5xx after",
            statuses_text(fives_after) if fives_after else 0,
            _yes(not fives_after),
        )
        first_ok = all(key.endswith(" 200") for key in after_kill)
        report.add(
            "kill",
            "first requests after each kill",
            " ".join(f"{k}×{n}" for k, n in sorted(after_kill.items())),
            f"recovers at once: {'yes' if first_ok else 'NO'}",
        )
        report.add("kill", "slowest first request after a kill", f"{slow_after_kill:.2f} s")
        if 500 in fives_during or 500 in fives_after:
            report.defects.append(f"kill: 500 during {fives_during}, after {fives_after}")


# --- (b) database unreachable for a while -----------------------------------------------------


class TcpProxy:
    """A loopback TCP proxy to the database that can be closed and reopened (own thread)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    def _call(self, coro: object) -> object:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)  # type: ignore[arg-type]

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.writers.update((writer, up_writer))
        await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer))
        self.writers.difference_update((writer, up_writer))

    async def _open(self) -> None:
        self.server = await asyncio.start_server(self._client, "127.0.0.1", self.port)

    async def _close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        for writer in list(self.writers):
            writer.transport.abort()  # a cut cable, not a polite goodbye
        self.writers.clear()

    def open(self) -> None:
        self._call(self._open())

    def close(self) -> None:
        self._call(self._close())

    def stop(self) -> None:
        self.close()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def _clear(answer: Answer, cls: str) -> bool:
    """A calm page: help-now with its contacts; any other 503 with the calm text and help link."""
    if cls == "help-now":
        return (
            answer.status == 200 and "contact-list" in answer.body and 'href="tel:' in answer.body
        )
    if answer.status == 503 and cls.startswith("api"):
        return '"unavailable"' in answer.body or '"search_unavailable"' in answer.body
    if answer.status == 503:
        return (
            CALM_503 in answer.body or CALM_SEARCH in answer.body
        ) and 'href="/hulp-nu"' in answer.body
    return answer.status == 200


def outage_experiment(args: argparse.Namespace, report: Report) -> None:
    from sqlalchemy.engine import make_url

    server_url = make_url(args.pg_url)
    proxy = TcpProxy(server_url.host or "127.0.0.1", server_url.port or 5432)
    try:
        with (
            scratch("gw-faults-outage-", keep=args.keep) as folder,
            pg_database(args.pg_url) as name,
        ):
            url = with_database(args.pg_url, name)
            prepare(url, folder)
            ids = active_group_ids(url)
            proxy.open()
            via_proxy = (
                make_url(url)
                .set(host="127.0.0.1", port=proxy.port)
                .render_as_string(hide_password=False)
            )
            probes = [
                Request("search", "GET", "/zoeken?q=eenzaam&gemeente=Deventer"),
                Request("browse", "GET", "/zoeken?gemeente=Raalte"),
                Request("group", "GET", f"/groepen/{ids[2]}"),
                Request("group*", "GET", f"/groepen/{ids[3]}?x=1"),
                Request("help-now", "GET", "/hulp-nu"),
                Request("home", "GET", "/"),
                Request("crisis", "GET", "/zoeken?q=ik+wil+dood"),
                Request("api_list", "GET", "/api/v1/groups?gemeente=Deventer"),
                Request(
                    "api_match",
                    "POST",
                    "/api/v1/match",
                    '{"text": "ik voel me eenzaam", "municipality": "Deventer"}',
                    {"Content-Type": "application/json"},
                ),
            ]
            requests = mix(ids)
            lua = write_lua(folder, requests, WEIGHTS)
            with gunicorn(via_proxy, folder, name="outage") as server:
                warm_up(server.base, requests)
                load_seconds = args.outage + 30
                load = start_wrk(server.base, lua, load_seconds, max(2, args.connections // 5))
                time.sleep(3)
                proxy.close()
                closed_at = time.monotonic()
                print(f"[outage] proxy closed for {args.outage}s", file=sys.stderr)
                seen: dict[str, Counter[int]] = defaultdict(Counter)
                unclear: Counter[str] = Counter()
                slowest = 0.0
                while time.monotonic() - closed_at < args.outage:
                    for probe in probes:
                        answer = probe.send(server.base, timeout=30)
                        seen[probe.cls][answer.status] += 1
                        slowest = max(slowest, answer.seconds)
                        if not _clear(answer, probe.cls):
                            unclear[f"{probe.cls} {answer.status}"] += 1
                proxy.open()
                opened_at = time.monotonic()
                first_200: dict[str, float] = {}
                while len(first_200) < len(probes) and time.monotonic() - opened_at < 60:
                    for probe in probes:
                        if probe.cls in first_200:
                            continue
                        if probe.send(server.base, timeout=30).status == 200:
                            first_200[probe.cls] = time.monotonic() - opened_at
                    time.sleep(0.1)
                result = finish_wrk(load)
            _server_errors(report, "outage", server)
    finally:
        proxy.stop()
    for probe in probes:
        report.add("outage", f"during: {probe.cls}", statuses_text(dict(seen[probe.cls])))
    report.add("outage", "unclear answers during", dict(unclear) or 0, _yes(not unclear))
    report.add("outage", "slowest answer during", f"{slowest:.2f} s", _yes(slowest < 10))
    for probe in probes:
        seconds = first_200.get(probe.cls)
        shown = f"{seconds:.1f} s" if seconds is not None else "none in 60 s"
        ok = seconds is not None and seconds <= RECOVERY_TARGET_S
        report.add("outage", f"first 200 after reopening: {probe.cls}", shown, _yes(ok))
    everything = max(first_200.values()) if len(first_200) == len(probes) else None
    report.add(
        "outage",
        "all classes 200 again after",
        f"{everything:.1f} s" if everything is not None else "NOT within 60 s",
        _yes(everything is not None and everything <= RECOVERY_TARGET_S),
    )
    report.add(
        "outage",
        "wrk across it all",
        f"{result.requests} requests: {statuses_text(result.statuses())}",
    )
    if 500 in result.statuses() or any(500 in c for c in seen.values()):
        report.defects.append(f"outage: 500 seen (probes {dict(seen)}, wrk {result.statuses()})")


# --- (c) read-only SQLite ---------------------------------------------------------------------


def _form_post(base: str, path: str, fields: dict[str, str]) -> Answer:
    """GET a form (cookie and CSRF token), then POST it with `fields`."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + path, timeout=30) as page:
        html = page.read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    data = urllib.parse.urlencode({**fields, "csrf_token": token[1] if token else ""}).encode()
    start = time.monotonic()
    try:
        with opener.open(base + path, data=data, timeout=30) as response:
            body = response.read().decode("utf-8", "replace")
            return Answer(response.status, time.monotonic() - start, body, dict(response.headers))
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        return Answer(error.code, time.monotonic() - start, body, dict(error.headers))


def readonly_experiment(args: argparse.Namespace, report: Report) -> None:
    with scratch("gw-faults-ro-", keep=args.keep) as folder:
        path = folder / "groepenwijzer.db"
        url = f"sqlite:///{path}"
        prepare(url, folder)
        email = "coordinator@voorbeeld.example"
        made = cli(
            url,
            folder,
            "user",
            "create",
            email,
            "--role",
            "coordinator",
            stdin="Lang-genoeg-wachtwoord-1\n",
        )
        if made.returncode:
            raise SystemExit(f"user create failed: {made.stderr}")
        ids = active_group_ids(url)
        groups_before = _count_groups(path)
        # Make the file read-only for whoever opens it next. As root a chmod stops nothing,
        # so the app and the CLI open it the way a read-only mount would leave them.
        path.chmod(0o444)
        readonly_url = f"sqlite:///file:{path}?mode=ro&uri=true"
        with gunicorn(readonly_url, folder, name="readonly") as server:
            reads = [
                Request("search", "GET", "/zoeken?q=eenzaam&gemeente=Deventer"),
                Request("group", "GET", f"/groepen/{ids[0]}"),
                Request("help-now", "GET", "/hulp-nu"),
                Request("chat", "GET", "/chat/"),
                Request(
                    "api_match",
                    "POST",
                    "/api/v1/match",
                    '{"text": "ik voel me eenzaam", "municipality": "Deventer"}',
                    {"Content-Type": "application/json"},
                ),
            ]
            for probe in reads:
                answer = probe.send(server.base, timeout=60)
                report.add(
                    "readonly", f"read: {probe.cls}", answer.status, _yes(answer.status == 200)
                )
            forgot = _form_post(server.base, "/wachtwoord-vergeten", {"email": email})
            clear = forgot.status == 503 and CALM_503 in forgot.body
            report.add("readonly", "web write: password-reset form", forgot.status, _yes(clear))
            if forgot.status >= 500 and not clear:
                report.defects.append(f"readonly: POST /wachtwoord-vergeten → {forgot.status}")
        lost = server.log_lines(r"lost|readonly|read-only|unavailable")
        report.add("readonly", "app log lines on the writes", len(lost))
        for line in lost[:3]:
            report.add("readonly", "  log", line.strip()[-60:])
        _server_errors(report, "readonly", server)
        row_file = folder / "one.csv"
        row_file.write_text(_one_row_csv(), encoding="utf-8")
        imported = cli(readonly_url, folder, "import", str(row_file))
        message = (imported.stderr.strip().splitlines() or ["(nothing)"])[-1]
        traceback = "Traceback" in imported.stderr
        report.add(
            "readonly", "CLI import exit code", imported.returncode, _yes(imported.returncode != 0)
        )
        report.add("readonly", "CLI import message", message[:60], _yes(not traceback))
        if traceback:
            report.defects.append(
                "readonly: `groepenwijzer import` on a read-only database ends in a traceback; "
                f"last line {message!r}"
            )
        path.chmod(0o644)
        with sqlite3.connect(path) as conn:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
        report.add("readonly", "PRAGMA integrity_check", integrity, _yes(integrity == "ok"))
        groups_after = _count_groups(path)
        report.add(
            "readonly",
            "groups before / after",
            f"{groups_before} / {groups_after}",
            _yes(groups_before == groups_after),
        )


def _count_groups(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        count = int(conn.execute('SELECT count(*) FROM "group"').fetchone()[0])
    conn.close()
    return count


def _one_row_csv() -> str:
    """One valid spreadsheet row: the first row of the seed file under a new id."""
    from seed_groups import seed_csv

    rows = list(csv.DictReader(io.StringIO(seed_csv().decode("utf-8"))))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow({**rows[0], "external_id": "fault-ro-1"})
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["kill", "outage", "readonly"], action="append")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("GROEPENWIJZER_TEST_PG") or PG_DEFAULT,
        help="PostgreSQL server URL; a throwaway database is created on it and dropped after",
    )
    parser.add_argument("--duration", type=int, default=30, help="(a) seconds of load with kills")
    parser.add_argument("--after", type=int, default=10, help="(a) seconds of load after")
    parser.add_argument("--kill-every", type=float, default=3.0, help="(a) seconds between kills")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument(
        "--outage", type=float, default=10.0, help="(b) seconds the proxy is closed"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (logs)")
    args = parser.parse_args(argv)
    report = Report()
    chosen = args.only or ["kill", "outage", "readonly"]
    experiments = {
        "kill": kill_experiment,
        "outage": outage_experiment,
        "readonly": readonly_experiment,
    }
    for name in chosen:
        experiments[name](args, report)
    print(f"\n{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")
    report.print()
    return 1 if report.defects else 0


if __name__ == "__main__":
    sys.exit(main())
