"""Groups in and around a person's place before online ones, and how many there are.

A person who names a place is promised groups "in en rond" it, online ones too.
Online groups may fill a list, but they do not make up for a lack of groups
nearby: every front shows the local ones first and says plainly when fewer than
three meet in or around the place.
"""

from __future__ import annotations

from collections.abc import Sequence

from matcher.pipeline import Option


def local_first(options: Sequence[Option]) -> tuple[Option, ...]:
    """Groups that meet somewhere first, online ones after; each part keeps its order."""
    return tuple(sorted(options, key=lambda o: o.record.online))


def nearby_count(options: Sequence[Option], municipality: str | None) -> int:
    """How many options meet in or around the place; all of them when none was named."""
    if municipality is None:
        return len(options)
    return sum(not o.record.online for o in options)
