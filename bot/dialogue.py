"""The transport-free conversation engine shared by Telegram and the web chat.

`step(state, event, now=…, matcher=…)` is pure apart from calling the matcher:
it reads one event, returns the next state, the replies and any side effects.
Every typed text goes through the crisis check first, before anything else
is read, at every step — the crisis block needs neither matcher nor database.
The state never holds the resident's words: a message is read into taxonomy
codes and terms (bot.understand) and then dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot import texts
from bot.messages import Button, ChatState, Event, Facts, Reply, Turn
from bot.search import MIN_SHOWN, PAGE_SIZE, Criteria, Matcher, find_option, fits, search
from bot.understand import mentioned_municipality, read_days, read_place, read_topic
from catalogue import taxonomy as tx
from matcher.crisis import CrisisSignal, detect, help_for
from matcher.pipeline import Option

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
            return _crisis(state or ChatState(), signal.kind)
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


def _crisis(state: ChatState, kind: str | None) -> Turn:
    facts = Facts(
        region=tx.region_of(state.municipality), themes=state.themes, suggested_ids=(), crisis=True
    )
    return Turn(state, (crisis_reply(kind), Reply(texts.AFTER_CRISIS)), facts)


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
    """A first message without /start: greet, and use it as the answer to 'wat speelt er'."""
    turn = _what(ChatState(), text, ctx)
    if not turn.state or not turn.state.themes:
        return Turn(ChatState(), (Reply(texts.GREETING), Reply(texts.ASK_WHAT)))
    return replace(turn, replies=(Reply(texts.GREETING), *turn.replies))


def _text(state: ChatState, text: str, ctx: _Ctx) -> Turn:
    if state.step == "what":
        return _what(state, text, ctx)
    if state.step == "where":
        return _where(state, text, ctx)
    if state.step == "when":
        days = read_days(text)
        if days is None:
            return Turn(state, (Reply(texts.WHEN_UNCLEAR, _day_buttons(state.days)),))
        return _results(replace(state, weekdays=days or None, days=days), ctx)
    topic = read_topic(text)  # after results: new words start a new search, same place
    if topic.themes:
        place = mentioned_municipality(text)
        fresh = _fresh(state, themes=topic.themes, terms=topic.terms, cues=topic.cues)
        if place:
            fresh = replace(fresh, municipality=place, online=False)
        return _results(fresh, ctx)
    where = read_place(text)
    if where.municipality or where.online:
        return _results(_fresh(state, municipality=where.municipality, online=where.online), ctx)
    return Turn(state, (Reply(texts.AFTER_RESULTS, (RESTART,)),))


def _fresh(state: ChatState, **changes: Any) -> ChatState:
    """Same place and days, a new search."""
    return replace(
        state, step="results", suggested_ids=(), referral_ids=(), page_ids=(), offset=0, **changes
    )


def _what(state: ChatState, text: str, ctx: _Ctx) -> Turn:
    topic = read_topic(text)
    cues = tuple(dict.fromkeys((*state.cues, *topic.cues)))
    if not topic.themes:
        return Turn(
            replace(state, step="what", cues=cues), (Reply(texts.ASK_WHAT_AGAIN, _theme_buttons()),)
        )
    state = replace(state, step="where", themes=topic.themes, terms=topic.terms, cues=cues)
    heard = Reply(texts.HEARD.format(labels=texts.theme_labels(topic.themes)))
    place = mentioned_municipality(text)
    if place:
        return _to_when(replace(state, municipality=place, online=False), (heard,))
    return Turn(state, (heard, Reply(texts.ASK_WHERE, (ONLINE,))))


def _where(state: ChatState, text: str, ctx: _Ctx) -> Turn:
    place = read_place(text)
    if place.municipality:
        return _to_when(replace(state, municipality=place.municipality, online=False), ())
    if place.online:
        return _to_when(replace(state, municipality=None, online=True), ())
    if place.suggestions:
        row = tuple(Button(name, f"place:{name}") for name in place.suggestions)
        return Turn(state, (Reply(texts.PLACE_SUGGEST, (row, ONLINE)),))
    message = texts.POSTCODE_UNKNOWN if place.unknown_postcode else texts.PLACE_UNKNOWN
    return Turn(state, (Reply(message, (ONLINE,)),))


def _to_when(state: ChatState, before: tuple[Reply, ...]) -> Turn:
    said = texts.ONLINE_SET if state.online else texts.PLACE_SET.format(place=state.municipality)
    state = replace(state, step="when", days=())
    return Turn(state, (*before, Reply(said), Reply(texts.ASK_WHEN, _day_buttons(()))))


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


def _action(state: ChatState, action: str, ctx: _Ctx) -> Turn:
    name, _, arg = action.partition(":")
    if name == "restart":
        return _command(state, "start")
    if name == "forget":
        return _command(state, "vergeet")
    if name in ("help", "privacy"):
        return _command(state, "hulp" if name == "help" else "privacy")
    if name == "theme" and arg in tx.THEMES and state.step in ("what", "results"):
        if state.step == "results":
            return _results(_fresh(state, themes=(arg,), terms=()), ctx)
        state = replace(state, step="where", themes=(arg,), terms=())
        heard = Reply(texts.HEARD.format(labels=texts.theme_labels((arg,))))
        return Turn(state, (heard, Reply(texts.ASK_WHERE, (ONLINE,))))
    if state.step == "where" and name == "place" and arg in tx.MUNICIPALITIES:
        return _to_when(replace(state, municipality=arg, online=False), ())
    if state.step == "where" and name == "online":
        return _to_when(replace(state, municipality=None, online=True), ())
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
        return _results(replace(state, weekdays=None), ctx)
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
        return _results(_fresh(state, weekdays=None), ctx)
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


def _criteria(state: ChatState) -> Criteria:
    return Criteria(
        state.themes, state.terms, state.cues, state.municipality, state.online, state.weekdays
    )


def _results(state: ChatState, ctx: _Ctx, *, more: bool = False, record: bool = True) -> Turn:
    """Search and show one page; on the first page also the options via the huisarts."""
    state = replace(state, step="results", days=())
    if ctx.matcher is None:
        return Turn(state, (Reply(texts.MATCHER_DOWN, (RESTART,)),))
    try:
        found = search(ctx.matcher, _criteria(state), with_referral=not more)
    except Exception:
        # The profile holds taxonomy words only, so the traceback holds no resident text.
        log.warning("matcher failed; chat continues without results", exc_info=True)
        return Turn(state, (Reply(texts.MATCHER_DOWN, (RESTART,)),))
    rest = [o for o in found.direct if o.record.id not in state.suggested_ids]
    fitting = [o for o in rest if o.record.id in found.fitting][:PAGE_SIZE]
    # A first page shows the fitting groups, topped up to MIN_SHOWN with open ones.
    page = (
        rest[:PAGE_SIZE] if more else (fitting if len(fitting) >= MIN_SHOWN else rest[:MIN_SHOWN])
    )
    referral = () if more else found.referral
    replies: list[Reply] = []
    if found.crisis:
        replies.append(crisis_reply(found.crisis_kind))
    if not page and more:
        replies.append(Reply(texts.NO_MORE + "\n\n" + texts.HUISARTS_TIP, (RESTART,)))
        return Turn(state, tuple(replies))
    shown = [*page, *referral]
    any_fit = any(o.record.id in found.fitting for o in page)
    text = _results_text(state, page, referral, found.fitting, more=more)
    buttons = _result_buttons(state, shown, ctx, any_fit=any_fit, any_page=bool(page))
    replies.append(Reply(text, buttons))
    ids = tuple(o.record.id for o in page)
    state = replace(
        state,
        suggested_ids=(*state.suggested_ids, *ids),
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
            found.crisis,
        )
    )
    return Turn(state, tuple(replies), facts)


def _results_text(
    state: ChatState,
    page: list[Option],
    referral: tuple[Option, ...],
    fitting: frozenset[int],
    *,
    more: bool,
) -> str:
    """The result message: groups to join directly, then those via the huisarts."""
    any_fit = any(o.record.id in fitting for o in page)
    if more:
        lines = [texts.RESULTS_MORE_INTRO]
    elif any_fit:
        lines = [texts.RESULTS_INTRO]
    else:  # nothing on the subject: say so, then what is open to everyone
        lines = [texts.NO_RESULTS + (" " + texts.NO_RESULTS_TIP_DAYS if state.weekdays else "")]
        if page:
            lines.append(texts.LOOSE_INTRO)
    lines += [
        texts.option_block(n, o, fits=o.record.id in fitting or not any_fit)
        for n, o in enumerate(page, start=1)
    ]
    if referral:
        numbered = [f"{n}. {texts.referral_line(o)}" for n, o in enumerate(referral, len(page) + 1)]
        lines.append("\n".join([texts.REFERRAL_INTRO, *numbered]))
    if not any_fit:
        lines.append(texts.HUISARTS_TIP)
    if page or referral:
        lines.append(texts.RESULTS_HINT)
    return "\n\n".join(lines)


def _result_buttons(
    state: ChatState, shown: list[Option], ctx: _Ctx, *, any_fit: bool, any_page: bool
) -> tuple[tuple[Button, ...], ...]:
    info = [
        Button(texts.BTN_INFO.format(n=n), f"info:{o.record.id}")
        for n, o in enumerate(shown, start=1)
    ]
    rows = [tuple(info[i : i + 4]) for i in range(0, len(info), 4)]
    row = [Button(texts.BTN_MORE, "more")] if any_page else []
    if state.weekdays and not any_fit:
        row.append(Button(texts.BTN_ALL_DAYS, "days:any"))
    rows.append((*row, *RESTART))
    if ctx.subscriptions and not state.subscribed:
        rows.append((Button(texts.BTN_SUBSCRIBE, "sub"),))
    return tuple(rows)


def _info(state: ChatState, group_id: int, ctx: _Ctx) -> Turn:
    back = ((Button("Terug naar de lijst", "list"), Button(texts.BTN_MORE, "more")), RESTART)
    if ctx.matcher is None:
        return Turn(state, (Reply(texts.MATCHER_DOWN, (RESTART,)),))
    try:
        option = find_option(ctx.matcher, _criteria(state), group_id)
    except Exception:
        log.warning("matcher failed while showing details", exc_info=True)
        return Turn(state, (Reply(texts.MATCHER_DOWN, (RESTART,)),))
    if option is None:
        return Turn(state, (Reply(texts.INFO_GONE, back),))
    details = texts.option_details(option, fits=fits(option, state.themes))
    return Turn(state, (Reply(details, back),))
