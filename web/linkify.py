"""Plain text → safe HTML with clickable links: web addresses, e-mail (mailto:), phone (tel:).

Everything is escaped first-class: the text between links through `markupsafe.escape`,
each link through `Markup.format` (which escapes its arguments). Only the schemes
built here (https, http, mailto, tel) ever reach an href, so group data cannot
inject markup or a `javascript:` link.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_TRAILING = ".,;:!?'\""
_LINK = re.compile(
    r"""
    (?P<url>\bhttps?://[^\s<>"'`]+)
  | (?P<email>\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b)
  | (?P<www>\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[^\s<>"'`]*)?)
  | (?P<domain>(?<![\w@./-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:nl|com|org|net|eu|info)\b
        (?:/[^\s<>"'`]*)?)
  | (?P<phone>(?<![\w+(])(?:\+31[ -]?(?:\(0\))?|\(?0)[1-9](?:[ -]?\(?\d\)?){6,11}(?![\w]))
  | (?P<short>(?:(?<=[Bb]el\ )|(?<=[Bb]el\ dan\ )|(?<=[Cc]all\ )|(?<=\ of\ )|(?<=\ or\ ))
        11[23](?!\.?\w))
    """,
    re.VERBOSE,
)


def linkify(text: str) -> Markup:
    """`text`, HTML-escaped, with its web addresses, e-mail addresses and phone numbers as links."""
    out: list[str] = []
    pos = 0
    for match in _LINK.finditer(text):
        label, href = _link(match)
        if href is None:
            continue
        start, end = match.start(), match.start() + len(label)
        out.append(escape(text[pos:start]))
        out.append(Markup('<a href="{}">{}</a>').format(href, label))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _link(match: re.Match[str]) -> tuple[str, str | None]:
    kind, found = match.lastgroup, match.group(0)
    if kind in ("url", "www", "domain"):
        found = _trim(found)
        if "." not in found.split("://", 1)[-1]:
            return found, None
        return found, found if kind == "url" else f"https://{found}"
    if kind == "email":
        return found, f"mailto:{found}"
    if kind == "phone":
        while found.endswith(")") and found.count("(") < found.count(")"):
            found = found[:-1]
        return found, _tel(found)
    return found, f"tel:{found}"  # 112 or 113 after "bel"/"call"/"of"/"or"


def _trim(url: str) -> str:
    """A web address without the punctuation that ends its sentence (and unbalanced ')')."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def _tel(number: str) -> str | None:
    """'tel:0570000101' for a Dutch number (10 digits, or 0800/0900 numbers of 8 to 11)."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    if number.startswith("+31"):
        digits = "0" + digits[2:]
    if digits.startswith(("0800", "090")):
        return f"tel:{digits}" if 8 <= len(digits) <= 11 else None
    return f"tel:{digits}" if len(digits) == 10 else None
