"""A minimal webhook endpoint for production: POST updates in, checked by secret header.

Telegram sends each update as a JSON POST with the header
`X-Telegram-Bot-Api-Secret-Token`. A request without it or with a wrong one
gets 403 and is not read further. Plain asyncio streams: no web framework,
one request per connection, bounded sizes and timeouts. Put it behind the
HTTPS reverse proxy that Telegram talks to.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_HEADER = 16 * 1024
MAX_BODY = 1024 * 1024
READ_TIMEOUT = 10.0
_REASONS = {
    200: "OK",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    411: "Length Required",
    413: "Payload Too Large",
    500: "Internal Server Error",
}

OnUpdate = Callable[[dict[str, Any]], Awaitable[None]]


class UnreadableUpdate(ValueError):
    """A body with the right secret that is no Telegram update (answered 400, not 500).

    `on_update` raises it when the JSON does not decode into an Update; the
    message is the error type only, never the update's content.
    """


class WebhookServer:
    """Accepts Telegram's POSTs on one path and hands the decoded JSON to `on_update`."""

    def __init__(
        self,
        *,
        secret: str,
        path: str,
        on_update: OnUpdate,
        host: str = "127.0.0.1",
        port: int = 8443,
    ) -> None:
        if not secret:
            raise ValueError("webhook mode needs TELEGRAM_WEBHOOK_SECRET")
        self._secret = secret.encode()
        self.path = path or "/"
        self.on_update = on_update
        self.host, self.port = host, port
        self._server: asyncio.base_events.Server | None = None
        self.started = asyncio.Event()

    async def start(self) -> int:
        """Start listening; returns the port (useful with port=0)."""
        self._server = await asyncio.start_server(
            self._serve, self.host, self.port, limit=MAX_HEADER
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self.started.set()
        return self.port

    async def stop(self) -> None:
        """Stop listening and close the server."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            status = await asyncio.wait_for(self._handle(reader), READ_TIMEOUT)
        except (
            TimeoutError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            ValueError,
            ConnectionError,
        ):
            status = 400
        except Exception:
            log.error("webhook request failed", exc_info=True)
            status = 500
        body = b'{"ok":true}' if status == 200 else b""
        head = (
            f"HTTP/1.1 {status} {_REASONS.get(status, '')}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n"
        )
        with contextlib.suppress(ConnectionError):
            writer.write(head.encode() + body)
            await writer.drain()
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader) -> int:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = ([*lines[0].split(" "), "", "", ""])[:3]
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        if target.split("?", 1)[0] != self.path:
            return 404
        if method != "POST":
            return 405
        given = headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            return 403  # checked before the body is even read
        if "content-length" not in headers:
            return 411
        length = int(headers["content-length"])
        if not 0 < length <= MAX_BODY:
            return 413
        data = _json(await reader.readexactly(length))
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return 400
        try:
            await self.on_update(data)
        except UnreadableUpdate as exc:
            log.info("webhook update not readable (%s)", exc)
            return 400
        return 200


def _json(body: bytes) -> Any:
    """The decoded body; ValueError (a 400) for anything that is not JSON, however odd."""
    try:
        return json.loads(body)
    except RecursionError:  # nested deeper than the parser goes
        raise UnreadableUpdate("RecursionError") from None
