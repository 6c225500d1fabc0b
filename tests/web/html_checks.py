"""Reading pages the way a resident sees them: the crisis block, help now, the calm message."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

CALM = "Zoeken lukt nu even niet. Probeer het over een paar minuten opnieuw."
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})


@dataclass(frozen=True)
class Element:
    """One start tag with its classes, attributes and the classes of its ancestors."""

    tag: str
    classes: frozenset[str]
    attrs: dict[str, str]
    inside: tuple[tuple[str, frozenset[str]], ...]

    def within(self, tag: str, cls: str) -> bool:
        return any(t == tag and cls in c for t, c in self.inside)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[Element] = []
        self._stack: list[tuple[str, frozenset[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = frozenset(values.get("class", "").split())
        self.found.append(Element(tag, classes, values, tuple(self._stack)))
        if tag not in VOID:
            self._stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                return


def elements(html: str) -> list[Element]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


def crisis_block_first(html: str) -> bool:
    """A `section.crisis` with contacts and a phone link, above the search form."""
    found = elements(html)
    sections = [i for i, e in enumerate(found) if e.tag == "section" and "crisis" in e.classes]
    forms = [i for i, e in enumerate(found) if e.tag == "form"]
    if not sections or not forms or sections[0] > forms[0]:
        return False
    contacts = [e for e in found if e.tag == "li" and e.within("section", "crisis")]
    calls = [
        e
        for e in found
        if e.tag == "a"
        and e.attrs.get("href", "").startswith("tel:")
        and e.within("section", "crisis")
    ]
    return bool(contacts) and bool(calls)


def help_now_shown(html: str) -> bool:
    """The help-now page: its contact list with at least one entry and a phone link."""
    found = elements(html)
    contacts = [e for e in found if e.tag == "li" and e.within("ul", "contact-list")]
    calls = [e for e in found if e.tag == "a" and e.attrs.get("href", "").startswith("tel:")]
    return bool(contacts) and bool(calls)


def calm_message_shown(html: str) -> bool:
    return any("search-failed" in e.classes for e in elements(html)) and CALM in html
