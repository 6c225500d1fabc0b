"""What the public group page shows: next meetings, runs, how to get in, contact links.

Plain data built from a GroupRecord; the template only formats it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from catalogue.errors import NotFound
from catalogue.freshness import FLAG_DAYS
from catalogue.records import GroupRecord, RunInfo
from catalogue.schedules import (
    CANCELLED_AHEAD,
    Cancellation,
    Meeting,
    ScheduleSpec,
    cancelled_meetings,
    describe,
    next_meetings,
)
from matcher.service import MatchService
from web.search_results import find_record

NEXT_MEETINGS = 5
# A group not confirmed for this long gets a "may be out of date" remark (catalogue.freshness).
STALE_AFTER = timedelta(days=FLAG_DAYS)


@dataclass(frozen=True)
class GroupPage:
    """Everything the group page needs beyond the record itself."""

    record: GroupRecord
    meetings: tuple[Meeting, ...]
    cancelled: tuple[Cancellation, ...]  # coming meetings that do not go ahead, said out loud
    rhythm: str
    next_run: RunInfo | None
    later_runs: tuple[RunInfo, ...]
    can_join: bool
    places_left: int | None
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
    digits = re.sub(r"[^\d+]", "", phone.replace("(0)", ""))  # +31 (0)570 … → +31570…
    return f"tel:{digits}" if len(digits) >= 3 else None


def calendar_record(record: GroupRecord, today: date) -> GroupRecord:
    """The record with the schedule a calendar should show (see upcoming_schedule)."""
    return replace(record, schedule=record.upcoming_schedule(today))


def cancelled_ahead(
    spec: ScheduleSpec, meetings: tuple[Meeting, ...], now: datetime
) -> tuple[Cancellation, ...]:
    """Cancelled meetings in the coming weeks, and at least as far as the listed meetings go."""
    within = max(CANCELLED_AHEAD, meetings[-1].start - now) if meetings else CANCELLED_AHEAD
    return tuple(cancelled_meetings(spec, now, within=within))


def group_page(service: MatchService, group_id: int, *, now: datetime) -> GroupPage:
    """The page data of one group, or NotFound (also for ids out of any sane range)."""
    record = find_record(service, group_id)
    if record is None:
        raise NotFound("Deze groep bestaat niet (meer).")
    next_run = record.next_run(now.date()) if not record.open_group else None
    later = tuple(r for r in record.runs if next_run and r.start_date > next_run.start_date)
    confirmed = record.last_confirmed_at
    spec = record.upcoming_schedule(now.date())
    meetings = tuple(next_meetings(spec, NEXT_MEETINGS, now)) if spec else ()
    return GroupPage(
        record=record,
        meetings=meetings,
        cancelled=cancelled_ahead(spec, meetings, now) if spec else (),
        rhythm=describe(spec) if spec else "",
        next_run=next_run,
        later_runs=later,
        can_join=record.can_join(now),
        places_left=(
            next_run.places_left
            if next_run is not None and next_run.places_left is not None
            else record.places_left
        ),
        stale=confirmed is None or now.date() - confirmed > STALE_AFTER,
        registration_url=safe_web_url(record.registration_url),
        phone_href=phone_href(record.contact_phone),
    )
