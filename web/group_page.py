"""What the public group page shows: next meetings, runs, how to get in, contact links.

Plain data built from a GroupRecord; the template only formats it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from catalogue.errors import NotFound
from catalogue.records import GroupRecord, RunInfo
from catalogue.schedules import Meeting, describe
from matcher.service import MatchService
from web.search import find_record

NEXT_MEETINGS = 5
# A group not confirmed for this long gets a "may be out of date" remark.
STALE_AFTER = timedelta(days=183)


@dataclass(frozen=True)
class GroupPage:
    """Everything the group page needs beyond the record itself."""

    record: GroupRecord
    meetings: tuple[Meeting, ...]
    rhythm: str
    next_run: RunInfo | None
    later_runs: tuple[RunInfo, ...]
    can_join: bool
    stale: bool
    registration_url: str | None
    phone_href: str | None


def safe_web_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link; anything else (javascript:, data:) is dropped."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def phone_href(phone: str | None) -> str | None:
    """A tel: link for a Dutch phone number as written in the catalogue."""
    if not phone:
        return None
    digits = re.sub(r"[^\d+]", "", phone)
    return f"tel:{digits}" if len(digits) >= 3 else None


def group_page(service: MatchService, group_id: int, *, now: datetime) -> GroupPage:
    """The page data of one group, or NotFound (also for ids out of any sane range)."""
    record = find_record(service, group_id)
    if record is None:
        raise NotFound("Deze groep bestaat niet (meer).")
    next_run = record.next_run(now.date()) if not record.open_group else None
    later = tuple(r for r in record.runs if next_run and r.start_date > next_run.start_date)
    confirmed = record.last_confirmed_at
    return GroupPage(
        record=record,
        meetings=tuple(record.next_meetings(NEXT_MEETINGS, now)),
        rhythm=describe(record.schedule) if record.schedule else "",
        next_run=next_run,
        later_runs=later,
        can_join=record.can_join(now),
        stale=confirmed is None or now.date() - confirmed > STALE_AFTER,
        registration_url=safe_web_url(record.registration_url),
        phone_href=phone_href(record.contact_phone),
    )
