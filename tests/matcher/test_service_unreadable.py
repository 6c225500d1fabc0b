"""MatchService when the catalogue cannot be read: old index serves, no hot loop, clear error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from catalogue.db import make_engine
from matcher.service import CatalogueUnavailable, MatchService
from tests.support import seeded_database


@pytest.fixture(scope="module")
def _seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_database(tmp_path_factory.mktemp("service") / "seeded.db")


@pytest.fixture
def db_file(tmp_path: Path, _seeded: Path) -> Path:
    path = tmp_path / "catalogue.db"
    shutil.copyfile(_seeded, path)
    return path


def _damage(path: Path) -> bytes:
    good = path.read_bytes()
    path.write_bytes(os.urandom(len(good)))
    return good


def _failed_statements(engine: Engine) -> list[str]:
    """Every statement that failed on this engine (collected by SQLAlchemy's error hook)."""
    failed: list[str] = []

    @event.listens_for(engine, "handle_error")
    def _count(context: Any) -> None:
        failed.append(type(context.original_exception).__name__)

    return failed


def test_without_any_index_it_says_so_and_waits_before_asking_again(
    db_file: Path, tmp_path: Path
) -> None:
    _damage(db_file)
    engine = make_engine(f"sqlite:///{db_file}")
    failed = _failed_statements(engine)
    service = MatchService(engine, model="none", cache_dir=tmp_path, check_every=60)
    try:
        for _ in range(5):
            with pytest.raises(CatalogueUnavailable):
                service.index()
        assert len(failed) == 1  # one look at the broken database per interval, not per request
        assert service.failing
    finally:
        engine.dispose()


def test_a_broken_database_keeps_the_last_index_until_it_is_readable_again(
    db_file: Path, tmp_path: Path
) -> None:
    engine = make_engine(f"sqlite:///{db_file}")
    service = MatchService(engine, model="none", cache_dir=tmp_path, check_every=0)
    try:
        first = service.index()
        good = _damage(db_file)
        engine.dispose()  # fresh connections read the damaged file
        assert service.index() is first and service.index() is first
        assert service.failing
        engine.dispose()
        db_file.write_bytes(good)
        assert service.index() is first  # unchanged catalogue: the same index, now checked
        assert not service.failing
    finally:
        engine.dispose()
