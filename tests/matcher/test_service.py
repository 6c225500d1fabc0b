"""MatchService keeps its index in step with the live catalogue; monitoring keeps no text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from catalogue.db import session_scope
from catalogue.groups import load_records, update_group
from catalogue.models import MatchEvent
from catalogue.monitoring import MatchFacts, record_match, theme_counts
from catalogue.seed import seed
from matcher import service as service_mod
from matcher.profile import Constraints, Profile
from matcher.service import MatchService
from seed_groups import seed_csv

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    seed(engine, seed_csv())
    return engine


def test_index_follows_catalogue_edits(
    seeded: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service_mod, "CHECK_EVERY_SECONDS", 0.0)
    service = MatchService(seeded, model="none", cache_dir=tmp_path)
    profile = Profile(text="ik voel me eenzaam", constraints=Constraints(municipality="Deventer"))
    first = service.match(profile, now=NOW)
    assert first.options
    top = first.options[0].record
    with session_scope(seeded) as session:
        update_group(
            session,
            actor="test",
            group_id=top.id,
            expected_version=top.version,
            changes={"status": "gestopt"},
        )
    second = service.match(profile, now=NOW)
    assert top.id not in {o.record.id for o in second.options}
    assert service.index() is service.index()  # unchanged catalogue: no rebuild


def test_monitoring_stores_codes_only(engine: Engine) -> None:
    record_match(
        engine,
        MatchFacts(
            channel="web",
            region="midden_ijssel",
            themes=("eenzaamheid", "not-a-theme"),
            suggested_ids=(3, 4),
            crisis=False,
        ),
    )
    with session_scope(engine) as session:
        event = session.exec(select(MatchEvent)).one()
    assert event.themes == ["eenzaamheid"] and event.suggested_ids == [3, 4]
    assert event.region == "midden_ijssel" and event.result_count == 2
    assert theme_counts(engine, datetime(2000, 1, 1, tzinfo=UTC))["eenzaamheid"] == 1
    with pytest.raises(ValueError):
        record_match(
            engine,
            MatchFacts(channel="sms", region=None, themes=(), suggested_ids=(), crisis=False),
        )


def test_seeded_catalogue_records_round_trip(seeded: Engine) -> None:
    with session_scope(seeded) as session:
        records = load_records(session)
    assert len(records) >= 60
    assert {r.domain for r in records} == {"ggz", "wmo", "welzijn", "herstelacademie", "zelfhulp"}
