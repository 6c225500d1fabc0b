"""A long-lived matcher for the fronts: keeps the index in step with the catalogue.

The index is rebuilt when the catalogue's fingerprint (group count and last
change) moves; group vectors come from the on-disk cache, so a rebuild only
embeds groups whose text changed. One lock keeps concurrent requests from
building twice.

Only the first index is built inside a request (or at warm-up). Later ones are
built by a background thread while requests go on with the index they have;
the new one replaces it when it is complete. The request that noticed the
change waits up to REBUILD_WAIT_SECONDS for it, so an editor's single change
(a rebuild of milliseconds) shows on the next page, while the rebuild after
a 20,000-row import (tens of seconds) never holds a request up for longer.

A catalogue that cannot be read (database gone, file damaged, lock held too
long) does not take matching down: the last index keeps serving and the
database is asked again only after the next check interval. Without any
index yet, `CatalogueUnavailable` tells the fronts to show what they can
without it (crisis help never needs it).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from catalogue.db import session_scope
from catalogue.groups import load_records
from catalogue.models import Group
from matcher.crisis import CrisisDetector, CrisisSignal
from matcher.dense import EmbedderStatus, VectorCache, load_embedder
from matcher.pipeline import MatchIndex, MatchResult, match
from matcher.profile import Constraints, Profile
from matcher.remote_embedder import is_service_url
from matcher.shortlist import Candidate, candidates, shortlist

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 5.0
# How long the request that noticed a change waits for the new index before serving the old.
REBUILD_WAIT_SECONDS = 1.0
# How long a process whose embedding service did not answer waits before asking again.
SERVICE_RETRY_SECONDS = 30.0


class CatalogueUnavailable(RuntimeError):
    """The catalogue cannot be read and there is no earlier index to serve."""


class MatchService:
    """Matching against the live catalogue of one database."""

    def __init__(
        self,
        engine: Engine,
        *,
        model: str,
        cache_dir: Path,
        check_every: float | None = None,
        rebuild_wait: float | None = None,
    ) -> None:
        self.engine = engine
        self.model_setting = model
        self.cache_dir = cache_dir
        # None: the module's CHECK_EVERY_SECONDS, read at each check (tests patch it).
        self.check_every = check_every
        # None: the module's REBUILD_WAIT_SECONDS; 0: never wait for a background rebuild.
        self.rebuild_wait = rebuild_wait
        self._rebuild: threading.Thread | None = None
        self._rebuilt = threading.Event()
        self._status: EmbedderStatus | None = None
        self._status_at = 0.0
        self._index: MatchIndex | None = None
        self._fingerprint: tuple[int, str] | None = None
        self._checked = 0.0
        self._failing = False
        self._lock = threading.Lock()
        self._crisis = CrisisDetector()  # lexical until the semantic layer is ready
        self._semantic_started = False
        self._lock_semantic = threading.Lock()

    @property
    def ready(self) -> bool:
        """Whether matching answers at full strength: index built, model and crisis layer loaded.

        A catalogue that could not be read still counts once the model is in: the fronts
        then serve what they can (crisis help never waits for this).
        """
        if self._status is None or (self._index is None and not self._failing):
            return False
        return self._status.embedder is None or self._crisis.judge is not None

    @property
    def failing(self) -> bool:
        """Whether the last look at the catalogue failed (an older index may still serve)."""
        return self._failing

    @property
    def status(self) -> EmbedderStatus:
        """The embedder (loaded on first use) and a message about it.

        A model in another process (an embedding service, or the web app for the
        bot) that did not answer is asked for again every SERVICE_RETRY_SECONDS:
        a bot started before the web app gets the model once it is up, and the
        next look at the catalogue rebuilds the index with it.
        """
        if self._status is None or self._service_retry_due():
            return self._load_status()
        return self._status

    def _load_status(self) -> EmbedderStatus:
        self._status_at = time.monotonic()
        self._status = status = load_embedder(self.model_setting, self.cache_dir)
        if status.embedder is not None and self._index is not None:
            self._fingerprint = None  # the index was built without the model: rebuild
        return status

    def _service_retry_due(self) -> bool:
        return (
            self._status is not None
            and self._status.embedder is None
            and is_service_url(self.model_setting)
            and time.monotonic() - self._status_at >= SERVICE_RETRY_SECONDS
        )

    def fingerprint(self) -> tuple[int, str]:
        """Changes whenever a group is added, removed or edited."""
        with session_scope(self.engine) as session:
            count, last = session.exec(
                select(func.count(col(Group.id)), func.max(Group.updated_at))
            ).one()
        return int(count), str(last)

    def _interval(self) -> float:
        return CHECK_EVERY_SECONDS if self.check_every is None else self.check_every

    def index(self) -> MatchIndex:
        """The current index, rebuilt if the catalogue changed.

        Raises CatalogueUnavailable only when there has never been an index.
        """
        current = self._index
        if current is not None and time.monotonic() - self._checked < self._interval():
            return current
        # While one request looks at a slow database, the others serve the index they have.
        if not self._lock.acquire(blocking=current is None):
            assert current is not None
            return current
        try:
            return self._refresh()
        finally:
            self._lock.release()

    def _refresh(self) -> MatchIndex:
        """Look at the catalogue (at most once per interval) and rebuild when it changed."""
        now = time.monotonic()
        recent = now - self._checked < self._interval()
        if recent and self._index is not None:
            return self._index  # another request refreshed it while we waited
        if recent and self._failing:
            raise CatalogueUnavailable("the catalogue could not be read a moment ago")
        self._checked = now
        current = self._index
        try:
            fingerprint = self.fingerprint()
            if current is None:
                current = self._build()
                self._index, self._fingerprint = current, fingerprint
        except Exception as exc:
            self._checked = time.monotonic()  # the next look waits a full interval from now
            self._note_failure(exc)
            if self._index is None:
                raise CatalogueUnavailable("the catalogue cannot be read") from exc
            return self._index
        if self._failing:
            log.warning("catalogue readable again")
        self._failing = False
        if self._service_retry_due():
            self._load_status()
        if fingerprint == self._fingerprint:
            return self._index or current
        return self._rebuild_in_background(current, fingerprint)

    def _build(self) -> MatchIndex:
        """A new index from the catalogue as it is now (reads the database, may embed)."""
        with session_scope(self.engine) as session:
            records = load_records(session)
        status = self.status
        return MatchIndex(
            records,
            embedder=status.embedder,
            cache=VectorCache(self.cache_dir / "vectors.sqlite3"),
            model_notice=status.message,
        )

    def _rebuild_in_background(
        self, current: MatchIndex, fingerprint: tuple[int, str]
    ) -> MatchIndex:
        """Start building the changed catalogue's index; serve `current` until it is ready."""
        if self._rebuild is None or not self._rebuild.is_alive():
            self._rebuilt.clear()
            self._rebuild = threading.Thread(
                target=self._rebuild_now, args=(fingerprint,), name="index-rebuild", daemon=True
            )
            self._rebuild.start()
        wait = REBUILD_WAIT_SECONDS if self.rebuild_wait is None else self.rebuild_wait
        if wait > 0 and self._rebuilt.wait(wait):
            return self._index or current
        return current

    def _rebuild_now(self, fingerprint: tuple[int, str]) -> None:
        """The background rebuild: swap the new index in, or keep the old one and say why."""
        try:
            self._index, self._fingerprint = self._build(), fingerprint
        except Exception as exc:
            self._checked = time.monotonic()  # tried again after a full interval
            self._note_failure(exc)
        finally:
            self._rebuilt.set()

    def wait_for_rebuild(self, timeout: float = 300.0) -> bool:
        """Wait for a background rebuild in progress (tests, benchmarks); True when none is left."""
        rebuild = self._rebuild
        if rebuild is not None:
            rebuild.join(timeout)
        return rebuild is None or not rebuild.is_alive()

    def _note_failure(self, exc: Exception) -> None:
        """Log a failed look at the catalogue: in full once, then one line per interval.

        Only catalogue queries run here, so no resident's text can be in the error.
        """
        serving = "serving the last index" if self._index is not None else "no index yet"
        if self._failing:
            log.warning("catalogue still unreadable (%s); %s", type(exc).__name__, serving)
        else:
            log.error("catalogue unreadable (%s); %s", type(exc).__name__, serving, exc_info=exc)
        self._failing = True

    def detect_crisis(self, text: str) -> CrisisSignal:
        """The crisis check of every front: lexical, plus semantic once the model is loaded.

        Never loads the model, never touches the database, never raises: the
        semantic layer is trained in the background the first time the model is
        there, and until then (or without a model) the lexical layer answers alone.
        """
        if not self._semantic_started and self._status is not None and self._status.embedder:
            self._start_semantic(self._status)
        return self._crisis.detect(text)

    def _start_semantic(self, status: EmbedderStatus) -> None:
        """Train the semantic layer in the background, once."""
        with self._lock_semantic:
            if self._semantic_started or status.embedder is None:
                return
            self._semantic_started = True
        embedder = status.embedder

        def build() -> None:
            from matcher.crisis.semantic import load_classifier

            try:
                self._crisis = CrisisDetector(load_classifier(embedder, self.cache_dir))
            except Exception:  # only our own examples are embedded here, never a message
                log.error("semantic crisis layer unavailable; lexical layer only", exc_info=True)

        threading.Thread(target=build, name="crisis-semantic", daemon=True).start()

    def warm_up(self) -> None:
        """Load the model, build the index and the semantic crisis layer before traffic.

        Without it the first resident waits for the model (also for the crisis
        block that comes with a search). A catalogue that cannot be read yet is
        no reason not to start: the fronts show what they can without it.
        """
        try:
            self.index()
        except CatalogueUnavailable:
            log.warning("catalogue not readable at start; serving without an index for now")
        self.wait_for_semantic()

    def wait_for_semantic(self, timeout: float = 300.0) -> bool:
        """Load the model and the semantic layer now (start-up, tests); True when ready."""
        status = self.status
        if status.embedder is None:
            return False  # no model: the lexical layer answers alone
        self._start_semantic(status)
        deadline = time.monotonic() + timeout
        while self._crisis.judge is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return self._crisis.judge is not None

    def match(
        self,
        profile: Profile,
        *,
        now: datetime | None = None,
        limit: int = 5,
        crisis: CrisisSignal | None = None,
    ) -> MatchResult:
        """Match against the live catalogue; `crisis`: the front already checked this text."""
        return match(
            self.index(),
            profile,
            now=now or datetime.now(UTC),
            limit=limit,
            crisis_check=self.detect_crisis if crisis is None else lambda _text: crisis,
        )

    def candidates(self, profile: Profile, *, now: datetime | None = None) -> tuple[Candidate, ...]:
        """Groups that fit a message's words, as ids and scores (see matcher.shortlist)."""
        return candidates(self.index(), profile, now=now or datetime.now(UTC))

    def shortlist(
        self,
        found: tuple[Candidate, ...],
        constraints: Constraints,
        themes: tuple[str, ...],
        *,
        now: datetime | None = None,
        limit: int = 5,
    ) -> MatchResult:
        """Kept candidates filtered by a conversation's constraints, explained."""
        return shortlist(
            self.index(), found, constraints, themes, now=now or datetime.now(UTC), limit=limit
        )
