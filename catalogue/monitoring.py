"""Anonymous monitoring: derived match data only, never anyone's words (DESIGN.md §6)."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlmodel import col, select

from catalogue.db import session_scope
from catalogue.models import MatchEvent
from catalogue.taxonomy import ADVICE_CATEGORIES, MUNICIPALITIES, REGIONS, THEMES

log = logging.getLogger(__name__)

CHANNELS = ("web", "webchat", "telegram", "team", "cli", "api")


@dataclass(frozen=True)
class MatchFacts:
    """What may be recorded about one match: codes and ids, no text."""

    channel: str
    region: str | None
    themes: tuple[str, ...]
    suggested_ids: tuple[int, ...]
    crisis: bool
    advice_categories: tuple[str, ...] = ()
    chosen_id: int | None = None
    municipality: str | None = None
    gap: bool = False  # fewer than three options passed the relevance floor


def record_match(engine: Engine, facts: MatchFacts) -> bool:
    """Store one anonymous match event; unknown codes are dropped, not stored.

    A dropped connection (a restarted server, a killed backend, a vanished
    SQLite file) is retried once on a fresh connection; if that fails too (or
    a SQLite lock outlasted the busy timeout) the event is counted as lost
    (`lost_events`) and a warning naming only the error type is logged, so the
    resident's search or chat goes on. Returns whether the event was stored
    (docs/monitoring.md).
    """
    if facts.channel not in CHANNELS:
        raise ValueError(f"unknown channel {facts.channel!r}")
    for attempt in (1, 2):
        try:
            _insert(engine, facts)
            return True
        except (OperationalError, InterfaceError) as exc:
            kind = _fault(exc)
            if kind == "bug":
                raise
            if attempt == 2 or kind == "locked":
                _count_loss(exc)
                return False
    return False


def _fault(exc: DBAPIError) -> str:
    """ "bug", "locked" or "connection": what kind of database error stopped the insert.

    SQLite reports a missing table as an OperationalError too: that is a bug to
    raise, not a fault to count. A held SQLite lock has already made the page
    wait the busy timeout; waiting once more would double that, so it is not
    retried. Everything else (a killed backend, a server away, a file gone) is.
    """
    text = str(exc.orig)
    if text.startswith("no such "):
        return "bug"
    if "database is locked" in text:
        return "locked"
    return "connection"


def _insert(engine: Engine, facts: MatchFacts) -> None:
    with session_scope(engine) as session:
        session.add(
            MatchEvent(
                channel=facts.channel,
                region=facts.region if facts.region in REGIONS else None,
                themes=[t for t in facts.themes if t in THEMES],
                advice_categories=[a for a in facts.advice_categories if a in ADVICE_CATEGORIES],
                suggested_ids=[int(i) for i in facts.suggested_ids],
                chosen_id=facts.chosen_id,
                crisis=facts.crisis,
                result_count=len(facts.suggested_ids),
                municipality=facts.municipality if facts.municipality in MUNICIPALITIES else None,
                gap=facts.gap,
            )
        )


_lost_lock = threading.Lock()
_lost = 0


def _count_loss(exc: Exception) -> None:
    """Count a lost event; the log line has the error type only (its text quotes the row)."""
    global _lost
    with _lost_lock:
        _lost += 1
        total = _lost
    log.warning(
        "match event lost after one retry (%s); %d lost since start", type(exc).__name__, total
    )


def lost_events() -> int:
    """How many match events this process could not store (for health pages and tests)."""
    return _lost


def theme_counts(engine: Engine, since: datetime) -> Counter[str]:
    """How often each theme came up since a moment (for gap analysis)."""
    counts: Counter[str] = Counter()
    with session_scope(engine) as session:
        for themes in session.exec(select(MatchEvent.themes).where(col(MatchEvent.at) >= since)):
            counts.update(themes)
    return counts


def gap_counts(engine: Engine, since: datetime) -> Counter[tuple[str, str | None]]:
    """(theme, municipality) pairs for which no good fit was found since a moment."""
    counts: Counter[tuple[str, str | None]] = Counter()
    query = select(MatchEvent.themes, MatchEvent.municipality).where(
        col(MatchEvent.at) >= since, col(MatchEvent.gap)
    )
    with session_scope(engine) as session:
        for themes, municipality in session.exec(query):
            counts.update((theme, municipality) for theme in themes or ["(geen thema)"])
    return counts
