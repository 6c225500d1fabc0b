"""Crisis detection and the help that goes with it.

Every front calls `detect` (or a `CrisisDetector`) before anything that can
fail. Three layers: the rules (matcher.crisis.lexical) and the n-gram
classifier (matcher.crisis.ngrams, weights in the repository) are pure and
instant and always run; the semantic one (matcher.crisis.semantic) reads
meaning with the embedding model when that is loaded. A later layer can only
add a flag, never remove one. When in doubt we flag: a calm block shown once
too often costs little, a miss can cost a life. Kinds pick the first line of
help (matcher.crisis.help).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from matcher.crisis import ngrams
from matcher.crisis.help import HELP, HELP_NOW_ACTIONS, HELP_NOW_CONTACTS, CrisisHelp, help_for
from matcher.crisis.lexical import detect_kind
from matcher.crisis.lexicon import ACUTE, PSYCHOSIS, SUICIDE, VIOLENCE

__all__ = [
    "ACUTE",
    "HELP",
    "HELP_NOW_ACTIONS",
    "HELP_NOW_CONTACTS",
    "KINDS",
    "PSYCHOSIS",
    "SUICIDE",
    "VIOLENCE",
    "CrisisDetector",
    "CrisisHelp",
    "CrisisSignal",
    "detect",
    "help_for",
]

log = logging.getLogger(__name__)

KINDS = (SUICIDE, ACUTE, VIOLENCE, PSYCHOSIS)
# An over-long text is read at its start and its end: bounded work, and a last line still counts.
MAX_CHECKED = 20_000
TAIL_CHECKED = 2_000


def _bounded(text: str) -> str:
    if len(text) <= MAX_CHECKED + TAIL_CHECKED:
        return text
    return text[:MAX_CHECKED] + "\n" + text[-TAIL_CHECKED:]


@dataclass(frozen=True)
class CrisisSignal:
    """Whether a text signals crisis, which kind, and which layer saw it."""

    crisis: bool
    kind: str | None = None
    layer: str | None = None  # "lexical" or "semantic"


NO_CRISIS = CrisisSignal(False)


def detect(text: str) -> CrisisSignal:
    """The lexical check: pure, instant, needs no database, model or index.

    Rules first (they name the kind most reliably); then the n-gram classifier,
    whose weights are a file in the repository (matcher.crisis.ngrams).
    """
    if not text.strip():
        return NO_CRISIS
    bounded = _bounded(text)
    kind = detect_kind(bounded)
    if kind:
        return CrisisSignal(True, kind, "lexical")
    try:
        model = ngrams.stored()
        kind = model.judge_kind(bounded) if model is not None else None
    except Exception as exc:  # never let this layer take the rules' answer down
        log.warning("crisis n-gram layer failed (%s); rules' answer kept", type(exc).__name__)
        return NO_CRISIS
    return CrisisSignal(True, kind, "ngrams") if kind else NO_CRISIS


class SemanticJudge(Protocol):
    """What the detector needs of the semantic layer (matcher.crisis.semantic.CrisisClassifier)."""

    def judge_kind(self, text: str, ngram_log_odds: float = 0.0) -> str | None: ...


class CrisisDetector:
    """Lexical first; then, if a model-backed judge is ready, the semantic layer too,
    which weighs the text's meaning with what the n-grams made of it."""

    def __init__(self, judge: SemanticJudge | None = None) -> None:
        self.judge = judge

    def detect(self, text: str) -> CrisisSignal:
        """Never raises: a failing semantic layer leaves the lexical answer."""
        signal = detect(text)
        if signal.crisis or self.judge is None or not text.strip():
            return signal
        bounded = _bounded(text)
        try:
            evidence = ngrams.log_odds(bounded)
        except Exception:  # the meaning is then weighed alone
            evidence = 0.0
        try:
            kind = self.judge.judge_kind(bounded, evidence)
        except Exception as exc:  # no traceback: it could quote the message being read
            log.warning(
                "semantic crisis check failed (%s); lexical answer kept", type(exc).__name__
            )
            return signal
        return CrisisSignal(True, kind, "semantic") if kind else signal
