"""Schedules in plain Dutch: what a facilitator types, turned into a rule and back into words.

`parse("elke dinsdag 10:00–12:00 vanaf 6 januari, 8 bijeenkomsten", today=…)` gives a
ScheduleSpec (RRULE `FREQ=WEEKLY[;INTERVAL=n];BYDAY=…`, first session, duration, count or
until); `describe(spec)` writes a weekly schedule back as words that parse to the same spec,
so a confirmation page can carry that text to the save step unchanged. Anything not
understood raises ScheduleTextError with a specific Dutch message: nothing is guessed
silently, and no other exception leaves `parse`.

A date without a year is the next such date from `today` (a start date) or from the start
date (an end date); in "van 6 januari tot 24 februari 2027" the start takes the end's year.
"Vanaf 6 januari" means the first meeting day on or after 6 januari.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr

from catalogue.errors import Invalid
from catalogue.schedules import MONTHS, ScheduleSpec, dutch_date, series_end, validate
from catalogue.taxonomy import RRULE_DAYS, WEEKDAYS

MAX_LENGTH = 300
MAX_MINUTES = 600  # catalogue.schedules.validate allows meetings of at most ten hours
MAX_SESSIONS = 500
YEARS = (2000, 2100)
EXAMPLE = "elke dinsdag 10:00–12:00 vanaf 6 januari, 8 bijeenkomsten"

DAY_NAMES = tuple(WEEKDAYS.values())  # maandag … zondag, Monday = 0
_DAY_ABBREVIATIONS = {code: index for index, code in enumerate(WEEKDAYS)}  # ma, di, …
_NUMBER_WORDS = {
    word: number
    for number, words in enumerate(
        (
            (),
            ("een", "één"),
            ("twee",),
            ("drie",),
            ("vier",),
            ("vijf",),
            ("zes",),
            ("zeven",),
            ("acht",),
            ("negen",),
            ("tien",),
            ("elf",),
            ("twaalf",),
        )
    )
    for word in words
}
_NUMBER = r"[0-9]{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_START_WORDS = (
    r"vanaf|van|per|met ingang van|start(?:end|en|t)?(?: op)?|begin(?:t|nend)?(?: op)?"
    r"|eerste keer(?: op)?"
)
_END_WORDS = r"tot en met|t/m|tm|totdat|tot|eindig(?:t|end)?(?: op)?|laatste keer(?: op)?"
_DATE = re.compile(
    rf"\b(?P<kw>{_END_WORDS}|{_START_WORDS})\s+(?:(?P<wd>[a-zé]+dag)\s+)?"
    r"(?:(?P<iy>[0-9]{4})-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})"
    r"|(?P<nd>[0-9]{1,2})[-/.](?P<nm>[0-9]{1,2})[-/.](?P<ny>[0-9]{4}|[0-9]{2})"
    r"|(?P<sd>[0-9]{1,2})/(?P<sm>[0-9]{1,2})"
    r"|(?P<d>[0-9]{1,2})\s+(?P<mon>[a-zé]+)\.?(?:\s+(?P<y>[0-9]{4}))?)"
    r"(?![0-9:/-])",
)
_TIME_RANGE = re.compile(
    r"(?<![0-9:./-])(?:\b(?:van|om)\s+)?(?P<h1>[0-9]{1,2})(?:[:.](?P<m1>[0-9]{2}))?(?P<u1>\s*uur)?\s*"
    r"(?:-|\btot(?:\s+en\s+met)?\b|\bt/m\b)\s*"
    r"(?P<h2>[0-9]{1,2})(?:[:.](?P<m2>[0-9]{2}))?(?P<u2>\s*uur\b)?(?![0-9:./-])",
)
_LONE_TIME = re.compile(r"(?<![0-9:./-])[0-9]{1,2}[:.][0-9]{2}(?![0-9:./-])")
_COUNT = re.compile(
    rf"(?<![0-9:./-])\b(?P<n>{_NUMBER})\s*"
    r"(?:x|keer|maal|bijeenkomsten|bijeenkomst|sessies|sessie|lessen|les)\b(?!\s*per\b)"
)
_EVERY_N_WEEKS = re.compile(rf"\b(?:om de|elke|iedere)\s+(?P<n>{_NUMBER})\s+weken\b")
_OTHER_WEEK = re.compile(r"\b(?:om de week|(?:elke|iedere) (?:andere|tweede) week)\b")
_N_WEEKLY = re.compile(r"\b(?P<n>twee|drie|vier)wekelijks\b")
_WEEKLY = re.compile(r"\b(?:wekelijks|(?:elke|iedere) week)\b")
_EVERY = re.compile(r"\b(?:elke|iedere|alle)\b")
_MONTHLY = re.compile(r"\b(?:maandelijks|(?:elke|iedere|per|om de) (?:\w+ )?maand(?:en)?)\b")
# Words (any letters), numbers (any digits) and odd symbols; plain punctuation is ignored.
_WORD = re.compile(r"'?[^\W\d_]+(?:'[^\W\d_]+)*|\d+|[^\w\s,;.()!?:/'\"-]+")
_FILLER = frozenset(
    {"op", "en", "de", "het", "om", "uur", "in", "totaal", "'s", "s", "per", "week", "keer"}
    | {"ochtend", "ochtends", "middag", "middags", "avond", "avonds", "'", "tijd", "van"}
)
_NOT_MONTHS = frozenset(
    {"tot", "en", "uur", "keer", "maal", "x", "weken", "week", "dagen", "bijeenkomsten"}
    | {"bijeenkomst", "sessies", "sessie", "lessen", "les", "op", "om", "van", "vanaf", "t"}
)


class ScheduleTextError(Invalid):
    """Schedule text that cannot be read; `message` says what to write instead, in Dutch."""


@dataclass(frozen=True)
class _Date:
    role: str  # "start" or "end"
    day: int
    month: int
    year: int | None
    weekday: int | None
    raw: str


def _fail(*problems: str) -> ScheduleTextError:
    return ScheduleTextError(problems[0], list(problems))


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    for dash in "–—‒−‐‑":
        text = text.replace(dash, "-")
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _month(word: str) -> int | None:
    """1–12 for 'januari', 'jan', 'sept', 'mrt'; None for anything else."""
    if word == "mrt":
        return 3
    if len(word) >= 3:
        for index, name in enumerate(MONTHS, start=1):
            if name.startswith(word):
                return index
    return None


def _weekday(word: str) -> int | None:
    """0–6 for 'dinsdag', 'dinsdagen', 'dinsdags', 'dinsdagavond', 'di'; else None."""
    if word in _DAY_ABBREVIATIONS:
        return _DAY_ABBREVIATIONS[word]
    for index, name in enumerate(DAY_NAMES):
        if word.startswith(name):
            rest = word[len(name) :]
            rest = rest.removesuffix("en").removesuffix("s")
            if rest in ("", "ochtend", "middag", "avond", "morgen"):
                return index
    return None


def _extract(pattern: re.Pattern[str], text: str, take: Callable[[re.Match[str]], bool]) -> str:
    """Blank out every match that `take` accepts; a refused match lets the search go on."""
    position = 0
    while (found := pattern.search(text, position)) is not None:
        if take(found):
            text = text[: found.start()] + " ; " + text[found.end() :]
            position = found.start() + 3
        else:
            position = found.start() + 1
    return text


def _dates(text: str) -> tuple[str, list[_Date]]:
    found: list[_Date] = []

    def take(match: re.Match[str]) -> bool:
        role = "end" if re.fullmatch(_END_WORDS, match["kw"]) else "start"
        if match["iy"]:
            day, month, year = int(match["id"]), int(match["im"]), int(match["iy"])
        elif match["nd"]:
            day, month, year = int(match["nd"]), int(match["nm"]), int(match["ny"])
            year += 2000 if year < 100 else 0
        elif match["sd"]:
            day, month, year = int(match["sd"]), int(match["sm"]), None
        else:
            month_number = _month(match["mon"])
            if month_number is None:
                if match["mon"] in _NOT_MONTHS or _weekday(match["mon"]) is not None:
                    return False  # "van 10 tot 12 uur": a time, not a date
                raise _fail(
                    f"Ik ken de maand '{match['mon']}' niet. Schrijf de maand voluit, "
                    "zoals '6 januari', of als 6-1-2027."
                )
            day, month = int(match["d"]), month_number
            year = int(match["y"]) if match["y"] else None
        weekday = None
        if match["wd"]:
            weekday = _weekday(match["wd"])
            if weekday is None:
                raise _fail(f"'{match['wd']}' is geen dag van de week.")
        if not 1 <= month <= 12:
            raise _fail(f"In '{match.group(0).strip()}' staat geen bestaande maand.")
        found.append(_Date(role, day, month, year, weekday, match.group(0).strip()))
        return True

    return _extract(_DATE, text, take), found


@dataclass(frozen=True)
class _Times:
    start: time
    minutes: int


def _times(text: str) -> tuple[str, list[_Times]]:
    found: list[_Times] = []

    def take(match: re.Match[str]) -> bool:
        if not (match["m1"] or match["m2"] or match["u1"] or match["u2"]):
            return False  # "6-1" is no time; say 10:00-12:00 or 10-12 uur
        h1, h2 = int(match["h1"]), int(match["h2"])
        m1, m2 = int(match["m1"] or 0), int(match["m2"] or 0)
        for hour, minute in ((h1, m1), (h2, m2)):
            if hour > 23 or minute > 59:
                raise _fail(f"{hour}:{minute:02d} is geen tijd. Schrijf bijvoorbeeld 10:00–12:00.")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            raise _fail(
                f"De eindtijd ({h2:02d}:{m2:02d}) ligt niet na de begintijd ({h1:02d}:{m1:02d}). "
                "Schrijf eerst de begintijd, dan de eindtijd, zoals 10:00–12:00."
            )
        if end - start > MAX_MINUTES:
            raise _fail("Een bijeenkomst duurt hier langer dan 10 uur. Klopt de tijd?")
        found.append(_Times(time(h1, m1), end - start))
        return True

    return _extract(_TIME_RANGE, text, take), found


def _counts(text: str) -> tuple[str, list[int]]:
    found: list[int] = []

    def take(match: re.Match[str]) -> bool:
        count = _number(match["n"])
        if not 1 <= count <= MAX_SESSIONS:
            raise _fail(f"Het aantal bijeenkomsten moet tussen 1 en {MAX_SESSIONS} liggen.")
        found.append(count)
        return True

    return _extract(_COUNT, text, take), found


def _interval(text: str) -> tuple[str, list[int]]:
    if _MONTHLY.search(text):
        raise _fail(
            "Een rooster per maand kan ik nog niet lezen. Noem de dag van de week, zoals "
            "'elke dinsdag' of 'om de twee weken op dinsdag', of vraag de coördinator."
        )
    found: list[int] = []

    def every(n: int | None) -> Callable[[re.Match[str]], bool]:
        def take(match: re.Match[str]) -> bool:
            number = n if n is not None else _number(match["n"])
            if not 1 <= number <= 52:
                raise _fail("Om de hoeveel weken? Kies een getal van 1 tot 52.")
            found.append(number)
            return True

        return take

    text = _extract(_EVERY_N_WEEKS, text, every(None))
    text = _extract(_OTHER_WEEK, text, every(2))
    text = _extract(_N_WEEKLY, text, every(None))
    text = _extract(_WEEKLY, text, every(1))
    return text, found


def _days(text: str) -> tuple[list[int], list[str]]:
    """The weekdays named, and the words left that are neither a day nor filler."""
    days: list[int] = []
    left: list[str] = []
    words = _WORD.findall(_EVERY.sub(" elke ", text))
    for index, word in enumerate(words):
        day = _weekday(word)
        if word in ("dag", "dagen", "dagelijks") and index and words[index - 1] == "elke":
            days += range(7)
        elif word in ("werkdag", "werkdagen", "doordeweeks"):
            days += range(5)
        elif day is not None:
            days.append(day)
        elif word.endswith(("dag", "dagen")) or (index and words[index - 1] == "elke"):
            raise _fail(
                f"'{word}' is geen dag van de week. Schrijf de dag voluit, zoals 'elke dinsdag'."
            )
        elif word not in _FILLER and word not in ("elke", ";"):
            left.append(word)
    return sorted(set(days)), left


def _leftover_problem(left: list[str], rest: str) -> str:
    shown = " ".join(left)[:60]
    if _LONE_TIME.search(rest):
        return "Noem de begintijd én de eindtijd, zoals 10:00–12:00."
    if any(_month(word) for word in left):
        return "Zet 'vanaf' voor de eerste datum, zoals 'vanaf 6 januari'."
    if any(word.isdigit() for word in left):
        return (
            f"Dit stuk begrijp ik niet: '{shown}'. Schrijf een tijd als 10:00–12:00 of "
            "10-12 uur, een datum als 'vanaf 6 januari' en een aantal als '8 keer'."
        )
    return f"Dit stuk begrijp ik niet: '{shown}'. Schrijf het rooster zoals: {EXAMPLE}."


def _day_of(parts: _Date, year: int) -> date | None:
    try:
        return date(year, parts.month, parts.day)
    except ValueError:
        return None


def _resolve(parts: _Date, *, on_or_after: date | None, year: int | None = None) -> date:
    """The calendar date of a typed date; without a year the first one on or after a day."""
    if parts.year is not None or year is not None:
        chosen = parts.year if parts.year is not None else year
        assert chosen is not None
        if not YEARS[0] <= chosen <= YEARS[1]:
            raise _fail(f"Kies een jaar tussen {YEARS[0]} en {YEARS[1]}.")
        found = _day_of(parts, chosen)
        if found is None:
            raise _fail(f"{parts.day} {MONTHS[parts.month - 1]} {chosen} bestaat niet.")
        return found
    assert on_or_after is not None
    for year_ in range(on_or_after.year, on_or_after.year + 9):  # 29 februari: a leap year
        found = _day_of(parts, year_)
        if found is not None and found >= on_or_after:
            return found
    raise _fail(f"{parts.day} {MONTHS[parts.month - 1]} bestaat niet.")


def _start_and_end(dates: list[_Date], today: date) -> tuple[date | None, date | None]:
    starts = [d for d in dates if d.role == "start"]
    ends = [d for d in dates if d.role == "end"]
    if len(starts) > 1:
        raise _fail("Noem één begindatum, zoals 'vanaf 6 januari'.")
    if len(ends) > 1:
        raise _fail("Noem één einddatum, zoals 'tot 1 juli'.")
    start_parts = starts[0] if starts else None
    end_parts = ends[0] if ends else None
    start = end = None
    if start_parts is not None:
        if start_parts.year is None and end_parts is not None and end_parts.year is not None:
            # "van 6 januari tot 24 februari 2027": the start shares the end's year.
            end = _resolve(end_parts, on_or_after=None)
            start = _resolve(start_parts, on_or_after=None, year=end.year)
            earlier = _day_of(start_parts, end.year - 1)
            if start > end and earlier is not None and earlier >= today:
                # "van 1 december tot 31 januari 2027", typed in december 2026
                start = earlier
        else:
            start = _resolve(start_parts, on_or_after=today)
    if end_parts is not None and end is None:
        end = _resolve(end_parts, on_or_after=start or today)
    for parts, resolved in ((start_parts, start), (end_parts, end)):
        typed = parts.weekday if parts is not None else None
        if typed is not None and resolved is not None and typed != resolved.weekday():
            raise _fail(
                f"{dutch_date(resolved, year=True, weekday=False)} is een "
                f"{DAY_NAMES[resolved.weekday()]}, geen {DAY_NAMES[typed]}."
            )
    return start, end


def _rule_text(days: list[int], interval: int) -> str:
    every = f";INTERVAL={interval}" if interval > 1 else ""
    return f"FREQ=WEEKLY{every};BYDAY=" + ",".join(RRULE_DAYS[d] for d in days)


def _nth_meeting(rule: str, first: datetime, n: int) -> date:
    found = rrulestr(rule, dtstart=first)
    assert isinstance(found, rrule)
    return list(found.replace(count=n))[-1].date()


def parse(text: str, *, today: date) -> ScheduleSpec:
    """The schedule a facilitator typed, as a ScheduleSpec; ScheduleTextError if unreadable."""
    if not text.strip():
        raise _fail(f"Typ het rooster, bijvoorbeeld: {EXAMPLE}.")
    if len(text) > MAX_LENGTH:
        raise _fail(f"Dat is te lang voor een rooster (meer dan {MAX_LENGTH} tekens).")
    original = _normalise(text)
    rest, dates = _dates(original)
    rest, times = _times(rest)
    rest, counts = _counts(rest)
    rest, intervals = _interval(rest)
    days, left = _days(rest)
    if left:
        raise _fail(_leftover_problem(left, rest))
    problems = []
    if not days:
        problems.append("Noem de dag of dagen, zoals 'elke dinsdag'.")
    if not times:
        problems.append("Noem de begin- en eindtijd, zoals 10:00–12:00.")
    if not any(d.role == "start" for d in dates):
        problems.append("Noem de eerste datum, zoals 'vanaf 6 januari'.")
    for found, what in ((times, "één tijd"), (counts, "één aantal"), (intervals, "één ritme")):
        if len(found) > 1:
            problems.append(f"Noem {what}: ik lees er {len(found)}.")
    if problems:
        raise _fail(*problems)
    start, end = _start_and_end(dates, today)
    assert start is not None
    first_day = min(start + timedelta(days=(d - start.weekday()) % 7) for d in days)
    first = datetime.combine(first_day, times[0].start)
    interval = intervals[0] if intervals else 1
    if end is not None and end < first_day:
        raise _fail(
            f"De einddatum ({dutch_date(end, year=True)}) ligt vóór de eerste bijeenkomst "
            f"({dutch_date(first_day, year=True)})."
        )
    rule = _rule_text(days, interval)
    count = counts[0] if counts else None
    if count is not None and end is not None:
        last = _nth_meeting(rule, first, count)
        if last != end:
            raise _fail(
                f"{count} keer vanaf {dutch_date(first_day)} eindigt op "
                f"{dutch_date(last, year=True)}, niet op {dutch_date(end, year=True)}. "
                "Noem het aantal keer of de einddatum."
            )
        end = None  # the same series: keep the count, it is what the facilitator counts
    spec = ScheduleSpec(rule, first, times[0].minutes, end, count)
    problems = validate(spec)
    if problems:
        raise _fail(*(p[0].upper() + p[1:] + "." for p in problems))
    return spec


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _rule_parts(spec: ScheduleSpec) -> tuple[int, list[int]]:
    parts = dict(part.split("=", 1) for part in spec.rrule.upper().split(";") if "=" in part)
    unknown = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "WKST"}
    byday = parts.get("BYDAY", RRULE_DAYS[spec.first_session.weekday()]).split(",")
    if parts.get("FREQ") != "WEEKLY" or unknown or any(d not in RRULE_DAYS for d in byday):
        raise _fail("Dit rooster kan ik niet in gewone woorden schrijven.")
    interval = parts.get("INTERVAL", "1")
    if not interval.isdigit() or not 1 <= int(interval) <= 52:
        raise _fail("Dit rooster kan ik niet in gewone woorden schrijven.")
    return int(interval), sorted({RRULE_DAYS.index(d) for d in byday})


def describe(spec: ScheduleSpec) -> str:
    """A weekly schedule in words that `parse` reads back to the same spec.

    'elke dinsdag van 10:00 tot 12:00, 8 keer, van 12 januari tot en met 2 maart 2027'.
    ScheduleTextError for rules that are not weekly on named days (those come from a
    spreadsheet and are shown with catalogue.schedules.describe).
    """
    interval, days = _rule_parts(spec)
    names = _join([DAY_NAMES[d] for d in days])
    how = (
        f"elke {names}"
        if interval == 1
        else f"om de week op {names}"
        if interval == 2
        else f"om de {interval} weken op {names}"
    )
    start = spec.first_session
    end = start + timedelta(minutes=spec.duration_minutes)
    text = f"{how} van {start:%H:%M} tot {end:%H:%M}"
    until, count = series_end(spec)
    first = start.date()
    if count is not None:
        last = _nth_meeting(_rule_text(days, interval), start, count)
        return f"{text}, {count} keer, van {_from(first, last)} tot en met {_long(last)}"
    if until is not None:
        return f"{text}, van {_from(first, until.date())} tot en met {_long(until.date())}"
    return f"{text}, vanaf {_long(first)}"


def _long(day: date) -> str:
    return dutch_date(day, year=True, weekday=False)


def _from(first: date, last: date) -> str:
    return dutch_date(first, year=first.year != last.year, weekday=False)


def first_dates(spec: ScheduleSpec, n: int = 4) -> list[date]:
    """The first `n` meeting days of the series (for the confirmation step)."""
    found = rrulestr(spec.rrule, dtstart=spec.first_session)
    assert isinstance(found, rrule)
    until, count = series_end(spec)
    if until is not None:
        found = found.replace(until=until)
    if count is not None:
        found = found.replace(count=count)
    return [start.date() for start, _ in zip(found, range(n), strict=False)]
