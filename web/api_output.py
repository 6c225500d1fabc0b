"""What the JSON API answers: catalogue records, match results and vocabularies as API models.

Plain functions from the matcher's and the catalogue's own values to the models
of `web.api_models`; the views only call them. The group fields follow the
public group page: a confidential venue is given by its municipality only, and
a registration link only when it is a plain http(s) URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from catalogue import taxonomy as tx
from catalogue.records import TIMES_OF_DAY, GroupRecord
from matcher.crisis import CrisisSignal, help_for
from matcher.explain import how, where
from matcher.pipeline import MatchResult, Option
from web import api_models as m
from web.api_input import GroupQuery, as_utc
from web.group_page import STALE_AFTER, GroupPage, safe_web_url
from web.search_results import browse

# The public page URL of a group id (passed in, so this module needs no request).
UrlOf = Callable[[int], str]


def crisis_help(signal: CrisisSignal) -> m.CrisisHelp | None:
    """The crisis block for a signal (matcher.crisis.help, as on every front), or None."""
    if not signal.crisis:
        return None
    block = help_for(signal.kind)
    return m.CrisisHelp(
        kind=block.kind,
        title=block.title,
        intro=block.intro,
        contacts=[m.CrisisContact(label=c.label, how=c.how, when=c.when) for c in block.contacts],
        actions=[m.CrisisAction(label=a.label, href=a.href) for a in block.actions],
        closing=block.closing,
    )


def _location(record: GroupRecord) -> m.Location:
    hidden = record.address_after_registration
    return m.Location(
        name=None if hidden else record.location_name,
        address=None if hidden else record.address,
        postcode=None if hidden else record.postcode,
        municipality=record.municipality,
        accessibility=record.accessibility,
        address_after_registration=hidden,
    )


def _group_fields(record: GroupRecord, *, url: str, now: datetime) -> dict[str, object]:
    confirmed = record.last_confirmed_at
    return {
        "id": record.id,
        "url": url,
        "title": record.title,
        "summary": record.summary,
        "domain": record.domain,
        "themes": list(record.themes),
        "elements": list(record.elements),
        "audience": record.audience,
        "age_min": record.age_min,
        "age_max": record.age_max,
        "special_audiences": list(record.special_audiences),
        "languages": list(record.languages),
        "open_group": record.open_group,
        "mode": record.mode,
        "access_route": record.access_route,
        "how": how(record),
        "where": where(record),
        "cost": record.cost,
        "cost_note": record.cost_note,
        "capacity": record.capacity,
        "places_left": record.places_left,
        "waiting_weeks": record.waiting_weeks,
        "facilitator_roles": list(record.facilitator_roles),
        "organisation": record.organisation,
        "location": _location(record),
        "service_area": sorted(record.service_area),
        "contact": m.GroupContact(
            phone=record.contact_phone,
            email=record.contact_email,
            registration_url=safe_web_url(record.registration_url),
        ),
        "status": record.status,
        "is_example": record.is_example,
        "last_confirmed_at": confirmed,
        "stale": confirmed is None or now.date() - confirmed > STALE_AFTER,
        "next_start": record.next_start(now),
        "joinable": record.can_join(now),
        "updated_at": as_utc(record.updated_at) if record.updated_at else None,
    }


def group(record: GroupRecord, *, url: str, now: datetime) -> m.Group:
    """A group as lists show it."""
    return m.Group.model_validate(_group_fields(record, url=url, now=now))


def group_detail(page: GroupPage, *, url: str, now: datetime) -> m.GroupDetail:
    """One group in full, from the public group page's own data."""
    record = page.record
    return m.GroupDetail.model_validate(
        {
            **_group_fields(record, url=url, now=now),
            "description": record.description,
            "rhythm": page.rhythm,
            "next_meetings": [
                m.Meeting(start=as_utc(meeting.start), end=as_utc(meeting.end))
                for meeting in page.meetings
            ],
            "cancelled": [cancellation.text() for cancellation in page.cancelled],
            "runs": [
                m.Run(
                    start_date=run.start_date,
                    sessions=run.sessions,
                    enrolment_open=run.enrolment_open,
                    next_intake=run.next_intake,
                    places_left=run.places_left,
                )
                for run in record.runs
            ],
        }
    )


@dataclass(frozen=True)
class Listing:
    """One page of a group list and how many groups the whole list has."""

    records: tuple[GroupRecord, ...]
    total: int
    pages: int


def list_groups(records: Sequence[GroupRecord], query: GroupQuery, *, now: datetime) -> Listing:
    """The groups of a GET /groups request, one page of them.

    Without `modified_after`: active groups passing the filters, soonest start first
    (as the public pages browse). With it: groups of every status changed after that
    moment, oldest change first, so a mirror also learns that a group stopped.
    """
    if query.modified_after is None:
        kept = list(browse(records, query.params, now=now).records)
    else:
        after = query.modified_after
        changed = [r for r in records if r.updated_at and as_utc(r.updated_at) > after]
        # Every status counts here: the filters only judge the group's other fields.
        filters = browse([_as_active(r) for r in changed], query.params, now=now).records
        wanted = {r.id for r in filters}
        kept = sorted((r for r in changed if r.id in wanted), key=_change_order)
    start = (query.page - 1) * query.per_page
    pages = -(-len(kept) // query.per_page)
    return Listing(tuple(kept[start : start + query.per_page]), len(kept), pages)


def _as_active(record: GroupRecord) -> GroupRecord:
    return replace(record, status="actief")


def _change_order(record: GroupRecord) -> tuple[datetime, int]:
    assert record.updated_at is not None
    return as_utc(record.updated_at), record.id


def _explanation(option: Option) -> m.Explanation:
    e = option.explanation
    return m.Explanation(
        why=e.why,
        reasons=list(e.reasons),
        when=e.when,
        next_dates=list(e.next_dates),
        where=e.where,
        how=e.how,
        evidence=e.evidence,
        confirmed=e.confirmed,
        cancelled=list(e.cancelled),
    )


def match_option(option: Option, *, url: str, now: datetime) -> m.MatchOption:
    """One option with its evidence-only explanation."""
    return m.MatchOption(
        group=group(option.record, url=url, now=now),
        relevance=min(1.0, max(0.0, round(float(option.relevance), 4))),
        joinable=option.joinable,
        stale=option.stale,
        explanation=_explanation(option),
    )


def labels(vocabulary: Mapping[str, object]) -> list[m.Label]:
    """Codes with their Dutch labels (a theme's label is its `label`)."""
    return [
        m.Label(code=code, label=value if isinstance(value, str) else getattr(value, "label", code))
        for code, value in vocabulary.items()
    ]


def vocabularies() -> m.Vocabularies:
    """Every code of the catalogue's taxonomy, with labels."""
    return m.Vocabularies(
        domains=labels(tx.DOMAINS),
        themes=labels(tx.THEMES),
        contexts=labels(tx.CONTEXTS),
        elements=labels(tx.ELEMENTS),
        audiences=labels(tx.AUDIENCES),
        person_categories=labels({code: tx.AUDIENCES[code] for code in tx.AUDIENCE_ALLOWED}),
        special_audiences=labels(tx.SPECIAL_AUDIENCES),
        languages=labels(tx.LANGUAGES),
        modes=labels(tx.MODES),
        access_routes=labels(tx.ACCESS_ROUTES),
        costs=labels(tx.COSTS),
        facilitator_roles=labels(tx.FACILITATOR_ROLES),
        statuses=labels(tx.STATUSES),
        weekdays=labels(tx.WEEKDAYS),
        times_of_day=labels({code: code for code in TIMES_OF_DAY}),
        regions=labels(tx.REGIONS),
    )


def municipalities() -> m.MunicipalityList:
    """The GEM municipalities with their regions."""
    return m.MunicipalityList(
        items=[
            m.Municipality(name=mu.name, region=mu.region, region_label=tx.REGIONS[mu.region])
            for mu in tx.MUNICIPALITIES.values()
        ]
    )


def match_response(
    result: MatchResult, signal: CrisisSignal, *, url_of: UrlOf, now: datetime
) -> m.MatchResponse:
    """Crisis help first, then the options and the fitting groups one cannot join now."""
    return m.MatchResponse(
        crisis=crisis_help(signal),
        options=[match_option(o, url=url_of(o.record.id), now=now) for o in result.options],
        unavailable=[match_option(o, url=url_of(o.record.id), now=now) for o in result.unavailable],
        themes=list(result.themes),
        notices=list(result.notices),
    )
