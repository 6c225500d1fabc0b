"""The bot's words as the web chat shows them: no slash commands, and English on request.

`bot.chat.texts` holds the dialogue's Dutch sentences, shared with Telegram (whose
texts name commands such as /vergeet). The dialogue builds each reply from
those sentences plus catalogue data, and the web chat keeps the Dutch reply
as it is; only when a reply is shown does this module put it into the web's
words:

- Dutch: the few phrases that name a command get the web page's buttons
  instead (`WEB_PHRASES`).
- English: every sentence constant of `bot.chat.texts` has an English twin in
  `EN`, keyed by the constant's name, so a reworded Dutch sentence keeps its
  translation. Sentences with a placeholder ({labels}, {days}, {place}) are
  matched as patterns; theme labels and weekday names in them are translated
  (`EN_THEMES`, `EN_DAYS`). The line that says what the chat understood
  ("… eenzaamheid en contact (45 jaar, in Deventer, dinsdag).") is read as a
  whole: its short pieces (`is_fragment`: "online", "in {place}") are
  translated there only, never elsewhere in a reply. The labels of a group's
  details ("Wanneer:") are translated too; catalogue data itself (titles,
  times, places, how to sign up) stays Dutch, as everywhere on the English site.

The crisis block is not text here: the page renders it from
`matcher.crisis.help`, unchanged.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import cache

from bot.chat import texts
from catalogue.taxonomy import THEMES, WEEKDAYS

# Dutch on the web: the phrases of bot.chat.texts that name a Telegram command.
WEB_PHRASES: tuple[tuple[str, str], ...] = (
    ("Met /vergeet wis je", "Met de knop 'Wis alles' wis je"),
    ("Typ /start om opnieuw te beginnen.", "Kies 'Opnieuw' om opnieuw te beginnen."),
    (
        "Wil je opnieuw beginnen? Typ dan /start.",
        "Wil je opnieuw beginnen? Vertel dan hieronder wat er speelt.",
    ),
    ("Stoppen kan altijd met /vergeet.", "Stoppen kan altijd met de knop 'Wis alles'."),
    (
        "Opdrachten:\n"
        "/start of /opnieuw – opnieuw beginnen\n"
        "/privacy – wat ik wel en niet bewaar\n"
        "/vergeet – alles wissen wat bij dit gesprek hoort\n"
        "/hulp – deze uitleg",
        "Onder het gesprek staan knoppen:\n"
        "• Opnieuw beginnen: nog een keer vanaf het begin\n"
        "• Uitleg: deze uitleg\n"
        "• Privacy: wat ik wel en niet bewaar\n"
        "• Wis alles: alles wissen wat bij dit gesprek hoort",
    ),
    ("Wis alles (/vergeet)", "Wis alles"),
)

# English, keyed like bot.chat.texts. Web wording: buttons, never commands.
EN: dict[str, str] = {
    "GREETING": (
        "Hi, good to have you here. I help you find a group you can join yourself, "
        "near you or online.\n\n"
        "You are anonymous here. I don't keep your messages and I don't ask for your name. "
        "The 'Delete everything' button deletes everything that belongs to this conversation."
    ),
    "ASK_WHAT": "What is going on for you? Tell me in your own words. A few words are enough.",
    "ASK_WHAT_AGAIN": (
        "I don't quite understand yet what kind of group you are looking for. Choose below what "
        "fits best, or tell me in a different way."
    ),
    "HEARD": "Thank you for telling me. I'm looking for groups about: {labels}.",
    "ASK_WHERE": (
        "Where do you live? Type the name of your municipality or the 4 digits of your postcode. "
        "Would you rather join from home? Then choose 'Online'."
    ),
    "PLACE_SUGGEST": "I don't know that place. Do you mean one of these municipalities?",
    "PLACE_UNKNOWN": (
        "I don't know that place. I only know the municipalities in our regions. "
        "Type your municipality or the 4 digits of your postcode, or choose 'Online'."
    ),
    "POSTCODE_UNKNOWN": (
        "That postcode is not in one of our regions. Type the name of your municipality, "
        "or choose 'Online' for groups you can join from home."
    ),
    "PLACE_SET": "Fine, I'll look in and around {place}. I'll show online groups too.",
    "PLACE_SET_NO_ONLINE": "Fine, I'll look for groups in and around {place}, not online.",
    "ONLINE_SET": "Fine, I'll look for groups you can join online from home.",
    "ASK_WHEN": (
        "On which days can you usually come? Choose the days and then 'Done'. Or choose 'Any day'."
    ),
    "WHEN_UNCLEAR": (
        "I don't quite understand that. Choose one or more days below, or choose 'Any day'."
    ),
    "DAYS_CHOSEN": "Chosen: {days}. Choose 'Done' if this is right.",
    "NO_DAYS_YET": "You haven't chosen a day yet. Choose a day, or choose 'Any day'.",
    "RESULTS_INTRO": "You can join these yourself, without a referral:",
    "RESULTS_MORE_INTRO": "More groups you can join yourself:",
    "REFERRAL_INTRO": ("Via your GP or the neighbourhood team (you need a referral for these):"),
    "RESULTS_HINT": "Choose a number for more information.",
    "NO_RESULTS": (
        "Sorry, I found no group that fits well. That says nothing about you: there are not "
        "yet as many groups everywhere."
    ),
    "NO_MORE": "I haven't found any more groups for you right now.",
    "HUISARTS_TIP": (
        "You can always talk to your GP or the practice nurse for mental health (POH-ggz) too. "
        "They will think along with you."
    ),
    "MATCHER_DOWN": (
        "Searching doesn't work right now. Please try again in a few minutes. "
        "Not feeling well? Call 0800-0113 for free, or 112 if you are in immediate danger."
    ),
    "INFO_GONE": "I can't find this group any more. Maybe something has changed.",
    "STALE_BUTTON": (
        "That button belongs to an earlier conversation. Choose 'Start again' to begin anew."
    ),
    "AFTER_RESULTS": (
        "Want to look for something else? Tell me what is going on, or choose 'Start again'."
    ),
    "NOT_TEXT": (
        "I can only read typed messages. Type your message, or choose a button.\n"
        "Not feeling well right now? Call 113 (free: 0800-0113), or 112 if you are in "
        "immediate danger."
    ),
    "AFTER_CRISIS": (
        "I'm still here too. If you like, we can keep looking for a group together afterwards. "
        "Just keep typing."
    ),
    "AFTER_CRISIS_THEMES": "Or choose below what you would like a group about.",
    "HELP": (
        "How it works:\n"
        "1. Tell me what is going on.\n"
        "2. Say where you live (municipality or postcode), or choose online.\n"
        "3. Choose the days that suit you.\n"
        "Then you get groups you can join yourself.\n\n"
        "Below the conversation there are buttons:\n"
        "• Start again: begin once more from the start\n"
        "• How it works: this explanation\n"
        "• Privacy: what I do and don't keep\n"
        "• Delete everything: delete everything that belongs to this conversation\n\n"
        "Do you need help right now? Call 113 (free: 0800-0113) or chat at 113.nl. "
        "In immediate danger: call 112."
    ),
    "PRIVACY": (
        "You are anonymous here.\n"
        "• I don't keep your messages. I only briefly remember where we are in the "
        "conversation: the subject (such as 'loneliness'), your municipality and your days.\n"
        "• After 2 hours without a message I forget that too.\n"
        "• For statistics we only count anonymously: which subject, which region and which "
        "groups I showed. Never your words.\n"
        "• The 'Delete everything' button deletes everything at once, including a notification "
        "you switched on."
    ),
    "FORGOTTEN": (
        "Everything from this conversation has been deleted. Want to start again? "
        "Then tell me below what is going on."
    ),
    "SUBSCRIBED": (
        "Fine. If a new group starts that fits this, you'll hear about it the next time you "
        "send a message here. You can always stop with the 'Delete everything' button."
    ),
    "NEW_SINCE_LAST": "Since your last visit a new group has started that suits you:",
    "BTN_ONLINE": "Online",
    "BTN_ANY_DAY": "Any day",
    "BTN_DONE": "Done",
    "BTN_MORE": "Other suggestions",
    "BTN_RESTART": "Start again",
    "BTN_SUBSCRIBE": "Let me know when a new group starts",
    "BTN_FORGET": "Delete everything",
    "BTN_ALL_DAYS": "Look at all days",
    "BTN_INFO": "More info {n}",
    "HEARD_WORDS": "Thank you for telling me. I'm looking for groups that fit what you write",
    "HEARD_AGE": "{age} years old",
    "HEARD_PLACE": "in {place}",
    "HEARD_ONLINE": "online",
    "BTN_WRONG": "That's not right",
    "BTN_BACK": "Back to the list",
    "PLACE_OUTSIDE": (
        "{place} is outside the regions where I know groups. Choose 'Online' for groups you can "
        "join from home, or type a municipality nearby."
    ),
    "FEW_RESULTS": (
        "I found fewer than three groups that really fit this. I would rather tell you that "
        "honestly than show you groups that don't fit."
    ),
    "FEW_NEARBY": (
        "In and around {place} I found fewer than three groups that really fit this. So I'm "
        "also showing groups you can join online from home."
    ),
    "ONLINE_INTRO": "Online, from home:",
    "UNAVAILABLE_INTRO": "Also fits, but is full now or you can't sign up right now:",
    "NEXT_STEPS": "What you can do:",
    "TIP_ALL_DAYS": "look at all days and times (button below)",
    "TIP_ONLINE": "look at online groups too (button below)",
    "TIP_WIJKTEAM": (
        "ask the neighbourhood team or social team of your municipality: they know more help"
    ),
    "TIP_HUISARTS": "talk to your GP or the practice nurse for mental health (POH-ggz)",
    "TIP_113": "is it hard? Chat anonymously at 113.nl or call 0800-0113 for free",
}

# The labels of a group's lines (bot.chat.texts.option_block and option_details).
EN_LINE_LABELS: dict[str, str] = {
    "Waarom": "Why",
    "Wanneer": "When",
    "Waar": "Where",
    "Aanmelden": "How to join",
    "Door": "By",
    "Waarom deze groep": "Why this group",
    "Toegankelijkheid": "Accessibility",
    "Kosten": "Cost",
    "Contact": "Contact",
    "Meer weten": "More information",
}
EN_THEMES: dict[str, str] = {
    "somberheid": "Low mood and depression",
    "angst": "Anxiety, panic and compulsions",
    "stress": "Stress and burnout",
    "eenzaamheid": "Loneliness and contact",
    "trauma": "Trauma and bad experiences",
    "rouw": "Grief and loss",
    "verslaving": "Addiction and substance use",
    "psychose": "Psychosis and hearing voices",
    "emoties": "Handling emotions",
    "zelfbeeld": "Self-image and self-confidence",
    "herstel": "Recovery and taking charge",
    "zingeving": "Meaning and life questions",
    "geld_werk": "Money, work and housing",
    "lichaam": "Body, sleep and pain",
    "bewegen": "Exercise and being outdoors",
    "creatief": "Being creative",
    "relaties": "Relationships and family",
    "ontwikkeling": "ADHD, autism and sensory overload",
    "cultuur": "Culture, migration and identity",
    "levensfase": "Life stages and transitions",
}
EN_TIMES: dict[str, str] = {  # time-of-day codes (bot.chat.texts.time_list)
    "ochtend": "in the morning",
    "middag": "in the afternoon",
    "avond": "in the evening",
}
EN_DAYS: dict[str, str] = {
    "ma": "Monday",
    "di": "Tuesday",
    "wo": "Wednesday",
    "do": "Thursday",
    "vr": "Friday",
    "za": "Saturday",
    "zo": "Sunday",
}

CHECK = "✓ "
# A sentence shorter than this (without its placeholders) is a fragment ("online", "in {place}",
# "{age} jaar"): translated only where the dialogue composes it, never anywhere in a reply.
FRAGMENT = 12
# What a placeholder may match; anything else matches up to the end of its line.
_FIELD_PATTERNS = {"age": r"\d{1,3}", "place": r"[^,()\n]+?"}
_ANY = r"[^\n]+?"


def constants() -> dict[str, str]:
    """Every text constant of bot.chat.texts (sentences and button labels), by name."""
    return {
        name: value
        for name, value in vars(texts).items()
        if name.isupper() and isinstance(value, str)
    }


def fields(template: str) -> list[str]:
    """The placeholders of a text constant, in order."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def show(text: str, language: str) -> str:
    """A bot reply's text as the web chat shows it in `language` ("nl" or "en")."""
    if language == "en":
        return _english(text)
    return _web_dutch(text)


def button(label: str, language: str) -> str:
    """A button's label as the web chat shows it."""
    if language != "en":
        return _web_dutch(label)
    return _english_label(label)


# Dutch ---------------------------------------------------------------------------------------


def _web_dutch(text: str) -> str:
    for telegram, web in WEB_PHRASES:
        if telegram in text:
            text = text.replace(telegram, web)
    return text


# English -------------------------------------------------------------------------------------


@cache
def _sentences() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every fixed Dutch sentence (longest first) and its English twin."""
    table = {
        dutch: EN[name]
        for name, dutch in constants().items()
        if name in EN
        and not fields(dutch)
        and not name.startswith("BTN_")
        and len(dutch) >= FRAGMENT
    }
    ordered = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(d) for d in ordered)), table


@cache
def _templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Sentences with placeholders as patterns, each with its English template."""
    found = []
    for name, dutch in constants().items():
        if name in EN and fields(dutch) and not name.startswith("BTN_") and not is_fragment(dutch):
            found.append((_pattern(dutch), EN[name]))
    return tuple(found)


def is_fragment(template: str) -> bool:
    """A short piece ("online", "in {place}") the dialogue composes into a longer line."""
    literal = "".join(part for part, *_ in string.Formatter().parse(template))
    return len(literal.strip()) < FRAGMENT


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(_regex(template))


def _regex(template: str) -> str:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>{_FIELD_PATTERNS.get(name, _ANY)})")
    return "".join(parts)


@cache
def _line_labels() -> re.Pattern[str]:
    names = "|".join(re.escape(k) for k in sorted(EN_LINE_LABELS, key=len, reverse=True))
    return re.compile(rf"^(?P<indent>[ \t]*)(?P<label>{names}):(?= )", re.MULTILINE)


def _english(text: str) -> str:
    understood = _understood()
    if understood is not None:
        text = understood.sub(_understood_en, text)
    pattern, table = _sentences()
    text = pattern.sub(lambda m: table[m.group(0)], text)
    for template, english in _templates():
        text = template.sub(_filler(english), text)
    return _line_labels().sub(
        lambda m: m.group("indent") + EN_LINE_LABELS[m.group("label")] + ":", text
    )


def _filler(english: str) -> Callable[[re.Match[str]], str]:
    def fill(match: re.Match[str]) -> str:
        values = match.groupdict()
        if "labels" in values:
            values["labels"] = _list_en(values["labels"], _theme_names(), lower=True)
        if "days" in values:
            values["days"] = _list_en(values["days"], _day_names(), lower=False)
        return english.format(**values)

    return fill


@cache
def _understood() -> re.Pattern[str] | None:
    """The line that says what the chat understood (bot.chat.dialogue._understood):

    "<HEARD without its full stop, or HEARD_WORDS> (45 jaar, in Deventer, dinsdag, 's avonds)."
    """
    names = constants()
    if not {"HEARD", "HEARD_WORDS"} <= set(names):
        return None
    themes = _regex(names["HEARD"].rstrip(".")).replace(_ANY, r"[^\n(]+?")
    words = re.escape(names["HEARD_WORDS"].rstrip("."))
    return re.compile(
        rf"^(?:{themes}|(?P<words>{words}))(?: \((?P<extra>[^()\n]+)\))?\.$", re.MULTILINE
    )


def _understood_en(match: re.Match[str]) -> str:
    if match.group("words"):
        head = EN["HEARD_WORDS"].rstrip(".")
    else:
        head = (
            EN["HEARD"]
            .rstrip(".")
            .format(labels=_list_en(match.group("labels"), _theme_names(), lower=True))
        )
    extra = match.group("extra")
    return head + (f" ({_extras_en(extra)})" if extra else "") + "."


@cache
def _extras() -> re.Pattern[str]:
    """One item of the understood line's brackets: age, place, online, days or times."""
    names = constants()
    days = "|".join(re.escape(d) for d in sorted(_day_names(), key=len, reverse=True))
    times = "|".join(re.escape(t) for t in sorted(_time_names(), key=len, reverse=True))
    items = [
        f"(?P<k_age>{_regex(names['HEARD_AGE'])})" if "HEARD_AGE" in names else "",
        f"(?P<k_place>{_regex(names['HEARD_PLACE'])})" if "HEARD_PLACE" in names else "",
        f"(?P<k_online>{re.escape(names['HEARD_ONLINE'])})" if "HEARD_ONLINE" in names else "",
        f"(?P<k_days>(?:{days})(?:(?:, | en )(?:{days}))*)",
        f"(?P<k_times>(?:{times})(?: of (?:{times}))*)" if times else "",
    ]
    alternatives = "|".join(item for item in items if item)
    return re.compile(rf"(?:{alternatives})(?=, |$)")


def _extras_en(extra: str) -> str:
    """'45 jaar, in Deventer, dinsdag en vrijdag' → '45 years old, in Deventer, Tuesday and
    Friday'; anything unknown leaves the whole as it is."""
    found, pos = [], 0
    while pos < len(extra):
        match = _extras().match(extra, pos)
        if match is None:
            return extra  # not what we know: leave it as it is
        kind = (match.lastgroup or "")[2:]
        if kind in ("age", "place"):
            found.append(EN[f"HEARD_{kind.upper()}"].format(**{kind: match.group(kind)}))
        elif kind == "online":
            found.append(EN["HEARD_ONLINE"])
        elif kind == "days":
            found.append(_list_en(match.group("k_days"), _day_names(), lower=False))
        else:
            times = match.group("k_times").split(" of ")
            found.append(" or ".join(_time_names().get(t, t) for t in times))
        pos = match.end() + 2  # the ", " after it
    return ", ".join(found)


@cache
def _time_names() -> dict[str, str]:
    """Dutch time of day as the dialogue writes it → English."""
    return (
        {texts.time_list((code,)): en for code, en in EN_TIMES.items()}
        if hasattr(texts, "time_list")
        else {}
    )


@cache
def _theme_names() -> dict[str, str]:
    """Lower-case Dutch theme label → English label."""
    return {THEMES[c].label.lower(): en for c, en in EN_THEMES.items() if c in THEMES}


@cache
def _day_names() -> dict[str, str]:
    return {WEEKDAYS[c]: en for c, en in EN_DAYS.items() if c in WEEKDAYS}


def _list_en(value: str, names: dict[str, str], *, lower: bool) -> str:
    """'a, b en c' in Dutch labels → 'a, b and c' in English; unknown words stay as they are."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    item = re.compile(alternatives)
    separator = re.compile(r", en over |, | en ")
    found, pos = [], 0
    while pos < len(value):
        match = item.match(value, pos)
        if match is None:
            return value
        found.append(names[match.group(0)])
        pos = match.end()
        sep = separator.match(value, pos)
        if sep:
            pos = sep.end()
        elif pos != len(value):
            return value
    if lower:
        found = [_lower_first(name) for name in found]
    if len(found) <= 1:
        return "".join(found)
    return ", ".join(found[:-1]) + " and " + found[-1]


def _lower_first(name: str) -> str:
    first = name.split(",")[0].split(" ")[0]
    return name if first.isupper() else name[:1].lower() + name[1:]


@cache
def _labels() -> dict[str, str]:
    """Exact Dutch button label → English."""
    table = {
        dutch: EN[name]
        for name, dutch in constants().items()
        if name.startswith("BTN_") and name in EN and not fields(dutch)
    }
    table.update({THEMES[c].label: en for c, en in EN_THEMES.items() if c in THEMES})
    table.update({WEEKDAYS[c].capitalize(): en for c, en in EN_DAYS.items() if c in WEEKDAYS})
    return table


@cache
def _label_templates() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(_pattern(dutch).pattern + "$"), EN[name])
        for name, dutch in constants().items()
        if name.startswith("BTN_") and name in EN and fields(dutch)
    )


def _english_label(label: str) -> str:
    checked = label.startswith(CHECK)
    bare = label[len(CHECK) :] if checked else label
    english = _labels().get(bare)
    if english is None:
        for pattern, template in _label_templates():
            match = pattern.match(bare)
            if match:
                english = template.format(**match.groupdict())
                break
    return (CHECK if checked else "") + (english if english is not None else bare)
