"""The vocabulary of a chat turn: events in, replies out, and the state kept in between.

`ChatState` holds derived data only: a step name, taxonomy codes, a
municipality, weekday and time-of-day codes, an age, and group ids with
scores (the candidates the first message matched). An `Event` carries the
resident's text for the length of one `step` call; its repr never shows it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from matcher.crisis import detect

Step = Literal["what", "where", "when", "results"]


@dataclass(frozen=True)
class Event:
    """One thing the resident did: typed text, pressed a button, or gave a command."""

    kind: Literal["text", "action", "command"]
    value: str = field(repr=False)  # text stays out of reprs, logs and tracebacks

    @classmethod
    def text(cls, value: str) -> Event:
        """Typed text."""
        return cls("text", value)

    @classmethod
    def action(cls, value: str) -> Event:
        """A button (callback data or form button value)."""
        return cls("action", value)

    @classmethod
    def command(cls, value: str) -> Event:
        """A slash command without the slash, e.g. 'vergeet'."""
        return cls("command", value.lstrip("/").lower())


@dataclass(frozen=True)
class Button:
    """A button: what it says, and the action it sends back (≤ 64 bytes, Telegram's limit)."""

    label: str
    action: str


@dataclass(frozen=True)
class Reply:
    """One message to send, with rows of buttons; `crisis` names the kind of a crisis block."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    crisis: str | None = None


@dataclass(frozen=True)
class ChatState:
    """Where a conversation is, as derived data only — never the resident's words."""

    step: Step = "what"
    themes: tuple[str, ...] = ()
    # (group id, ranking score, relevance) of the groups the message matched: derived data.
    candidates: tuple[tuple[int, float, float], ...] = ()
    age: int | None = None
    times: tuple[str, ...] | None = None  # time-of-day codes; None = any time
    municipality: str | None = None
    online: bool = False  # online groups only
    online_ok: bool = True  # False: the person said "niet online"
    days: tuple[str, ...] = ()  # days ticked so far in the 'when' step
    weekdays: tuple[str, ...] | None = None  # the constraint; None = any day
    suggested_ids: tuple[int, ...] = ()  # every no-referral group shown so far
    referral_ids: tuple[int, ...] = ()
    page_ids: tuple[int, ...] = ()  # the groups on the page shown last
    offset: int = 0  # how many no-referral groups were shown ("andere suggesties")
    subscribed: bool = False

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-able dict (for a store shared between web workers)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ChatState:
        """Inverse of to_json; unknown keys are ignored."""
        known = {f: data[f] for f in cls.__dataclass_fields__ if f in data}
        for name in (
            "themes",
            "days",
            "suggested_ids",
            "referral_ids",
            "page_ids",
        ):
            if name in known:
                known[name] = tuple(known[name])
        for name in ("weekdays", "times"):
            if known.get(name) is not None:
                known[name] = tuple(known[name])
        if "candidates" in known:
            known["candidates"] = tuple(
                (int(i), float(score), float(rel)) for i, score, rel in known["candidates"]
            )
        return cls(**known)


@dataclass(frozen=True)
class Facts:
    """What monitoring may record about a turn: codes and ids, no text."""

    region: str | None
    themes: tuple[str, ...]
    suggested_ids: tuple[int, ...]
    crisis: bool
    municipality: str | None = None
    gap: bool = False  # fewer than three fitting groups within the person's constraints


@dataclass(frozen=True)
class Turn:
    """The outcome of one step: new state (None = forget it), replies, and side effects."""

    state: ChatState | None
    replies: tuple[Reply, ...]
    facts: Facts | None = None
    forget: bool = False  # delete the state and every record tied to this chat
    subscribe: bool = False  # store an opt-in "new group" subscription for this chat


COMMANDS = frozenset({"start", "opnieuw", "hulp", "help", "privacy", "vergeet"})


def events_from_text(text: str) -> list[Event]:
    """The events one typed message stands for; a command followed by words gives two.

    Shared by every front. Words after a command are checked for crisis first:
    "/opnieuw ik wil er niet meer zijn" gives only the text event, so the crisis
    block comes first and alone (no greeting, nothing wiped and re-created).
    """
    if not text.strip():
        return []
    first, _, rest = text.strip().partition(" ")
    if first.startswith("/"):
        name = first[1:].split("@", 1)[0].lower()
        if name in COMMANDS:
            if rest.strip() and detect(rest).crisis:
                return [Event.text(rest)]
            return [Event.command(name)] + ([Event.text(rest)] if rest.strip() else [])
    return [Event.text(text)]
