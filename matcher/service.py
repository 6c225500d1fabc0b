"""A long-lived matcher for the fronts: keeps the index in step with the catalogue.

The index is rebuilt when the catalogue's fingerprint (group count and last
change) moves; group vectors come from the on-disk cache, so a rebuild only
embeds groups whose text changed. One lock keeps concurrent requests from
building twice.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.models import Group
from matcher.dense import EmbedderStatus, VectorCache, load_embedder
from matcher.pipeline import MatchIndex, MatchResult, match
from matcher.profile import Profile

CHECK_EVERY_SECONDS = 5.0


class MatchService:
    """Matching against the live catalogue of one database."""

    def __init__(self, engine: Engine, *, model: str, cache_dir: Path) -> None:
        self.engine = engine
        self.model_setting = model
        self.cache_dir = cache_dir
        self._status: EmbedderStatus | None = None
        self._index: MatchIndex | None = None
        self._fingerprint: tuple[int, str] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    @property
    def status(self) -> EmbedderStatus:
        """The embedder (loaded on first use) and a message about it."""
        if self._status is None:
            self._status = load_embedder(self.model_setting, self.cache_dir)
        return self._status

    def fingerprint(self) -> tuple[int, str]:
        """Changes whenever a group is added, removed or edited."""
        with session_scope(self.engine) as session:
            count, last = session.exec(
                select(func.count(col(Group.id)), func.max(Group.updated_at))
            ).one()
        return int(count), str(last)

    def index(self) -> MatchIndex:
        """The current index, rebuilt if the catalogue changed."""
        with self._lock:
            now = time.monotonic()
            if self._index is not None and now - self._checked < CHECK_EVERY_SECONDS:
                return self._index
            self._checked = now
            fingerprint = self.fingerprint()
            if self._index is None or fingerprint != self._fingerprint:
                with session_scope(self.engine) as session:
                    records = load_records(session)
                status = self.status
                self._index = MatchIndex(
                    records,
                    embedder=status.embedder,
                    cache=VectorCache(self.cache_dir / "vectors.sqlite3"),
                    model_notice=status.message,
                )
                self._fingerprint = fingerprint
            return self._index

    def match(
        self, profile: Profile, *, now: datetime | None = None, limit: int = 5
    ) -> MatchResult:
        """Match against the live catalogue."""
        return match(self.index(), profile, now=now or datetime.now(UTC), limit=limit)
