"""The weekly monitoring digest: last week's dashboard figures to each coordinator by e-mail.

Coordinators should not have to remember to open the dashboard to notice that
advices pile up without a fitting group. Each gets the figures they may see
(catalogue.dashboard.scope_of: their region, or all regions), through the outbox,
once per ISO week. The figures are anonymous counts only (DESIGN.md §6).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from catalogue import outbox
from catalogue.dashboard import Dashboard, build_dashboard, scope_of
from catalogue.db import session_scope
from catalogue.errors import Forbidden
from catalogue.jobruns import mark_once
from catalogue.models import Membership, User
from catalogue.schedules import dutch_date
from catalogue.taxonomy import REGIONS

TOP = 3


def last_week(today: date) -> tuple[date, date]:
    """[Monday, next Monday) of the ISO week before the one `today` is in."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday


def send_weekly_digest(engine: Engine, today: date, base_url: str) -> dict[str, int]:
    """Queue one digest per coordinator for last week; a coordinator never gets a week twice."""
    start, end = last_week(today)
    sent = 0
    with session_scope(engine) as session:
        users = session.exec(
            select(User)
            .where(User.active == True)  # noqa: E712
            .where(
                col(User.id).in_(
                    select(Membership.user_id).where(
                        col(Membership.role).in_(("coordinator", "admin"))
                    )
                )
            )
            .order_by(col(User.email))
        ).all()
        for user in users:
            try:
                scope = scope_of(session, user)
            except Forbidden:  # a coordinator whose organisation has no region yet
                continue
            if not mark_once(session, f"digest:{user.id}:{start.isoformat()}"):
                continue
            regions = [None] if scope.everything else list(scope.regions)
            boards = [build_dashboard(session, start=start, end=end, region=r) for r in regions]
            outbox.queue(
                session,
                to=user.email,
                subject=f"Groepenwijzer: de week van {dutch_date(start)}",
                body=_body(boards, base_url),
                kind="digest",
            )
            sent += 1
    return {"sent": sent}


def _body(boards: list[Dashboard], base_url: str) -> str:
    parts = ["Hallo,\n\nDit zijn de cijfers van vorige week.\n"]
    for board in boards:
        name = REGIONS.get(board.region, board.region) if board.region else "Alle regio's"
        lines = [
            f"\n{name} ({dutch_date(board.start)} t/m {dutch_date(board.end - timedelta(days=1))})",
            f"- Adviezen van VG-teams: {board.advices}",
            f"- Gesprekken in de chat: {board.chats}",
            f"- Zoekopdrachten op de website: {board.searches}",
            f"- Zonder passende groep: {board.gap_advices} adviezen, {board.gap_events} keer "
            "in chat of zoeken",
        ]
        if board.median_days is not None:
            lines.append(
                f"- Dagen tot de eerste mogelijke bijeenkomst (mediaan): {board.median_days:g}"
            )
        gaps = [g for g in board.gap_themes[:TOP] if g.advices or g.events]
        if gaps:
            lines.append(
                "- Waar het vaakst geen groep voor was: " + ", ".join(g.label for g in gaps)
            )
        parts.append("\n".join(lines) + "\n")
    parts.append(f"\nAlle cijfers: {base_url}/coordinatie/monitoring\n")
    return "".join(parts)
