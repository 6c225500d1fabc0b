"""Helpers shared by the web, chat and bot tests (importable, unlike conftest)."""

from __future__ import annotations

import shutil
import socket
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from catalogue.db import make_engine, upgrade
from catalogue.seed import seed
from catalogue.settings import Settings
from seed_groups import seed_csv


def seeded_database(path: Path, today: date | None = None) -> Path:
    """Create a migrated SQLite file with the example groups at `path`.

    Tests whose code reads the wall clock pass today's date, so the example dates
    move with it (seed_groups.seed_csv); tests on a fixed clock keep them as written.
    """
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    seed(engine, seed_csv(today=today))
    engine.dispose()
    return path


def settings_for_tests(
    instance: Path, database_url: str, *, model: str = "none", secret_key: str = "test-secret"
) -> Settings:
    """Settings for tests: no model, no bot (the API URL points at a closed port), fixed key."""
    return Settings(
        instance_path=instance,
        database_url=database_url,
        model=model,
        model_cache=instance / "model-cache",
        secret_key=secret_key,
        telegram_token="",
        telegram_webhook_url="",
        telegram_webhook_secret="",
        telegram_api_url="http://127.0.0.1:9/bot",
    )


def free_port() -> int:
    """A loopback port nobody listens on right now (for servers the tests start)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli_command() -> list[str]:
    """How to run `groepenwijzer` from the venv the tests run in."""
    found = Path(sys.executable).with_name("groepenwijzer")
    if found.exists():
        return [str(found)]
    on_path = shutil.which("groepenwijzer")
    return [on_path] if on_path else [sys.executable, "-m", "web.cli"]


def today() -> date:
    """Today in UTC, the date the web app and the CLI read from the wall clock."""
    return datetime.now(UTC).date()
