"""Constants shared by the chat tests (imported by name: the tests folder is no package)."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
MARKER = "zebrakoffie-qx7v9"  # a phrase that exists nowhere else
