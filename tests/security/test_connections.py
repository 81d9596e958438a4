"""Connections: a stranger who opens sockets and says nothing (or one byte at a time)
cannot use up serve's listener. Over `--max-connections` a connection gets 503 and is
closed; one that does not finish its request head within `--header-timeout` is closed;
one left silent after an answer is closed after `--keepalive-timeout`. Afterwards, normal
requests are served."""

from __future__ import annotations

import contextlib
import select
import socket
from collections.abc import Iterator
from pathlib import Path

from tests.security.conftest import (
    Processes,
    Serve,
    call,
    chain,
    wait_until,
    webhook,
    write_flow,
)

FLOW = {
    "name": "Sockets",
    "nodes": [webhook("Hook", "hook", method="GET"), {"name": "Echo", "type": "noOp"}],
    "connections": chain("Hook", "Echo"),
}
CAP = 20
LONG = 120.0
"""A timeout no step of a test comes near, so that only the limit under test acts."""


def _serve(processes: Processes, tmp_path: Path, *flags: str) -> Serve:
    return processes.serve(write_flow(tmp_path / "flows", FLOW), flags=list(flags))


def _open(serve: Serve) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", serve.port), timeout=LONG)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _closed_by_serve(sock: socket.socket) -> bytes:
    """Reads until serve closes the connection; returns what it sent before. Fails if it
    is still open after a generous deadline."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        except TimeoutError:
            raise AssertionError("serve never closed the connection") from None
        if not chunk:
            return data
        data += chunk


@contextlib.contextmanager
def _sockets(serve: Serve, count: int) -> Iterator[list[socket.socket]]:
    opened = [_open(serve) for _ in range(count)]
    try:
        yield opened
    finally:
        for sock in opened:
            sock.close()


def _works(serve: Serve) -> bool:
    """A normal request is answered 200 (polled: serve sees closed sockets in its time)."""
    try:
        return call("GET", serve.url + "/webhook/hook", timeout=30).status == 200
    except OSError:
        return False


def test_connections_over_the_cap_get_503_and_are_closed(
    processes: Processes, tmp_path: Path
) -> None:
    """20 silent sockets hold the cap; 10 more each get 503 and are closed at once, and
    a real request is refused too. Once the silent ones go, requests are served."""
    serve = _serve(
        processes,
        tmp_path,
        *("--max-connections", str(CAP), "--header-timeout", str(LONG)),
    )
    with _sockets(serve, CAP) as idle:
        # Serve has taken all 20 once a 21st connection is refused.
        extra = _open(serve)
        assert _closed_by_serve(extra).startswith(b"HTTP/1.1 503"), "the cap did not hold"
        extra.close()
        with _sockets(serve, 10) as extras:
            for sock in extras:
                assert _closed_by_serve(sock).startswith(b"HTTP/1.1 503")
        refused = call("GET", serve.url + "/webhook/hook")
        assert refused.status == 503 and refused.headers.get("retry-after")
        for sock in idle:
            readable, _, _ = select.select([sock], [], [], 0)
            assert not readable, "a connection under the cap was closed"
    wait_until(lambda: _works(serve), what="a normal request to be served again")
    assert len(serve.executions()) == 1


def test_silent_connections_are_closed_after_the_header_timeout(
    processes: Processes, tmp_path: Path
) -> None:
    """20 sockets that never send a byte are all closed by serve (--header-timeout 1),
    so they free the cap; then normal requests are served."""
    serve = _serve(processes, tmp_path, *("--max-connections", str(CAP), "--header-timeout", "1"))
    with _sockets(serve, CAP) as idle:
        for sock in idle:
            assert _closed_by_serve(sock) == b"", "serve answered a request never sent"
    assert _works(serve)


def test_a_slowloris_head_is_cut_however_often_its_bytes_come(
    processes: Processes, tmp_path: Path
) -> None:
    """A request head sent a byte at a time, a byte every 0.2 s, is cut once the
    --header-timeout (1 s) passes since its first byte: serve closes the connection long
    before the head is complete, and never answers it."""
    serve = _serve(processes, tmp_path, "--header-timeout", "1")
    head = (
        f"GET /webhook/hook HTTP/1.1\r\nHost: 127.0.0.1:{serve.port}\r\n"
        + "".join(f"X-Pad-{n}: {'z' * 20}\r\n" for n in range(40))
        + "\r\n"
    ).encode()
    sent = 0
    answer = b""
    with _open(serve) as sock:
        for byte in head:
            readable, _, _ = select.select([sock], [], [], 0.2)
            if readable:
                answer = _closed_by_serve(sock)
                break
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1
        else:
            answer = _closed_by_serve(sock)
    assert sent < len(head), "serve waited for the whole head, byte by byte"
    assert not answer.startswith(b"HTTP/1.1 200"), "the trickled request was served"
    assert serve.executions() == [], "the trickled request was recorded"
    assert _works(serve)


def test_a_silent_kept_alive_connection_is_closed_after_the_keepalive_timeout(
    processes: Processes, tmp_path: Path
) -> None:
    """After an answer, a keep-alive connection that says nothing more is closed
    (--keepalive-timeout 1), not kept for ever."""
    serve = _serve(
        processes, tmp_path, *("--keepalive-timeout", "1", "--header-timeout", str(LONG))
    )
    request = (
        f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{serve.port}\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    with _open(serve) as sock:
        sock.sendall(request)
        data = b""
        while b'{"status": "ok"}' not in data:
            chunk = sock.recv(65536)
            assert chunk, "closed before the answer"
            data += chunk
        assert data.startswith(b"HTTP/1.1 200")
        assert b"connection: close" not in data.lower(), "the answer did not keep alive"
        assert _closed_by_serve(sock) == b""
    assert _works(serve)


def test_many_silent_sockets_do_not_stop_other_callers_for_good(
    processes: Processes, tmp_path: Path
) -> None:
    """Waves of silent sockets at the cap: each wave is closed by the header timeout, and
    a caller that keeps trying is served in between and after."""
    serve = _serve(processes, tmp_path, *("--max-connections", str(CAP), "--header-timeout", "1"))
    for _ in range(3):
        with _sockets(serve, CAP * 2) as wave:
            answers = [_closed_by_serve(sock) for sock in wave]
        refused = sum(1 for a in answers if a.startswith(b"HTTP/1.1 503"))
        assert all(a == b"" or a.startswith(b"HTTP/1.1 503") for a in answers)
        assert refused >= 1, "the cap did not hold"
        wait_until(lambda: _works(serve), what="a normal request to be served")
    assert len(serve.executions()) == 3
