"""No resident words in any server log: the development server and gunicorn, end to end.

Each server the README names runs as a subprocess on a seeded SQLite database.
A marker phrase goes in through search, a quoted search, a Referer, the chat
form and malformed request lines; then every log (stdout, stderr, gunicorn's
access and error files) is read. The marker must be absent while the request
paths are present, so a log that leaks, or logs nothing, fails.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import cli_command, free_port, seeded_database, today
from web.gunicorn_conf import ErrorLogScrubber
from web.privacy import QueryStringFilter

REPO = Path(__file__).resolve().parents[2]
MARKER = "zebrakoffie-qx7v9"
# Checked case-insensitively, each on its own: a cut-off or upper-cased marker leaks too.
FRAGMENTS = (b"zebrakoffie", b"qx7v9")
STARTUP_SECONDS = 20


def _request(method: str, target: str, headers: tuple[str, ...] = (), body: bytes = b"") -> bytes:
    """Raw HTTP/1.1 request bytes; `target` may hold spaces, quotes, CR or non-ASCII on purpose."""
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    if body:
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


# Well-formed requests and the status each must get (so they reached the app).
WELL_FORMED: list[tuple[bytes, str]] = [
    (_request("GET", f"/zoeken?q={MARKER}"), "200"),
    (_request("GET", f"/zoeken?q=ik+voel+me+%22leeg%22+{MARKER}&gemeente=Deventer"), "200"),
    (_request("GET", f'/zoeken?q="{MARKER}"'), "200"),
    (_request("GET", "/zoeken", (f"Referer: http://127.0.0.1/zoeken?q={MARKER}",)), "200"),
    (_request("POST", "/chat/", body=f"message={MARKER}+ik+voel+me+%22leeg%22".encode()), ""),
]
# Malformed request lines (and one bad header): servers reject them and log something.
MALFORMED: list[bytes] = [
    _request("GET", f"/zoeken?q=ik voel me {MARKER}"),
    _request("GET", f'/zoeken?q=ik voel me "{MARKER}" echt'),
    _request(MARKER, "/zoeken"),
    _request(MARKER.upper(), "/zoeken"),
    f"GET /zoeken?q=a {MARKER}\r\nHost: x\r\n\r\n".encode(),  # the marker as "version"
    _request("GET", f"/zoeken?q=\xe9\xfc{MARKER}\xe9"),
    _request("GET", f"/zoeken?q=a\r{MARKER}"),
    _request("GET", f"/zoeken?q=a\n{MARKER}"),
    _request("GET", "/zoeken", (f"Slechte Kop {MARKER}: ja",)),
    _request("GET", "/zoeken?q=" + "+".join([MARKER] * 250)),  # > gunicorn's 4094
    _request("GET", "/zoeken?q=" + "+".join([MARKER] * 4000)),  # > http.server's 65536
]


def _exchange(port: int, raw: bytes) -> str:
    """Send raw bytes and read until the server closes; the response status ('' if none)."""
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        try:
            conn.sendall(raw)
            while chunk := conn.recv(65536):
                received += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass  # the server may hang up on an over-long line before reading it all
    status_line = received.split(b"\r\n", 1)[0].split()
    return status_line[1].decode() if len(status_line) > 1 else ""


@contextmanager
def _running(command: list[str], env: dict[str, str], logs: Path, port: int) -> Iterator[None]:
    """Run a server with stdout/stderr in files until /gezond answers; always stop it."""
    with (logs / "stdout.log").open("wb") as out, (logs / "stderr.log").open("wb") as err:
        proc = subprocess.Popen(command, env=env, cwd=logs, stdout=out, stderr=err)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                assert proc.poll() is None, (logs / "stderr.log").read_text(errors="replace")
                try:
                    if _exchange(port, _request("GET", "/gezond")) == "200":
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_database(tmp_path_factory.mktemp("db") / "logs.db", today=today())


def _env(tmp_path: Path, database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "GROEPENWIJZER_INSTANCE": str(tmp_path / "instance"),
        "DATABASE_URL": f"sqlite:///{database}",
        "GROEPENWIJZER_MODEL": "none",
        "SECRET_KEY": "test-secret",
        "TELEGRAM_TOKEN": "",
        "OMP_NUM_THREADS": "1",
        "GROEPENWIJZER_PROXY_HOPS": "1",
        "XDG_RUNTIME_DIR": str(tmp_path),  # gunicorn's control socket, not in $HOME
    }


def _send_everything(port: int) -> None:
    for raw, status in WELL_FORMED:
        got = _exchange(port, raw)
        assert got == (status or got) and got, (raw[:80], got)
    for raw in MALFORMED:
        _exchange(port, raw)


def _read_logs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.log"))}


def _assert_no_marker(logs: dict[str, bytes]) -> None:
    leaks = {
        name: [line for line in data.splitlines() if any(f in line.lower() for f in FRAGMENTS)]
        for name, data in logs.items()
    }
    assert not any(leaks.values()), leaks


def test_development_server_logs_no_resident_words(tmp_path: Path, database: Path) -> None:
    port = free_port()
    command = [*cli_command(), "serve", "--port", str(port)]
    with _running(command, _env(tmp_path, database), tmp_path, port):
        _send_everything(port)
    logs = _read_logs(tmp_path)
    _assert_no_marker(logs)
    request_log = logs["stderr.log"]
    assert b'"GET /zoeken?\xe2\x80\xa6 HTTP/1.1" 200' in request_log
    assert b'"GET /zoeken HTTP/1.1" 200' in request_log  # the Referer request
    assert b'"POST /chat/ HTTP/1.1"' in request_log
    assert b"code 400, message Bad request syntax (GET /zoeken?\xe2\x80\xa6" in request_log
    assert b"code 400, message Bad request version" in request_log
    assert b"code 414, message" in request_log
    assert b'"- /zoeken HTTP/1.1" 405' in request_log  # the marker as method


def test_gunicorn_logs_no_resident_words(tmp_path: Path, database: Path) -> None:
    port = free_port()
    access, error = tmp_path / "access.log", tmp_path / "error.log"
    # The README's command, with a free port and the logs in files.
    command = [
        *(sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf"),
        *("-w", "2", "-b", f"127.0.0.1:{port}"),
        *("--access-logfile", str(access), "--error-logfile", str(error)),
        "web:create_app()",
    ]
    with _running(command, _env(tmp_path, database), tmp_path, port):
        _send_everything(port)
    logs = _read_logs(tmp_path)
    assert set(logs) == {"access.log", "error.log", "stdout.log", "stderr.log"}
    _assert_no_marker(logs)
    assert logs["access.log"].count(b'"GET /zoeken HTTP/1.1" 200') >= 4
    assert b'"POST /chat/ HTTP/1.1"' in logs["access.log"]
    assert b'"- /zoeken HTTP/1.1" 405' in logs["access.log"]  # the marker as method
    rejected = logs["error.log"].count(b"Invalid request from ip=127.0.0.1: ")
    assert rejected >= len(MALFORMED) - 2, logs["error.log"].decode()
    assert b"Invalid HTTP request line (GET /zoeken?\xe2\x80\xa6" in logs["error.log"]
    assert b"Request Line is too large (" in logs["error.log"]


def _scrubbed(record_filter: logging.Filter, message: str) -> str:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%s", (message,), None)
    record_filter.filter(record)
    return record.getMessage()


@pytest.mark.parametrize(
    "line",
    [  # werkzeug's own request handler (`flask run`), as rendered before the filter
        f'127.0.0.1 - - [x] "GET /zoeken?q=ik+voel+me+"leeg"+{MARKER} HTTP/1.1" 200 -',
        f'127.0.0.1 - - [x] "\x1b[31m\x1b[1m{MARKER} /zoeken HTTP/1.1\x1b[0m" 405 -',
        f'127.0.0.1 - - [x] "GET /zoeken?q=a {MARKER}" 400 -',
        f"127.0.0.1 - - [x] code 400, message Bad request version ('{MARKER}')",
        f"127.0.0.1 - - [x] code 400, message Bad request syntax ('GET /?q=a\\r\\n{MARKER}')",
        f'127.0.0.1 - - [x] "GET /{"a" * 300}?q={MARKER} HTTP/1.1" 200 -',
        f"Error on request GET /zoeken?q=a\n{MARKER}",
    ],
)
def test_werkzeug_filter_cuts_every_shape(line: str) -> None:
    assert MARKER not in _scrubbed(QueryStringFilter(), line)


@pytest.mark.parametrize(
    "message",
    [  # gunicorn's handle_error and handle_request messages
        f"Invalid request from ip=::1: Invalid HTTP request line: 'GET /zoeken?q={MARKER} x'",
        f"Invalid request from ip=127.0.0.1: Invalid HTTP method: '{MARKER}'",
        f"Invalid request from ip=127.0.0.1: Invalid HTTP Header: '{MARKER} HTTP/1.1'",
        f"Invalid request from ip=127.0.0.1: Invalid HTTP header name: 'X {MARKER}'",
        f"Error handling request GET /zoeken?q={MARKER}",
    ],
)
def test_gunicorn_error_filter_cuts_every_shape(message: str) -> None:
    assert MARKER not in _scrubbed(ErrorLogScrubber(), message)
