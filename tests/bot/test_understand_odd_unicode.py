"""Reading a chat message never fails on odd Unicode and only returns taxonomy codes.

Non-ASCII digits ('²', '٣'), direction marks, odd spaces and emoji are all
things residents' phones send; the chat must read around them.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.chat.understand import mentioned_municipality, read_days, read_place, read_topic
from catalogue import taxonomy as tx

ODD = (
    "²",
    "٣٤٥٦",
    "７４１１",
    "\u200f7411",
    "\u202e",
    "\u00a0",
    "\u3000",
    "🙂",
    "\u212a",
    "\ud800",
)
SAFE = ("ik woon in ", "7411", "Deventer", "dinsdag", "online", "eenzaam", " ", ", ")
message = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=())),  # surrogates included
    st.lists(st.sampled_from(ODD + SAFE), max_size=8).map("".join),
)


@settings(max_examples=200, deadline=None)
@given(text=message)
@example(text="ik woon in ²")
@example(text="postcode ٣٤٥٦")
def test_reading_a_message_never_fails(text: str) -> None:
    place = read_place(text)
    assert place.municipality is None or place.municipality in tx.MUNICIPALITIES
    assert set(place.suggestions) <= set(tx.MUNICIPALITIES)
    assert mentioned_municipality(text) in (None, *tx.MUNICIPALITIES)
    days = read_days(text)
    assert days is None or set(days) <= set(tx.WEEKDAYS)
    topic = read_topic(text)
    assert set(topic.themes) <= set(tx.THEMES)


@pytest.mark.parametrize("typed", ["²", "ik woon in ²³⁴", "٣٤٥٦", "7411\u200f"])
def test_odd_digits_are_no_postcode_but_ascii_ones_are(typed: str) -> None:
    place = read_place(typed)
    if typed.startswith("7411"):
        assert place.municipality == "Deventer"
    else:
        assert place.municipality is None
