"""Opt-in "tell me when a new group starts", keyed only by the keyed chat hash.

A keyed hash cannot be turned back into a chat id, so nobody can be messaged
out of the blue: the resident hears about new groups the next time they
write. `ChatSubscription.created_at` is the moment from which groups count
as new; it moves forward once the resident has been told.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import col, delete, select

from catalogue.db import session_scope
from catalogue.models import ChatSubscription, Group
from catalogue.taxonomy import MUNICIPALITIES, THEMES


def subscribe(
    engine: Engine,
    *,
    key: str,
    channel: str,
    municipality: str | None,
    themes: tuple[str, ...],
    now: datetime,
) -> None:
    """Create or refresh the subscription of one chat (codes and names only)."""
    with session_scope(engine) as session:
        row = session.exec(select(ChatSubscription).where(ChatSubscription.chat_key == key)).first()
        if row is None:
            row = ChatSubscription(chat_key=key, channel=channel)
        row.municipality = municipality if municipality in MUNICIPALITIES else None
        row.themes = [t for t in themes if t in THEMES]
        row.created_at = now
        session.add(row)


def find(engine: Engine, key: str) -> ChatSubscription | None:
    """The subscription of a chat, if any."""
    with session_scope(engine) as session:
        query = select(ChatSubscription).where(ChatSubscription.chat_key == key)
        return session.exec(query).first()


def forget(engine: Engine, key: str) -> None:
    """Delete everything stored for a chat key (/vergeet)."""
    with session_scope(engine) as session:
        session.exec(delete(ChatSubscription).where(col(ChatSubscription.chat_key) == key))


def mark_told(engine: Engine, key: str, now: datetime) -> None:
    """Groups up to now have been told about."""
    with session_scope(engine) as session:
        row = session.exec(select(ChatSubscription).where(ChatSubscription.chat_key == key)).first()
        if row is not None:
            row.created_at = now
            session.add(row)


def new_group_ids(engine: Engine, since: datetime) -> set[int]:
    """Active groups anyone can join that were added after `since`."""
    since = _aware(since)
    with session_scope(engine) as session:
        rows = session.exec(
            select(Group.id, Group.created_at).where(
                Group.status == "actief", Group.access_route == "zonder_verwijzing"
            )
        ).all()
    return {int(gid) for gid, created in rows if gid is not None and _aware(created) > since}


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC; compare everything as aware UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
