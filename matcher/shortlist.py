"""Matching in two moments, for conversations: read the words once, filter later.

A chat learns what is going on in its first message and where and when the
person can only in later turns. The message may be used in memory when it
arrives, never kept (DESIGN.md §6). So `candidates` runs the full pipeline on
the message then — with no place or day constraint yet — and returns derived
data only: group ids with their ranking score and calibrated relevance,
those above the floor. `shortlist` later filters those by the constraints the
conversation has gathered, diversifies and explains, without the text.

The explanation then rests on the themes the conversation kept (codes) and the
group's own themes; word-level reasons need the text and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from matcher.crisis import NO_CRISIS, CrisisSignal
from matcher.cues import read_cues
from matcher.diversify import diversify
from matcher.evidence import shared_words
from matcher.nearby import local_first
from matcher.pipeline import (
    MatchIndex,
    MatchResult,
    Option,
    assemble,
    make_option,
    person_fits,
    query_words,
    rank,
    score_all,
)
from matcher.profile import Constraints, Profile, checked
from matcher.relevance import FLOOR, Evidence, RelevanceModel

MAX_CANDIDATES = 300  # kept per conversation; a region's catalogue has fewer fitting groups


@dataclass(frozen=True)
class Candidate:
    """One group that fits the words of a message: derived data, safe to keep between turns."""

    group_id: int
    score: float
    relevance: float


def candidates(
    index: MatchIndex, profile: Profile, *, now: datetime, limit: int = MAX_CANDIDATES
) -> tuple[Candidate, ...]:
    """Groups above the relevance floor for the profile's words, best first.

    Place, days and other constraints are dropped here on purpose: the
    conversation adds them later through `shortlist`.
    """
    open_profile = replace(checked(profile), constraints=Constraints())
    scores = score_all(index, open_profile)
    positions, fused, _terms, themes = rank(
        index, open_profile, now=now, limit=limit, scores=scores, diversified=False
    )
    model = RelevanceModel(scores.lexical, scores.dense)
    written = query_words(index, open_profile, scores.terms.repairs)
    cues = read_cues(profile.text)
    found = []
    for position, score in zip(positions, fused, strict=True):
        if not person_fits(index, position, cues):
            continue
        shared = [t for t in themes if t in index.themes[position]]
        words = shared_words(written, index.group_words(position))
        relevance = model.probability(position, Evidence(len(shared), len(words)))
        if relevance >= FLOOR:
            found.append(
                Candidate(index.records[position].id, round(score, 4), round(relevance, 4))
            )
    return tuple(found)


def shortlist(
    index: MatchIndex,
    found: Sequence[Candidate],
    constraints: Constraints,
    themes: Sequence[str],
    *,
    now: datetime,
    limit: int,
    crisis: CrisisSignal = NO_CRISIS,
) -> MatchResult:
    """The candidates that pass the constraints, diversified and explained."""
    mask = index.filters.mask(constraints) & index.fresh(now)
    kept = [
        (index.position_of[c.group_id], c)
        for c in found
        if c.group_id in index.position_of and mask[index.position_of[c.group_id]]
    ]
    top = kept[: max(3 * limit, 15)]
    order = diversify(
        [position for position, _c in top],
        [c.score for _p, c in top],
        [index.records[position].domain for position, _c in top],
        [index.records[position].title for position, _c in top],
        len(top),
    )
    options: list[Option] = [
        make_option(index, top[i][0], top[i][1].score, themes, (), top[i][1].relevance, now)
        for i in order
    ]
    options += [
        make_option(index, position, c.score, themes, (), c.relevance, now)
        for position, c in kept[len(top) :]
    ]
    result = assemble(index, options, themes, limit=len(options), crisis=crisis)
    if constraints.municipality is not None:
        # The chat promises groups "in en rond" the place, online ones too: all local ones
        # first (confirmed before doubtful stale ones, as assemble put them), then online.
        result = replace(result, options=local_first(result.options))
    return replace(result, options=result.options[:limit], unavailable=result.unavailable[:limit])


class IndexMatcher:
    """`candidates` and `shortlist` over a fixed index (benchmarks, trials, tests)."""

    def __init__(self, index: MatchIndex, *, now: datetime) -> None:
        self.index, self.now = index, now

    def candidates(self, profile: Profile, *, now: datetime | None = None) -> tuple[Candidate, ...]:
        """As MatchService.candidates."""
        return candidates(self.index, profile, now=now or self.now)

    def shortlist(
        self,
        found: tuple[Candidate, ...],
        constraints: Constraints,
        themes: tuple[str, ...],
        *,
        now: datetime | None = None,
        limit: int = 5,
    ) -> MatchResult:
        """As MatchService.shortlist."""
        return shortlist(self.index, found, constraints, themes, now=now or self.now, limit=limit)
