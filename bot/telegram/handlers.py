"""Thin PTB callbacks: update → Event → ChatService.handle → messages with inline keyboards.

Handlers never log an update or a message: only update ids and error types.
Updates of one chat are handled one at a time (a per-chat lock), different
chats concurrently; the dialogue and database work run in worker threads so
one slow search never stalls the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.chat import texts
from bot.chat.conversation import ChatService
from bot.chat.messages import Event, Reply, events_from_text
from bot.telegram.keyboards import chunks, markup

log = logging.getLogger(__name__)

SEEN_UPDATES = 10_000  # how many update ids the duplicate guard remembers
SEND_RETRY_DELAYS = (0.5, 1.5)  # waits before the second and third try of a failed send


class UpdateDeduper:
    """Telegram re-sends an update after a non-2xx answer: handle each update_id once."""

    def __init__(self, size: int = SEEN_UPDATES) -> None:
        self.size = size
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """True the first time an id is seen (check and mark in one step, no await)."""
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)
        return True

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.first_time(update.update_id):
            log.info("duplicate update %s ignored", update.update_id)
            raise ApplicationHandlerStop


class ChatLocks:
    """One asyncio lock per chat, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        lock, users = self._locks.get(chat_id, (asyncio.Lock(), 0))
        self._locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[chat_id]
            if users <= 1:
                del self._locks[chat_id]
            else:
                self._locks[chat_id] = (lock, users - 1)


def events_of(message: Message) -> list[Event]:
    """The events one incoming message stands for (a command with words gives two)."""
    return events_from_text(message.text or message.caption or "")


async def _send_one(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
) -> None:
    """Send, retrying a few times on gateway errors (not on timeouts: those may have arrived)."""
    for delay in SEND_RETRY_DELAYS:
        try:
            await context.bot.send_message(chat_id, text, reply_markup=keyboard)
            return
        except (TimedOut, BadRequest, Forbidden):
            raise  # a timeout may have arrived; a bad request or a blocked bot stays so
        except NetworkError as exc:
            log.warning("sending failed (%s); retrying in %.1f s", type(exc).__name__, delay)
            await asyncio.sleep(delay)
    await context.bot.send_message(chat_id, text, reply_markup=keyboard)


class ChatHandlers:
    """The bot's callbacks, bound to one ChatService."""

    def __init__(self, service: ChatService) -> None:
        self.service = service
        self.locks = ChatLocks()

    def register(self, app: Application) -> None:
        """Duplicate guard first, then messages and buttons (private chats only)."""
        app.add_handler(TypeHandler(Update, UpdateDeduper()), group=-1)
        private = filters.ChatType.PRIVATE
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(
            MessageHandler(
                private & (filters.UpdateType.MESSAGE | filters.UpdateType.EDITED_MESSAGE),
                self.on_message,
            )
        )
        app.add_error_handler(self.on_error)

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Text, commands, and anything else a resident sends."""
        message = update.effective_message
        if message is None:
            return
        events = events_of(message)
        chat_id = message.chat_id
        async with self.locks.hold(chat_id):
            if not events:
                await self._send(context, chat_id, [Reply(texts.NOT_TEXT)])
            for event in events:
                replies = await asyncio.to_thread(self.service.handle, chat_id, event)
                await self._send(context, chat_id, replies)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button: acknowledge it, then treat its data as an action."""
        query = update.callback_query
        if query is None:
            return
        with suppress(TelegramError):
            await query.answer()
        message = query.message
        if message is None or not isinstance(query.data, str) or message.chat.type != "private":
            return
        chat_id = message.chat.id
        async with self.locks.hold(chat_id):
            replies = await asyncio.to_thread(
                self.service.handle, chat_id, Event.action(query.data)
            )
            await self._send(context, chat_id, replies)

    async def _send(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: list[Reply]
    ) -> None:
        for reply in replies:
            parts = chunks(reply.text)
            for n, part in enumerate(parts, start=1):
                keyboard = markup(reply) if n == len(parts) else None
                await _send_one(context, chat_id, part, keyboard)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the error type and update id only — never the update's content."""
        update_id = getattr(update, "update_id", None)
        error = context.error
        log.error(
            "error while handling update %s: %s", update_id, type(error).__name__, exc_info=error
        )
