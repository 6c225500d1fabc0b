"""Quality hints while a facilitator enters a group (issue 10): friendly, mostly advisory.

Pure functions over the *proposed* group data (a mapping with the field names of
`catalogue.groups.GroupUpdate`), so the same hints serve the create page, the edit page
and the services. Only hints marked `blocking` stop a save: a group without any way to
contact or register (the services refuse it with `NO_CONTACT`). Every other hint is
shown and the save goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from catalogue.schedules import AMSTERDAM, ScheduleSpec, next_meetings

MIN_MATCH_TEXT = 150  # characters of summary + description the matcher needs to go on
# Flesch-Douma below this is "moeilijk" (roughly HAVO/VWO and up): far above B1.
HARD_TO_READ = 45.0
MIN_WORDS_FOR_READABILITY = 25  # shorter texts give a meaningless score

NO_CONTACT = (
    "Contact: vul een e-mailadres, een telefoonnummer of een aanmeldlink in. "
    "Zonder een van deze kan niemand zich aanmelden."
)


@dataclass(frozen=True)
class Hint:
    """One hint: the form field it is about, a Dutch message at B1 level, and whether it blocks."""

    field: str
    message: str
    blocking: bool = False


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n")


def syllables(word: str) -> int:
    """Syllables of a Dutch word, approximated as its groups of vowels (at least 1).

    "ij", "ui", "oe", "eu", "ie", "aa" … count once because they are one vowel group;
    a trailing "y" as in "hobby" counts too. Approximate: "ideeën" gives 2, not 3.
    """
    return max(1, len(_VOWEL_GROUP.findall(word.lower())))


def flesch_douma(text: str) -> float | None:
    """The Flesch-Douma reading ease of a Dutch text (higher = easier), or None if no words.

    206.835 − 0.93 × (words per sentence) − 77 × (syllables per word). Approximate: syllables
    are counted as vowel groups and sentences by end marks, so use it as a signal, not a grade.
    Roughly: 60 and up is easy to fairly easy (B1 and lower), below 45 is hard.
    """
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    per_sentence = len(words) / sentences
    per_word = sum(syllables(w) for w in words) / len(words)
    return 206.835 - 0.93 * per_sentence - 77 * per_word


def normalised_title(title: str) -> str:
    """A title for duplicate checks: case and spacing do not count."""
    return " ".join(title.split()).casefold()


def has_contact(data: Mapping[str, Any]) -> bool:
    """True when the group can be reached: an e-mail address, a phone number or a sign-up link."""
    return any(
        str(data.get(name) or "").strip()
        for name in ("contact_email", "contact_phone", "registration_url")
    )


def _next_session(data: Mapping[str, Any], now: datetime) -> bool:
    schedule = data.get("schedule")
    if isinstance(schedule, ScheduleSpec) and next_meetings(schedule, 1, now):
        return True
    today = now.astimezone(AMSTERDAM).date()
    runs: Sequence[date] = data.get("run_starts") or ()
    return any(start >= today for start in runs)


def hints(
    data: Mapping[str, Any],
    *,
    now: datetime,
    other_titles: Iterable[str] = (),
) -> list[Hint]:
    """Every hint for the proposed group, blocking ones first.

    `data`: title, summary, description, themes, elements, audience, contact_email,
    contact_phone, registration_url, schedule (a ScheduleSpec or None) and run_starts
    (start dates of a closed group's runs). `other_titles`: the titles of the other groups of
    the same organisation. `now` (aware) decides whether a meeting is still to come.
    """
    found: list[Hint] = []
    if not has_contact(data):
        found.append(Hint("contact_email", NO_CONTACT, blocking=True))
    text = " ".join(
        str(data.get(name) or "").strip() for name in ("summary", "description")
    ).strip()
    if len(text) < MIN_MATCH_TEXT:
        found.append(
            Hint(
                "description",
                f"Beschrijving: nog kort ({len(text)} tekens). Met minstens {MIN_MATCH_TEXT} "
                "tekens kunnen we de groep beter vinden voor mensen die zoeken. "
                "Schrijf wat mensen in de groep doen en voor wie hij is.",
            )
        )
    if not data.get("themes") and not data.get("elements"):
        found.append(
            Hint(
                "themes",
                "Thema's: kies minstens één thema of werkvorm. "
                "Dan weten mensen waar de groep bij helpt.",
            )
        )
    if not _next_session(data, now):
        found.append(
            Hint(
                "schedule",
                "Rooster: er staat geen volgende bijeenkomst in. "
                "Vul het rooster in, dan zien mensen wanneer ze kunnen komen.",
            )
        )
    if not str(data.get("audience") or "").strip():
        found.append(
            Hint("audience", "Voor wie: kies voor wie de groep is, bijvoorbeeld 'Iedereen'.")
        )
    if len(_WORD.findall(text)) >= MIN_WORDS_FOR_READABILITY:
        score = flesch_douma(text)
        if score is not None and score < HARD_TO_READ:
            found.append(
                Hint(
                    "description",
                    f"Beschrijving: de tekst is moeilijk te lezen (leesbaarheid {score:.0f}, "
                    "goed is 60 of meer). Gebruik korte zinnen en gewone woorden.",
                )
            )
    title = normalised_title(str(data.get("title") or ""))
    if title and any(normalised_title(other) == title for other in other_titles):
        found.append(
            Hint(
                "title",
                "Titel: jullie organisatie heeft al een groep met deze titel. "
                "Is dit dezelfde groep? Pas dan die groep aan.",
            )
        )
    return sorted(found, key=lambda h: not h.blocking)


def blocking(found: Iterable[Hint]) -> list[str]:
    """The messages of the blocking hints."""
    return [h.message for h in found if h.blocking]
