"""Searching and browsing the catalogue for the public pages.

With words, the matcher ranks and explains; without words, the filtered
groups are listed by next start. Both read the matcher's in-memory snapshot
of the catalogue, so a page costs no database round trip. A text search on
its first page records anonymous monitoring facts — never the text.

The crisis check runs first and needs nothing; when the catalogue or the
matcher fails after it, the outcome still carries the crisis help and says
that the search failed, so the page can show both instead of an error.
"""

from __future__ import annotations

import itertools
import logging
import traceback
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.engine import Engine

from catalogue.monitoring import MatchFacts, record_match
from catalogue.records import GroupRecord
from catalogue.taxonomy import ACCESS_ROUTES_SHORT, region_of
from matcher.explain import where
from matcher.filters import passes
from matcher.nearby import local_first, nearby_count
from matcher.pipeline import MatchIndex, Option
from matcher.service import CatalogueUnavailable, MatchService
from web.search_params import SearchParams

log = logging.getLogger(__name__)

PAGE_SIZE = 10
MAX_RESULTS = 100
ENOUGH = 3  # fewer fitting, joinable options than this: say so and suggest next steps


@dataclass(frozen=True)
class Card:
    """One group in a result list."""

    record: GroupRecord
    why: str
    next_start: date | None
    where: str
    how: str
    when: str = ""  # time of day and rhythm, or "vol" / "aanmelden gesloten"
    confirmed: str = ""  # "Laatst bevestigd op …" for data not confirmed lately


@dataclass(frozen=True)
class Page:
    """One page of a result list."""

    cards: tuple[Card, ...]
    number: int
    count: int
    total: int
    first: int  # 1-based position of the first card


@dataclass(frozen=True)
class Outcome:
    """The result of a search or a browse: records in order, plus what the page must say."""

    records: tuple[GroupRecord, ...]
    why: dict[int, str]
    crisis: bool
    crisis_kind: str | None
    searched: bool
    # The catalogue or the matcher failed: no records, but the crisis fields still hold.
    failed: bool = False
    # Fitting groups one cannot join now (full, enrolment closed), shown apart.
    unavailable: tuple[Card, ...] = ()
    when: dict[int, str] | None = None
    confirmed: dict[int, str] | None = None
    # Of the records, how many meet in or around the searched place (None: no place).
    nearby: int | None = None

    @property
    def few(self) -> bool:
        """A text search with fewer than ENOUGH fitting, joinable groups (in or around the
        place, when one was given: online groups fill the list, not the gap)."""
        found = len(self.records) if self.nearby is None else self.nearby
        return self.searched and not self.failed and found < ENOUGH

    @property
    def few_nearby(self) -> bool:
        """Few in or around the place, though online groups make the list longer."""
        return self.few and self.nearby is not None and self.nearby < len(self.records)

    def as_failed(self) -> Outcome:
        """The same search with its results given up (the crisis help stays)."""
        return Outcome((), {}, self.crisis, self.crisis_kind, self.searched, failed=True)

    def page(self, number: int, now: datetime) -> Page:
        """The cards of page `number` (clamped to the last page)."""
        count = max(1, -(-len(self.records) // PAGE_SIZE))
        number = min(max(number, 1), count)
        start = (number - 1) * PAGE_SIZE
        cards = tuple(
            Card(
                r,
                self.why.get(r.id, ""),
                r.next_start(now),
                where(r),
                ACCESS_ROUTES_SHORT[r.access_route],
                (self.when or {}).get(r.id, ""),
                (self.confirmed or {}).get(r.id, ""),
            )
            for r in self.records[start : start + PAGE_SIZE]
        )
        return Page(cards, number, count, len(self.records), start + 1)


@dataclass(frozen=True)
class Snapshot:
    """Derived views of one matcher index: its catalogue version number and records by id."""

    version: int
    by_id: dict[int, GroupRecord]


_snapshots: weakref.WeakKeyDictionary[MatchIndex, Snapshot] = weakref.WeakKeyDictionary()
_versions = itertools.count(1)


def snapshot(service: MatchService) -> Snapshot:
    """The snapshot of the service's current index (a new index = a new version number)."""
    index = service.index()
    found = _snapshots.get(index)
    if found is None:
        found = Snapshot(next(_versions), {record.id: record for record in index.records})
        _snapshots[index] = found
    return found


def find_record(service: MatchService, group_id: int) -> GroupRecord | None:
    """One group from the live snapshot, or None."""
    return snapshot(service).by_id.get(group_id)


def _card(option: Option, now: datetime) -> Card:
    record = option.record
    return Card(
        record,
        option.explanation.why,
        record.next_start(now),
        where(record),
        ACCESS_ROUTES_SHORT[record.access_route],
        option.explanation.when,
        option.explanation.confirmed,
    )


def browse(records: Sequence[GroupRecord], params: SearchParams, *, now: datetime) -> Outcome:
    """Groups passing the filters, soonest start first (no start date: last), then by title."""
    constraints = params.constraints()
    kept = [r for r in records if passes(r, constraints)]
    far = date.max

    def order(record: GroupRecord) -> tuple[date, str]:
        return record.next_start(now) or far, record.title.lower()

    kept.sort(key=order)
    return Outcome(tuple(kept), {}, False, None, searched=False)


def search(
    service: MatchService, params: SearchParams, *, now: datetime, record: bool = True
) -> Outcome:
    """Match the text (or browse without text); crisis is checked before anything else.

    Never raises: a failing catalogue or matcher gives an outcome with `failed`
    set and the crisis fields from the check that ran first.
    """
    signal = service.detect_crisis(params.text)  # needs no database or index, never raises
    if params.text_too_long:
        return Outcome((), {}, signal.crisis, signal.kind, searched=False)
    try:
        if not params.has_text:
            return browse(service.index().records, params, now=now)
        result = service.match(params.profile(), now=now, limit=MAX_RESULTS, crisis=signal)
    except Exception as exc:
        log_failure("search", exc)
        return Outcome((), {}, signal.crisis, signal.kind, params.has_text, failed=True)
    options = result.options  # above the relevance floor and joinable (matcher.pipeline)
    place = None if params.online_only else params.municipality
    if place is not None:
        options = local_first(options)
    outcome = Outcome(
        tuple(o.record for o in options),
        {o.record.id: o.explanation.why for o in options},
        result.crisis,
        result.crisis_kind,
        searched=True,
        unavailable=tuple(_card(o, now) for o in result.unavailable),
        when={o.record.id: o.explanation.when for o in options},
        confirmed={o.record.id: o.explanation.confirmed for o in options},
        nearby=None if place is None else nearby_count(options, place),
    )
    if record and params.page == 1:
        shown = tuple(r.id for r in outcome.records[:PAGE_SIZE])
        _record_facts(
            service.engine,
            MatchFacts(
                channel="web",
                region=region_of(params.municipality),
                themes=result.themes,
                suggested_ids=shown,
                crisis=result.crisis,
                municipality=params.municipality,
                gap=outcome.few and not result.crisis,
            ),
        )
    return outcome


def log_failure(what: str, exc: BaseException) -> None:
    """Log a failure with its type and stack but not its message: that may quote the text."""
    if isinstance(exc, CatalogueUnavailable):
        log.warning("%s without results: the catalogue cannot be read", what)
        return
    stack = "".join(traceback.format_tb(exc.__traceback__))
    log.error("%s failed (%s)\n%s", what, type(exc).__name__, stack.rstrip())


def _record_facts(engine: Engine, facts: MatchFacts) -> None:
    """Monitoring must never break a search: failures are logged (without any text)."""
    try:
        record_match(engine, facts)
    except Exception:
        log.exception("could not record monitoring facts")
