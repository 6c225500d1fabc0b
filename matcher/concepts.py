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
from matcher.text import related, stem, words


@dataclass(frozen=True)
class ConceptHit:
    """A theme found in a text and the words that triggered it."""

    theme: str
    evidence: tuple[str, ...]


@lru_cache(maxsize=1)
def _term_table() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...]:
    """(theme, stemmed phrase, its words, original term) for every term of every theme."""
    table = []
    for code, theme in THEMES.items():
        for term in (*theme.terms, code):
            plain = tuple(words(term))
            phrase = tuple(stem(w) for w in plain)
            if phrase:
                table.append((code, phrase, plain, term))
    return tuple(table)


def find_themes(text: str) -> list[ConceptHit]:
    """Themes mentioned in a text, each with its evidence words.

    A term matches on stems, but only where each word is a form of the term's
    word (`related`): one Snowball stem can hide two words ("stemmen" voices,
    "stemming" mood), and a theme found that way would be invented evidence.
    """
    plain = words(text)
    stemmed = [stem(w) for w in plain]
    present = set(stemmed)
    found: dict[str, list[str]] = {}
    for code, phrase, term_words, term in _term_table():
        if phrase[0] in present and _occurs(plain, stemmed, phrase, term_words):
            found.setdefault(code, []).append(term)
    for word in plain:
        for code, term in _compound_heads(word):
            if term not in found.get(code, ()):
                found.setdefault(code, []).append(term)
    return [ConceptHit(code, tuple(terms)) for code, terms in found.items()]


MIN_HEAD = 4  # a theme word this long may start a compound: "angst" + "stoornis"
MIN_TAIL = 4
MIN_END = 7  # ... or end one: "gok" + "verslaving" (not "vert" + "rouwen")


@lru_cache(maxsize=1)
def _single_terms() -> dict[str, tuple[tuple[str, str], ...]]:
    """One-word theme terms of at least MIN_HEAD letters → (theme, term)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for code, _phrase, term_words, term in _term_table():
        if len(term_words) == 1 and len(term_words[0]) >= MIN_HEAD:
            table.setdefault(term_words[0], []).append((code, term))
    return {head: tuple(pairs) for head, pairs in table.items()}


def _compound_heads(word: str) -> tuple[tuple[str, str], ...]:
    """Themes whose word starts or ends a Dutch compound ("angststoornis", "gokverslaving").

    Residents write compounds no term list holds; either part can carry the theme.
    """
    terms = _single_terms()
    hits: list[tuple[str, str]] = []
    for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
        hits += terms.get(word[:cut], ())
    for cut in range(3, len(word) - MIN_END + 1):
        hits += terms.get(word[cut:], ())
    return tuple(hits)


def _occurs(
    plain: list[str], stemmed: list[str], phrase: tuple[str, ...], term_words: tuple[str, ...]
) -> bool:
    """The phrase's words in order, each a form of the term's word, at most GAP words apart.

    Dutch puts words between the parts of a phrase: "voel ik me vaak alleen" holds
    "voel me alleen".
    """
    for start, token in enumerate(stemmed):
        if token != phrase[0] or not related(plain[start], term_words[0]):
            continue
        position, matched = start, 1
        while matched < len(phrase):
            window = range(position + 1, min(position + 2 + GAP, len(stemmed)))
            nxt = next(
                (
                    j
                    for j in window
                    if stemmed[j] == phrase[matched] and related(plain[j], term_words[matched])
                ),
                None,
            )
            if nxt is None:
                break
            position, matched = nxt, matched + 1
        if matched == len(phrase):
            return True
    return False


GAP = 1  # words allowed between two words of a multi-word term


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
