"""Bodies of the scheduled catalogue jobs (wired to APScheduler in web/worker.py).

Each takes the engine and the moment it runs for, so tests call them with any
clock; each is idempotent on its own (a reminder is sent once per confirmation
date, a finished group is ended once), and the worker also claims every run by
key (catalogue.jobruns) so two workers never both run it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from catalogue import audit, outbox
from catalogue.db import session_scope
from catalogue.freshness import REMIND_DAYS
from catalogue.groups import load_records
from catalogue.jobruns import mark_once
from catalogue.models import Group, Membership, User
from catalogue.records import GroupRecord
from catalogue.schedules import AMSTERDAM, dutch_date, next_meetings, starting_on

log = logging.getLogger(__name__)
WORKER = "worker"


def _facilitators(session: Session, organisation_id: int) -> list[str]:
    """Active facilitators of an organisation (they confirm its groups)."""
    rows = session.exec(
        select(User.email)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(
            Membership.organisation_id == organisation_id,
            Membership.role == "facilitator",
            User.active == True,  # noqa: E712  (SQL expression)
        )
        .order_by(col(User.email))
    ).all()
    return list(dict.fromkeys(rows))


def catalogue_state(engine: Engine) -> str:
    """Changes whenever a group is added, removed or edited (the re-index job's slot)."""
    with session_scope(engine) as session:
        count, last = session.exec(
            select(func.count(col(Group.id)), func.max(Group.updated_at))
        ).one()
    return f"{count}:{last}"


def remind_unconfirmed(engine: Engine, today: date, base_url: str) -> dict[str, int]:
    """Remind the facilitators of active groups unconfirmed for REMIND_DAYS or more.

    One reminder per group per confirmation date: confirming ("klopt nog") resets
    the clock, and a group that stays unconfirmed is not reminded daily.
    """
    reminded = without_facilitator = 0
    with session_scope(engine) as session:
        groups = session.exec(
            select(Group).where(Group.status == "actief", Group.is_example == False)  # noqa: E712
        ).all()
        for group in groups:
            since = group.last_confirmed_at or group.created_at.astimezone(AMSTERDAM).date()
            if (today - since).days < REMIND_DAYS:
                continue
            recipients = _facilitators(session, group.organisation_id)
            if not recipients:
                without_facilitator += 1
                continue
            if not mark_once(session, f"reminder:{group.id}:{since.isoformat()}"):
                continue
            subject, body = _reminder(group, since, base_url)
            for address in recipients:
                outbox.queue(session, to=address, subject=subject, body=body, kind="reminder")
            reminded += 1
    return {"reminded": reminded, "without_facilitator": without_facilitator}


def _reminder(group: Group, since: date, base_url: str) -> tuple[str, str]:
    subject = f"Klopt het nog? {group.title}"
    body = (
        f"Hallo,\n\nDe gegevens van '{group.title}' zijn voor het laatst bevestigd op "
        f"{dutch_date(since, year=True)}. Wil je even kijken of alles nog klopt: dagen, tijden, "
        f"plekken en hoe mensen zich aanmelden?\n\n"
        f"{base_url}/beheer/groepen/{group.id}\n\n"
        f"Klopt alles? Klik dan op 'Alles klopt nog'. Na 120 dagen zonder bevestiging laten we "
        f"de groep niet meer zien in de zoekresultaten, tot iemand hem bevestigt.\n"
    )
    return subject, body


def end_finished_groups(engine: Engine, now: datetime) -> dict[str, int]:
    """Set active groups whose meetings and runs have all passed to "gestopt" (audited).

    Only groups with a schedule can finish; a group without one (meets by
    arrangement) stays active. A closed group finishes after its last run.
    """
    ended = 0
    with session_scope(engine) as session:
        finished = [r.id for r in load_records(session) if _finished(r, now)]
        for group_id in finished:
            group = session.get(Group, group_id)
            if group is None or group.status != "actief":
                continue
            group.status = "gestopt"
            group.version += 1
            group.updated_at = now
            session.add(group)
            audit.record(
                session,
                actor=WORKER,
                action="end",
                entity="group",
                entity_id=group_id,
                detail={"status": ["actief", "gestopt"], "reason": "alle bijeenkomsten voorbij"},
            )
            ended += 1
    return {"ended": ended}


def _finished(record: GroupRecord, now: datetime) -> bool:
    """Active, with a schedule, and no meeting left: not in a run under way, none to come."""
    if record.status != "actief" or record.schedule is None:
        return False
    spec = record.schedule
    if record.runs:  # the latest run repeats the stored (first) run's rule from its own start
        last = max(record.runs, key=lambda run: run.start_date)
        spec = replace(
            starting_on(spec, last.start_date),
            session_count=last.sessions or spec.session_count,
        )
    return not next_meetings(spec, 1, now)
