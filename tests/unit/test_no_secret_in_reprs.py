"""No object that holds the key shows it in its repr or str."""

from __future__ import annotations

from typing import Any

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.errors import NodeApiError
from kflow.host.http import HttpRequest
from kflow.nodes.keitaro.transport import build_request
from tests.support import CANARY_KEY


def test_reprs_hide_the_key(ctx_factory: Any, keitaro_credentials: dict[str, Any]) -> None:
    creds = Credentials()
    creds.add(KEITARO_API, {"domain": "t.example.test", "apiKey": CANARY_KEY})
    request = build_request(
        keitaro_credentials, "PUT", "https://t/x", "/x", {"cost": 1}, idempotent=True
    )
    objects = [
        creds,
        creds.redactor,
        ctx_factory({"clickId": "x"}),
        request,
        HttpRequest("PUT", "https://t/x", dict(request.headers), {"cost": 1}),
        NodeApiError("Keitaro", "failed", request=request.describe(ctx_factory({}))),
    ]
    for obj in objects:
        assert CANARY_KEY not in repr(obj), type(obj).__name__
        assert CANARY_KEY not in str(obj), type(obj).__name__
