"""`run_bot(settings)` as `groepenwijzer bot` runs it: a real process, signals, one consumer."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fakebot import FakeBotAPI

TOKEN = "123456:RUN-token-s3cr3t"
CODE = (
    "from catalogue.settings import Settings; from bot.telegram.app import run_bot; "
    "run_bot(Settings.from_env())"
)


def _env(tmp_path: Path, db_file: Path, api: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE"))}
    env.update(
        GROEPENWIJZER_INSTANCE=str(tmp_path / "instance"),
        DATABASE_URL=f"sqlite:///{db_file}",
        GROEPENWIJZER_MODEL="none",
        SECRET_KEY="run-bot-key",
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_URL=api,
        PTB_TIMEDELTA="1",
    )
    return env


def test_run_bot_answers_stops_on_sigterm_and_refuses_a_second_consumer(
    tmp_path: Path, db_file: Path
) -> None:
    with FakeBotAPI(TOKEN) as fake:
        env = _env(tmp_path, db_file, fake.base_url)
        first = subprocess.Popen(
            [sys.executable, "-c", CODE],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            fake.send_text(61, "/start")
            asyncio.run(fake.wait_for(61, 2, timeout=60))
            second = subprocess.run(
                [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=60
            )
            assert second.returncode != 0
            assert "already running" in second.stderr
        finally:
            first.send_signal(signal.SIGTERM)
            _, err = first.communicate(timeout=30)
        assert first.returncode == 0, err
        assert TOKEN not in err  # the token never reaches the log output
        assert "bot runs by long polling" in err


def test_webhook_url_without_secret_refuses_to_start(tmp_path: Path, db_file: Path) -> None:
    env = _env(tmp_path, db_file, "http://127.0.0.1:9/bot")
    env["TELEGRAM_WEBHOOK_URL"] = "https://bot.example/hook"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "TELEGRAM_WEBHOOK_SECRET" in result.stderr
    assert time.monotonic() - started < 30
