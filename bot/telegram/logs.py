"""Logging that cannot leak: no message text, no bot token.

PTB logs whole updates and request parameters at DEBUG, and httpx logs
request URLs — which contain the bot token — at INFO. `protect_logs` puts a
filter on those libraries' loggers that drops such records whatever level
an operator (or a test) sets, and scrubs the token from anything left.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

# Library loggers and the lowest level let through from them.
GUARDED: dict[str, int] = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
}
# Loggers that PTB creates lazily (per class); made now so they get the filter too.
KNOWN = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",
    "telegram.ext.Updater",
    "telegram.ext",
    "telegram.request",
    "telegram.ext.JobQueue",
    "telegram.request.HTTPXRequest",
    "telegram.request.BaseRequest",
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
)


class PrivacyFilter(logging.Filter):
    """Drops records below `min_level`; replaces secrets in the rest."""

    def __init__(self, min_level: int, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.min_level = min_level
        self.secrets = {s for s in secrets if s}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < self.min_level:
            return False
        if self.secrets:
            message = record.getMessage()
            if any(secret in message for secret in self.secrets):
                for secret in self.secrets:
                    message = message.replace(secret, "***")
                record.msg, record.args = message, ()
        return True


def protect_logs(secrets: Iterable[str] = ()) -> None:
    """Attach the privacy filter to every PTB/httpx logger (idempotent)."""
    secrets = [s for s in secrets if s]
    for name in KNOWN:
        logging.getLogger(name)
    for name in list(logging.root.manager.loggerDict):
        prefix = name.split(".", 1)[0]
        if prefix not in GUARDED:
            continue
        logger = logging.getLogger(name)
        existing = [f for f in logger.filters if isinstance(f, PrivacyFilter)]
        if existing:
            existing[0].secrets.update(secrets)
        else:
            logger.addFilter(PrivacyFilter(GUARDED[prefix], secrets))
    for prefix, level in GUARDED.items():
        logger = logging.getLogger(prefix)
        if logger.level < level:
            logger.setLevel(level)


def configure_logging(level: int = logging.INFO, secrets: Iterable[str] = ()) -> None:
    """Process-wide logging for the bot entry point."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    protect_logs(secrets)
