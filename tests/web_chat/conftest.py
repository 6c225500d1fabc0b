"""Fixtures for the web chat: the real app (web.create_app) on a seeded SQLite copy."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.db import make_engine, upgrade
from catalogue.seed import seed
from catalogue.settings import Settings
from seed_groups import seed_csv
from web import create_app

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="session")
def chat_seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("chat-seeded") / "seeded.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    seed(engine, seed_csv())
    engine.dispose()
    return path


def chat_settings(instance: Path, database_url: str) -> Settings:
    return Settings(
        instance_path=instance,
        database_url=database_url,
        model="none",
        model_cache=instance / "model-cache",
        secret_key="web-chat-test-key",
        telegram_token="",
        telegram_webhook_url="",
        telegram_webhook_secret="",
        telegram_api_url="http://127.0.0.1:9/bot",
    )


@pytest.fixture(scope="session")
def make_chat_settings() -> Callable[[Path, str], Settings]:
    return chat_settings


@pytest.fixture
def chat_app(tmp_path: Path, chat_seeded_file: Path) -> Iterator[Flask]:
    shutil.copyfile(chat_seeded_file, tmp_path / "groepenwijzer.db")
    app = create_app(chat_settings(tmp_path, f"sqlite:///{tmp_path / 'groepenwijzer.db'}"))
    app.config["TESTING"] = True
    yield app
    app.extensions["groepenwijzer"].engine.dispose()


@pytest.fixture
def chat_client(chat_app: Flask) -> FlaskClient:
    return chat_app.test_client()


@pytest.fixture(scope="session")
def csrf_of() -> Callable[[str], str]:
    """The CSRF token in a rendered page."""

    def token(html: str) -> str:
        found = _CSRF.search(html)
        assert found, "no CSRF token on the page"
        return found.group(1)

    return token
