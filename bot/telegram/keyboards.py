"""Dialogue replies → Telegram messages: inline keyboards and length-safe chunks."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.messages import Reply

MAX_TEXT = 4000  # Telegram allows 4096 characters per message; keep a margin


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    """The inline keyboard of a reply, or None without buttons."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.action) for b in row]
            for row in reply.buttons
            if row
        ]
    )


def chunks(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split a long text on paragraph (else line) boundaries into pieces under `limit`."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for part in text.split("\n"):
        while len(part) > limit:  # a single enormous line: hard cut
            pieces.append(part[:limit])
            part = part[limit:]
        candidate = f"{current}\n{part}" if current else part
        if len(candidate) > limit:
            pieces.append(current)
            current = part
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces
