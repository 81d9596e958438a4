"""The HTTP client's guards: control characters, oversized answers, rate limits, Retry-After."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from aioresponses import aioresponses

from kflow.host.http import HttpClient, HttpRequest, TransportError
from kflow.host.ratelimit import RateLimiter
from kflow.nodes.keitaro.transport import retry_after

URL = "https://t.example.test/admin_api/v1/campaigns"


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (URL + "\r\nX: y", {}),
        (URL, {"Api-Key": "abc\r\nX-Evil: 1"}),
        (URL, {"X-Bad\n": "v"}),
    ],
)
async def test_control_characters_are_refused_before_sending(url: str, headers: dict) -> None:
    async with HttpClient() as http:
        with aioresponses() as mocked:
            with pytest.raises(TransportError, match="control characters") as caught:
                await http.send(HttpRequest("GET", url, headers))
            assert mocked.requests == {}
    assert caught.value.sent is False


async def test_an_answer_over_the_cap_fails_cleanly() -> None:
    async with HttpClient(max_response_bytes=1000) as http:
        with aioresponses() as mocked:
            mocked.get(URL, body="x" * 5000)
            with pytest.raises(TransportError, match="larger than"):
                await http.send(HttpRequest("GET", URL))
            mocked.get(URL, body="x" * 900)
            assert len((await http.send(HttpRequest("GET", URL))).text) == 900


async def test_rate_limiter_spaces_calls() -> None:
    limiter = RateLimiter(20)
    started = time.monotonic()
    for _ in range(6):
        await limiter.acquire()
    assert time.monotonic() - started >= 0.24


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after({"Retry-After": "7"}) == 7
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (retry_after({"retry-after": later}) or 0) <= 31
    assert retry_after({}) is None
    assert retry_after({"Retry-After": "soon"}) is None


async def test_tls_verification_is_on_unless_the_credential_says_otherwise(
    ctx_factory: object,
    keitaro_credentials: dict,
) -> None:
    from kflow.nodes.keitaro.transport import build_request

    on = build_request(keitaro_credentials, "GET", URL, "/campaigns", idempotent=True)
    off = build_request(
        {**keitaro_credentials, "allowUnauthorizedCerts": True}, "GET", URL, "/c", idempotent=True
    )
    assert on.to_http().verify_tls is True
    assert off.to_http().verify_tls is False
    async with HttpClient() as http:
        with aioresponses() as mocked:
            mocked.get(URL, payload=[])
            await http.send(off.to_http())
            ((_, calls),) = mocked.requests.items()
    assert calls[0].kwargs["ssl"] is False


def test_plain_http_to_another_host_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    from kflow.nodes.keitaro.transport import warn_if_plain_http

    with caplog.at_level("WARNING", logger="kflow"):
        warn_if_plain_http("http://tracker.example.test/admin_api/v1/x")
        warn_if_plain_http("http://tracker.example.test/admin_api/v1/y")
        warn_if_plain_http("http://127.0.0.1:8080/admin_api/v1/x")
        warn_if_plain_http("https://secure.example.test/admin_api/v1/x")
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == ["the API key is sent over plain http to tracker.example.test; use https"]


async def _serve(handler: object) -> tuple[object, str]:
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    app = web.Application()
    app.router.add_get("/x", handler)  # type: ignore[arg-type]
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server, f"http://127.0.0.1:{server.port}/x"


@pytest.mark.parametrize("kind", ["length", "chunked", "gzip"])
async def test_the_cap_holds_however_the_answer_is_framed(kind: str) -> None:
    """Declared length, chunked, or compressed under a small Content-Length: a body over
    the cap fails, one under it is read whole."""
    import gzip

    from aiohttp import web

    async def handler(request: web.Request) -> web.StreamResponse:
        size = int(request.query["size"])
        if kind == "gzip":
            return web.Response(
                body=gzip.compress(b"x" * size), headers={"Content-Encoding": "gzip"}
            )
        if kind == "chunked":
            response = web.StreamResponse()
            response.enable_chunked_encoding()
            await response.prepare(request)
            await response.write(b"x" * size)
            await response.write_eof()
            return response
        return web.Response(body=b"x" * size)

    server, url = await _serve(handler)
    try:
        async with HttpClient(max_response_bytes=1000) as http:
            with pytest.raises(TransportError, match="larger than"):
                await http.send(HttpRequest("GET", url + "?size=50000"))
            answer = await http.send(HttpRequest("GET", url + "?size=900"))
            assert answer.text == "x" * 900
    finally:
        await server.close()  # type: ignore[attr-defined]
