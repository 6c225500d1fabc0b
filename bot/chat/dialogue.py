"""The transport-free conversation engine shared by Telegram and the web chat.

`step(state, event, now=…, matcher=…)` is pure apart from calling the matcher:
it reads one event, returns the next state, the replies and any side effects.
Every typed text goes through the crisis check first, before anything else
is read, at every step — the crisis block needs neither matcher nor database.
The state never holds the resident's words: a message is read, while it is
in memory, into theme codes, the person's facts (age, days, time of day,
place) and the groups it matches (ids with scores, matcher.shortlist), and
then dropped. Later turns filter those groups; they never need the text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.chat import texts
from bot.chat.matching import (
    ENOUGH,
    PAGE_SIZE,
    Criteria,
    Matcher,
    find_option,
    search,
    theme_profile,
)
from bot.chat.messages import Button, ChatState, Event, Facts, Reply, Turn
from bot.chat.understand import read_days, read_place, read_topic
from catalogue import taxonomy as tx
from catalogue.records import TIMES_OF_DAY
from matcher.crisis import CrisisSignal, detect, help_for
from matcher.facts import PersonFacts, read_facts, read_times
from matcher.nearby import nearby_count
from matcher.pipeline import Option
from matcher.places import refuses_online
from matcher.profile import Profile
from matcher.shortlist import Candidate
from matcher.text import content_words

log = logging.getLogger(__name__)

RESTART = (Button(texts.BTN_RESTART, "restart"),)
ONLINE = (Button(texts.BTN_ONLINE, "online"),)


def step(
    state: ChatState | None,
    event: Event,
    *,
    now: datetime,
    matcher: Matcher | None,
    subscriptions: bool = False,
    crisis_check: Callable[[str], CrisisSignal] = detect,
) -> Turn:
    """One turn of the conversation; `crisis_check` may add the semantic layer to `detect`."""
    if event.kind == "text":
        signal = crisis_check(event.value)  # always first: nothing is parsed before this
        if signal.crisis:
            return _crisis(state or ChatState(), signal.kind, _themes_after_crisis(event.value))
    ctx = _Ctx(now, matcher, subscriptions)
    if event.kind == "command":
        return _command(state, event.value)
    if state is None:
        if event.kind == "text":
            return _first_text(event.value, ctx)
        return Turn(ChatState(), (Reply(texts.GREETING), Reply(texts.ASK_WHAT)))
    if event.kind == "action":
        return _action(state, event.value, ctx)
    return _text(state, event.value, ctx)


class _Ctx:
    def __init__(self, now: datetime, matcher: Matcher | None, subscriptions: bool) -> None:
        self.now, self.matcher, self.subscriptions = now, matcher, subscriptions


def _crisis(state: ChatState, kind: str | None, themes: tuple[str, ...] = ()) -> Turn:
    facts = Facts(
        region=tx.region_of(state.municipality), themes=state.themes, suggested_ids=(), crisis=True
    )
    replies = [crisis_reply(kind), Reply(texts.AFTER_CRISIS)]
    if themes:  # one tap back to the search, without typing the story again
        buttons = tuple((Button(tx.THEMES[code].label, f"theme:{code}"),) for code in themes)
        replies.append(Reply(texts.AFTER_CRISIS_THEMES, buttons))
    return Turn(state, tuple(replies), facts)


MAX_THEMES_AFTER_CRISIS = 3


def _themes_after_crisis(text: str) -> tuple[str, ...]:
    """Themes of a crisis message, offered as buttons after the block (codes only, no words).

    Also when the block was a false alarm the resident need not start over. Never lets
    a failure here keep the block from showing.
    """
    try:
        themes = read_topic(text).themes
    except Exception:  # the block matters, the buttons do not
        return ()
    return tuple(code for code in themes if code in tx.THEMES)[:MAX_THEMES_AFTER_CRISIS]


def crisis_reply(kind: str | None) -> Reply:
    """The crisis block as a reply every front can recognise (and render richly)."""
    return Reply(texts.crisis_block(kind), crisis=help_for(kind).kind)


def _command(state: ChatState | None, name: str) -> Turn:
    if name in ("start", "opnieuw", "restart"):
        return Turn(ChatState(), (Reply(texts.GREETING), Reply(texts.ASK_WHAT)))
    if name == "vergeet":
        return Turn(None, (Reply(texts.FORGOTTEN),), forget=True)
    if name == "privacy":
        forget = ((Button(texts.BTN_FORGET, "forget"),),)
        return Turn(state, (Reply(texts.PRIVACY, forget),))
    return Turn(state, (Reply(texts.HELP),))  # hulp, help and anything unknown


def _first_text(text: str, ctx: _Ctx) -> Turn:
    """A first message without /start: greet once, and read it as the answer to 'wat speelt er'."""
    turn = _what(ChatState(), text, ctx)
    return replace(turn, replies=(Reply(texts.GREETING), *turn.replies))


def _text(state: ChatState, text: str, ctx: _Ctx) -> Turn:
    if state.step == "what":
        return _what(state, text, ctx)
    if state.step == "where":
        return _where(state, text, ctx)
    if state.step == "when":
        return _when(state, text, ctx)
    where = read_place(text)  # after results: a place alone moves the same search
    topic = read_topic(text)
    if not topic.themes and (where.municipality or where.online):
        return _results(_fresh(state, municipality=where.municipality, online=where.online), ctx)
    if not topic.themes:
        return Turn(state, (Reply(texts.AFTER_RESULTS, (RESTART,)),))
    return _what(_fresh(state, step="what"), text, ctx, again=True)  # same place and days


def _fresh(state: ChatState, **changes: Any) -> ChatState:
    """Same place and days, a new search."""
    base = {"step": "results", "suggested_ids": (), "referral_ids": (), "page_ids": (), "offset": 0}
    return replace(state, **{**base, **changes})


def _candidates(ctx: _Ctx, profile: Profile) -> tuple[Candidate, ...] | None:
    """The groups a profile's words match, or None when the matcher is down."""
    if ctx.matcher is None:
        return None
    try:
        return ctx.matcher.candidates(profile, now=ctx.now)
    except Exception:
        # Only the exception type and stack are logged: never the message that was matched.
        log.warning("matcher failed while reading a message", exc_info=False)
        return None


def _packed(found: tuple[Candidate, ...] | None) -> tuple[tuple[int, float, float], ...]:
    return tuple((c.group_id, c.score, c.relevance) for c in found or ())


def _times(found: frozenset[str] | None) -> tuple[str, ...] | None:
    return tuple(t for t in TIMES_OF_DAY if t in found) if found else None


def _what(state: ChatState, text: str, ctx: _Ctx, *, again: bool = False) -> Turn:
    """Read what is going on: themes, the person's facts and the groups the words match.

    Without a theme, and no group that clearly fits the words, the theme buttons come
    at once (the words may still say where or when, which is kept). `again`: a new
    subject after results, same place and days.
    """
    topic = read_topic(text)
    facts = read_facts(text)
    practical = not topic.themes and _only_practical(text, facts)
    found = None if practical else _candidates(ctx, Profile(text=text))
    if not topic.themes and not _words_match(text, found):
        if practical:  # "online", "in Twello", "dinsdag": keep it
            state = _with_practical(state, facts, text)
        return Turn(replace(state, step="what"), (Reply(texts.ASK_WHAT_AGAIN, _theme_buttons()),))
    state = replace(
        _with_practical(state, facts, text),
        step="where",
        themes=topic.themes,
        candidates=_packed(found),
        age=facts.age if facts.age is not None else state.age,
    )
    heard = Reply(_understood(state), ((Button(texts.BTN_WRONG, "wrong"),),))
    if state.municipality or state.online:
        if again:
            return _results(state, ctx, before=(heard,))
        return _to_when(state, (heard,), ctx)
    return Turn(state, (heard, Reply(texts.ASK_WHERE, (ONLINE,))))


PRACTICAL_WORDS = 3
# Without a theme word the chat goes on when a group clearly fits the words (relevance
# of the best candidate, matcher.relevance), or when the message tells a story of at
# least STORY_WORDS content words and a group passes the relevance floor (every
# candidate does, matcher.shortlist): then the words are the search ("ik slik lithium
# en voel me zo vlak …" names no theme but fits a peer group). Short messages ("test",
# "hoe werkt dit") get the theme buttons.
CONFIDENT = 0.5
STORY_WORDS = 5


def _words_match(text: str, found: tuple[Candidate, ...] | None) -> bool:
    """Whether the groups the words match are reason enough to go on without a theme."""
    if not found:
        return False
    return found[0].relevance >= CONFIDENT or len(content_words(text)) >= STORY_WORDS


def _only_practical(text: str, facts: PersonFacts) -> bool:
    """A short message that only says where or when ("online", "in Twello", "dinsdag")."""
    said = facts.place.municipality or facts.place.online or facts.days or facts.times
    return bool(said) and len(content_words(text)) <= PRACTICAL_WORDS


def _with_practical(state: ChatState, facts: PersonFacts, text: str) -> ChatState:
    """Place and days a message names along the way.

    Days only pre-tick the day buttons: the chat still asks when, because a story
    can name a time that is not an offer ("'s avonds ga ik de deur niet meer uit").
    """
    state = replace(state, online_ok=state.online_ok and not refuses_online(text))
    place = facts.place
    if place.municipality or place.online:
        state = replace(state, municipality=place.municipality, online=place.online)
    return replace(state, days=facts.days or state.days)


def _understood(state: ChatState) -> str:
    """One line of what the chat understood, so the resident can correct it."""
    first = texts.HEARD.format(labels=texts.theme_labels(state.themes)) if state.themes else ""
    parts = [(first or texts.HEARD_WORDS).rstrip(".")]
    if state.age is not None:
        parts.append(texts.HEARD_AGE.format(age=state.age))
    if state.municipality:
        parts.append(texts.HEARD_PLACE.format(place=state.municipality))
    elif state.online:
        parts.append(texts.HEARD_ONLINE)
    if state.days:
        parts.append(texts.day_list(state.days))
    return parts[0] + (" (" + ", ".join(parts[1:]) + ")" if len(parts) > 1 else "") + "."


def _where(state: ChatState, text: str, ctx: _Ctx) -> Turn:
    place = read_place(text)
    state = replace(state, online_ok=state.online_ok and not refuses_online(text))
    if place.municipality:
        return _to_when(replace(state, municipality=place.municipality, online=False), (), ctx)
    if place.online:
        return _to_when(replace(state, municipality=None, online=True), (), ctx)
    if place.suggestions:
        row = tuple(Button(name, f"place:{name}") for name in place.suggestions)
        return Turn(state, (Reply(texts.PLACE_SUGGEST, (row, ONLINE)),))
    if place.outside:
        return Turn(state, (Reply(texts.PLACE_OUTSIDE.format(place=place.outside), (ONLINE,)),))
    message = texts.POSTCODE_UNKNOWN if place.unknown_postcode else texts.PLACE_UNKNOWN
    return Turn(state, (Reply(message, (ONLINE,)),))


def _to_when(state: ChatState, before: tuple[Reply, ...], ctx: _Ctx) -> Turn:
    said = (
        texts.ONLINE_SET
        if state.online
        else texts.PLACE_SET.format(place=state.municipality)
        if state.online_ok
        else texts.PLACE_SET_NO_ONLINE.format(place=state.municipality)
    )
    state = replace(state, step="when")
    return Turn(state, (*before, Reply(said), Reply(texts.ASK_WHEN, _day_buttons(state.days))))


def _when(state: ChatState, text: str, ctx: _Ctx) -> Turn:
    days = read_days(text)
    times = _times(read_times(text))
    if days is None and times is None:
        return Turn(state, (Reply(texts.WHEN_UNCLEAR, _day_buttons(state.days)),))
    return _results(replace(state, weekdays=days or None, days=(), times=times), ctx)


def _day_buttons(chosen: tuple[str, ...]) -> tuple[tuple[Button, ...], ...]:
    days = [
        Button(("✓ " if code in chosen else "") + name.capitalize(), f"day:{code}")
        for code, name in tx.WEEKDAYS.items()
    ]
    return (
        tuple(days[:4]),
        tuple(days[4:]),
        (Button(texts.BTN_ANY_DAY, "days:any"), Button(texts.BTN_DONE, "days:done")),
    )


def _theme_buttons() -> tuple[tuple[Button, ...], ...]:
    buttons = [Button(theme.label, f"theme:{code}") for code, theme in tx.THEMES.items()]
    return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))


def _chosen_theme(state: ChatState, code: str, ctx: _Ctx) -> Turn:
    """A theme button: our own words for that theme stand in for the resident's."""
    found = _candidates(ctx, theme_profile((code,)))
    if state.step == "results":
        return _results(_fresh(state, themes=(code,), candidates=_packed(found)), ctx)
    state = replace(state, step="where", themes=(code,), candidates=_packed(found))
    heard = Reply(_understood(state), ((Button(texts.BTN_WRONG, "wrong"),),))
    if state.municipality or state.online:
        return _to_when(state, (heard,), ctx)
    return Turn(state, (heard, Reply(texts.ASK_WHERE, (ONLINE,))))


def _action(state: ChatState, action: str, ctx: _Ctx) -> Turn:
    name, _, arg = action.partition(":")
    if name == "restart":
        return _command(state, "start")
    if name == "forget":
        return _command(state, "vergeet")
    if name in ("help", "privacy"):
        return _command(state, "hulp" if name == "help" else "privacy")
    if name == "wrong":  # "that's not what I meant": ask again, keep nothing of the reading
        fresh = ChatState(step="what")
        return Turn(fresh, (Reply(texts.ASK_WHAT_AGAIN, _theme_buttons()),))
    if name == "theme" and arg in tx.THEMES and state.step in ("what", "where", "results"):
        return _chosen_theme(state, arg, ctx)
    if state.step == "where" and name == "place" and arg in tx.MUNICIPALITIES:
        return _to_when(replace(state, municipality=arg, online=False), (), ctx)
    if state.step == "results" and name == "online" and arg == "too":  # widen: online as well
        return _results(_fresh(state, online_ok=True), ctx)
    if state.step in ("where", "results") and name == "online":
        if state.step == "results":
            return _results(_fresh(state, municipality=None, online=True), ctx)
        return _to_when(replace(state, municipality=None, online=True), (), ctx)
    if state.step == "when":
        return _when_action(state, name, arg, ctx)
    if state.step == "results":
        return _results_action(state, name, arg, ctx)
    return _stale(state)


def _when_action(state: ChatState, name: str, arg: str, ctx: _Ctx) -> Turn:
    if name == "day" and arg in tx.WEEKDAYS:
        days = tuple(d for d in tx.WEEKDAYS if (d == arg) != (d in state.days))
        state = replace(state, days=days)
        message = texts.DAYS_CHOSEN.format(days=texts.day_list(days)) if days else texts.ASK_WHEN
        return Turn(state, (Reply(message, _day_buttons(days)),))
    if name == "days" and arg == "any":
        return _results(replace(state, weekdays=None, times=None), ctx)
    if name == "days" and arg == "done":
        if not state.days:
            return Turn(state, (Reply(texts.NO_DAYS_YET, _day_buttons(())),))
        return _results(replace(state, weekdays=state.days), ctx)
    return _stale(state)


def _results_action(state: ChatState, name: str, arg: str, ctx: _Ctx) -> Turn:
    if name == "more":
        return _results(state, ctx, more=True)
    if name == "list":  # show the last page again
        before = state.offset - len(state.page_ids)
        again = replace(state, suggested_ids=state.suggested_ids[:before], offset=before)
        return _results(again, ctx, more=before > 0, record=False)
    if name == "days" and arg == "any":
        return _results(_fresh(state, weekdays=None, times=None), ctx)
    if (
        name == "info"
        and arg.isascii()
        and arg.isdigit()
        and int(arg) in (*state.suggested_ids, *state.referral_ids)
    ):
        return _info(state, int(arg), ctx)
    if name == "sub" and ctx.subscriptions:
        return Turn(
            replace(state, subscribed=True), (Reply(texts.SUBSCRIBED, (RESTART,)),), subscribe=True
        )
    return _stale(state)


def _stale(state: ChatState) -> Turn:
    return Turn(state, (Reply(texts.STALE_BUTTON, (RESTART,)),))


def _criteria(state: ChatState, ctx: _Ctx) -> Criteria:
    found = tuple(Candidate(i, score, rel) for i, score, rel in state.candidates)
    if not found and state.themes:  # the matcher was down when the message came
        found = _candidates(ctx, theme_profile(state.themes)) or ()
    return Criteria(
        found,
        state.themes,
        state.municipality,
        state.online,
        state.weekdays,
        age=state.age,
        times=state.times,
        online_ok=state.online_ok,
    )


def _results(
    state: ChatState,
    ctx: _Ctx,
    *,
    more: bool = False,
    record: bool = True,
    before: tuple[Reply, ...] = (),
) -> Turn:
    """Filter the kept candidates and show one page; on the first page also the huisarts route."""
    state = replace(state, step="results", days=())
    if ctx.matcher is None:
        return Turn(state, (*before, Reply(texts.MATCHER_DOWN, (RESTART,))))
    try:
        criteria = _criteria(state, ctx)
        found = search(ctx.matcher, criteria, now=ctx.now, with_referral=not more)
    except Exception:
        # The criteria hold codes and ids only, so the traceback holds no resident text.
        log.warning("matcher failed; chat continues without results", exc_info=True)
        return Turn(state, (*before, Reply(texts.MATCHER_DOWN, (RESTART,))))
    page = [o for o in found.direct if o.record.id not in state.suggested_ids][:PAGE_SIZE]
    if not page and more:
        return Turn(state, (Reply(texts.NO_MORE + "\n\n" + texts.HUISARTS_TIP, (RESTART,)),))
    place = None if state.online else state.municipality
    nearby = nearby_count(found.direct, place)  # all of them without a place
    few = not more and nearby < ENOUGH
    referral = () if more else found.referral
    unavailable = () if more else found.unavailable
    shown = [*page, *referral, *unavailable]
    online_fills = place is not None and nearby < ENOUGH and any(o.record.online for o in page)
    text = _results_text(
        state, page, referral, unavailable, more=more, few=few, online_fills=online_fills
    )
    buttons = _result_buttons(state, shown, ctx, few=few, more_left=len(found.direct) > len(page))
    ids = tuple(o.record.id for o in page)
    state = replace(
        state,
        suggested_ids=(*state.suggested_ids, *ids, *(o.record.id for o in unavailable)),
        page_ids=ids,
        referral_ids=tuple(o.record.id for o in referral) or state.referral_ids,
        offset=state.offset + len(ids),
    )
    facts = (
        None
        if more or not record
        else Facts(
            tx.region_of(state.municipality),
            state.themes,
            tuple(o.record.id for o in shown),
            False,
            municipality=state.municipality,
            gap=few,
        )
    )
    return Turn(state, (*before, Reply(text, buttons)), facts)


def _results_text(
    state: ChatState,
    page: list[Option],
    referral: tuple[Option, ...],
    unavailable: tuple[Option, ...],
    *,
    more: bool,
    few: bool,
    online_fills: bool = False,
) -> str:
    """The result message: groups to join directly, those full now, those via the huisarts."""
    lines = []
    if few and online_fills:
        lines.append(texts.FEW_NEARBY.format(place=state.municipality))
    elif few:
        lines.append(texts.FEW_RESULTS if page else texts.NO_RESULTS)
    if page:
        lines.append(texts.RESULTS_MORE_INTRO if more else texts.RESULTS_INTRO)
        local = bool(state.municipality) and not state.online
        first_online = next((i for i, o in enumerate(page) if o.record.online), None)
        for i, option in enumerate(page):
            if local and i == first_online:
                lines.append(texts.ONLINE_INTRO)  # after the groups in or around the place
            lines.append(texts.option_block(i + 1, option))
    number = len(page)
    if unavailable:
        numbered = [
            f"{n}. {texts.unavailable_line(o)}" for n, o in enumerate(unavailable, number + 1)
        ]
        lines.append("\n".join([texts.UNAVAILABLE_INTRO, *numbered]))
        number += len(unavailable)
    if referral:
        numbered = [f"{n}. {texts.referral_line(o)}" for n, o in enumerate(referral, number + 1)]
        lines.append("\n".join([texts.REFERRAL_INTRO, *numbered]))
    if few:
        lines.append(_next_steps(state))
    if page or referral or unavailable:
        lines.append(texts.RESULTS_HINT)
    return "\n\n".join(lines)


def _next_steps(state: ChatState) -> str:
    """What a resident can do when fewer than three groups fit: plainly, in a short list."""
    steps = []
    if state.weekdays or state.times:
        steps.append(texts.TIP_ALL_DAYS)
    if not state.online_ok:  # they said "niet online"; online groups are otherwise in the list
        steps.append(texts.TIP_ONLINE)
    steps += [texts.TIP_WIJKTEAM, texts.TIP_HUISARTS, texts.TIP_113]
    return "\n".join([texts.NEXT_STEPS, *(f"• {s}" for s in steps)])


def _result_buttons(
    state: ChatState, shown: list[Option], ctx: _Ctx, *, few: bool, more_left: bool
) -> tuple[tuple[Button, ...], ...]:
    info = [
        Button(texts.BTN_INFO.format(n=n), f"info:{o.record.id}")
        for n, o in enumerate(shown, start=1)
    ]
    rows = [tuple(info[i : i + 4]) for i in range(0, len(info), 4)]
    if few:
        widen = [Button(texts.BTN_ALL_DAYS, "days:any")] if state.weekdays or state.times else []
        widen += [] if state.online_ok else [Button(texts.BTN_ONLINE, "online:too")]
        if widen:
            rows.append(tuple(widen))
    row = [Button(texts.BTN_MORE, "more")] if more_left else []
    rows.append((*row, *RESTART))
    if ctx.subscriptions and not state.subscribed:
        rows.append((Button(texts.BTN_SUBSCRIBE, "sub"),))
    return tuple(rows)


def _info(state: ChatState, group_id: int, ctx: _Ctx) -> Turn:
    back = ((Button(texts.BTN_BACK, "list"), Button(texts.BTN_MORE, "more")), RESTART)
    if ctx.matcher is None:
        return Turn(state, (Reply(texts.MATCHER_DOWN, (RESTART,)),))
    try:
        option = find_option(ctx.matcher, _criteria(state, ctx), group_id, now=ctx.now)
    except Exception:
        log.warning("matcher failed while showing details", exc_info=True)
        return Turn(state, (Reply(texts.MATCHER_DOWN, (RESTART,)),))
    if option is None:
        return Turn(state, (Reply(texts.INFO_GONE, back),))
    return Turn(state, (Reply(texts.option_details(option), back),))
