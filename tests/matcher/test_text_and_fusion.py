"""Dutch text handling, spelling repair, theme detection and the fusion functions."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.concepts import find_themes, themes_for_contexts
from matcher.fusion import convex, rescale, rrf
from matcher.fuzzy import Speller
from matcher.text import content_words, lexical_tokens, normalise, split_compound, stem


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("eenzaamheid", "eenzaam"),
        ("wandelen", "wandeling"),
        ("somberheid", "somber"),
        ("groepen", "groep"),
    ],
)
def test_stemming_unites_word_forms(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_prefix_feature_links_derivations() -> None:
    left = dict(lexical_tokens("depressief"))
    right = dict(lexical_tokens("depressie"))
    assert set(left) & set(right)


def test_compounds_split_into_known_parts() -> None:
    known = {stem("wandel"), stem("groep"), stem("lotgenot")}
    assert split_compound("wandelgroep", known) == [stem("wandel"), stem("groep")]
    assert split_compound("fietsgroep", known) == []


def test_normalise_strips_accents_and_chat_spellings() -> None:
    assert normalise("Één café, mn hoofd") == "een cafe, mijn hoofd"
    assert "mijn" not in content_words("mn hoofd zit vol")  # a stop word after expansion
    assert content_words("\x00\x07 angst") == ["angst"]


def test_speller_repairs_typos_against_the_catalogue() -> None:
    speller = Speller(["eenzaamheid", "depressie", "wandelen"])
    assert speller.correct("eenzaamhied") == "eenzaamheid"
    assert speller.correct("depresie") == "depressie"
    assert speller.correct("wandelen") is None  # already known
    assert speller.correct("fiets") is None  # nothing close


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("ik voel me zo alleen", "eenzaamheid"),
        ("helemaal opgebrand van mijn werk", "stress"),
        ("ik hoor stemmen", "psychose"),
        ("sinds mijn vader is overleden", "rouw"),
        ("ik heb nergens zin in", "somberheid"),
        ("rekeningen stapelen op, schulden", "geld_werk"),
        ("ik heb nu 8000 euro schuld", "geld_werk"),
        ("we zitten in de schuldsanering", "geld_werk"),
        ("ik sta onder bewind, de bewindvoerder regelt alles", "geld_werk"),
        ("ik zit de hele dag alleen", "eenzaamheid"),
        ("het is zo stil in huis sinds hij weg is", "eenzaamheid"),
        ("ik slaap al weken slecht", "lichaam"),
        ("alles wordt me te veel op het werk", "stress"),
        ("ik denk nog veel aan de oorlog", "trauma"),
        ("sorry, mijn nederlands is niet goed", "cultuur"),
        ("sinds ik met pensioen ben", "levensfase"),
    ],
)
def test_lay_language_finds_themes(text: str, theme: str) -> None:
    assert theme in {hit.theme for hit in find_themes(text)}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("ik voel me altijd minder dan anderen", "verslaving"),  # not "minderen met drinken"
        ("ik drink te veel", "stress"),  # "te veel" alone is no stress
        ("groepen in het echt zijn te veel prikkels", "stress"),
        ("het voelt alsof het mijn schuld is", "geld_werk"),  # guilt, not debt
        ("ik voel me schuldig tegenover mijn kinderen", "geld_werk"),
    ],
)
def test_everyday_words_do_not_make_a_theme(text: str, theme: str) -> None:
    assert theme not in {hit.theme for hit in find_themes(text)}


def test_contexts_map_to_themes() -> None:
    assert "trauma" in themes_for_contexts(["pijn_van_vroeger"])
    assert themes_for_contexts([]) == set()


def test_rescale_and_convex() -> None:
    assert rescale(np.array([2.0, 4.0, 6.0])).tolist() == [0.0, 0.5, 1.0]
    assert rescale(np.array([3.0, 3.0])).tolist() == [0.0, 0.0]
    fused = convex({"a": np.array([0.0, 10.0]), "b": np.array([1.0, 0.0])}, {"a": 3, "b": 1})
    assert fused.tolist() == pytest.approx([0.25, 0.75])
    # A missing part's weight is dropped, not counted as zeros.
    only_a = convex({"a": np.array([0.0, 10.0])}, {"a": 0.5, "b": 0.5})
    assert only_a.tolist() == pytest.approx([0.0, 1.0])


def test_rrf_rewards_agreement() -> None:
    fused = rrf({"x": np.array([3.0, 2.0, 1.0]), "y": np.array([1.0, 3.0, 2.0])})
    assert int(np.argmax(fused)) == 1  # ranked 2nd and 1st beats 1st and 3rd
