"""The outbox: every e-mail the site sends is first a row here (docs/accounts.md).

A message is queued in the caller's transaction, so it exists exactly when the change
that caused it (an invitation, a reset request) commits. Delivering is a separate step:
`deliver_pending(engine, send)` hands each pending message to a sender and marks it
sent. There is no SMTP sender yet; `groepenwijzer outbox` uses `printer`, which writes
the messages to standard output for the operator (development, or copying by hand).

Bodies hold single-use account links, which are as good as a password for a while.
So logs only ever name a message's id and kind, never its address, subject or body,
at any level: a sender that wants the text on screen prints it on purpose, to a
stream it was given, instead of it leaking through the logging configuration.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from catalogue.db import session_scope
from catalogue.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

KINDS = frozenset({"reset", "invite", "reminder", "digest"})


@dataclass(frozen=True)
class Mail:
    """A pending message as a sender sees it (detached from the database session)."""

    id: int
    to: str
    subject: str
    body: str
    kind: str


Sender = Callable[[Mail], None]


def queue(session: Session, to: str, subject: str, body: str, kind: str) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction."""
    if kind not in KINDS:
        raise ValueError(f"unknown outbox kind {kind!r}")
    message = OutboxMessage(to=to, subject=subject, body=body, kind=kind)
    session.add(message)
    session.flush()
    log.info("mail queued", extra={"event": "outbox.queued", "mail_id": message.id, "kind": kind})
    return message


def pending(session: Session) -> list[OutboxMessage]:
    """The messages not sent yet, oldest first."""
    query = select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
    return list(session.exec(query.order_by(col(OutboxMessage.id))).all())


def deliver_pending(engine: Engine, send: Sender) -> int:
    """Send every pending message once and mark it sent; returns how many were sent.

    Each message is claimed in its own transaction (FOR UPDATE SKIP LOCKED on
    PostgreSQL), so two runs at once never send the same message twice. A message
    whose sending fails stays pending for the next run.
    """
    with session_scope(engine) as session:
        ids = [m.id for m in pending(session) if m.id is not None]
    sent = 0
    for mail_id in ids:
        try:
            sent += _deliver_one(engine, mail_id, send)
        except Exception:
            log.exception("mail not sent", extra={"event": "outbox.failed", "mail_id": mail_id})
    return sent


def _deliver_one(engine: Engine, mail_id: int, send: Sender) -> int:
    with session_scope(engine) as session:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.id == mail_id, col(OutboxMessage.sent_at).is_(None))
            .with_for_update(skip_locked=True)
        )
        message = session.exec(query).first()
        if message is None:  # sent by another run meanwhile
            return 0
        send(Mail(mail_id, message.to, message.subject, message.body, message.kind))
        message.sent_at = utcnow()
        session.add(message)
    log.info("mail sent", extra={"event": "outbox.sent", "mail_id": mail_id, "kind": message.kind})
    return 1


def printer(stream: TextIO) -> Sender:
    """A sender that writes each message to `stream` (the development "mail server")."""

    def send(mail: Mail) -> None:
        stream.write(
            f"--- bericht {mail.id} ({mail.kind}) ---\n"
            f"Aan: {mail.to}\nOnderwerp: {mail.subject}\n\n{mail.body.rstrip()}\n\n"
        )
        stream.flush()

    return send
