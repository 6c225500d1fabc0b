"""Warm start: the index is built before traffic, and an unreadable catalogue does not stop it."""

from __future__ import annotations

import time
from pathlib import Path

from catalogue.db import make_engine
from matcher.service import MatchService
from tests.support import seeded_database


def test_warm_up_builds_the_index_without_a_model(tmp_path: Path) -> None:
    path = seeded_database(tmp_path / "seeded.db")
    engine = make_engine(f"sqlite:///{path}")
    service = MatchService(engine, model="none", cache_dir=tmp_path / "cache", check_every=60)
    started = time.monotonic()
    service.warm_up()
    assert time.monotonic() - started < 30  # no waiting for a semantic layer that cannot come
    engine.dispose()
    path.write_bytes(b"gone" * 100)  # from now on only an index built at warm-up can answer
    assert len(service.index().records) > 50 and not service.failing
    assert service.detect_crisis("ik wil dood").layer == "lexical"
    engine.dispose()


def test_warm_up_survives_an_unreadable_catalogue(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database" * 100)
    engine = make_engine(f"sqlite:///{damaged}")
    service = MatchService(engine, model="none", cache_dir=tmp_path / "cache")
    service.warm_up()  # logs and returns
    assert service.failing
    assert service.detect_crisis("ik wil er niet meer zijn").crisis
    engine.dispose()
