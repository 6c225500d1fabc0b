"""Quality hints over proposed group data (catalogue/quality.py): each hint on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from catalogue import quality
from catalogue.schedules import ScheduleSpec

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)
EASY = (
    "We praten met elkaar over hoe het gaat. Je bent welkom. We drinken koffie en we "
    "luisteren naar elkaar. Je hoeft niets te zeggen als je dat niet wilt. Kom gerust een "
    "keer kijken. Je mag iemand meenemen."
)
HARD = (
    "De interventie beoogt door middel van cognitief-gedragstherapeutische methodieken en "
    "psycho-educatieve componenten de zelfredzaamheid en maatschappelijke participatie van "
    "deelnemers met langdurige psychiatrische problematiek substantieel te bevorderen, "
    "waarbij nadrukkelijk aandacht wordt besteed aan terugvalpreventie en empowerment."
)
WEEKLY = ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", datetime(2027, 1, 5, 10), 90, None, None)


def good(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Koffie en praten",
        "summary": "Samen koffie drinken en praten.",
        "description": EASY,
        "themes": ["eenzaamheid"],
        "elements": [],
        "audience": "iedereen",
        "contact_email": "info@example.org",
        "contact_phone": None,
        "registration_url": None,
        "schedule": WEEKLY,
        "run_starts": [],
    }
    data.update(overrides)
    return data


def fields(data: dict[str, Any], others: tuple[str, ...] = ()) -> set[str]:
    return {h.field for h in quality.hints(data, now=NOW, other_titles=others)}


def test_good_data_has_no_hints() -> None:
    assert quality.hints(good(), now=NOW) == []


def test_no_contact_is_the_only_blocking_hint_and_comes_first() -> None:
    found = quality.hints(good(contact_email="  ", summary="", description=""), now=NOW)
    assert found[0] == quality.Hint("contact_email", quality.NO_CONTACT, blocking=True)
    assert [h.blocking for h in found] == [True] + [False] * (len(found) - 1)
    assert quality.blocking(found) == [quality.NO_CONTACT]
    for route in ("contact_phone", "registration_url"):
        assert not quality.blocking(
            quality.hints(good(contact_email=None, **{route: "x"}), now=NOW)
        )


def test_a_short_description_is_hinted() -> None:
    assert "description" in fields(good(summary="Kort.", description="Ook kort."))
    assert "description" not in fields(good(summary="", description="a" * 150))
    assert "description" in fields(good(summary="", description="a" * 148))


def test_no_themes_and_no_elements_is_hinted() -> None:
    assert "themes" in fields(good(themes=[], elements=[]))
    assert "themes" not in fields(good(themes=[], elements=["lotgenotencontact"]))


def test_no_coming_session_or_run_is_hinted() -> None:
    assert "schedule" in fields(good(schedule=None))
    ended = ScheduleSpec("FREQ=WEEKLY;BYDAY=TU", datetime(2026, 1, 6, 10), 90, None, 3)
    assert "schedule" in fields(good(schedule=ended))
    coming_run = [(NOW + timedelta(days=10)).date()]
    assert "schedule" not in fields(good(schedule=None, run_starts=coming_run))
    past_run = [(NOW - timedelta(days=10)).date()]
    assert "schedule" in fields(good(schedule=None, run_starts=past_run))


def test_no_audience_is_hinted() -> None:
    assert "audience" in fields(good(audience=""))
    assert "audience" in fields({k: v for k, v in good().items() if k != "audience"})


def test_text_far_above_b1_is_hinted() -> None:
    easy, hard = quality.flesch_douma(EASY), quality.flesch_douma(HARD)
    assert easy is not None and hard is not None
    assert easy > 60 > quality.HARD_TO_READ > hard
    messages = [h.message for h in quality.hints(good(description=HARD), now=NOW)]
    assert any("moeilijk te lezen" in m for m in messages)
    assert not any("moeilijk te lezen" in m for m in map(str, quality.hints(good(), now=NOW)))


@pytest.mark.parametrize(
    ("word", "count"),
    [("groep", 1), ("praten", 2), ("bijeenkomst", 3), ("ervaringsdeskundige", 7), ("x", 1)],
)
def test_syllables_are_vowel_groups(word: str, count: int) -> None:
    assert quality.syllables(word) == count


def test_flesch_douma_of_nothing_is_none() -> None:
    assert quality.flesch_douma("... 123") is None


def test_a_duplicate_title_in_the_organisation_is_hinted_ignoring_case_and_spaces() -> None:
    assert "title" in fields(good(title="  koffie   EN praten "), ("Koffie en praten",))
    assert "title" not in fields(good(), ("Koffie en praten extra", "Andere groep"))
