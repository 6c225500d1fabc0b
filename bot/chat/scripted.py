"""Scripted residents: drive the real dialogue with a first message and ready answers.

The matching benchmark's chat path and the persona trial both need what a
resident really gets: the dialogue's own reading of the message, its own
questions and its own lists. `converse` plays one resident: it sends the
first message, answers the question the chat asks next (where, which days),
and stops at the first list, a crisis block, or a question it has no answer
for. It can then ask for further pages ("Andere suggesties").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.chat.dialogue import step
from bot.chat.matching import Matcher
from bot.chat.messages import ChatState, Event

MAX_TURNS = 6


@dataclass(frozen=True)
class Script:
    """A resident's first message and the answers they give when asked."""

    first_message: str
    place: str | None = None  # answer to "waar woon je?" (None: taps 'Online')
    days: str | None = None  # answer to "welke dagen?" (None: 'maakt niet uit')


@dataclass
class Conversation:
    """What happened: turns until the first list, what it showed, and later pages."""

    turns: int = 0  # resident messages and taps until the first list (or the end)
    crisis: bool = False
    state: ChatState | None = None
    first_page: tuple[int, ...] = ()  # joinable groups of the first list, in order
    referral: tuple[int, ...] = ()  # groups via the huisarts on the first list
    unavailable: tuple[int, ...] = ()  # fitting but full or closed, on the first list
    ranked: list[int] = field(default_factory=list)  # first page and the pages after it

    @property
    def listed(self) -> bool:
        """Whether the chat got as far as a list."""
        return self.state is not None and self.state.step == "results"


def converse(matcher: Matcher, script: Script, *, now: datetime, pages: int = 1) -> Conversation:
    """Play one scripted resident through the dialogue (see the module docstring)."""
    talk = Conversation()
    event = Event.text(script.first_message)
    while talk.turns < MAX_TURNS:
        turn = step(talk.state, event, now=now, matcher=matcher)
        talk.turns += 1
        talk.state = turn.state
        if any(reply.crisis for reply in turn.replies):
            talk.crisis = True
            return talk
        state = turn.state
        if state is None or state.step in ("results", "what"):
            break  # a list, or the chat could not tell what it is about
        if state.step == "where":
            event = Event.text(script.place) if script.place else Event.action("online")
        else:  # "when"
            event = Event.text(script.days) if script.days else Event.action("days:any")
    if not talk.listed or talk.state is None:
        return talk
    state = talk.state
    talk.first_page = state.page_ids
    talk.referral = state.referral_ids
    talk.unavailable = tuple(i for i in state.suggested_ids if i not in state.page_ids)
    talk.ranked = list(state.page_ids)
    for _ in range(pages - 1):
        turn = step(state, Event.action("more"), now=now, matcher=matcher)
        if turn.state is None or not turn.state.page_ids or turn.state.offset == state.offset:
            break
        state = turn.state
        talk.ranked += [i for i in state.page_ids if i not in talk.ranked]
    return talk
