"""The audit log: every change to the catalogue leaves an entry."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from catalogue.models import AuditEntry


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry in the caller's transaction (so it commits or rolls back with it)."""
    session.add(
        AuditEntry(
            actor=actor, action=action, entity=entity, entity_id=str(entity_id), detail=detail or {}
        )
    )
