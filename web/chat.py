"""The web chat (issue 5): placeholder blueprint, replaced by the chat's own module."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("chat", __name__)
