"""Practical fit: can the person actually start soon? Open, places left, short wait.

Returns a small score in [-1, 1]: relevance decides what fits, fit decides
between options that fit about equally well.
"""

from __future__ import annotations

from datetime import datetime

from catalogue.records import GroupRecord

SOON_DAYS = 28


def practical_fit(record: GroupRecord, now: datetime) -> float:
    """+ for joinable-now groups starting soon, − for full groups and long waits."""
    score = 0.0
    has_dates = record.schedule is not None or bool(record.runs)
    if has_dates:
        if not record.can_join(now):
            score -= 0.6
        start = record.next_start(now)
        if start is None:
            score -= 0.4
        elif (start - now.date()).days <= SOON_DAYS:
            score += 0.3
    elif record.places_left == 0:
        score -= 0.6
    if record.waiting_weeks:
        score -= min(record.waiting_weeks, 12) / 24
    return max(-1.0, min(1.0, score))
