"""Uploaded import files kept on the server between the preview and "Bevestig import".

The bytes live in a file under the instance folder, named by a random token; the
login session holds only that token, the file's SHA-256 and its name (never the
contents). A pending file is deleted when it is used, when a new preview replaces
it, and by anyone's next preview or confirmation once it is older than MAX_AGE.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import session

from web import services

MAX_AGE = 30 * 60  # seconds a preview stays confirmable
SESSION_KEY = "pending_import"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass(frozen=True)
class Pending:
    """A previewed upload: its file's bytes and the name it was uploaded under."""

    token: str
    digest: str
    filename: str
    data: bytes


def _folder() -> Path:
    folder = Path(services.services().settings.instance_path) / "pending-imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def digest_of(data: bytes) -> str:
    """The SHA-256 of an upload, as hex."""
    return hashlib.sha256(data).hexdigest()


def _sweep(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


def keep(data: bytes, filename: str) -> str:
    """Store an upload for confirmation (replacing the session's earlier one); its digest."""
    folder = _folder()
    _sweep(folder)
    discard()
    token = secrets.token_urlsafe(24)
    path = folder / f"{token}.upload"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    digest = digest_of(data)
    session[SESSION_KEY] = {
        "token": token,
        "sha256": digest,
        "name": filename,
        "at": int(time.time()),
    }
    return digest


def take(expected_digest: str) -> Pending | None:
    """The session's pending upload if it is still there, fresh, and has this digest.

    None when there is none, it expired, the page's digest is another preview's, or
    the stored bytes no longer hash to what was previewed. The file is deleted either
    way: a confirmation is tried once.
    """
    folder = _folder()
    _sweep(folder)
    info = session.pop(SESSION_KEY, None)
    if not isinstance(info, dict) or not _TOKEN.fullmatch(str(info.get("token", ""))):
        return None
    path = folder / f"{info['token']}.upload"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    finally:
        path.unlink(missing_ok=True)
    fresh = isinstance(info.get("at"), int) and time.time() - info["at"] <= MAX_AGE
    stored = str(info.get("sha256", ""))
    if not (
        fresh
        and hmac.compare_digest(stored, expected_digest)
        and hmac.compare_digest(stored, digest_of(data))
    ):
        return None
    return Pending(info["token"], stored, str(info.get("name", "")), data)


def discard() -> None:
    """Forget the session's pending upload and delete its file."""
    info = session.pop(SESSION_KEY, None)
    if isinstance(info, dict) and _TOKEN.fullmatch(str(info.get("token", ""))):
        (_folder() / f"{info['token']}.upload").unlink(missing_ok=True)
