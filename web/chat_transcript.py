"""The conversation on screen, kept by the page itself — never by the server.

The web chat works without JavaScript, so every turn is a form post. To show
the conversation so far, each page carries it in one hidden form field
(`transcript`): the resident's lines and the bot's replies, as compact JSON,
compressed and signed with the app's secret key (itsdangerous). The next post
sends it back; the server reads it in memory, adds the new turn, and writes it
into the next page. It is never stored, never logged, and never put in a URL
or a cookie.

The field is untrusted input. It is read only if its signature holds (so the
bot's lines are the server's own), if it belongs to this browser's current
chat (a hash of the chat id in the session is signed along; after "Wis alles"
the id is gone, so an old page's transcript is refused), if it is not too
large and if it has the expected shape. Anything else is dropped silently: the
chat goes on with an empty transcript. The page escapes every line when it
renders it. Size is capped: at most `MAX_ENTRIES` entries, `MAX_LINE`
characters per resident line, and `MAX_FIELD` characters for the whole field
(the oldest entries go first).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any, Literal

from itsdangerous import BadData, URLSafeSerializer

from bot.chat.messages import Button, Reply

FIELD = "transcript"
MAX_ENTRIES = 30
MAX_LINE = 1000
MAX_REPLY = 8000
MAX_FIELD = 48_000
_SALT = "groepenwijzer.chat.transcript"


@dataclass(frozen=True)
class Entry:
    """One turn on screen: the resident's line, or the bot's replies."""

    who: Literal["you", "bot"]
    text: str = ""  # the resident's line
    replies: tuple[Reply, ...] = ()  # the bot's replies (buttons only on the newest turn)


@dataclass(frozen=True)
class Transcript:
    """What the page shows of this conversation; `greeted` once the greeting was shown."""

    entries: tuple[Entry, ...] = ()
    greeted: bool = False

    def said(self, text: str) -> Transcript:
        """With a line of the resident added (cut to MAX_LINE characters)."""
        text = text.strip()
        if not text:
            return self
        if len(text) > MAX_LINE:
            text = text[: MAX_LINE - 1] + "…"
        return replace(self, entries=(*self._quiet(), Entry("you", text)))

    def answered(self, replies: list[Reply], *, greeting: str) -> Transcript:
        """With the bot's replies added; a greeting already shown is left out."""
        shown = [r for r in replies if not (self.greeted and r.text == greeting)]
        greeted = self.greeted or any(r.text == greeting for r in replies)
        if not shown:
            return replace(self, greeted=greeted)
        return Transcript((*self._quiet(), Entry("bot", replies=tuple(shown))), greeted)

    def latest(self) -> Entry | None:
        """The newest bot turn (the one whose buttons work), if it is the last entry."""
        if self.entries and self.entries[-1].who == "bot":
            return self.entries[-1]
        return None

    def label_of(self, action: str) -> str | None:
        """The label of the newest turn's button that sends `action`."""
        newest = self.latest()
        for reply in newest.replies if newest else ():
            for row in reply.buttons:
                for button in row:
                    if button.action == action:
                        return button.label
        return None

    def _quiet(self) -> tuple[Entry, ...]:
        """The entries with the buttons of older turns dropped (they no longer apply)."""
        return tuple(
            replace(e, replies=tuple(replace(r, buttons=()) for r in e.replies))
            if e.who == "bot"
            else e
            for e in self.entries[-(MAX_ENTRIES - 1) :]
        )


def binding(chat_id: str | None) -> str:
    """What ties a transcript to one chat: a hash of its random id ('' before the first post)."""
    if not chat_id:
        return ""
    return hashlib.sha256(f"{_SALT}:{chat_id}".encode()).hexdigest()[:32]


def encode(transcript: Transcript, *, secret: str, bound_to: str) -> str:
    """The hidden field's value; the oldest entries go until it fits in MAX_FIELD."""
    serializer = URLSafeSerializer(secret, salt=_SALT)
    entries = transcript.entries
    while True:
        data = {"k": bound_to, "g": transcript.greeted, "e": [_entry_json(e) for e in entries]}
        value = serializer.dumps(data)
        if len(value) <= MAX_FIELD or not entries:
            return value
        entries = entries[1:]


def decode(value: str | None, *, secret: str, bound_to: str) -> Transcript:
    """The transcript in a posted field, or an empty one when it is missing or not to be trusted."""
    if not value or len(value) > MAX_FIELD:
        return Transcript()
    try:
        data = URLSafeSerializer(secret, salt=_SALT).loads(value)
        if not isinstance(data, dict) or data.get("k") != bound_to:
            return Transcript()
        entries = tuple(_entry(item) for item in data["e"][-MAX_ENTRIES:])
        return Transcript(entries, data.get("g") is True)
    except (BadData, KeyError, TypeError, ValueError):
        return Transcript()
    except Exception:  # untrusted input must never stop a page (crisis help comes with it)
        return Transcript()


def _entry_json(entry: Entry) -> list[Any]:
    if entry.who == "you":
        return ["y", entry.text]
    return [
        "b",
        [
            # A crisis block is rendered from its kind (matcher.crisis.help): no need for its text.
            [
                "" if r.crisis else r.text,
                r.crisis,
                [[[b.label, b.action] for b in row] for row in r.buttons],
            ]
            for r in entry.replies
        ],
    ]


def _entry(item: Any) -> Entry:
    """One entry from JSON; anything of another shape raises ValueError or TypeError."""
    kind, body = item
    if kind == "y" and isinstance(body, str):
        return Entry("you", body[:MAX_LINE])
    if kind == "b" and isinstance(body, list):
        return Entry("bot", replies=tuple(_reply(r) for r in body))
    raise ValueError("not a transcript entry")


def _reply(item: Any) -> Reply:
    text, crisis, rows = item
    if not isinstance(text, str) or not (crisis is None or isinstance(crisis, str)):
        raise ValueError("not a reply")
    buttons = tuple(tuple(_button(b) for b in row) for row in rows)
    return Reply(text[:MAX_REPLY], buttons, crisis)


def _button(item: Any) -> Button:
    label, action = item
    if not isinstance(label, str) or not isinstance(action, str):
        raise ValueError("not a button")
    return Button(label[:200], action[:64])
