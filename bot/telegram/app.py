"""Composition root of the Telegram bot: build the Application, run it polling or by webhook.

`run_bot(settings)` is the entry point behind `groepenwijzer bot`. Polling is
the embedded default; with TELEGRAM_WEBHOOK_URL set the bot registers that
webhook (with TELEGRAM_WEBHOOK_SECRET as secret_token) and serves it on
`listen:port` behind an HTTPS reverse proxy. Either way exactly one consumer
runs per bot token (bot.telegram.guard).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import Application, ApplicationBuilder

from bot.chat.conversation import ChatService, service_matcher
from bot.chat.identity import MemoryStateStore, StateStore
from bot.telegram.guard import AlreadyRunning, ConflictWatch, single_consumer
from bot.telegram.handlers import ChatHandlers
from bot.telegram.logs import configure_logging, protect_logs
from bot.telegram.ratelimit import ChatRateLimiter
from bot.telegram.webhook import UnreadableUpdate, WebhookServer
from catalogue.db import make_engine, upgrade
from catalogue.settings import Settings
from matcher.crisis import detect
from matcher.service import MatchService

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
CONCURRENT_UPDATES = 64
POLL_TIMEOUT = 30  # seconds of long polling per getUpdates call


def build_application(
    settings: Settings,
    *,
    match_service: MatchService | None,
    engine: Engine | None,
    base_url: str | None = None,
    store: StateStore | None = None,
    rate_limiter: ChatRateLimiter | None = None,
) -> Application:
    """The bot with its handlers; `base_url` points the real HTTP stack elsewhere (tests)."""
    base = base_url or settings.telegram_api_url
    service = ChatService(
        channel="telegram",
        secret_key=settings.secret_key,
        store=store if store is not None else MemoryStateStore(),
        matcher=service_matcher(match_service) if match_service is not None else None,
        engine=engine,
        subscriptions=engine is not None,
        crisis_check=match_service.detect_crisis if match_service is not None else detect,
    )
    secrets = [settings.telegram_token, settings.telegram_webhook_secret]
    protect_logs(secrets)  # before building: PTB logs its URLs (with the token) on init
    app = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(base)
        .base_file_url(_file_url(base))
        .connection_pool_size(CONCURRENT_UPDATES * 2)
        .connect_timeout(5)
        .read_timeout(10)
        .write_timeout(10)
        .pool_timeout(10)
        .get_updates_read_timeout(POLL_TIMEOUT + 10)
        .rate_limiter(rate_limiter or ChatRateLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .job_queue(None)
        .build()
    )
    ChatHandlers(service).register(app)
    app.bot_data["chat_service"] = service
    protect_logs(secrets)
    return app


def _file_url(base: str) -> str:
    """Bot API file URL next to the API URL ('…/bot' → '…/file/bot')."""
    return base[: -len("bot")] + "file/bot" if base.endswith("/bot") else base


async def serve_polling(
    app: Application,
    stop: asyncio.Event,
    *,
    poll_timeout: int = POLL_TIMEOUT,
) -> ConflictWatch:
    """Poll until `stop` is set (by a signal, a test, or repeated 409 Conflicts)."""
    watch = ConflictWatch(stop)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES, error_callback=watch
        )
        await stop.wait()
        await app.updater.stop()
        await app.stop()
    return watch


def webhook_server(
    app: Application, *, url: str, secret: str, listen: str = "127.0.0.1", port: int = 8443
) -> WebhookServer:
    """The endpoint for the webhook URL's path; accepted updates go to the app's queue."""

    async def enqueue(data: dict[str, Any]) -> None:
        try:
            update = Update.de_json(data, app.bot)
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise UnreadableUpdate(type(exc).__name__) from None  # the webhook answers 400
        await app.update_queue.put(update)

    return WebhookServer(
        secret=secret, path=urlsplit(url).path or "/", on_update=enqueue, host=listen, port=port
    )


async def serve_webhook(
    app: Application,
    stop: asyncio.Event,
    server: WebhookServer,
    *,
    url: str,
    secret: str,
    register: bool = True,
) -> None:
    """Register the webhook (optional) and serve it until `stop` is set."""
    async with app:
        await app.start()
        if register:
            await app.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        await server.start()
        try:
            await stop.wait()
        finally:
            await server.stop()
            await app.stop()


def run_bot(settings: Settings, *, listen: str = "127.0.0.1", port: int = 8443) -> None:
    """Run the bot until SIGINT/SIGTERM; polling, or webhook when TELEGRAM_WEBHOOK_URL is set."""
    configure_logging(secrets=[settings.telegram_token, settings.telegram_webhook_secret])
    # Opt in to PTB's timedelta API now, so a 429's retry_after does not warn on every hit.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    if not settings.telegram_token:
        raise SystemExit("TELEGRAM_TOKEN is not set; the bot does not start.")
    if settings.telegram_webhook_url and not settings.telegram_webhook_secret:
        raise SystemExit("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET as well.")
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    service = MatchService(engine, model=settings.model, cache_dir=settings.model_cache)
    try:
        with single_consumer(settings.telegram_token, settings.instance_path, engine):
            app = build_application(settings, match_service=service, engine=engine)
            conflict = asyncio.run(_run(app, settings, listen, port))
    except AlreadyRunning as exc:
        raise SystemExit(f"The bot is already running: {exc}.") from None
    finally:
        engine.dispose()
    if conflict:
        raise SystemExit(3)


async def _run(
    app: Application,
    settings: Settings,
    listen: str,
    port: int,
) -> bool:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    if settings.telegram_webhook_url:
        log.info("bot runs by webhook on %s:%s", listen, port)
        url, secret = settings.telegram_webhook_url, settings.telegram_webhook_secret
        server = webhook_server(app, url=url, secret=secret, listen=listen, port=port)
        await serve_webhook(app, stop, server, url=url, secret=secret)
        return False
    log.info("bot runs by long polling")
    watch = await serve_polling(app, stop)
    return watch.tripped
