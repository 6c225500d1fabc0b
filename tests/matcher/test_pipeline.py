"""The pipeline on a tiny fixed corpus: golden queries, filters, diversity, explanations."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from rapidfuzz import fuzz

from catalogue.errors import Invalid
from catalogue.records import GroupRecord
from matcher.cues import read_cues
from matcher.diversify import COPY_PENALTY, COPY_SIMILARITY, DOMAIN_PENALTY, diversify
from matcher.pipeline import MatchIndex, match, person_fits, rank
from matcher.profile import MAX_TEXT, Constraints, Profile, resolve_municipality
from tests.matcher.conftest import make_record

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def index(corpus: list[GroupRecord]) -> MatchIndex:
    return MatchIndex(corpus, model_notice="geen model")


GOLDEN = [
    ("ik voel me zo eenzaam, zie bijna niemand", "Wandelgroep Samen Buiten"),
    ("ik hoor dingen die anderen niet horen", "Stemmenhoordersgroep"),
    ("mijn moeder is overleden en ik mis haar", "Rouwgroep Samen Verder"),
    ("ik heb schulden en durf de post niet open te maken", "Inloop Geldzorgen"),
    ("al maanden depresief en somber", "CGT-groep bij depressie"),
]


@pytest.mark.parametrize(("text", "title"), GOLDEN)
def test_golden_queries_without_model(index: MatchIndex, text: str, title: str) -> None:
    result = match(index, Profile(text=text), now=NOW)
    assert result.options[0].record.title == title
    assert result.notices == ("geen model",)  # the fallback says so


def test_no_referral_never_returns_referral_groups(index: MatchIndex) -> None:
    profile = Profile(text="depressie somber", constraints=Constraints(referral_possible=False))
    result = match(index, profile, now=NOW, limit=10)
    assert result.options
    assert all(not o.record.needs_referral for o in result.options)
    assert result.options[0].record.title == "Grip op je stemming"


def test_place_and_online_filters(index: MatchIndex) -> None:
    profile = Profile(
        text="burn-out overspannen",
        constraints=Constraints(municipality="Deventer", online_ok=False),
    )
    titles = [o.record.title for o in match(index, profile, now=NOW, limit=10).options]
    assert "Online lotgenotengroep burn-out" not in titles
    online = Profile(text="burn-out overspannen", constraints=Constraints(online_ok=True))
    assert match(index, online, now=NOW).options[0].record.title.startswith("Online")


def test_soft_cues_prefer_fitting_audience(index: MatchIndex) -> None:
    result = match(index, Profile(text="Meneer (45) wil meer zelfvertrouwen"), now=NOW)
    titles = [o.record.title for o in result.options]
    assert titles[0] == "Cursus Stevig Staan"  # not the young people's or the women's group


def test_explanation_answers_why_when_where_how(index: MatchIndex) -> None:
    option = match(index, Profile(text="ik voel me eenzaam, wandelen"), now=NOW).options[0]
    why = option.explanation
    assert "eenzaam" in why.why.lower()
    assert "§" not in why.why and "~" not in why.why
    assert why.where == "Deventer"
    assert "geen verwijzing" in why.how.lower()


def test_crisis_flag_comes_with_results(index: MatchIndex) -> None:
    result = match(index, Profile(text="ik wil er niet meer zijn, zo eenzaam"), now=NOW)
    assert result.crisis and result.crisis_kind == "suicide"


@pytest.mark.parametrize(
    "profile",
    [
        Profile(text="   "),
        Profile(text="x" * (MAX_TEXT + 1)),
        Profile(text="x" * 50_000),
        Profile(text="eenzaam", constraints=Constraints(municipality="Atlantis")),
        Profile(text="eenzaam", constraints=Constraints(municipalities=(), online_ok=False)),
        Profile(text="eenzaam", constraints=Constraints(age=30, audience="jongeren")),
        Profile(text="eenzaam", constraints=Constraints(weekdays=frozenset())),
    ],
)
def test_bad_profiles_get_a_clear_message(index: MatchIndex, profile: Profile) -> None:
    with pytest.raises(Invalid) as caught:
        match(index, profile, now=NOW)
    assert caught.value.problems and all(p.strip() for p in caught.value.problems)


def test_unknown_municipality_suggests_the_closest() -> None:
    with pytest.raises(Invalid, match="Deventer"):
        resolve_municipality("Deventr")
    assert resolve_municipality("  harderwijk ") == "Harderwijk"
    assert resolve_municipality("7411 AB") == "Deventer"


def test_contradicting_filters_leave_an_empty_list_not_an_error(index: MatchIndex) -> None:
    profile = Profile(
        text="eenzaam", constraints=Constraints(municipality="Kampen", online_ok=False)
    )
    assert match(index, profile, now=NOW).options == ()


def test_diversity_spreads_domains() -> None:
    ids = list(range(5))
    scores = [1.0, 0.99, 0.98, 0.97, 0.9]
    domains = ["welzijn", "welzijn", "welzijn", "welzijn", "ggz"]
    titles = ["Wandelgroep A", "Wandelgroep A", "Koffie", "Huiskamer", "CGT"]
    order = diversify(ids, scores, domains, titles, limit=4)
    assert 4 in order  # the ggz option makes the list
    assert order[:2] != [0, 1]  # the near-copy does not take second place


def test_diversity_never_lifts_a_poor_fit() -> None:
    order = diversify(
        [0, 1, 2], [1.0, 0.95, 0.2], ["welzijn", "welzijn", "ggz"], ["A", "B", "C"], limit=2
    )
    assert order == [0, 1]


def _diversify_pick_by_pick(
    scores: list[float], domains: list[str], titles: list[str], limit: int
) -> list[int]:
    """The greedy loop as first written: every title compared again for every pick."""
    remaining = list(range(len(scores)))
    chosen: list[int] = []
    count: dict[str, int] = {}
    while remaining and len(chosen) < limit:

        def adjusted(i: int) -> float:
            penalty = DOMAIN_PENALTY * count.get(domains[i], 0)
            if any(
                fuzz.token_set_ratio(titles[i], titles[j]) >= COPY_SIMILARITY for j in chosen[-3:]
            ):
                penalty += COPY_PENALTY
            return scores[i] - penalty

        best = max(remaining, key=adjusted)
        chosen.append(best)
        remaining.remove(best)
        count[domains[best]] = count.get(domains[best], 0) + 1
    return chosen


def test_diversity_equals_the_pick_by_pick_loop() -> None:
    rng = random.Random(5)
    words = ["Wandelgroep", "Koffie", "Huiskamer", "Rouw", "CGT", "Samen", "sterk", "Deventer"]
    for _ in range(300):
        size = rng.randint(0, 45)
        scores = sorted(round(rng.random(), rng.choice([1, 2, 6])) for _ in range(size))[::-1]
        domains = [rng.choice(["welzijn", "ggz", "sociaal"]) for _ in range(size)]
        titles = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(size)]
        limit = rng.randint(0, 20)
        expected = _diversify_pick_by_pick(scores, domains, titles, limit)
        assert diversify(list(range(size)), scores, domains, titles, limit) == expected


def test_every_variant_ranks_only_filtered_groups(index: MatchIndex) -> None:
    profile = Profile(text="somber", constraints=Constraints(referral_possible=False))
    for variant in ("lexical", "fuzzy", "hybrid", "full"):
        positions, *_ = rank(index, profile, now=NOW, variant=variant)
        assert all(not index.records[p].needs_referral for p in positions), variant


def test_groups_for_specific_people_need_evidence(corpus: list[GroupRecord]) -> None:
    index = MatchIndex(corpus)
    plain = [
        o.record.title for o in match(index, Profile(text="meer zelfvertrouwen"), now=NOW).options
    ]
    assert plain[0] == "Cursus Stevig Staan"
    young = match(index, Profile(text="ik ben student en wil meer zelfvertrouwen"), now=NOW)
    assert young.options[0].record.title == "Jongerengroep Sterk"


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("ik kom uit Polen en ken hier nog niemand", True),
        ("ik spreek Pools en een beetje Nederlands", True),
        ("ik kom uit Syrië en ken hier nog niemand", False),
        ("ik voel me eenzaam sinds de verhuizing", False),
    ],
)
def test_a_group_in_one_other_language_is_for_its_speakers(text: str, fits: bool) -> None:
    # Newcomer groups for one community (a Polish meeting, a Turkish women's morning)
    # reached newcomers of every other country once newcomers were read from their words.
    polish = make_record(0, title="Razem: ontmoeting", languages=("pl", "nl"))
    mixed = make_record(1, title="Thee en verhalen", languages=("nl", "ar", "ti", "en"))
    index = MatchIndex([polish, mixed], model_notice="geen model")
    cues = read_cues(text)
    assert person_fits(index, 0, cues) is fits
    assert person_fits(index, 1, cues)
