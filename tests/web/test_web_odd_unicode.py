"""Odd Unicode in URL parameters and CLI options: parsed by ASCII rules, never an error.

`str.isdigit` accepts '²' and '٣', which `int` refuses or reads as another
number; such a value must be an ignored filter, and a crisis search with it
must still show the crisis block.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from hypothesis import example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from catalogue import taxonomy as tx
from tests.web.html_checks import crisis_block_first
from web.cli_commands import AsciiInt
from web.search_params import MAX_PAGE, parse_search

PARAMETERS = ("q", "gemeente", "domein", "dag", "doelgroep", "zonder_verwijzing", "open", "pagina")
# Digits that are not ASCII, invisible and direction marks, odd spaces, emoji, case traps.
ODD = (
    "²",
    "¹²³⁴",
    "٣٤٥٦",
    "７４１１",
    "⁷⁴¹¹",
    "Ⅻ",
    "½",
    "\u200f7411",
    "7411\u200e",
    "\u202edeventer\u202c",
    "\u00a0",
    "\u3000",
    "\u2028",
    "\ufeff",
    "\x00",
    "\ud800",
    "🙂",
    "👩\u200d👩\u200d👧",
    "\u212a",  # KELVIN SIGN: lower-cases to ASCII 'k'
    "İ",
    "ß",
    "ﬀ",
    "1e9",
    "-1",
    "0x10",
)
SAFE = ("7411", "7411 AB", "Deventer", "online", "di", "dinsdag", "welzijn", "1", "ja", " ", "2")
odd_text = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=())),  # surrogates included
    st.sampled_from(ODD),
    st.lists(st.sampled_from(ODD + SAFE), max_size=6).map("".join),
)


def _check(args: MultiDict[str, str]) -> None:
    params, notices = parse_search(args)
    assert params.municipality is None or params.municipality in tx.MUNICIPALITIES
    assert not (params.online_only and params.municipality)
    assert set(params.domains) <= set(tx.DOMAINS)
    assert params.weekdays <= set(tx.WEEKDAYS)
    assert params.audience is None or params.audience in tx.AUDIENCE_ALLOWED
    assert 1 <= params.page <= MAX_PAGE
    assert all(notice.value.isprintable() for notice in notices)


@pytest.mark.parametrize("name", PARAMETERS)
@settings(max_examples=150, deadline=None)
@given(values=st.lists(odd_text, min_size=1, max_size=3))
@example(values=["²"])
@example(values=["\u212an"])
def test_every_parameter_takes_any_text(name: str, values: list[str]) -> None:
    _check(MultiDict([(name, value) for value in values]))


@settings(max_examples=150, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=5)), odd_text),
        max_size=10,
    )
)
def test_any_combination_of_parameters_parses(pairs: list[tuple[str, str]]) -> None:
    _check(MultiDict(pairs))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7411", "Deventer"), ("7411AB", "Deventer"), ("²", None), ("٧٤١١", None), ("７４１１", None)],
)
def test_postcodes_are_ascii_digits_only(value: str, expected: str | None) -> None:
    assert tx.municipality_for_postcode(value) == expected
    assert tx.find_municipality(value) == expected


@settings(max_examples=300, deadline=None)
@given(value=odd_text)
def test_municipality_lookup_never_raises(value: str) -> None:
    found = tx.find_municipality(value)
    assert found is None or found in tx.MUNICIPALITIES


@pytest.mark.parametrize("name", PARAMETERS[1:])
@pytest.mark.parametrize("value", ["²", "٣", "\u200f1", "🙂", "\u212a"])
def test_crisis_search_with_an_odd_filter_shows_the_block(
    client: FlaskClient, name: str, value: str
) -> None:
    found = client.get("/zoeken", query_string={"q": "ik wil dood", name: value})
    assert found.status_code == 200
    assert crisis_block_first(found.get_data(as_text=True))


def test_superscript_municipality_in_a_crisis_search_and_its_calendar(client: FlaskClient) -> None:
    found = client.get("/zoeken?q=ik+wil+dood&gemeente=%C2%B2")
    assert found.status_code == 200
    assert crisis_block_first(found.get_data(as_text=True))
    feed = client.get("/zoeken.ics?gemeente=%C2%B2")
    assert feed.status_code == 200
    assert feed.mimetype == "text/calendar"


# --- the command line ---------------------------------------------------------------------------


@click.command()
@click.option("--age", type=AsciiInt())
def _age(age: int | None) -> None:
    click.echo(repr(age))


@pytest.mark.parametrize(("value", "shown"), [("42", "42"), (" 7 ", "7"), ("-3", "-3")])
def test_cli_numbers_in_ascii_digits_are_read(value: str, shown: str) -> None:
    done = CliRunner().invoke(_age, ["--age", value])
    assert done.exit_code == 0 and done.output.strip() == shown


@settings(max_examples=200, deadline=None)
@given(value=odd_text)
@example(value="٣٤")
@example(value="²")
def test_cli_numbers_never_crash(value: str) -> None:
    done = CliRunner().invoke(_age, ["--age", value])
    assert done.exception is None or isinstance(done.exception, SystemExit)
    if done.exit_code == 0:
        assert value.strip(" \t").lstrip("+-").isascii()
    else:
        assert done.exit_code == 2 and "not a whole number" in done.output
