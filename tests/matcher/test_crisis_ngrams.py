"""The n-gram layer: fresh weights, what it adds to the rules, and where it stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.crisis import detect, ngrams
from matcher.crisis.lexical import detect_kind

# Own sentences no rule catches (checked below), each clearly a crisis of its kind.
BEYOND_THE_RULES = [
    (
        "mijn partner sloot me gisteren buiten in de kou en zei dat ik het verdiend had,"
        " ik ben bang voor vanavond",
        "violence",
    ),
    (
        "de buurman zegt dat hij mij gaat opwachten als ik weer langs zijn huis loop,"
        " hij had een bijl in zijn hand",
        "violence",
    ),
    (
        "mijn broer denkt dat de televisie berichten voor hem uitzendt en hij is al drie"
        " nachten wakker en doodsbang",
        "psychosis",
    ),
    (
        "ik vraag me steeds af wie er naar mijn begrafenis zou komen en dat geeft me rust"
        " eigenlijk",
        "suicide",
    ),
]
# Answers the chat gets to "waar?" and "welke dagen?", and short replies: never a crisis.
PRACTICAL_ANSWERS = [
    "weet niet",
    "ik weet het niet",
    "liever niet",
    "bedankt",
    "stop",
    "maakt niet uit",
    "niet online",
    "dinsdag of donderdag, overdag graag",
    "'s avonds, welke dag maakt niet uit",
    "Bathmen",
    "ik ben 68",
    "meer info",
]


def test_stored_weights_were_trained_on_todays_examples() -> None:
    model = ngrams.stored()
    assert model is not None, "run: python scripts/train_crisis_ngrams.py"
    expected = ngrams.fingerprint(ngrams.training_cases())
    assert model.fingerprint == expected, "stale weights: python scripts/train_crisis_ngrams.py"


@pytest.mark.parametrize(("text", "kind"), BEYOND_THE_RULES)
def test_the_layer_catches_what_no_rule_does(text: str, kind: str) -> None:
    assert detect_kind(text) is None
    signal = detect(text)
    assert (signal.crisis, signal.kind, signal.layer) == (True, kind, "ngrams")


@pytest.mark.parametrize("text", PRACTICAL_ANSWERS)
def test_short_answers_are_never_read_as_crisis(text: str) -> None:
    assert not detect(text).crisis


def test_without_weights_the_rules_still_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(ngrams, "WEIGHTS", tmp_path / "missing.npz")
    ngrams.stored.cache_clear()
    try:
        assert detect("ik wil dood").kind == "suicide"
        assert not detect(BEYOND_THE_RULES[0][0]).crisis
    finally:
        monkeypatch.undo()
        ngrams.stored.cache_clear()


def test_a_failing_layer_never_takes_detect_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: ngrams.NgramModel, text: str, threshold: float = 0.0) -> str | None:
        raise ValueError("broken weights")

    monkeypatch.setattr(ngrams.NgramModel, "judge_kind", broken)
    assert detect("ik wil dood").kind == "suicide"  # the rules answer first
    assert not detect(BEYOND_THE_RULES[0][0]).crisis  # no exception reaches the front


def test_features_ignore_case_accents_and_chat_spellings() -> None:
    assert ngrams.features("Ik wil NIET meer, écht") == ngrams.features("ik wil niet meer echt")
