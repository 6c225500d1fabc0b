"""Load the example groups through the normal import path (same validation, same audit)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import func, select

from catalogue.db import session_scope
from catalogue.interchange.spreadsheet import ImportReport, import_file
from catalogue.models import Group


def seed(engine: Engine, data: bytes) -> ImportReport:
    """Import the seed spreadsheet; re-running updates instead of duplicating."""
    return import_file(engine, data, "seed_groups.csv", actor="seed")


def group_count(engine: Engine) -> int:
    """How many groups the catalogue holds."""
    with session_scope(engine) as session:
        return int(session.exec(select(func.count()).select_from(Group)).one())
