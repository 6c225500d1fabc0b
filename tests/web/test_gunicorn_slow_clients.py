"""Stalled clients do not freeze the documented gunicorn set-up (issue 13, finding 1).

The README's command runs as a subprocess on a seeded SQLite database. Clients
open connections that send a `POST /chat/` with `Content-Length: 1000` and then
never the body (and a few that stop half-way through their headers). While they
stall, the home page and the crisis page must answer at once, and no worker may
be killed for it: the workers booted at start are the ones still serving at the
end. With two `sync` workers (gunicorn's default) two such clients froze the
site until gunicorn killed both workers 30 s later.
"""

from __future__ import annotations

import re
import socket
import sys
import time
from pathlib import Path

from tests.support import free_port
from tests.web.test_log_privacy_servers import (
    _env,
    _exchange,
    _request,
    _running,
    database,  # noqa: F401  (the module-scoped seeded database fixture)
)
from web import gunicorn_conf

BODY_STALLERS = 4
HEADER_STALLERS = 2
ANSWER_SECONDS = 5.0  # the failure this guards against lasted 30 s
_BOOTED = re.compile(rb"Booting worker with pid: (\d+)")


def _stall(port: int, raw: bytes) -> socket.socket:
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn.sendall(raw)
    return conn


def _answered(port: int, target: str) -> tuple[str, float]:
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=ANSWER_SECONDS) as conn:
        conn.sendall(_request("GET", target))
        received = b""
        try:
            while chunk := conn.recv(65536):
                received += chunk
        except TimeoutError:
            return "timeout", time.monotonic() - started
    status = received.split(b"\r\n", 1)[0].split()
    return (status[1].decode() if len(status) > 1 else ""), time.monotonic() - started


def _closed_by_server(conn: socket.socket, within: float) -> bool:
    """Whether the server answers or hangs up on a stalled connection within `within` s."""
    conn.settimeout(within)
    try:
        while conn.recv(65536):
            pass
    except TimeoutError:
        return False
    except OSError:
        pass  # reset: the server gave up on it too
    return True


def test_stalled_clients_do_not_freeze_gunicorn(tmp_path: Path, database: Path) -> None:  # noqa: F811
    port = free_port()
    error_log = tmp_path / "error.log"
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf"),
        *("-w", "2", "-b", f"127.0.0.1:{port}", "--error-logfile", str(error_log)),
        "web:create_app()",
    ]
    body_head = _request("POST", "/chat/", body=b"x" * 1000)[:-1000]  # headers, no body
    assert body_head.endswith(b"Content-Length: 1000\r\n\r\n")
    header_head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"  # never the blank line
    stalled: list[socket.socket] = []
    with _running(command, _env(tmp_path, database), tmp_path, port):
        booted = set(_BOOTED.findall(error_log.read_bytes()))
        assert len(booted) == 2, error_log.read_text()
        try:
            stalled += [_stall(port, body_head) for _ in range(BODY_STALLERS)]
            stalled += [_stall(port, header_head) for _ in range(HEADER_STALLERS)]
            time.sleep(0.5)  # every staller has reached a worker
            for target in ("/", "/hulp-nu", "/", "/hulp-nu"):
                status, seconds = _answered(port, target)
                assert status == "200", (target, status, round(seconds, 1))
            # Each stalled connection is let go after the read timeout, not held for ever.
            within = gunicorn_conf.READ_TIMEOUT_SECONDS + 5
            assert all(_closed_by_server(conn, within) for conn in stalled)
        finally:
            for conn in stalled:
                conn.close()
        assert _exchange(port, _request("GET", "/hulp-nu")) == "200"
        log = error_log.read_bytes()
    assert set(_BOOTED.findall(log)) == booted, log.decode(errors="replace")
    assert b"WORKER TIMEOUT" not in log and b"SIGKILL" not in log
    # A client that fell silent is one line in the log, not a traceback.
    assert log.count(b"client silent for ") >= HEADER_STALLERS and b"Traceback" not in log
