"""The chat's side of matching: a message read once into candidates, then pages of options.

The first message is matched by the full pipeline while it is in memory
(`ChatMatcher.candidates`); the chat keeps only group ids with scores.
Later turns add place, days and the person's facts, and `search` filters the
kept candidates with them (`ChatMatcher.shortlist`) — the same ranking the
web search gives for the same words, without keeping the words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from catalogue.taxonomy import THEMES
from matcher.pipeline import MatchResult, Option
from matcher.profile import Constraints, Profile
from matcher.shortlist import Candidate

MATCH_LIMIT = 16  # options asked from the matcher; the chat shows them a page at a time
PAGE_SIZE = 4  # groups per page: within the 3–5 a resident can take in at once
ENOUGH = 3  # fewer fitting groups than this on a first page: say so, offer next steps
REFERRAL_SHOWN = 3
UNAVAILABLE_SHOWN = 2


class ChatMatcher(Protocol):
    """What the dialogue needs from a matcher (MatchService has both)."""

    def candidates(
        self, profile: Profile, *, now: datetime | None = None
    ) -> tuple[Candidate, ...]: ...

    def shortlist(
        self,
        found: tuple[Candidate, ...],
        constraints: Constraints,
        themes: tuple[str, ...],
        *,
        now: datetime | None = None,
        limit: int = 5,
    ) -> MatchResult: ...


Matcher = ChatMatcher


@dataclass(frozen=True)
class Criteria:
    """What a search is built from: kept candidates, codes and names only."""

    candidates: tuple[Candidate, ...]
    themes: tuple[str, ...]
    municipality: str | None
    online: bool
    weekdays: tuple[str, ...] | None
    age: int | None = None
    times: tuple[str, ...] | None = None
    online_ok: bool = True


def theme_profile(themes: tuple[str, ...]) -> Profile:
    """A profile made of our own words for chosen themes (theme buttons, subscriptions)."""
    words = [word for t in themes if t in THEMES for word in (THEMES[t].label, *THEMES[t].terms)]
    return Profile(text=" ".join(words))


def constraints_for(criteria: Criteria, *, referral_possible: bool) -> Constraints:
    """Hard constraints from the conversation's answers."""
    return Constraints(
        online_ok=criteria.online or criteria.online_ok,
        municipality=None if criteria.online else criteria.municipality,
        municipalities=() if criteria.online else None,
        weekdays=frozenset(criteria.weekdays) if criteria.weekdays else None,
        referral_possible=referral_possible,
        age=criteria.age,
        times_of_day=frozenset(criteria.times) if criteria.times else None,
    )


@dataclass(frozen=True)
class Found:
    """What one search turned up for the chat; every option is above the relevance floor."""

    direct: tuple[Option, ...]  # joinable now without referral, best first
    referral: tuple[Option, ...]  # fitting groups that need a referral or municipal decision
    unavailable: tuple[Option, ...]  # fitting, no referral needed, but full or closed now


def search(
    matcher: ChatMatcher, criteria: Criteria, *, now: datetime, with_referral: bool = True
) -> Found:
    """Filter the kept candidates: groups open to anyone, and those via the huisarts."""
    direct = matcher.shortlist(
        criteria.candidates,
        constraints_for(criteria, referral_possible=False),
        criteria.themes,
        now=now,
        limit=MATCH_LIMIT,
    )
    # The filter guarantees this; checking again costs nothing and protects residents.
    options = tuple(o for o in direct.options if not o.record.needs_referral)
    referral: tuple[Option, ...] = ()
    if with_referral:
        wider = matcher.shortlist(
            criteria.candidates,
            constraints_for(criteria, referral_possible=True),
            criteria.themes,
            now=now,
            limit=MATCH_LIMIT,
        )
        referral = tuple(o for o in wider.options if o.record.needs_referral)[:REFERRAL_SHOWN]
    unavailable = tuple(o for o in direct.unavailable if not o.record.needs_referral)
    return Found(options, referral, unavailable[:UNAVAILABLE_SHOWN])


def find_option(
    matcher: ChatMatcher, criteria: Criteria, group_id: int, *, now: datetime
) -> Option | None:
    """The option for one kept group id again (for 'meer info'), or None when it is gone."""
    kept = tuple(c for c in criteria.candidates if c.group_id == group_id)
    if not kept:
        return None
    result = matcher.shortlist(
        kept, Constraints(), criteria.themes, now=now, limit=1
    )  # already shown, so only "is it still there" matters
    found = (*result.options, *result.unavailable)
    return found[0] if found else None
