"""The front door: request bodies and queries built to hurt serve are refused with their
4xx, and nothing of them is recorded. After each attack, a plain request still is, so
"nothing recorded" is never the silence of a serve that records nothing at all.

The attacks share one serve (each leaves nothing behind but its plain request)."""

from __future__ import annotations

import json
import select
import socket
import time
from collections.abc import Iterator

import pytest

from tests.security.conftest import (
    Processes,
    Reply,
    Serve,
    assert_nothing_recorded,
    call,
    chain,
    post_json,
    webhook,
    write_flow,
)

DOOR = {
    "name": "Door",
    "nodes": [
        webhook("Open", "open"),
        webhook("Query", "query", method="GET"),
        {"name": "Echo", "type": "noOp"},
    ],
    "connections": {**chain("Open", "Echo"), **chain("Query", "Echo")},
}
MAX_BODY_MB = 4.0
"""Enough for the shapes below (200,001 values) to reach the shape checks."""


@pytest.fixture(scope="module")
def shared_door(module_processes: Processes) -> Serve:
    flow = write_flow(module_processes.folder / "flows", DOOR)
    return module_processes.serve(flow, flags=["--max-body-mb", str(MAX_BODY_MB)])


@pytest.fixture
def door(shared_door: Serve) -> Iterator[Serve]:
    """The shared serve; after the test, a plain request is still recorded."""
    yield shared_door
    before = len(shared_door.executions())
    plain = post_json(shared_door.url + "/webhook/open", {"plain": True})
    assert plain.status == 200, plain.text
    assert len(shared_door.executions()) == before + 1, "a plain request was not recorded"


def _ids(serve: Serve) -> list[int]:
    return [e["id"] for e in serve.executions()]


def _refused_and_nothing_recorded(
    serve: Serve, reply: Reply, status: int, before: list[int]
) -> None:
    assert reply.status == status, reply.text
    assert_nothing_recorded(serve, before)


def test_a_body_over_the_cap_is_413(door: Serve) -> None:
    """A body larger than --max-body-mb, declared up front, is refused before it is read."""
    before = _ids(door)
    body = b"x" * int(MAX_BODY_MB * 1024 * 1024 + 1)
    reply = call(
        "POST", door.url + "/webhook/open", body=body, headers={"Content-Type": "text/plain"}
    )
    _refused_and_nothing_recorded(door, reply, 413, before)


def test_a_chunked_body_that_grows_past_the_cap_is_413(door: Serve) -> None:
    """Without a Content-Length, the cap holds on what actually arrives."""
    before = _ids(door)
    chunk = b"y" * 8192
    chunks = int(MAX_BODY_MB * 1024 * 1024) // len(chunk) + 4
    head = (
        f"POST /webhook/open HTTP/1.1\r\nHost: 127.0.0.1:{door.port}\r\n"
        "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", door.port), timeout=60) as sock:
        sock.sendall(head)
        try:
            for _ in range(chunks):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # serve answered and closed while the body was still coming: that is fine
        answer = _read_answer(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert_nothing_recorded(door, before)


def test_a_body_slower_than_30_seconds_is_408(door: Serve) -> None:
    """A caller trickling its body one byte every second holds a connection, not serve:
    past 30 s in all it is answered 408 and nothing is recorded."""
    before = _ids(door)
    declared = 1000
    head = (
        f"POST /webhook/open HTTP/1.1\r\nHost: 127.0.0.1:{door.port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {declared}\r\n\r\n"
    ).encode()
    sent = 0
    with socket.create_connection(("127.0.0.1", door.port), timeout=120) as sock:
        sock.sendall(head)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and sent < declared - 1:
            readable, _, _ = select.select([sock], [], [], 1.0)
            if readable:
                break
            try:
                sock.sendall(b" ")
            except OSError:
                break
            sent += 1
        answer = _read_answer(sock)
    assert sent < declared - 1, "the body was never refused while it trickled in"
    assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    assert_nothing_recorded(door, before)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json; charset=bogus", b'{"a": 1}'),
        ("text/plain; charset=x-no-such-charset", b"hello"),
        ("application/json", b'{"a": "\xff\xfe\xfd"}'),
        ("text/plain; charset=utf-8", b"caf\xe9 \xc3\x28"),
        ("application/x-www-form-urlencoded; charset=ascii", b"a=\xc3\xa9"),
    ],
    ids=["bogus-charset-json", "unknown-charset-text", "latin1-as-utf8", "bad-utf8", "not-ascii"],
)
def test_a_bad_charset_or_bytes_not_in_it_is_400(
    door: Serve, content_type: str, body: bytes
) -> None:
    """A charset that does not exist, or bytes that are not text in the charset given
    (UTF-8 when none is), are refused: never decoded "somehow" and stored."""
    before = _ids(door)
    reply = call(
        "POST", door.url + "/webhook/open", body=body, headers={"Content-Type": content_type}
    )
    _refused_and_nothing_recorded(door, reply, 400, before)


def _nested(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


@pytest.mark.parametrize("levels", [65, 300, 100_000])
def test_json_nested_too_deep_is_400(door: Serve, levels: int) -> None:
    """JSON nested past 64 levels (up to far past Python's recursion limit) is refused,
    and serve goes on serving."""
    before = _ids(door)
    reply = call(
        "POST",
        door.url + "/webhook/open",
        body=_nested(levels),
        headers={"Content-Type": "application/json"},
    )
    _refused_and_nothing_recorded(door, reply, 400, before)


@pytest.mark.parametrize(
    "body",
    [
        json.dumps([0] * 200_001),
        json.dumps({f"k{n}": n for n in range(200_001)}),
        json.dumps([[0] * 1000 for _ in range(201)]),
    ],
    ids=["200001-elements", "200001-keys", "201x1000-nested"],
)
def test_json_with_more_than_200000_values_is_400(door: Serve, body: str) -> None:
    """A few megabytes of tiny values cost far more memory than their text: refused."""
    before = _ids(door)
    reply = call(
        "POST", door.url + "/webhook/open", body=body, headers={"Content-Type": "application/json"}
    )
    _refused_and_nothing_recorded(door, reply, 400, before)


def test_more_than_1000_query_fields_is_400(door: Serve) -> None:
    before = _ids(door)
    query = "&".join(f"f{n}=1" for n in range(1001))
    reply = call("GET", f"{door.url}/webhook/query?{query}")
    _refused_and_nothing_recorded(door, reply, 400, before)


def test_more_than_1000_form_fields_is_400(door: Serve) -> None:
    before = _ids(door)
    form = "&".join(f"f{n}=1" for n in range(1001))
    reply = call(
        "POST",
        door.url + "/webhook/open",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    _refused_and_nothing_recorded(door, reply, 400, before)


def test_1000_query_fields_are_still_accepted(door: Serve) -> None:
    """The limit is where it says: a caller at it is served (and recorded)."""
    before = _ids(door)
    query = "&".join(f"f{n}=1" for n in range(1000))
    reply = call("GET", f"{door.url}/webhook/query?{query}")
    assert reply.status == 200, reply.text
    assert len(_ids(door)) == len(before) + 1


def _read_answer(sock: socket.socket) -> bytes:
    """What serve sent until it closed the connection or finished one answer's head and
    its declared body."""
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            return data
        if not chunk:
            return data
        data += chunk
        head, sep, rest = data.partition(b"\r\n\r\n")
        if sep:
            length = next(
                (
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                None,
            )
            if length is not None and len(rest) >= length:
                return data
