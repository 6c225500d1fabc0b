"""100 concurrent simulated chats through the real PTB stack and a local fake Bot API.

Each chat plays /start → "wat speelt er" → place → "maakt niet uit" → "meer info",
waiting for the bot's replies before its next step: all chats at once (a burst),
or with `--rate` starting evenly so that residents' messages arrive at a sustained
rate (the issue's 20 messages/s). Reply
latency is measured per turn (update queued → last reply of that turn received
by the fake server). Run twice: with Telegram's limits kept by the bot
(~1 msg/s per chat, 30 msg/s overall: the realistic case) and with the
limiter opened up (what the stack itself can do).

    python benchmarks/bot_concurrency.py [--chats 100] [--model none] [--rate 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "bot"))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from fakebot import FakeBotAPI  # noqa: E402

from bot.telegram.app import build_application, serve_polling  # noqa: E402
from bot.telegram.ratelimit import ChatRateLimiter  # noqa: E402
from catalogue.db import make_engine, upgrade  # noqa: E402
from catalogue.seed import seed  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from matcher.service import MatchService  # noqa: E402
from seed_groups import seed_csv  # noqa: E402

PLACES = ["Deventer", "Zwolle", "Nijmegen", "online", "8011", "Doetinchem"]
TOPICS = [
    "ik voel me heel eenzaam",
    "ik ben somber en moe",
    "veel stress van mijn werk",
    "ik heb last van angst en paniek",
    "mijn vader is overleden",
    "ik heb een burn-out",  # (was "ik slaap slecht", which the chat asks about again)
]


async def one_chat(fake: FakeBotAPI, chat_id: int, latencies: list[float]) -> None:
    """Play one conversation; append the latency of each turn."""
    turns: list[tuple[str, str, int]] = [
        ("text", "/start", 2),
        ("text", TOPICS[chat_id % len(TOPICS)], 2),
        ("text", PLACES[chat_id % len(PLACES)], 2),
        ("press", "days:any", 1),
    ]
    expected = 0
    for kind, value, replies in turns:
        expected += replies
        started = time.monotonic()
        if kind == "text":
            fake.send_text(chat_id, value)
        else:
            fake.press(chat_id, value)
        await fake.wait_for(chat_id, expected, timeout=300)
        latencies.append(time.monotonic() - started)
    info = [a for a in fake.to(chat_id)[-1].actions if a.startswith("info:")]
    started = time.monotonic()
    fake.press(chat_id, info[0])
    await fake.wait_for(chat_id, expected + 1, timeout=300)
    latencies.append(time.monotonic() - started)


async def _later(delay: float, fake: FakeBotAPI, chat_id: int, latencies: list[float]) -> None:
    await asyncio.sleep(delay)
    await one_chat(fake, chat_id, latencies)


async def scenario(
    settings: Settings,
    service: MatchService,
    chats: int,
    limiter: ChatRateLimiter,
    rate: float | None = None,
) -> dict[str, float]:
    with FakeBotAPI(settings.telegram_token) as fake:
        app = build_application(
            settings,
            match_service=service,
            engine=service.engine,
            base_url=fake.base_url,
            rate_limiter=limiter,
        )
        stop = asyncio.Event()
        task = asyncio.create_task(serve_polling(app, stop, poll_timeout=1))
        latencies: list[float] = []
        started = time.monotonic()
        # All at once (a burst), or chats starting evenly so that about `rate` residents'
        # messages arrive per second (five per chat).
        gap = 0.0 if rate is None else 5 / rate
        await asyncio.gather(*(_later(n * gap, fake, 1000 + n, latencies) for n in range(chats)))
        total = time.monotonic() - started
        stop.set()
        await task
        messages = len(fake.sent)
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "turns": len(latencies),
        "messages": messages,
        "total_s": total,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * cuts[94],
        "max_ms": 1000 * max(latencies),
        "msgs_per_s": messages / total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--model", default="none", help="GROEPENWIJZER_MODEL for the matcher")
    parser.add_argument(
        "--rate",
        type=float,
        help="residents' messages per second, sustained (default: every chat at once)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gw-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    engine = make_engine(url)
    seed(engine, seed_csv())
    settings = Settings(
        instance_path=folder,
        database_url=url,
        model=args.model,
        model_cache=Path("~/.cache/groepenwijzer").expanduser(),
        secret_key="bench-key",
        telegram_token="123:BENCH",
        telegram_webhook_url="",
        telegram_webhook_secret="",
        telegram_api_url="http://127.0.0.1:9/bot",
    )
    service = MatchService(engine, model=args.model, cache_dir=settings.model_cache)
    service.index()  # build the index (and load a model) before timing
    cases = {
        "Telegram limits kept (1/s per chat, 30/s overall)": ChatRateLimiter(),
        "limiter opened up (stack capacity)": ChatRateLimiter(
            per_chat_rate=1000, per_chat_burst=1000, global_rate=10_000
        ),
    }
    arrival = "all at once" if args.rate is None else f"arriving at {args.rate:g} messages/s"
    print(f"{args.chats} chats {arrival}, 5 turns each, model={args.model}, {os.cpu_count()} CPUs")
    for name, limiter in cases.items():
        r = asyncio.run(scenario(settings, service, args.chats, limiter, args.rate))
        print(
            f"- {name}: {r['turns']:.0f} turns, {r['messages']:.0f} messages in "
            f"{r['total_s']:.1f} s ({r['msgs_per_s']:.0f} msg/s); reply latency per turn "
            f"p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, max {r['max_ms']:.0f} ms"
        )


if __name__ == "__main__":
    main()
