"""Fixtures for the chat: a seeded SQLite copy per test, a real MatchService, a fixed clock.

The matcher runs without a language model (model="none"), so no test loads
torch; everything else is the real code path.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.chat.conversation import service_matcher
from bot.chat.matching import Matcher
from catalogue.db import make_engine, session_scope
from catalogue.groups import load_records
from catalogue.records import GroupRecord
from catalogue.settings import Settings
from matcher.service import MatchService
from tests.support import seeded_database


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file made once; tests copy it."""
    return seeded_database(tmp_path_factory.mktemp("bot-seeded") / "seeded.db")


@pytest.fixture
def db_file(tmp_path: Path, seeded_file: Path) -> Path:
    """This test's own copy of the seeded database."""
    path = tmp_path / "groepenwijzer.db"
    shutil.copyfile(seeded_file, path)
    return path


@pytest.fixture
def engine(db_file: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{db_file}")
    yield engine
    engine.dispose()


@pytest.fixture
def match_service(engine: Engine, tmp_path: Path) -> MatchService:
    return MatchService(engine, model="none", cache_dir=tmp_path / "cache")


@pytest.fixture
def matcher(match_service: MatchService) -> Matcher:
    return service_matcher(match_service)


@pytest.fixture
def records(engine: Engine) -> dict[int, GroupRecord]:
    with session_scope(engine) as session:
        return {r.id: r for r in load_records(session)}


def make_settings(instance: Path, database_url: str, **changes: str) -> Settings:
    """Test settings: no model, a fixed key, a fake token."""
    values = dict(
        instance_path=instance,
        database_url=database_url,
        model="none",
        model_cache=instance / "model-cache",
        secret_key="test-secret-key",
        telegram_token="123456:TEST-token-s3cr3t",
        telegram_webhook_url="",
        telegram_webhook_secret="",
        telegram_api_url="http://127.0.0.1:9/bot",
    )
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings_for() -> Callable[..., Settings]:
    return make_settings


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta retry_after (else PTB warns on every 429)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
