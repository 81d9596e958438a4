"""HTTP Request's request signing: every generic credential type, digest answers."""

from __future__ import annotations

import hashlib

from kflow.nodes.core.http_request_auth import Auth, basic_header, digest_header, secrets_of
from kflow.nodes.core.http_request_build import Planned, encode_query


def _signed(kind: str, data: dict) -> tuple[Planned, Auth]:
    plan = Planned("GET", "http://x.test/a")
    auth = Auth(kind, data)
    auth.sign(plan)
    return plan, auth


def test_basic_bearer_header_query_custom() -> None:
    plan, auth = _signed("httpBasicAuth", {"user": "u", "password": "p"})
    assert plan.headers["Authorization"] == basic_header("u", "p") == "Basic dTpw"
    assert "Authorization" in auth.secret_headers
    plan, _ = _signed("httpBearerAuth", {"token": "tok"})
    assert plan.headers["Authorization"] == "Bearer tok"
    plan, auth = _signed("httpHeaderAuth", {"name": "X-Key", "value": "v"})
    assert plan.headers["X-Key"] == "v" and auth.secret_headers == {"X-Key"}
    plan, _ = _signed("httpQueryAuth", {"name": "key", "value": "v"})
    assert plan.query == {"key": "v"}
    plan, _ = _signed(
        "httpCustomAuth", {"json": '{"headers": {"X-A": "1"}, "qs": {"q": 2}, "body": {"b": 3}}'}
    )
    assert plan.headers["X-A"] == "1" and plan.query == {"q": 2}
    assert plan.body.kind == "json" and plan.body.value == {"b": 3}


def test_digest_answer_matches_rfc_computation() -> None:
    challenge = 'Digest realm="r", nonce="n", qop="auth", algorithm=MD5'
    header = digest_header(challenge, "GET", "http://x.test/p?a=1", "u", "pw", cnonce="c")
    ha1 = hashlib.md5(b"u:r:pw").hexdigest()
    ha2 = hashlib.md5(b"GET:/p?a=1").hexdigest()
    expected = hashlib.md5(f"{ha1}:n:00000001:c:auth:{ha2}".encode()).hexdigest()
    assert f'response="{expected}"' in header and 'uri="/p?a=1"' in header


def test_secrets_of_a_credential() -> None:
    auth = Auth("httpHeaderAuth", {"name": "X-Key", "value": "s3cret-value"})
    assert "s3cret-value" in secrets_of(auth)


def test_query_encoding_formats() -> None:
    assert encode_query({"a": [1, 2]}, None) == "a%5B0%5D=1&a%5B1%5D=2"
    assert encode_query({"a": [1, 2]}, "repeat") == "a=1&a=2"
    assert encode_query({"a": [1, 2]}, "brackets") == "a%5B%5D=1&a%5B%5D=2"
    assert encode_query({"s": "a b&", "n": None}, None) == "s=a%20b%26&n="
