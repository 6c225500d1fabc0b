"""The transport-free dialogue, step by step, on a real matcher over the seeded catalogue."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from dataclasses import asdict

import pytest
from botkit import MARKER, NOW

from bot.chat import texts
from bot.chat.dialogue import step
from bot.chat.matching import Matcher
from bot.chat.messages import ChatState, Event, Reply, Turn
from catalogue.records import GroupRecord
from matcher.crisis import help_for
from matcher.profile import Profile


class Chat:
    """Drives `step` like a front does, keeping only what step returns."""

    def __init__(self, matcher: Matcher | None, *, subscriptions: bool = False) -> None:
        self.matcher, self.subscriptions = matcher, subscriptions
        self.state: ChatState | None = None
        self.last: Turn | None = None

    def send(self, event: Event) -> Turn:
        self.last = step(
            self.state, event, now=NOW, matcher=self.matcher, subscriptions=self.subscriptions
        )
        self.state = self.last.state
        return self.last

    def text(self, value: str) -> Turn:
        return self.send(Event.text(value))

    def press(self, action: str) -> Turn:
        return self.send(Event.action(action))

    def command(self, name: str) -> Turn:
        return self.send(Event.command(name))

    def to_results(self, what: str = "ik voel me eenzaam", where: str = "Deventer") -> Turn:
        self.command("start")
        self.text(what)
        self.text(where)
        return self.press("days:any")


def all_text(turn: Turn) -> str:
    return "\n".join(r.text for r in turn.replies)


def actions(turn: Turn) -> list[str]:
    return [b.action for r in turn.replies for row in r.buttons for b in row]


def is_crisis(reply: Reply) -> bool:
    return reply.crisis is not None and reply.text == help_for(reply.crisis).text()


@pytest.fixture
def chat(matcher: Matcher) -> Chat:
    return Chat(matcher)


def test_start_greets_with_anonymity_statement(chat: Chat) -> None:
    turn = chat.command("start")
    assert "anoniem" in all_text(turn) and "/vergeet" in all_text(turn)
    assert turn.replies[-1].text == texts.ASK_WHAT
    assert chat.state == ChatState(step="what")


def test_what_reads_themes_then_asks_where(chat: Chat) -> None:
    chat.command("start")
    turn = chat.text("Sinds de verhuizing voel ik me zo eenzaam")
    assert chat.state is not None and chat.state.step == "where"
    assert chat.state.themes == ("eenzaamheid",)
    assert "eenzaamheid en contact" in all_text(turn)
    assert "online" in actions(turn)


def test_typos_in_what_are_repaired(chat: Chat) -> None:
    chat.command("start")
    chat.text("ik ben depresief en voel me eenzam")
    assert chat.state is not None
    assert set(chat.state.themes) == {"somberheid", "eenzaamheid"}


def test_a_worn_out_carer_is_understood_without_a_theme_word(
    chat: Chat, records: dict[int, GroupRecord]
) -> None:
    chat.command("start")
    chat.text("mijn vrouw heeft alzheimer en ik doe eigenlijk alles alleen, ik ben op")
    assert chat.state is not None and chat.state.step == "where"
    assert chat.state.themes == ("relaties",)
    chat.text("Deventer")
    turn = chat.press("days:any")
    assert chat.state is not None and chat.state.page_ids, all_text(turn)
    assert all(records[i].for_relatives for i in chat.state.page_ids)


def test_a_relative_with_a_theme_word_is_still_a_relative(chat: Chat) -> None:
    chat.command("start")
    chat.text("mijn zoon heeft psychoses en woont weer thuis, ik ben echt op")
    assert chat.state is not None
    assert {"psychose", "relaties"} <= set(chat.state.themes)


def test_unclear_what_offers_theme_buttons(chat: Chat) -> None:
    chat.command("start")
    turn = chat.text("tja, lastig te zeggen")
    assert chat.state is not None and chat.state.step == "what"
    assert "theme:eenzaamheid" in actions(turn)
    chat.press("theme:angst")
    assert chat.state.step == "where" and chat.state.themes == ("angst",)


def test_first_message_without_start_is_used(chat: Chat) -> None:
    turn = chat.text("ik slaap slecht van de stress")
    assert "anoniem" in turn.replies[0].text
    assert chat.state is not None and chat.state.step == "where"
    assert "stress" in chat.state.themes


def test_place_in_first_message_skips_the_where_question(chat: Chat) -> None:
    chat.command("start")
    chat.text("ik woon in Zwolle en ben vaak somber")
    assert chat.state is not None
    assert chat.state.step == "when" and chat.state.municipality == "Zwolle"


@pytest.mark.parametrize(
    ("answer", "municipality", "online"),
    [
        ("Deventer", "Deventer", False),
        ("ik woon in deventer", "Deventer", False),
        ("olst wijhe", "Olst-Wijhe", False),
        ("Wijhe", "Olst-Wijhe", False),  # a village is its municipality
        ("ik woon in Twello", "Voorst", False),
        ("7411 AB", "Deventer", False),
        ("8011", "Zwolle", False),
        ("6511", "Nijmegen", False),
        ("online", None, True),
        ("liever vanuit huis", None, True),
    ],
)
def test_where_understands_names_postcodes_and_online(
    chat: Chat, answer: str, municipality: str | None, online: bool
) -> None:
    chat.command("start")
    chat.text("eenzaam")
    turn = chat.text(answer)
    assert chat.state is not None and chat.state.step == "when"
    assert (chat.state.municipality, chat.state.online) == (municipality, online)
    assert "day:ma" in actions(turn) and "days:any" in actions(turn)


def test_gambling_online_is_no_wish_for_online_groups(chat: Chat) -> None:
    # "ik gok online" made the chat skip the place question and list online groups only.
    chat.command("start")
    chat.text("ik gok online en heb al 15k schuld. mijn vriendin weet het niet")
    assert chat.state is not None and chat.state.step == "where"
    assert not chat.state.online
    chat.text("zeewolde maar online mag ook")
    assert chat.state is not None and chat.state.step == "when"
    assert (chat.state.municipality, chat.state.online, chat.state.online_ok) == (
        "Zeewolde",
        False,
        True,
    )


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Deventr", "Deventer"),
        ("Zwole", "Zwolle"),
        ("nijmgen", "Nijmegen"),
        ("Harderwyk", "Harderwijk"),
        ("Genemuden", "Zwartewaterland"),  # a misspelt village offers its municipality
    ],
)
def test_typos_and_villages_get_nearest_names(chat: Chat, typed: str, suggested: str) -> None:
    chat.command("start")
    chat.text("eenzaam")
    turn = chat.text(typed)
    assert chat.state is not None and chat.state.step == "where"
    assert f"place:{suggested}" in actions(turn)
    assert typed not in all_text(turn)  # never echo what was typed
    chat.press(f"place:{suggested}")
    assert chat.state.step == "when" and chat.state.municipality == suggested


@pytest.mark.parametrize("typed", ["9999", "xq", "1234 AB"])
def test_unknown_places_and_postcodes_keep_asking(chat: Chat, typed: str) -> None:
    chat.command("start")
    chat.text("eenzaam")
    turn = chat.text(typed)
    assert chat.state is not None and chat.state.step == "where"
    assert "online" in actions(turn)
    assert texts.PLACE_UNKNOWN in all_text(turn) or texts.POSTCODE_UNKNOWN in all_text(turn)


def test_when_with_buttons(chat: Chat) -> None:
    chat.command("start")
    chat.text("eenzaam")
    chat.text("Deventer")
    turn = chat.press("days:done")
    assert texts.NO_DAYS_YET in all_text(turn)
    chat.press("day:di")
    turn = chat.press("day:do")
    assert "dinsdag en donderdag" in all_text(turn)
    chat.press("day:do")  # untick
    assert chat.state is not None and chat.state.days == ("di",)
    chat.press("days:done")
    assert chat.state.step == "results" and chat.state.weekdays == ("di",)


@pytest.mark.parametrize(
    ("answer", "weekdays"),
    [
        ("dinsdag en donderdag", ("di", "do")),
        ("in het weekend", ("za", "zo")),
        ("maakt niet uit", None),
        ("di, do", ("di", "do")),
    ],
)
def test_when_with_words(chat: Chat, answer: str, weekdays: tuple[str, ...] | None) -> None:
    chat.command("start")
    chat.text("eenzaam")
    chat.text("Deventer")
    chat.text(answer)
    assert chat.state is not None and chat.state.step == "results"
    assert chat.state.weekdays == weekdays


def test_unclear_when_asks_again(chat: Chat) -> None:
    chat.command("start")
    chat.text("eenzaam")
    chat.text("Deventer")
    turn = chat.text("hmm, geen idee eigenlijk wanneer")
    assert chat.state is not None and chat.state.step == "when"
    assert texts.WHEN_UNCLEAR in all_text(turn)


def test_results_are_joinable_without_referral(chat: Chat, records: dict[int, GroupRecord]) -> None:
    turn = chat.to_results("ik ben somber en heb nergens zin in", "Deventer")
    state = chat.state
    assert state is not None and state.step == "results"
    assert 3 <= len(state.page_ids) <= 5
    assert all(not records[i].needs_referral for i in state.suggested_ids)
    assert all(records[i].needs_referral for i in state.referral_ids)
    message = turn.replies[-1].text
    direct_part, _, referral_part = message.partition(texts.REFERRAL_INTRO)
    for group_id in state.page_ids:
        assert records[group_id].title in direct_part
    for group_id in state.referral_ids:
        assert records[group_id].title in referral_part
    assert "Wanneer:" in direct_part and "Waar:" in direct_part and "Aanmelden:" in direct_part
    assert {"more", "restart"} <= set(actions(turn))
    assert turn.facts is not None and turn.facts.themes == state.themes
    assert turn.facts.region == "midden_ijssel" and not turn.facts.crisis


def test_online_results_are_online(chat: Chat, records: dict[int, GroupRecord]) -> None:
    chat.to_results("ik heb veel angst en paniek", "online")
    assert chat.state is not None and chat.state.page_ids
    assert all(records[i].online for i in chat.state.page_ids)


def test_more_info_and_other_suggestions(chat: Chat, records: dict[int, GroupRecord]) -> None:
    chat.to_results("ik voel me eenzaam en somber")  # more than one page in Deventer
    state = chat.state
    assert state is not None
    first = state.page_ids
    turn = chat.press(f"info:{first[0]}")
    assert records[first[0]].title in all_text(turn) and "Aanmelden:" in all_text(turn)
    turn = chat.press("more")
    assert chat.state is not None
    assert chat.state.page_ids and not set(chat.state.page_ids) & set(first)
    assert texts.RESULTS_MORE_INTRO in all_text(turn)
    assert turn.facts is None  # monitoring counts a search once
    chat.press("list")
    assert chat.state.page_ids and not set(chat.state.page_ids) & set(first)
    for _ in range(6):
        turn = chat.press("more")
    assert texts.NO_MORE in all_text(turn)


def test_info_of_a_group_never_shown_is_refused(chat: Chat) -> None:
    chat.to_results()
    turn = chat.press("info:999999")
    assert texts.STALE_BUTTON in all_text(turn)


def test_new_words_after_results_start_a_new_search(chat: Chat) -> None:
    chat.to_results("ik voel me eenzaam", "Deventer")
    chat.text("eigenlijk vooral rouw, mijn moeder is overleden")
    assert chat.state is not None and chat.state.themes == ("rouw",)
    assert chat.state.municipality == "Deventer" and chat.state.step == "results"


@pytest.mark.parametrize("how", ["command", "button"])
def test_restart(chat: Chat, how: str) -> None:
    chat.to_results()
    turn = chat.command("opnieuw") if how == "command" else chat.press("restart")
    assert chat.state == ChatState()
    assert texts.ASK_WHAT in all_text(turn)


def test_vergeet_forgets(chat: Chat) -> None:
    chat.to_results()
    turn = chat.command("vergeet")
    assert turn.forget and turn.state is None
    assert texts.FORGOTTEN in all_text(turn)


def test_privacy_and_help(chat: Chat) -> None:
    chat.command("start")
    turn = chat.command("privacy")
    assert "bewaar je berichten niet" in all_text(turn) and "forget" in actions(turn)
    assert chat.state == ChatState()
    turn = chat.command("hulp")
    assert "/vergeet" in all_text(turn) and "113" in all_text(turn)
    turn = chat.press("forget")
    assert turn.forget


def test_subscription_button_only_when_offered(matcher: Matcher) -> None:
    plain = Chat(matcher)
    assert "sub" not in actions(plain.to_results())
    offered = Chat(matcher, subscriptions=True)
    assert "sub" in actions(offered.to_results())
    turn = offered.press("sub")
    assert turn.subscribe and offered.state is not None and offered.state.subscribed


def test_stale_buttons_do_not_break_the_chat(chat: Chat) -> None:
    chat.command("start")
    turn = chat.press("day:ma")  # a button from an old message
    assert texts.STALE_BUTTON in all_text(turn) and chat.state == ChatState()
    turn = chat.press("place:Atlantis")
    assert texts.STALE_BUTTON in all_text(turn)


# --- crisis first, at every step ---------------------------------------------------------

CRISIS_PHRASES = [
    "ik wil er niet meer zijn",
    "Ik wil er nie meer zijn",  # chat spelling
    "ik denk aan zelfmord",  # typo
    "ik wil niet meer levn",  # typo
    "ik wil dood",
    "iedereen is beter af zonder mij",
    "ik ga er een einde aan maken",
    "hij slaat me en ik ben niet meer veilig",
    "I want to die",
]
STEPS = ["first", "what", "where", "when", "results"]


def _chat_at(step_name: str, matcher: Matcher | None) -> Chat:
    chat = Chat(matcher)
    if step_name == "first":
        return chat
    chat.command("start")
    if step_name in ("where", "when", "results"):
        chat.text("eenzaam")
    if step_name in ("when", "results"):
        chat.text("Deventer")
    if step_name == "results":
        chat.press("days:any")
    return chat


@pytest.mark.parametrize("phrase", CRISIS_PHRASES)
@pytest.mark.parametrize("step_name", STEPS)
def test_crisis_block_comes_first_at_every_step(
    matcher: Matcher, step_name: str, phrase: str
) -> None:
    chat = _chat_at(step_name, matcher)
    before = chat.state
    turn = chat.text(phrase)
    assert is_crisis(turn.replies[0])
    assert turn.facts is not None and turn.facts.crisis
    assert chat.state == (before or ChatState())  # nothing parsed from a crisis message
    assert texts.AFTER_CRISIS in all_text(turn)


def test_danger_puts_112_first(matcher: Matcher) -> None:
    turn = Chat(matcher).text("hij slaat me, ik ben nu niet veilig")
    first_contact = turn.replies[0].text.split("•")[1]
    assert "112" in first_contact


def test_crisis_words_in_a_longer_story(matcher: Matcher) -> None:
    chat = _chat_at("what", matcher)
    turn = chat.text("ik ben zo eenzaam en somber, en ik wil er gewoon niet meer zijn")
    assert is_crisis(turn.replies[0])


@pytest.mark.parametrize("phrase", ["soms wil ik er niet meer zijn", "eigenlijk wil ik dood"])
def test_crisis_inverted_word_order(matcher: Matcher, phrase: str) -> None:
    turn = _chat_at("what", matcher).text(phrase)
    assert is_crisis(turn.replies[0])


def test_idioms_are_not_a_crisis(matcher: Matcher) -> None:
    chat = _chat_at("what", matcher)
    turn = chat.text("ik ga nog dood aan die deadlines, zoveel stress")
    assert not any(is_crisis(r) for r in turn.replies)
    assert chat.state is not None and chat.state.themes == ("stress",)


def _broken(_: Profile) -> object:
    raise RuntimeError("database is down")


@pytest.mark.parametrize("step_name", STEPS)
def test_crisis_block_without_matcher_or_database(step_name: str) -> None:
    for matcher in (_broken, None):
        chat = _chat_at(step_name, matcher)  # type: ignore[arg-type]
        turn = chat.text("ik wil er niet meer zijn")
        assert is_crisis(turn.replies[0])


def test_broken_matcher_gives_a_calm_message_and_the_chat_goes_on() -> None:
    chat = _chat_at("when", _broken)  # type: ignore[arg-type]
    turn = chat.press("days:any")
    assert texts.MATCHER_DOWN in all_text(turn) and "0800-0113" in all_text(turn)
    assert chat.state is not None and chat.state.step == "results"
    assert is_crisis(chat.text("ik wil dood").replies[0])
    chat.command("start")
    assert chat.state == ChatState()


# --- anonymity by construction --------------------------------------------------------------


def _marked_conversation(chat: Chat) -> list[Turn]:
    return [
        chat.text(f"hoi {MARKER}"),
        chat.text(f"ik voel me eenzaam {MARKER} en somber"),
        chat.text(f"{MARKER} Deventr"),
        chat.press("place:Deventer"),
        chat.text(f"dinsdag {MARKER}"),
        chat.text(f"ook angst {MARKER}"),
        chat.text(f"ik wil er niet meer zijn {MARKER}"),
    ]


@pytest.mark.parametrize(
    "dump", [repr, lambda s: pickle.dumps(s).decode("latin-1"), lambda s: json.dumps(asdict(s))]
)
def test_state_never_holds_the_residents_words(
    matcher: Matcher, dump: Callable[[ChatState], str]
) -> None:
    chat = Chat(matcher)
    for turn in _marked_conversation(chat):
        assert turn.state is not None
        assert MARKER not in dump(turn.state)
        assert "eenzaam " not in dump(turn.state)  # terms are taxonomy words, not the message
        assert all(MARKER not in reply.text for reply in turn.replies)  # and never echoed
        assert turn.facts is None or MARKER not in repr(turn.facts)


def test_event_repr_hides_the_text() -> None:
    assert MARKER not in repr(Event.text(MARKER))
    assert MARKER not in str(Event.text(MARKER))


def test_nothing_on_the_subject_is_said_plainly(chat: Chat) -> None:
    chat.command("start")
    chat.text("ik voel me eenzaam")
    chat.text("Zwolle")
    turn = chat.text("dinsdag of donderdag")  # no loneliness group in Zwolle on those days
    message = turn.replies[-1].text
    assert message.startswith(texts.NO_RESULTS) and texts.TIP_HUISARTS in message
    assert texts.NEXT_STEPS in message and texts.TIP_WIJKTEAM in message
    assert "days:any" in actions(turn)
    assert "online:too" not in actions(turn)  # online groups are in the list already
    assert turn.facts is not None and turn.facts.gap and turn.facts.municipality == "Zwolle"
    chat.press("days:any")
    assert chat.state is not None and chat.state.weekdays is None


@pytest.mark.parametrize("data", ["info:²", "info:٣", "info:", "info:-1", "info:99999999"])
def test_odd_button_data_never_raises(matcher: Matcher, data: str) -> None:
    chat = _chat_at("results", matcher)
    turn = chat.press(data)  # a crafted web form can send any action text
    assert turn.replies


def test_someone_who_said_niet_online_can_widen_to_online(chat: Chat) -> None:
    chat.command("start")
    chat.text("ik voel me eenzaam")
    chat.text("Zwolle, niet online")
    turn = chat.text("dinsdag of donderdag")
    assert chat.state is not None and not chat.state.online_ok
    assert texts.TIP_ONLINE in turn.replies[-1].text and "online:too" in actions(turn)
    chat.press("online:too")
    assert chat.state.online_ok and chat.state.municipality == "Zwolle"


@pytest.mark.parametrize(
    ("what", "where", "few_nearby"),
    [
        ("ik voel me eenzaam en somber", "Deventer", False),  # enough in and around Deventer
        ("sinds mijn zus is overleden is het zo stil in huis", "Deventer", True),
        ("ik hoor stemmen en wil praten met anderen", "Raalte", True),
        ("ik pieker veel en ben angstig", "Oldebroek", True),  # one nearby, three online
    ],
)
def test_fewer_than_three_nearby_is_said_and_online_groups_come_apart(
    chat: Chat, records: dict[int, GroupRecord], what: str, where: str, few_nearby: bool
) -> None:
    turn = chat.to_results(what, where)
    assert chat.state is not None and chat.state.page_ids
    online = [records[i].online for i in chat.state.page_ids]
    assert online == sorted(online), online  # groups in and around the place first
    said = texts.FEW_NEARBY.format(place=where)  # municipalities, named as typed
    assert (said in all_text(turn)) is few_nearby
    text = turn.replies[-1].text
    if few_nearby:  # the online ones under their own heading, right before the first one
        first_online = records[chat.state.page_ids[online.index(True)]].title
        heading = text.index(texts.ONLINE_INTRO)
        assert text.count(texts.ONLINE_INTRO) == 1
        assert text.index(first_online) > heading
        assert all(
            text.index(records[i].title) < heading
            for i in chat.state.page_ids
            if not records[i].online
        )
    else:
        assert texts.ONLINE_INTRO not in text


def test_after_the_block_the_themes_of_the_message_are_one_tap_away(chat: Chat) -> None:
    """A story with risk and a theme: block first, then that theme as a button; the words
    themselves are not kept (the state is unchanged until the button is pressed)."""
    chat.command("start")
    turn = chat.text("ik ben zo eenzaam sinds de verhuizing dat ik soms niet meer wil leven")
    assert is_crisis(turn.replies[0])
    assert chat.state == ChatState(step="what")
    assert "theme:eenzaamheid" in actions(turn)
    chat.press("theme:eenzaamheid")
    assert chat.state.step == "where" and chat.state.themes == ("eenzaamheid",)


def test_a_crisis_without_a_theme_gets_no_theme_buttons(chat: Chat) -> None:
    turn = chat.text("ik wil dood")
    assert is_crisis(turn.replies[0])
    assert not [a for a in actions(turn) if a.startswith("theme:")]
