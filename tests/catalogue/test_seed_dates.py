"""The example catalogue looks the same on any day it is loaded: dates move with today."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from catalogue.db import make_engine, upgrade
from catalogue.freshness import HIDE_DAYS
from catalogue.seed import seed
from matcher.service import MatchService
from seed_groups import DATED_COLUMNS, WRITTEN_FOR, seed_csv


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_dates_move_by_whole_weeks_and_nothing_else_changes() -> None:
    written = _rows(seed_csv())
    later = _rows(seed_csv(today=WRITTEN_FOR + timedelta(days=200)))  # 28 weeks and 4 days
    assert len(later) == len(written)
    for before, after in zip(written, later, strict=True):
        moved = {k for k in before if before[k] != after[k]}
        assert moved <= set(DATED_COLUMNS)
        old, new = (
            date.fromisoformat(before["last_confirmed"]),
            date.fromisoformat(after["last_confirmed"]),
        )
        assert new - old == timedelta(weeks=28)
        if before["first_session"]:
            first = datetime.fromisoformat(before["first_session"])
            assert datetime.fromisoformat(after["first_session"]).weekday() == first.weekday()
    assert seed_csv(today=WRITTEN_FOR + timedelta(days=3)) == seed_csv()  # same week: as written


def _joinable_and_fresh(tmp_path: Path, today: date) -> int:
    url = f"sqlite:///{tmp_path / f'{today}.db'}"
    upgrade(url)
    engine = make_engine(url)
    report = seed(engine, seed_csv(today=today))
    assert report.created > 200
    index = MatchService(engine, model="none", cache_dir=tmp_path).index()
    now = datetime.combine(today, time(12, 0), tzinfo=UTC)
    fresh = index.fresh(now)
    engine.dispose()
    return sum(
        r.can_join(now) and not r.needs_referral and bool(f)
        for r, f in zip(index.records, fresh, strict=True)
    )


@pytest.mark.parametrize("years", [1, 3])
def test_the_example_catalogue_is_as_alive_years_later(tmp_path: Path, years: int) -> None:
    written = _joinable_and_fresh(tmp_path, WRITTEN_FOR)
    later = WRITTEN_FOR + timedelta(days=365 * years + 2 * HIDE_DAYS)
    assert written > 100
    assert _joinable_and_fresh(tmp_path, later) == written
