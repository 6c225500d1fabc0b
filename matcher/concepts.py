"""The lay-language layer: find taxonomy themes in any text, with the words that showed them.

Built from `catalogue.taxonomy.THEMES` only: a theme's label words and lay
terms are stemmed once; a text mentions a theme when one of its terms occurs
(multi-word terms as a stemmed phrase). Both queries and group texts are
annotated this way, so "opgebrand" in a chat meets "burn-out" in a group.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catalogue.taxonomy import CONTEXTS, ELEMENTS, THEMES
from matcher.text import stem, words


@dataclass(frozen=True)
class ConceptHit:
    """A theme found in a text and the words that triggered it."""

    theme: str
    evidence: tuple[str, ...]


@lru_cache(maxsize=1)
def _term_table() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(theme, stemmed phrase, original term) for every term of every theme."""
    table = []
    for code, theme in THEMES.items():
        for term in (*theme.terms, code):
            phrase = tuple(stem(w) for w in words(term))
            if phrase:
                table.append((code, phrase, term))
    return tuple(table)


def find_themes(text: str) -> list[ConceptHit]:
    """Themes mentioned in a text, each with its evidence words."""
    stemmed = [stem(w) for w in words(text)]
    present = set(stemmed)
    found: dict[str, list[str]] = {}
    for code, phrase, term in _term_table():
        if phrase[0] in present and contains_phrase(stemmed, phrase):
            found.setdefault(code, []).append(term)
    return [ConceptHit(code, tuple(terms)) for code, terms in found.items()]


def contains_phrase(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether the stemmed phrase occurs in the stemmed tokens, words in order."""
    if len(phrase) == 1:
        return phrase[0] in tokens
    size = len(phrase)
    return any(tuple(tokens[i : i + size]) == phrase for i in range(len(tokens) - size + 1))


def stem_phrase(term: str) -> tuple[str, ...]:
    """A term as a stemmed phrase, the form `contains_phrase` compares."""
    return tuple(stem(w) for w in words(term))


def themes_for_contexts(contexts: list[str]) -> set[str]:
    """Themes that help with the given samen-begrijpen contexts."""
    wanted = set(contexts)
    return {code for code, theme in THEMES.items() if wanted & set(theme.contexts)}


def concept_token(theme: str) -> str:
    """The pseudo-word a theme contributes to lexical scoring."""
    return f"§{theme}"


def theme_label(code: str) -> str:
    """Dutch label of a theme, element or context code, for explanations."""
    if code in THEMES:
        return THEMES[code].label.lower()
    return (ELEMENTS.get(code) or CONTEXTS.get(code) or code).lower()
