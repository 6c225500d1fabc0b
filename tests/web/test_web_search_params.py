"""URL parameters → SearchParams and notices: one table of cases, no HTTP."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from matcher.profile import MAX_TEXT, Constraints
from web.search_params import Notice, SearchParams, clean_text, parse_search

P = SearchParams


def _args(query: dict[str, str | list[str]]) -> MultiDict[str, str]:
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        pairs += [(key, v) for v in ([value] if isinstance(value, str) else value)]
    return MultiDict(pairs)


CASES: list[tuple[str, dict[str, str | list[str]], SearchParams, list[tuple[str, str]]]] = [
    ("nothing", {}, P(), []),
    ("text", {"q": "  ik voel me  eenzaam "}, P(text="ik voel me eenzaam"), []),
    (
        "control characters become spaces",
        {"q": "eenzaam\x00\x1b[31m\u200bsomber"},
        P(text="eenzaam [31m somber"),
        [],
    ),
    ("first q wins", {"q": ["een", "twee"]}, P(text="een"), []),
    ("municipality, any case", {"gemeente": "deventer"}, P(municipality="Deventer"), []),
    (
        "municipality with spaces",
        {"gemeente": " Oude   IJsselstreek "},
        P(municipality="Oude IJsselstreek"),
        [],
    ),
    ("postcode", {"gemeente": "7411 AB"}, P(municipality="Deventer"), []),
    ("online", {"gemeente": "Online"}, P(online_only=True), []),
    ("unknown municipality", {"gemeente": "Deventr"}, P(), [("unknown_value", "gemeente")]),
    (
        "domains repeat, duplicates once",
        {"domein": ["welzijn", "ggz", "welzijn"]},
        P(domains=("welzijn", "ggz")),
        [],
    ),
    (
        "unknown domain dropped",
        {"domein": ["welzijn", "bingo"]},
        P(domains=("welzijn",)),
        [("unknown_value", "domein")],
    ),
    ("empty domain ignored silently", {"domein": ""}, P(), []),
    (
        "weekday codes and names",
        {"dag": ["di", "Donderdag"]},
        P(weekdays=frozenset({"di", "do"})),
        [],
    ),
    ("unknown weekday", {"dag": "funday"}, P(), [("unknown_value", "dag")]),
    ("audience", {"doelgroep": "jongeren"}, P(audience="jongeren"), []),
    ("unknown audience", {"doelgroep": "aliens"}, P(), [("unknown_value", "doelgroep")]),
    ("flags", {"zonder_verwijzing": "1", "open": "ja"}, P(no_referral=True, open_only=True), []),
    ("flag off", {"open": "0"}, P(), []),
    ("odd flag", {"open": "misschien"}, P(), [("unknown_value", "open")]),
    ("page", {"pagina": "3"}, P(page=3), []),
    ("page not a number", {"pagina": "abc"}, P(), [("bad_page", "pagina")]),
    ("page zero", {"pagina": "0"}, P(), [("bad_page", "pagina")]),
    ("negative page", {"pagina": "-2"}, P(), [("bad_page", "pagina")]),
    ("absurd page", {"pagina": "9" * 30}, P(), [("bad_page", "pagina")]),
    ("unicode digits are not a page", {"pagina": "٣"}, P(), [("bad_page", "pagina")]),
    ("big page is capped", {"pagina": "999999"}, P(page=1000), []),
    ("unknown parameters are ignored", {"utm_source": "x", "lang": "en"}, P(), []),
    (
        "text too long",
        {"q": "a" * (MAX_TEXT + 1)},
        P(text="a" * (MAX_TEXT + 1), text_too_long=True),
        [("text_too_long", "q")],
    ),
    (
        "everything",
        {
            "q": "rouw",
            "gemeente": "Zwolle",
            "domein": "zelfhulp",
            "dag": "wo",
            "doelgroep": "volwassenen",
            "zonder_verwijzing": "1",
            "open": "1",
            "pagina": "2",
        },
        P(
            text="rouw",
            municipality="Zwolle",
            domains=("zelfhulp",),
            weekdays=frozenset({"wo"}),
            audience="volwassenen",
            no_referral=True,
            open_only=True,
            page=2,
        ),
        [],
    ),
]


@pytest.mark.parametrize(
    ("query", "expected", "notices"), [pytest.param(q, e, n, id=name) for name, q, e, n in CASES]
)
def test_parse_search(
    query: dict[str, str | list[str]], expected: SearchParams, notices: list[tuple[str, str]]
) -> None:
    params, found = parse_search(_args(query))
    assert params == expected
    assert [(n.kind, n.field) for n in found] == notices


def test_unknown_municipality_suggests_close_names() -> None:
    _params, notices = parse_search(_args({"gemeente": "Deventr"}))
    assert notices == [Notice("unknown_value", "gemeente", "Deventr", notices[0].suggestions)]
    assert "Deventer" in notices[0].suggestions


def test_echoed_values_are_bounded() -> None:
    _params, notices = parse_search(_args({"domein": "x" * 10_000}))
    assert len(notices[0].value) <= 60


def test_raw_text_is_bounded_before_processing() -> None:
    assert len(clean_text("a" * 1_000_000)) == 4 * MAX_TEXT


@pytest.mark.parametrize(
    ("params", "constraints"),
    [
        (P(), Constraints()),
        (P(municipality="Deventer"), Constraints(municipality="Deventer")),
        (P(online_only=True), Constraints(municipalities=())),
        (P(weekdays=frozenset({"ma"})), Constraints(weekdays=frozenset({"ma"}))),
        (P(no_referral=True), Constraints(referral_possible=False)),
        (P(audience="ouderen"), Constraints(audience="ouderen")),
    ],
)
def test_constraints(params: SearchParams, constraints: Constraints) -> None:
    assert params.constraints() == constraints


@pytest.mark.parametrize("name", [name for name, *_ in CASES])
def test_query_args_round_trip(name: str) -> None:
    query = next(q for n, q, *_ in CASES if n == name)
    params, _notices = parse_search(_args(query))
    again, notices = parse_search(MultiDict(params.query_args()))
    assert again == params
    assert [n.kind for n in notices] == (["text_too_long"] if params.text_too_long else [])


def test_profile_carries_text_domains_and_constraints() -> None:
    params = P(text="somber", domains=("ggz",), municipality="Zwolle")
    profile = params.profile()
    assert (profile.text, profile.domains) == ("somber", ("ggz",))
    assert profile.constraints.municipality == "Zwolle"
