"""The coordinator's monitoring dashboard: counts over anonymous records (issue 11 §5).

Everything here is read from `Advice`, `AdviceOption` and `MatchEvent`, which hold
codes, group ids, day counts and flags only (DESIGN.md §6): there is no free text
to show. Rows are read column by column and counted in Python, because the code
lists are JSON columns that SQLite and PostgreSQL unpack differently; a period's
records are few enough for that.

A period is a half-open range of Europe/Amsterdam dates [start, end). Options are
counted with the advice they belong to: an option chosen in March that started in
May counts in March's figures, with its current status.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlmodel import Session, col, select

from catalogue import taxonomy as tx
from catalogue.errors import Forbidden, Invalid
from catalogue.models import Advice, AdviceOption, Group, MatchEvent, Membership, Organisation, User
from catalogue.schedules import AMSTERDAM

CHAT_CHANNELS = ("webchat", "telegram")
SEARCH_CHANNELS = ("web",)
# Gap events count from residents' own searches and chats; the command line is staff testing.
RESIDENT_CHANNELS = (*SEARCH_CHANNELS, *CHAT_CHANNELS)
SIGNED_UP = ("aangemeld", "gestart")  # "aangemeld or further"
NO_THEME = "geen_thema"
NO_THEME_LABEL = "Geen thema herkend"
TOP_GROUPS = 10


@dataclass(frozen=True)
class Count:
    """One code with its Dutch label and how often it occurred."""

    code: str
    label: str
    count: int


@dataclass(frozen=True)
class GroupCount:
    """A group chosen in advices, and how often."""

    group_id: int
    title: str
    count: int


@dataclass(frozen=True)
class Conversion:
    """How the chosen options of one domain went: counts of the current statuses."""

    domain: str
    label: str
    chosen: int
    signed_up: int  # aangemeld or gestart
    started: int
    not_fitting: int
    reasons: tuple[Count, ...]

    def share(self, part: int) -> float | None:
        """`part` as a percentage of the chosen options; None when nothing was chosen."""
        return 100 * part / self.chosen if self.chosen else None


@dataclass(frozen=True)
class ThemeGap:
    """A theme for which too few groups fitted: from advices and from residents' searches."""

    code: str
    label: str
    advices: int
    events: int

    @property
    def total(self) -> int:
        """Advices and searches/chats together."""
        return self.advices + self.events


@dataclass(frozen=True)
class Dashboard:
    """Every figure of the monitoring page for one period and region (None: all regions)."""

    start: date
    end: date  # exclusive
    region: str | None
    advices: int
    chats: int
    searches: int
    categories: tuple[Count, ...]
    contexts: tuple[Count, ...]
    suggested_options: int
    without_referral: int
    median_days: float | None
    days_known: int  # advices with a first possible session
    top_groups: tuple[GroupCount, ...]
    conversion: tuple[Conversion, ...]
    gap_advices: int
    gap_events: int
    gap_contexts: tuple[Count, ...]
    gap_themes: tuple[ThemeGap, ...]

    @property
    def without_referral_share(self) -> float | None:
        """Percentage of suggested options one can join without a referral."""
        if not self.suggested_options:
            return None
        return 100 * self.without_referral / self.suggested_options


@dataclass(frozen=True)
class Scope:
    """Which regions an account may look at: `everything` or only `regions`."""

    everything: bool
    regions: tuple[str, ...]


def scope_of(session: Session, user: User | None) -> Scope:
    """The regions a user may see; Forbidden unless coordinator or admin.

    An admin or a coordinator without organisation sees every region; a coordinator of
    an organisation sees that organisation's region only.
    """
    if user is None or user.id is None:
        raise Forbidden("Log in met een account van een coördinator.")
    current = session.get(User, user.id)
    if current is None or not current.active:
        raise Forbidden("Dit account is niet meer actief.")
    memberships = session.exec(select(Membership).where(Membership.user_id == user.id)).all()
    region_wide = (
        m.role == "admin" or (m.role == "coordinator" and m.organisation_id is None)
        for m in memberships
    )
    if any(region_wide):
        return Scope(True, tuple(tx.REGIONS))
    org_ids = [m.organisation_id for m in memberships if m.role == "coordinator"]
    if not org_ids:
        raise Forbidden("Alleen coördinatoren zien de monitoring.")
    found = set(
        session.exec(select(Organisation.region).where(col(Organisation.id).in_(org_ids))).all()
    )
    regions = tuple(r for r in tx.REGIONS if r in found)
    if not regions:
        raise Forbidden(
            "Je organisatie hoort nog niet bij een regio. Vraag de beheerder dit in te stellen."
        )
    return Scope(False, regions)


def choose_region(scope: Scope, requested: str | None) -> str | None:
    """The region to show: the one asked for if allowed; by default all, or one's own."""
    if requested is None:
        return None if scope.everything else scope.regions[0]
    if requested not in tx.REGIONS:
        raise Invalid("Deze regio kennen we niet. Kies een regio uit de lijst.")
    if requested not in scope.regions:
        raise Forbidden("Je ziet alleen de cijfers van je eigen regio.")
    return requested


def dashboard_for(
    session: Session, *, user: User | None, start: date, end: date, region: str | None
) -> Dashboard:
    """The dashboard as this user may see it (Forbidden/Invalid as `scope_of`/`choose_region`)."""
    chosen = choose_region(scope_of(session, user), region)
    return build_dashboard(session, start=start, end=end, region=chosen)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), AMSTERDAM).astimezone(UTC)


def build_dashboard(session: Session, *, start: date, end: date, region: str | None) -> Dashboard:
    """Every figure for [start, end) in one region (None: all), without a permission check."""
    if end <= start:
        raise Invalid("De einddatum moet na de begindatum liggen.")
    since, until = _moment(start), _moment(end)
    advice_query = select(Advice).where(col(Advice.at) >= since, col(Advice.at) < until)
    event_query = select(MatchEvent.channel, MatchEvent.themes, MatchEvent.gap).where(
        col(MatchEvent.at) >= since,
        col(MatchEvent.at) < until,
        col(MatchEvent.channel).in_(RESIDENT_CHANNELS),
    )
    if region is not None:
        advice_query = advice_query.where(Advice.region == region)
        event_query = event_query.where(MatchEvent.region == region)
    advices = list(session.exec(advice_query).all())
    events = list(session.exec(event_query).all())
    ids = [a.id for a in advices]
    options = list(session.exec(select(AdviceOption).where(col(AdviceOption.advice_id).in_(ids))))
    channels = Counter(channel for channel, _, _ in events)
    days = [a.days_to_first_session for a in advices if a.days_to_first_session is not None]
    gapped = [a for a in advices if a.gap]
    gap_event_themes = [list(themes) or [NO_THEME] for _, themes, gap in events if gap]
    return Dashboard(
        start=start,
        end=end,
        region=region,
        advices=len(advices),
        chats=sum(channels[c] for c in CHAT_CHANNELS),
        searches=sum(channels[c] for c in SEARCH_CHANNELS),
        categories=_counts(tx.ADVICE_CATEGORIES, (a.advice_categories for a in advices)),
        contexts=_counts(tx.CONTEXTS, (a.contexts for a in advices)),
        suggested_options=len(options),
        without_referral=sum(o.without_referral for o in options),
        median_days=statistics.median(days) if days else None,
        days_known=len(days),
        top_groups=_top_groups(session, options),
        conversion=_conversion(options),
        gap_advices=len(gapped),
        gap_events=len(gap_event_themes),
        gap_contexts=_nonzero(_counts(tx.CONTEXTS, (a.contexts for a in gapped))),
        gap_themes=_theme_gaps([a.themes for a in gapped], gap_event_themes),
    )


def _counts(vocabulary: Mapping[str, str], lists: Iterable[list[str]]) -> tuple[Count, ...]:
    """Every code of the vocabulary in its own order, with how many records named it."""
    counted: Counter[str] = Counter()
    for codes in lists:
        counted.update(set(codes))
    return _labelled(vocabulary, counted)


def _labelled(vocabulary: Mapping[str, str], counted: Counter[str]) -> tuple[Count, ...]:
    return tuple(Count(code, label, counted[code]) for code, label in vocabulary.items())


def _nonzero(counts: tuple[Count, ...]) -> tuple[Count, ...]:
    return tuple(sorted((c for c in counts if c.count), key=lambda c: -c.count))


def _top_groups(session: Session, options: list[AdviceOption]) -> tuple[GroupCount, ...]:
    counted = Counter(o.group_id for o in options if o.status != "voorgesteld")
    if not counted:
        return ()
    titles = dict(
        session.exec(select(Group.id, Group.title).where(col(Group.id).in_(list(counted)))).all()
    )
    ranked = sorted(counted.items(), key=lambda item: (-item[1], titles.get(item[0], "")))
    return tuple(
        GroupCount(gid, titles.get(gid, f"Groep {gid}"), n) for gid, n in ranked[:TOP_GROUPS]
    )


def _conversion(options: list[AdviceOption]) -> tuple[Conversion, ...]:
    """Per domain with chosen options: how many signed up, started, or did not fit (and why)."""
    chosen = [o for o in options if o.status != "voorgesteld"]
    result = []
    for domain, label in tx.DOMAINS.items():
        mine = [o for o in chosen if o.domain == domain]
        if not mine:
            continue
        reasons = Counter(o.reason for o in mine if o.status == "niet_passend" and o.reason)
        result.append(
            Conversion(
                domain=domain,
                label=label,
                chosen=len(mine),
                signed_up=sum(o.status in SIGNED_UP for o in mine),
                started=sum(o.status == "gestart" for o in mine),
                not_fitting=sum(o.status == "niet_passend" for o in mine),
                reasons=_nonzero(_labelled(tx.NOT_FITTING_REASONS, reasons)),
            )
        )
    return tuple(result)


def _theme_gaps(
    from_advices: list[list[str]], from_events: list[list[str]]
) -> tuple[ThemeGap, ...]:
    advices: Counter[str] = Counter()
    events: Counter[str] = Counter()
    for themes in from_advices:
        advices.update(set(themes) or {NO_THEME})
    for themes in from_events:
        events.update(set(themes))
    labels = {code: theme.label for code, theme in tx.THEMES.items()} | {NO_THEME: NO_THEME_LABEL}
    gaps = [
        ThemeGap(code, labels.get(code, code), advices[code], events[code])
        for code in advices.keys() | events.keys()
    ]
    return tuple(sorted(gaps, key=lambda g: (-g.total, g.label)))
