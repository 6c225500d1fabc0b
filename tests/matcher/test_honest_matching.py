"""Honest answers: reasons the group really has, a relevance floor, availability, the person's role.

Runs without a language model (lexical + fuzzy), which is the path every
front falls back to; the reasons and the floor do not depend on the model.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from catalogue.freshness import FLAG_DAYS, HIDE_DAYS
from catalogue.records import GroupRecord
from catalogue.taxonomy import THEMES
from matcher import bench
from matcher.crisis import NO_CRISIS
from matcher.cues import read_cues
from matcher.evidence import distinctive, evidence_words
from matcher.explain import NO_EVIDENCE, explain
from matcher.lexical import record_themes
from matcher.pipeline import MatchIndex, Option, assemble, match
from matcher.profile import Profile
from matcher.text import related

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OWN_BENCH = Path(__file__).parent / "data"
SHARED_BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench"
_THEME_REASON = re.compile(r"^gaat over (.+)$")
_WORD_REASON = re.compile(r"'([^']+)'")


def _record(position: int, title: str, **fields: Any) -> GroupRecord:
    return GroupRecord(
        id=position,
        external_id=f"h{position:03d}",
        title=title,
        domain=fields.pop("domain", "welzijn"),
        municipality="Deventer",
        **fields,
    )


def assert_reasons_are_the_groups_own(option: Option) -> None:
    """Every reason shown for an option occurs in that group."""
    record = option.record
    text_words = set(
        evidence_words(" ".join([record.title, record.summary, record.description, *record.tags]))
    )
    labels = {THEMES[code].label.lower(): code for code in THEMES}
    if not option.explanation.evidence:  # only the plain "lijkt op wat je beschrijft"
        assert option.explanation.reasons == (NO_EVIDENCE,)
        return
    for reason in option.explanation.reasons:
        theme = _THEME_REASON.match(reason)
        if theme:
            assert labels[theme.group(1)] in record_themes(record), (record.title, reason)
            continue
        shown = _WORD_REASON.findall(reason)
        assert reason.startswith("noemt ") and shown, reason
        for word in shown:
            assert word in text_words, (record.title, word)
            assert distinctive(word), word


def _bench_options(folder: Path) -> list[Option]:
    data = bench.load(folder / "groups.csv", folder / "queries.jsonl")
    index = MatchIndex(data.records)
    found: list[Option] = []
    for query in data.queries:
        profile = Profile(
            text=query["text"], constraints=bench.constraints_from_filters(query["filters"])
        )
        result = match(index, profile, now=bench.NOW, limit=10)
        found += [*result.options, *result.unavailable]
    return found


def test_every_reason_of_every_option_is_in_the_group_own_bench() -> None:
    options = _bench_options(OWN_BENCH)
    assert options
    for option in options:
        assert_reasons_are_the_groups_own(option)


@pytest.mark.skipif(
    not (SHARED_BENCH / "queries.jsonl").exists(),
    reason="../shared/bench is not on this machine (it is in the workplace, not the repository)",
)
def test_every_reason_of_every_option_is_in_the_group_public_bench() -> None:
    options = _bench_options(SHARED_BENCH)
    assert len(options) > 300
    for option in options:
        assert_reasons_are_the_groups_own(option)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("stemmen", "stemming"),  # voices / mood
        ("gemeente", "mening"),
        ("geleden", "leden"),
        ("kort", "korting"),
        ("dieren", "dierbaar"),
        ("begeleiding", "leiding"),
    ],
)
def test_one_snowball_stem_is_not_one_word(a: str, b: str) -> None:
    assert not related(a, b) and not related(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("eenzaam", "eenzaamheid"),
        ("angst", "angstig"),
        ("stem", "stemmen"),
        ("schuld", "schulden"),
        ("paniekaanval", "paniekaanvallen"),
        ("depressie", "depressief"),
    ],
)
def test_forms_of_one_word_are_related(a: str, b: str) -> None:
    assert related(a, b) and related(b, a)


@pytest.fixture
def index() -> MatchIndex:
    records = [
        _record(0, "Grip op je stemming", themes=("somberheid",), tags=("stemming", "somber")),
        _record(1, "Stemmenhoordersgroep", themes=("psychose",), tags=("stemmen horen",)),
        _record(2, "Studentengroep Niet Alleen", themes=("eenzaamheid",), tags=("vrienden",)),
        _record(
            3,
            "Jongerengroep Samen",
            audience="jongeren",
            themes=("eenzaamheid",),
            tags=("eenzaam",),
        ),
        _record(4, "Wandelgroep Eenzaamheid", themes=("eenzaamheid",), tags=("eenzaam",)),
        _record(
            5,
            "Naastengroep verslaving",
            audience="naasten",
            themes=("verslaving",),
            tags=("alcohol", "drinken", "naaste"),
        ),
        _record(6, "Lotgenoten alcohol", themes=("verslaving",), tags=("alcohol", "drinken")),
    ]
    return MatchIndex(records)


def _titles(options: tuple[Option, ...]) -> list[str]:
    return [o.record.title for o in options]


def test_voices_never_explained_by_mood(index: MatchIndex) -> None:
    result = match(index, Profile("ik hoor stemmen die anderen niet horen"), now=NOW, limit=5)
    assert result.options and result.options[0].record.title == "Stemmenhoordersgroep"
    for option in result.options:
        assert_reasons_are_the_groups_own(option)
        if option.record.title == "Grip op je stemming":
            assert "psychose" not in option.explanation.why.lower()


def test_common_words_explain_nothing(index: MatchIndex) -> None:
    text = "mijn vriend werd bijvoorbeeld elk jaar en maanden 's avonds boos, i feel it"
    for option in match(index, Profile(text), now=NOW, limit=5).options:
        assert not option.explanation.evidence, option.explanation.why


def test_emoji_alone_finds_nothing(index: MatchIndex) -> None:
    assert match(index, Profile("😢😢😢"), now=NOW, limit=5).options == ()


def test_a_stated_age_rules_out_a_youth_group(index: MatchIndex) -> None:
    young = match(index, Profile("ik ben 19 en voel me eenzaam"), now=NOW, limit=5)
    old = match(index, Profile("ik ben 68 en voel me eenzaam"), now=NOW, limit=5)
    assert "Jongerengroep Samen" in _titles(young.options)
    assert "Jongerengroep Samen" not in _titles(old.options)
    assert "Wandelgroep Eenzaamheid" in _titles(old.options)


def test_relatives_get_groups_for_relatives_and_the_reverse(index: MatchIndex) -> None:
    relative = match(
        index, Profile("mijn zoon drinkt veel te veel alcohol, hoe ga ik daarmee om"), now=NOW
    )
    own = match(index, Profile("ik drink veel te veel alcohol"), now=NOW)
    assert _titles(relative.options) == ["Naastengroep verslaving"]
    assert "Lotgenoten alcohol" in _titles(own.options)
    assert "Naastengroep verslaving" not in _titles(own.options)


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("mijn moeder van 81 is heel eenzaam sinds ze is verhuisd", False),
        ("ouder worden valt me zwaar", False),
        ("mijn vader drinkt en ik weet niet wat ik moet doen", False),
        ("ik ben moeder van twee kleine kinderen en voel me alleen", True),
        ("sinds de geboorte van mijn dochter slaap ik slecht", True),
    ],
)
def test_a_parents_group_needs_the_writer_to_be_a_parent(text: str, parent: bool) -> None:
    """ "mijn moeder van 81" names a mother, but the writer is her child: no parents' group."""
    assert ("ouders" in read_cues(text).audiences) == parent


def test_a_carers_group_named_so_but_not_marked_counts_as_one() -> None:
    """Imported catalogues often say "Mantelzorgcafé" without marking the audience."""
    records = [
        _record(0, "Mantelzorgcafé", themes=("stress", "relaties"), tags=("zorgen voor naaste",)),
        _record(1, "Inloop bij stress", themes=("stress",), tags=("stress",)),
    ]
    index = MatchIndex(records)
    carer = "mijn man heeft parkinson en ik zorg dag en nacht voor hem, ik ben op"
    assert _titles(match(index, Profile(carer), now=NOW).options) == ["Mantelzorgcafé"]
    own = match(index, Profile("ik heb zoveel stress, ik ben op"), now=NOW)
    assert _titles(own.options) == ["Inloop bij stress"]


def test_full_and_closed_groups_are_set_apart_never_joinable() -> None:
    records = [
        _record(0, "Vol: wandelgroep eenzaamheid", themes=("eenzaamheid",), places_left=0),
        _record(1, "Open: inloop eenzaamheid", themes=("eenzaamheid",), places_left=4),
    ]
    result = match(MatchIndex(records), Profile("ik ben eenzaam"), now=NOW, limit=5)
    assert _titles(result.options) == ["Open: inloop eenzaamheid"]
    assert _titles(result.unavailable) == ["Vol: wandelgroep eenzaamheid"]
    assert "vol" in result.unavailable[0].explanation.when.lower()
    assert "instromen" not in result.options[0].explanation.when


@pytest.mark.parametrize("age", [FLAG_DAYS + 1, HIDE_DAYS])
def test_unconfirmed_groups_say_so(age: int) -> None:
    today = NOW.date()
    stale = _record(
        0,
        "Inloop eenzaamheid en contact",
        themes=("eenzaamheid",),
        tags=("eenzaam", "contact", "eenzaamheid"),
        last_confirmed_at=today - timedelta(days=age),
    )
    fresh = _record(
        1,
        "Wandelgroep",
        themes=("eenzaamheid",),
        tags=("eenzaam", "eenzaamheid"),
        last_confirmed_at=today - timedelta(days=20),
    )
    result = match(MatchIndex([stale, fresh]), Profile("ik ben eenzaam"), now=NOW, limit=5)
    by_title = {option.record.title: option for option in result.options}
    assert by_title["Inloop eenzaamheid en contact"].stale
    assert by_title["Inloop eenzaamheid en contact"].explanation.confirmed.startswith(
        "Laatst bevestigd op"
    )
    assert not by_title["Wandelgroep"].stale
    assert by_title["Wandelgroep"].explanation.confirmed == ""


@pytest.mark.parametrize(
    ("stale_relevance", "expected"),
    [
        (0.3, ["bevestigd", "minder goed", "niet bevestigd"]),  # doubtful: after confirmed ones
        (0.8, ["niet bevestigd", "bevestigd", "minder goed"]),  # clearly fits: keeps its place
    ],
)
def test_a_stale_group_goes_after_confirmed_ones_unless_it_clearly_fits(
    stale_relevance: float, expected: list[str]
) -> None:
    records = [_record(i, t) for i, t in enumerate(("niet bevestigd", "bevestigd", "minder goed"))]
    index = MatchIndex(records)
    options = [
        replace(_option(records[0], 0.9, stale_relevance), stale=True),
        _option(records[1], 0.8, 0.6),
        _option(records[2], 0.7, 0.2),
    ]
    result = assemble(index, options, (), limit=5, crisis=NO_CRISIS)
    assert _titles(result.options) == expected


def _option(record: GroupRecord, score: float, relevance: float) -> Option:
    return Option(record, score, explain(record, themes=[], words=[], now=NOW), relevance)


def test_groups_unconfirmed_too_long_are_left_out_until_confirmed() -> None:
    today = NOW.date()
    old = _record(
        0,
        "Inloop eenzaamheid en contact",
        themes=("eenzaamheid",),
        tags=("eenzaam", "contact", "eenzaamheid"),
        last_confirmed_at=today - timedelta(days=HIDE_DAYS + 1),
    )
    fresh = _record(1, "Wandelgroep", themes=("eenzaamheid",), tags=("eenzaam", "eenzaamheid"))
    result = match(MatchIndex([old, fresh]), Profile("ik ben eenzaam"), now=NOW, limit=5)
    assert _titles(result.options) == ["Wandelgroep"]
    assert _titles(result.unavailable) == []
    confirmed = replace(old, last_confirmed_at=today)
    again = match(MatchIndex([confirmed, fresh]), Profile("ik ben eenzaam"), now=NOW, limit=5)
    assert "Inloop eenzaamheid en contact" in _titles(again.options)


def test_the_floor_is_what_keeps_weak_groups_out(index: MatchIndex) -> None:
    text = "ik voel me eenzaam"
    kept = match(index, Profile(text), now=NOW, limit=10)
    everything = match(index, Profile(text), now=NOW, limit=10, floor=0.0)
    assert len(everything.options) > len(kept.options) > 0
    assert all(o.relevance >= 0.15 for o in kept.options)
    assert "Lotgenoten alcohol" in _titles(everything.options)
    assert "Lotgenoten alcohol" not in _titles(kept.options)
