"""A fake Telegram Bot API on 127.0.0.1 for the real PTB networking stack (tests, benchmark).

Implements getMe, getUpdates (long polling over queued updates), sendMessage,
answerCallbackQuery, editMessageText, deleteWebhook and setWebhook, and can
be told to answer a method with 429 (retry_after), 409, 502 or slowly.
Runs http.server in a thread: no extra dependency.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_ID = 424242


@dataclass
class Fault:
    status: int = 200
    retry_after: int | None = None
    delay: float = 0.0


@dataclass
class Sent:
    chat_id: int
    text: str
    buttons: list[list[dict[str, str]]]
    message_id: int
    at: float

    @property
    def actions(self) -> list[str]:
        return [b["callback_data"] for row in self.buttons for b in row]


@dataclass
class FakeBotAPI:
    token: str
    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    webhook: dict[str, Any] = field(default_factory=dict)
    faults: dict[str, deque[Fault]] = field(default_factory=lambda: defaultdict(deque))

    def __post_init__(self) -> None:
        self.cond = threading.Condition()
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self.server = _QuietServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> FakeBotAPI:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        with self.cond:
            self.cond.notify_all()
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/bot"

    # --- scripting -------------------------------------------------------------------------
    def fault(
        self,
        method: str,
        status: int = 200,
        *,
        retry_after: int | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        with self.cond:
            for _ in range(times):
                self.faults[method].append(Fault(status, retry_after, delay))

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        with self.cond:
            self.updates.append(update)
            self.cond.notify_all()
        return update

    def message_update(self, chat_id: int, text: str) -> dict[str, Any]:
        user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
        return {
            "update_id": next(self._ids),
            "message": {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "text": text,
                "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
                "from": user,
            },
        }

    def button_update(self, chat_id: int, data: str) -> dict[str, Any]:
        user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "text": "…",
        }
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": str(next(self._message_ids)),
                "from": user,
                "chat_instance": "ci",
                "data": data,
                "message": message,
            },
        }

    def send_text(self, chat_id: int, text: str) -> dict[str, Any]:
        return self.push(self.message_update(chat_id, text))

    def press(self, chat_id: int, data: str) -> dict[str, Any]:
        return self.push(self.button_update(chat_id, data))

    # --- inspection ------------------------------------------------------------------------
    def to(self, chat_id: int) -> list[Sent]:
        with self.cond:
            return [s for s in self.sent if s.chat_id == chat_id]

    def count(self, method: str) -> int:
        with self.cond:
            return self.calls.count(method)

    async def wait_for(self, chat_id: int, count: int, timeout: float = 15.0) -> list[Sent]:
        """Wait until `count` messages went to a chat; returns all of them."""
        deadline = time.monotonic() + timeout
        while len(self.to(chat_id)) < count:
            if time.monotonic() > deadline:
                got = [s.text[:40] for s in self.to(chat_id)]
                raise AssertionError(f"chat {chat_id}: expected {count} messages, got {got}")
            await asyncio.sleep(0.01)
        return self.to(chat_id)

    async def settle(self, seconds: float = 0.5) -> None:
        await asyncio.sleep(seconds)

    # --- the API ---------------------------------------------------------------------------
    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        with self.cond:
            self.calls.append(method)
            queued = self.faults.get(method)
            fault = queued.popleft() if queued else None
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.status == 429:
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {fault.retry_after}",
                "parameters": {"retry_after": fault.retry_after},
            }
        if fault and fault.status == 409:
            return 409, {
                "ok": False,
                "error_code": 409,
                "description": "Conflict: terminated by other getUpdates request; make sure that "
                "only one bot instance is running",
            }
        if fault and fault.status == 502:
            return 502, "<html><body>502 Bad Gateway</body></html>"
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        return 200, {"ok": True, "result": handler(params)}

    def _api_getMe(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Groepenwijzer",
            "username": "groepenwijzer_test_bot",
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_deleteWebhook(self, _: dict[str, Any]) -> bool:
        self.webhook.clear()
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True

    def _api_answerCallbackQuery(self, _: dict[str, Any]) -> bool:
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 2.0)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                if self.updates or time.monotonic() >= deadline:
                    return list(self.updates)
                self.cond.wait(deadline - time.monotonic())

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        markup = params.get("reply_markup")
        buttons = json.loads(markup)["inline_keyboard"] if markup else []
        message_id = next(self._message_ids)
        with self.cond:
            self.sent.append(
                Sent(
                    int(params["chat_id"]),
                    str(params["text"]),
                    buttons,
                    message_id,
                    time.monotonic(),
                )
            )
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "text": params["text"],
            "chat": {"id": int(params["chat_id"]), "type": "private"},
        }

    def _api_editMessageText(self, params: dict[str, Any]) -> bool:
        return True


class _QuietServer(ThreadingHTTPServer):
    request_queue_size = 256  # many concurrent connections in the benchmark

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # dropped connections are part of the tests


def _handler(api: FakeBotAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: object) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            prefix = f"/bot{api.token}/"
            if not self.path.startswith(prefix):
                self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                return
            method = self.path[len(prefix) :]
            if "json" in (self.headers.get("Content-Type") or ""):
                params = json.loads(body or "{}")
            else:
                params = {k: v[0] for k, v in parse_qs(body).items()}
            status, payload = api.answer(method, params)
            self._reply(status, payload)

        do_GET = do_POST

        def _reply(self, status: int, payload: Any) -> None:
            is_json = not isinstance(payload, str)
            data = (json.dumps(payload) if is_json else payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if is_json else "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # The client may have given up (a timeout, or the bot stopping).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

    return Handler
