"""Every interface text of the catalogue pages has an English translation in the compiled file."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo

WEB = Path(__file__).resolve().parents[2] / "web"
# The chat's texts belong to the chat's own module and templates.
METHODS = [
    ("templates/chat/**.html", "ignore"),
    ("chat.py", "ignore"),
    ("cli*.py", "ignore"),
    ("**.py", "python"),
    ("templates/**.html", "jinja2"),
]


def _ui_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(WEB), METHODS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_compiled_english_covers_every_interface_text() -> None:
    # Dutch is the source language: its texts are the message ids themselves.
    with (WEB / "translations" / "en" / "LC_MESSAGES" / "messages.mo").open("rb") as file:
        catalogue = read_mo(file)
    messages = _ui_messages()
    assert len(messages) > 100
    missing = sorted(m for m in messages if m not in catalogue or not catalogue[m].string)
    assert missing == [], (
        "translate them and run the pybabel commands in web/translations/README.md"
    )
