"""How fresh a group's data is: one set of thresholds for the worker, the pages and the matcher.

Providers confirm their groups ("klopt nog"). Unconfirmed for REMIND_DAYS: the
worker reminds the group's facilitators; for FLAG_DAYS: the public page says
the data may be out of date; for HIDE_DAYS: the matcher leaves the group out
until someone confirms it. A group without a confirmation date (imported
without one) is flagged on its page and reminded about, but not hidden: there
is no date to judge it by.
"""

from __future__ import annotations

from datetime import date

REMIND_DAYS = 45
FLAG_DAYS = 60
HIDE_DAYS = 120


def hidden(last_confirmed: date | None, today: date) -> bool:
    """Whether matching leaves the group out until it is confirmed again."""
    return last_confirmed is not None and (today - last_confirmed).days > HIDE_DAYS
