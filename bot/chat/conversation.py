"""One chat front's composition: keyed identity, state store, dialogue, monitoring, opt-ins.

Telegram handlers and the web chat view both call `ChatService.handle` with a
chat id and an event and get replies back. Everything that can fail here
(database, matcher) fails quietly into a friendly reply; a crisis block the
dialogue produced is returned whatever happens to monitoring or the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from bot.chat import subscriptions, texts
from bot.chat.dialogue import step
from bot.chat.identity import StateStore, chat_key
from bot.chat.matching import Criteria, Matcher, search, theme_profile
from bot.chat.messages import ChatState, Event, Reply, Turn
from catalogue.monitoring import MatchFacts, record_match
from matcher.crisis import CrisisSignal, detect
from matcher.service import MatchService

log = logging.getLogger(__name__)


def service_matcher(service: MatchService) -> Matcher:
    """The dialogue's matcher on a live MatchService (it has `candidates` and `shortlist`)."""
    return service


def utcnow() -> datetime:
    """Aware UTC now (the dialogue's clock)."""
    return datetime.now(UTC)


class ChatService:
    """The chat of one channel ("telegram" or "webchat")."""

    def __init__(
        self,
        *,
        channel: str,
        secret_key: str,
        store: StateStore,
        matcher: Matcher | None,
        engine: Engine | None = None,
        clock: Callable[[], datetime] = utcnow,
        subscriptions: bool = False,
        crisis_check: Callable[[str], CrisisSignal] = detect,
    ) -> None:
        if not secret_key:
            raise ValueError("a secret key is needed for keyed chat hashes")
        self.channel, self._secret = channel, secret_key
        self.store, self.matcher, self.engine, self.clock = store, matcher, engine, clock
        self.subscriptions = subscriptions and engine is not None
        self.crisis_check = crisis_check
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chat-monitoring")
        self._pending: list[Future[None]] = []

    def key(self, chat_id: str | int) -> str:
        """The keyed hash this chat is known by."""
        return chat_key(self._secret, self.channel, chat_id)

    def handle(self, chat_id: str | int, event: Event) -> list[Reply]:
        """One turn: load state, step, apply effects, record monitoring, return replies."""
        key = self.key(chat_id)
        state = self.store.get(key)
        now = self.clock()
        turn = step(
            state,
            event,
            now=now,
            matcher=self.matcher,
            subscriptions=self.subscriptions,
            crisis_check=self.crisis_check,
        )
        self._apply(key, turn, now)
        replies = list(turn.replies)
        if turn.state is not None and _is_new_conversation(state, event, turn):
            replies = self._news(key, now) + replies
        return replies

    def forget(self, chat_id: str | int) -> None:
        """Everything tied to this chat: state and subscription."""
        key = self.key(chat_id)
        self.store.delete(key)
        self._forget_stored(key)

    def _apply(self, key: str, turn: Turn, now: datetime) -> None:
        if turn.forget or turn.state is None:
            self.store.delete(key)
            self._forget_stored(key)
        else:
            self.store.put(key, turn.state)
        if turn.subscribe and turn.state is not None and self.engine is not None:
            try:
                subscriptions.subscribe(
                    self.engine,
                    key=key,
                    channel=self.channel,
                    municipality=turn.state.municipality,
                    themes=turn.state.themes,
                    now=now,
                )
            except Exception:
                log.error("could not store a chat subscription", exc_info=True)
        if turn.facts is not None and self.engine is not None:
            facts = MatchFacts(
                channel=self.channel,
                region=turn.facts.region,
                themes=turn.facts.themes,
                suggested_ids=turn.facts.suggested_ids,
                crisis=turn.facts.crisis,
                municipality=turn.facts.municipality,
                gap=turn.facts.gap,
            )
            if facts.crisis:  # a slow or unreachable database must never delay the crisis block
                self._pending.append(self._background.submit(self._record, facts))
            else:
                self._record(facts)

    def _record(self, facts: MatchFacts) -> None:
        assert self.engine is not None
        try:
            record_match(self.engine, facts)
        except Exception:
            log.error("could not record chat monitoring", exc_info=True)

    def flush(self) -> None:
        """Wait until monitoring written in the background is stored (tests, shutdown)."""
        while self._pending:
            self._pending.pop().result()

    def _forget_stored(self, key: str) -> None:
        if self.engine is None:
            return
        try:
            subscriptions.forget(self.engine, key)
        except Exception:
            log.error("could not delete a chat subscription", exc_info=True)

    def _news(self, key: str, now: datetime) -> list[Reply]:
        """New groups for a returning subscriber, told once."""
        if not self.subscriptions or self.engine is None or self.matcher is None:
            return []
        try:
            sub = subscriptions.find(self.engine, key)
            if sub is None:
                return []
            fresh = subscriptions.new_group_ids(self.engine, sub.created_at)
            if not fresh:
                return []
            themes = tuple(sub.themes)
            found_ids = self.matcher.candidates(theme_profile(themes), now=now)
            criteria = Criteria(found_ids, themes, sub.municipality, sub.municipality is None, None)
            found = search(self.matcher, criteria, now=now, with_referral=False)
            news = [o for o in found.direct if o.record.id in fresh][:3]
            subscriptions.mark_told(self.engine, key, now)
        except Exception:
            log.error("could not check subscriptions", exc_info=True)
            return []
        if not news:
            return []
        blocks = [texts.option_block(n, o) for n, o in enumerate(news, start=1)]
        return [Reply("\n\n".join([texts.NEW_SINCE_LAST, *blocks]))]


def _is_new_conversation(before: ChatState | None, event: Event, turn: Turn) -> bool:
    if turn.facts is not None and turn.facts.crisis:
        return False  # never put anything before or next to the crisis block
    return before is None or (event.kind == "command" and event.value in ("start", "opnieuw"))
