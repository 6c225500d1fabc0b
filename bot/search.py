"""From a chat state to matcher calls: profiles built from derived data only, and pages.

The profile's text is made of taxonomy terms and labels (and our own cue
phrases), never of the resident's words: the dialogue no longer has those.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.understand import CUE_PHRASES
from catalogue.taxonomy import THEMES
from matcher.lexical import record_themes
from matcher.pipeline import MatchResult, Option
from matcher.profile import Constraints, Profile

Matcher = Callable[[Profile], MatchResult]

MATCH_LIMIT = 16  # options asked from the matcher; the chat shows them a page at a time
PAGE_SIZE = 4  # groups per page: within the 3–5 a resident can take in at once
MIN_SHOWN = 3  # a first page is topped up to this many with groups open to anyone
REFERRAL_SHOWN = 3


@dataclass(frozen=True)
class Criteria:
    """What a search is built from: codes and names only."""

    themes: tuple[str, ...]
    terms: tuple[str, ...]
    cues: tuple[str, ...]
    municipality: str | None
    online: bool
    weekdays: tuple[str, ...] | None


def profile_for(criteria: Criteria, *, referral_possible: bool) -> Profile:
    """The matcher profile: taxonomy words and constraints, nothing the resident typed."""
    words = [*criteria.terms, *(THEMES[t].label for t in criteria.themes if t in THEMES)]
    words += [CUE_PHRASES[c] for c in criteria.cues if c in CUE_PHRASES]
    constraints = Constraints(
        online_ok=True,
        municipality=None if criteria.online else criteria.municipality,
        municipalities=() if criteria.online else None,
        weekdays=frozenset(criteria.weekdays) if criteria.weekdays else None,
        referral_possible=referral_possible,
    )
    return Profile(text=" ".join(words), constraints=constraints)


@dataclass(frozen=True)
class Found:
    """What one search turned up for the chat."""

    direct: tuple[Option, ...]  # joinable without referral: fitting ones first
    referral: tuple[Option, ...]  # fitting groups that need a referral or municipal decision
    fitting: frozenset[int]  # ids of groups that share a theme with the search
    crisis: bool = False
    crisis_kind: str | None = None


def fits(option: Option, themes: tuple[str, ...]) -> bool:
    """Whether a group is about one of the themes of the search."""
    return bool(record_themes(option.record) & set(themes))


def search(matcher: Matcher, criteria: Criteria, *, with_referral: bool = True) -> Found:
    """Two matcher calls: groups open to anyone, and separately those via the huisarts.

    The matcher ranks every group that passes the filters; groups that share no
    theme with the search go after the ones that do, so they only fill up a short list.
    """
    direct = matcher(profile_for(criteria, referral_possible=False))
    # The filter guarantees this; checking again costs nothing and protects residents.
    options = [o for o in direct.options if not o.record.needs_referral]
    fitting = frozenset(o.record.id for o in options if fits(o, criteria.themes))
    options.sort(key=lambda o: o.record.id not in fitting)  # stable: matcher order kept
    referral: tuple[Option, ...] = ()
    if with_referral:
        wider = matcher(profile_for(criteria, referral_possible=True))
        referral = tuple(
            o for o in wider.options if o.record.needs_referral and fits(o, criteria.themes)
        )[:REFERRAL_SHOWN]
    return Found(tuple(options), referral, fitting, direct.crisis, direct.crisis_kind)


def find_option(matcher: Matcher, criteria: Criteria, group_id: int) -> Option | None:
    """The option for one group id again (for 'meer info'), or None when it is gone."""
    for referral_possible in (False, True):
        result = matcher(profile_for(criteria, referral_possible=referral_possible))
        for option in result.options:
            if option.record.id == group_id:
                return option
    return None
