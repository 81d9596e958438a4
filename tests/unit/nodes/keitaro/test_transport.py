"""A request's credential headers, worked out once per credential and never shown."""

from __future__ import annotations

from kflow.nodes.keitaro import transport
from kflow.nodes.keitaro.transport import build_request
from tests.support import CANARY_KEY

URL = "https://t.example.test/admin_api/v1/clicks/abc"


def test_headers_follow_the_credential_as_it_is_now() -> None:
    credentials = {"domain": "t.example.test", "apiKey": CANARY_KEY}
    first = build_request(credentials, "PUT", URL, "/clicks/abc", {"cost": 1}, idempotent=True)
    again = build_request(credentials, "PUT", URL, "/clicks/abc", {"cost": 1}, idempotent=True)
    assert first.headers == again.headers
    assert first.headers is not again.headers  # each request owns its headers
    credentials["apiKey"] = "another0key0long0enough0to0show"
    credentials["allowUnauthorizedCerts"] = True
    changed = build_request(credentials, "GET", URL, "/clicks/abc", idempotent=True)
    assert changed.headers == {"Accept": "application/json", "Api-Key": credentials["apiKey"]}
    assert changed.verify_tls is False


def test_the_masked_echo_matches_masking_the_headers() -> None:
    credentials = {"domain": "t.example.test", "apiKey": CANARY_KEY}
    request = build_request(credentials, "PUT", URL, "/clicks/abc", {"cost": 1}, idempotent=True)
    shown = {
        "Accept": "application/json",
        "Content-Type": "application/json",
        "Api-Key": "****" + CANARY_KEY[-4:],
    }
    assert request.shown_headers == shown
    assert CANARY_KEY not in repr(request)
    assert all(CANARY_KEY not in repr(signed) for signed in transport._SIGNED.values())
