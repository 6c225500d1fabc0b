"""A web chat driven like a browser without JavaScript: each post carries the page's form."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from flask.testing import FlaskClient

CHAT = "/chat/"
TRANSCRIPT = re.compile(r'name="transcript" value="([^"]*)"')
_NEWEST = re.compile(r'<li class="chat-entry chat-bot" id="antwoord".*?</li>', re.DOTALL)
_YOU = re.compile(
    r'<li class="chat-entry chat-you">.*?<div class="chat-text">(.*?)</div>', re.DOTALL
)


def plain(markup: str) -> str:
    """Text of some HTML, tags dropped and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


class WebChat:
    def __init__(self, client: FlaskClient, csrf_of: Callable[[str], str]) -> None:
        self.client, self.csrf_of = client, csrf_of
        self.page = self.client.get(CHAT).get_data(as_text=True)
        self.status = 200

    def post(self, *, expect: int = 200, **data: str) -> str:
        """Like a browser: the page's token and transcript go along; the answer is the page."""
        data.setdefault("csrf_token", self.csrf_of(self.page))
        found = self.transcript_field()
        if found is not None:
            data.setdefault("transcript", found)
        response = self.client.post(CHAT, data=data, follow_redirects=True)
        assert response.status_code == expect, response.status_code
        self.page = response.get_data(as_text=True)
        return self.page

    def say(self, text: str, **extra: str) -> str:
        return self.post(message=text, **extra)

    def press(self, action: str) -> str:
        return self.post(action=action)

    def actions(self) -> list[str]:
        return re.findall(r'name="action" value="([^"]+)"', self.page)

    def text(self) -> str:
        return plain(self.page)

    def newest(self) -> str:
        """Text of the bot's newest turn (the one the page jumps to)."""
        found = _NEWEST.search(self.page)
        assert found, "no newest bot turn on the page"
        return plain(found.group(0))

    def you(self) -> list[str]:
        """The resident's lines on the page, as text."""
        return [plain(m).strip() for m in _YOU.findall(self.page)]

    def transcript_field(self) -> str | None:
        found = TRANSCRIPT.search(self.page)
        return html.unescape(found.group(1)) if found else None
