"""Every interface text of the chat page has an English translation in the compiled file."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo

WEB = Path(__file__).resolve().parents[2] / "web"
METHODS = [
    ("templates/chat/**.html", "jinja2"),
    ("chat.py", "python"),
    ("**.py", "ignore"),
    ("templates/**.html", "ignore"),
]


def test_compiled_english_covers_the_chat_page() -> None:
    with (WEB / "translations" / "en" / "LC_MESSAGES" / "messages.mo").open("rb") as file:
        catalogue = read_mo(file)
    messages = {
        message[0] if isinstance(message, tuple) else message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(WEB), METHODS, keywords={**DEFAULT_KEYWORDS, "lazy_gettext": None}
        )
    }
    assert "Je bericht" in messages and "Uitleg" in messages
    missing = sorted(m for m in messages if m not in catalogue or not catalogue[m].string)
    assert missing == [], "translate them: see web/translations/README.md"
