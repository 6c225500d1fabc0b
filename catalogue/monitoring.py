"""Anonymous monitoring: derived match data only, never anyone's words (DESIGN.md §6)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from catalogue.db import session_scope
from catalogue.models import MatchEvent
from catalogue.taxonomy import ADVICE_CATEGORIES, MUNICIPALITIES, REGIONS, THEMES

CHANNELS = ("web", "webchat", "telegram", "team", "cli")


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


def record_match(engine: Engine, facts: MatchFacts) -> None:
    """Store one anonymous match event; unknown codes are dropped, not stored."""
    if facts.channel not in CHANNELS:
        raise ValueError(f"unknown channel {facts.channel!r}")
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
