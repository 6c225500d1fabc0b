"""One domain error hierarchy, mapped once for Flask and once for the bot."""

from __future__ import annotations


class CatalogueError(Exception):
    """Base class; `message` is Dutch and safe to show to users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(CatalogueError):
    """The requested record does not exist."""


class Forbidden(CatalogueError):
    """The actor may not do this (e.g. edit another organisation's group)."""


class Invalid(CatalogueError):
    """Input failed validation; `problems` lists every specific message.

    `fields` maps a form field to its own message, so a form can show each beside its field.
    """

    def __init__(
        self,
        message: str,
        problems: list[str] | None = None,
        fields: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.problems = problems or [message]
        self.fields = fields or {}


class Conflict(CatalogueError):
    """Someone else changed the record since it was read (optimistic locking)."""
