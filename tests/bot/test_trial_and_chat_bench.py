"""The persona trial command and the bench's chat path: both drive the real dialogue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.chat import trial
from bot.chat.bench import run_chat
from bot.chat.scripted import Script, converse
from catalogue.errors import Invalid
from matcher import bench
from matcher.pipeline import MatchIndex
from matcher.service import MatchService
from matcher.shortlist import IndexMatcher

PERSONAS = Path(__file__).parent / "data" / "personas.jsonl"
OWN_BENCH = Path(__file__).parents[1] / "matcher" / "data"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_scripted_resident_reaches_a_list_in_three_turns(match_service: MatchService) -> None:
    talk = converse(
        match_service,
        Script("ik voel me zo eenzaam", place="ik woon in Colmschate", days="maakt niet uit"),
        now=NOW,
    )
    assert talk.listed and talk.turns == 3 and talk.first_page
    assert talk.state is not None and talk.state.municipality == "Deventer"


def test_trial_judges_every_option_against_the_persona(match_service: MatchService) -> None:
    people = trial.load_personas(PERSONAS)
    outcomes = trial.run_trial(match_service.index(), people, now=NOW)
    assert [o.persona for o in outcomes] == ["t1", "t2", "t3"]
    by_id = {o.persona: o for o in outcomes}
    assert all(o.listed and o.turns <= 4 for o in outcomes)
    relative = by_id["t2"]
    assert relative.shown and all(
        "audience" not in s.failed for s in relative.shown if s.availability == "joinable"
    )
    summary = trial.summary(outcomes)
    assert summary["personas"] == 3 and summary["full_offered_as_joinable"] == 0


def test_a_group_for_relatives_fails_the_audience_check_of_someone_asking_for_themselves(
    match_service: MatchService,
) -> None:
    index = match_service.index()
    naasten = next(r for r in index.records if r.audience == "naasten")
    self_ = trial.Expect(themes=tuple(naasten.themes), place=None, online_ok=True)
    relative = trial.Expect(themes=tuple(naasten.themes), relative=True, online_ok=True)
    assert not trial.checks(naasten, self_, NOW)["audience"]
    assert trial.checks(naasten, relative, NOW)["audience"]


def test_bad_persona_files_are_refused_line_by_line(tmp_path: Path) -> None:
    bad = tmp_path / "p.jsonl"
    bad.write_text(
        '{"id": "a", "first_message": "x", "expect": {"themes": ["geen_thema"]}}\nniet eens json\n',
        encoding="utf-8",
    )
    with pytest.raises(Invalid) as caught:
        trial.load_personas(bad)
    assert caught.value.problems[0].startswith("regel 1: onbekend thema")
    assert caught.value.problems[1].startswith("regel 2:")


def test_trial_command_prints_json(tmp_path: Path) -> None:
    env = {**os.environ, "GROEPENWIJZER_INSTANCE": str(tmp_path), "GROEPENWIJZER_MODEL": "none"}
    subprocess.run(
        [sys.executable, "-m", "web.cli", "seed"], env=env, check=True, capture_output=True
    )
    done = subprocess.run(
        [sys.executable, "-m", "web.cli", "trial", "--personas", str(PERSONAS), "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["personas"] == 3
    first = report["personas"][0]
    assert first["persona"] == "t1" and first["shown"]
    assert {"external_id", "title", "availability", "fits", "failed"} <= set(first["shown"][0])


def test_chat_path_of_the_bench_uses_the_dialogue() -> None:
    data = bench.load(OWN_BENCH / "groups.csv", OWN_BENCH / "queries.jsonl")
    index = MatchIndex(data.records)
    report = run_chat(data, index)
    assert set(report["paths"]) == {"raw", "raw+floor", "chat"}
    assert report["chat_listed_share"] > 0.5
    chat = report["paths"]["chat"]["all"]["ndcg@10"]
    assert 0.0 < chat <= 1.0
    talk = converse(IndexMatcher(index, now=bench.NOW), Script("😢😢😢"), now=bench.NOW)
    assert not talk.listed and talk.state is not None and talk.state.step == "what"
