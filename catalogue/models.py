"""SQLModel tables of the catalogue (DESIGN.md §4).

Lists of vocabulary codes are JSON columns: they are read as a whole, never
joined on, and the same schema then works on SQLite and PostgreSQL.
Timestamps are aware UTC; a schedule's first session is naive Europe/Amsterdam
wall-clock time, so recurrences keep their local time across DST changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Aware UTC now, the form every timestamp column stores."""
    return datetime.now(UTC)


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Organisation(SQLModel, table=True):
    """A provider: GGZ institution, welfare organisation, recovery academy, peer group."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True, index=True)
    website: str | None = Field(default=None, max_length=300)
    is_example: bool = False
    # A VG team's region (taxonomy REGIONS): the advices its members may see.
    region: str | None = Field(default=None, max_length=40)


class Location(SQLModel, table=True):
    """A place where groups meet."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=200)
    postcode: str | None = Field(default=None, max_length=10)
    municipality: str = Field(max_length=80, index=True)
    lat: float | None = None
    lon: float | None = None
    accessibility: str | None = Field(default=None, max_length=300)


class Group(SQLModel, table=True):
    """A group offer. `version` guards concurrent edits (optimistic locking)."""

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(max_length=64, unique=True, index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    location_id: int | None = Field(default=None, foreign_key="location.id")
    title: str = Field(max_length=120)
    summary: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=4000)
    domain: str = Field(max_length=20, index=True)
    elements: list[str] = _json_list()
    themes: list[str] = _json_list()
    tags: list[str] = _json_list()
    audience: str = Field(default="iedereen", max_length=20)
    age_min: int | None = None
    age_max: int | None = None
    special_audiences: list[str] = _json_list()
    languages: list[str] = _json_list()
    open_group: bool = True
    mode: str = Field(default="locatie", max_length=10)
    access_route: str = Field(default="zonder_verwijzing", max_length=20)
    cost: str = Field(default="gratis", max_length=20)
    cost_note: str | None = Field(default=None, max_length=200)
    capacity: int | None = None
    places_left: int | None = None
    waiting_weeks: int | None = None
    facilitator_roles: list[str] = _json_list()
    contact_phone: str | None = Field(default=None, max_length=40)
    contact_email: str | None = Field(default=None, max_length=200)
    registration_url: str | None = Field(default=None, max_length=300)
    address_after_registration: bool = False
    status: str = Field(default="actief", max_length=20, index=True)
    last_confirmed_at: date | None = None
    is_example: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class GroupArea(SQLModel, table=True):
    """Municipalities a group serves (its service area)."""

    __table_args__ = (UniqueConstraint("group_id", "municipality"),)
    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="group.id", index=True)
    municipality: str = Field(max_length=80, index=True)


class Schedule(SQLModel, table=True):
    """An RFC 5545 recurrence; `first_session` is local Europe/Amsterdam time."""

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="group.id", index=True)
    rrule: str = Field(max_length=200)
    first_session: datetime = Field(sa_column=Column(DateTime(timezone=False), nullable=False))
    duration_minutes: int = 90
    until: date | None = None
    session_count: int | None = None


class ScheduleException(SQLModel, table=True):
    """A cancelled date of a schedule."""

    __table_args__ = (UniqueConstraint("schedule_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    schedule_id: int = Field(foreign_key="schedule.id", index=True)
    day: date
    reason: str | None = Field(default=None, max_length=200)


class Run(SQLModel, table=True):
    """A dated cohort of a closed group: when it starts and whether one can still join."""

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="group.id", index=True)
    start_date: date
    sessions: int | None = None
    enrolment_open: bool = True
    next_intake: date | None = None
    places_left: int | None = None


class User(SQLModel, table=True):
    """A facilitator, team member, coordinator or admin (residents never have accounts)."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=200, unique=True, index=True)
    name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=200)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    # Part of every login session's id: raising it (logout, deactivation) ends all live sessions.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": sa.text("0")})


class Membership(SQLModel, table=True):
    """A user's role within an organisation (or region-wide when organisation is None)."""

    __table_args__ = (UniqueConstraint("user_id", "organisation_id", "role"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    role: str = Field(max_length=20)


class AuditEntry(SQLModel, table=True):
    """Who changed what, when: every change to the catalogue leaves one."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=64)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class MatchEvent(SQLModel, table=True):
    """Anonymous monitoring of one match: derived data only, never free text (§6)."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    channel: str = Field(max_length=20)
    region: str | None = Field(default=None, max_length=40)
    themes: list[str] = _json_list()
    advice_categories: list[str] = _json_list()
    suggested_ids: list[int] = _json_list()
    chosen_id: int | None = None
    crisis: bool = False
    result_count: int = 0
    municipality: str | None = Field(default=None, max_length=80)
    # No option passed the relevance floor within the person's constraints, or fewer than
    # three did: the input for new group offers.
    gap: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class ChatSubscription(SQLModel, table=True):
    """Opt-in "tell me when a new group starts", keyed by a keyed hash of the chat."""

    id: int | None = Field(default=None, primary_key=True)
    chat_key: str = Field(max_length=64, unique=True, index=True)
    channel: str = Field(max_length=20)
    municipality: str | None = Field(default=None, max_length=80)
    themes: list[str] = _json_list()
    created_at: datetime = Field(default_factory=utcnow)


class Advice(SQLModel, table=True):
    """Anonymous record of one VG advice (§6): codes, ids and counts, never the team's words.

    `code` is printed on the advice so a facilitator can later say "aangemeld" without
    anyone's name; `form_key` makes a resubmitted advice form return the same advice.
    """

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=12, unique=True, index=True)
    form_key: str = Field(max_length=64, unique=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    region: str | None = Field(default=None, max_length=40, index=True)
    municipality: str | None = Field(default=None, max_length=80)
    advice_categories: list[str] = _json_list()
    contexts: list[str] = _json_list()
    pg_dimensions: list[str] = _json_list()
    themes: list[str] = _json_list()
    days_to_first_session: int | None = None
    # Fewer than three options passed the relevance floor within the constraints.
    gap: bool = False


class AdviceOption(SQLModel, table=True):
    """One group suggested in an advice, and how far the person got with it."""

    __table_args__ = (UniqueConstraint("advice_id", "group_id"),)
    id: int | None = Field(default=None, primary_key=True)
    advice_id: int = Field(foreign_key="advice.id", index=True)
    group_id: int = Field(foreign_key="group.id", index=True)
    domain: str = Field(max_length=20)
    without_referral: bool = True
    days_to_first_session: int | None = None
    status: str = Field(default="voorgesteld", max_length=20)
    reason: str | None = Field(default=None, max_length=30)
    updated_at: datetime = Field(default_factory=utcnow)


class JobRun(SQLModel, table=True):
    """One run of a scheduled job, claimed by its idempotency key (catalogue.jobruns).

    The unique `key` names the job and the slot it runs for ("freshness:2026-12-01"),
    so two workers never both run it; `outcome` is "running", "done" or "failed".
    """

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40, index=True)
    key: str = Field(max_length=120, unique=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    outcome: str = Field(default="running", max_length=20)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OutboxMessage(SQLModel, table=True):
    """One e-mail waiting to be sent (or sent): the only way mail leaves (catalogue.outbox).

    The body may hold a single-use account link, so it is never logged; `kind` says what
    the message is for ("reset", "invite") without its content.
    """

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    to: str = Field(max_length=200)
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=Column(sa.Text, nullable=False))
    sent_at: datetime | None = None
    kind: str = Field(max_length=20)
