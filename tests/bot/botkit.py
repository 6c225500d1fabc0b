"""Constants shared by the chat tests (imported by name: the tests folder is no package)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MARKER = "zebrakoffie-qx7v9"  # a phrase that exists nowhere else


def on_test_clock(app: Any) -> Any:
    """Run a built bot's chat on NOW: the seeded groups' dates are fixed, so the chat's must be."""
    app.bot_data["chat_service"].clock = lambda: NOW
    return app
