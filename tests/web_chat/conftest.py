"""Fixtures for the web chat: the real app (web.create_app) on a seeded SQLite copy."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.settings import Settings
from tests.support import seeded_database, settings_for_tests, today
from web import create_app

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(scope="session")
def chat_seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_database(tmp_path_factory.mktemp("chat-seeded") / "seeded.db", today=today())


def chat_settings(instance: Path, database_url: str) -> Settings:
    return settings_for_tests(instance, database_url, secret_key="web-chat-test-key")


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
