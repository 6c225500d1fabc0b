"""Claiming a job run so that it runs once, however many workers are started.

A run is claimed by inserting a `JobRun` row with a unique idempotency key: the
second worker's insert fails and it skips the run. On PostgreSQL the claim is
also taken under a transaction-level advisory lock on the job's name, so two
workers never race on the same job even for different keys. Nothing here
knows what a job does (catalogue.jobs, matcher.jobs).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from catalogue.db import session_scope
from catalogue.models import JobRun

log = logging.getLogger(__name__)


def _lock_id(job: str) -> int:
    """A stable signed 64-bit advisory-lock id for a job name."""
    return int.from_bytes(hashlib.sha256(job.encode()).digest()[:8], "big", signed=True)


def claim(engine: Engine, job: str, key: str) -> int | None:
    """The id of a new run of `job` for `key`, or None when that run is already claimed."""
    try:
        with session_scope(engine) as session:
            if engine.dialect.name == "postgresql":
                taken = session.exec(  # type: ignore[call-overload]
                    text("SELECT pg_try_advisory_xact_lock(:id)"), params={"id": _lock_id(job)}
                ).scalar_one()
                if not taken:
                    return None
            if session.exec(select(JobRun.id).where(JobRun.key == key)).first() is not None:
                return None
            run = JobRun(job=job, key=key)
            session.add(run)
            session.flush()
            return run.id
    except IntegrityError:  # another worker inserted the same key first
        return None


def finish(engine: Engine, run_id: int, outcome: str, detail: dict[str, Any]) -> None:
    """Record how a claimed run ended."""
    with session_scope(engine) as session:
        run = session.get(JobRun, run_id)
        if run is not None:
            run.finished_at = datetime.now(UTC)
            run.outcome = outcome
            run.detail = detail
            session.add(run)


def run_once(
    engine: Engine, job: str, key: str, body: Callable[[], dict[str, Any]]
) -> dict[str, Any] | None:
    """Claim (job, key) and run `body`; None when another worker has it or had it.

    A failing body is recorded as "failed" (with the error type, never its message,
    which could quote data) and re-raised, so the scheduler logs it.
    """
    run_id = claim(engine, job, key)
    if run_id is None:
        log.info("job %s %s already claimed", job, key)
        return None
    try:
        detail = body()
    except Exception as exc:
        finish(engine, run_id, "failed", {"error": type(exc).__name__})
        raise
    finish(engine, run_id, "done", detail)
    return detail


def mark_once(session: Session, key: str) -> bool:
    """Record that an item was handled in the caller's transaction; False if it already was.

    Per-item idempotency inside a job run (one reminder per group and confirmation
    date, one digest per coordinator and week), on the same unique key as runs.
    """
    if session.exec(select(JobRun.id).where(JobRun.key == key)).first() is not None:
        return False
    try:
        with session.begin_nested():  # a concurrent duplicate rolls back only this row
            session.add(JobRun(job="item", key=key, outcome="done"))
    except IntegrityError:
        return False
    return True
