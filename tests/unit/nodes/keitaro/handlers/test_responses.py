"""Keitaro error answers become errors that keep Keitaro's own message."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host.redaction import Redactor
from kflow.nodes.keitaro.handlers.responses import api_error, keitaro_message
from tests.support import CANARY_KEY


@pytest.mark.parametrize(
    ("body", "message", "fields"),
    [
        ({"error": "Click not found"}, "Click not found", {}),
        ({"message": "Bad range"}, "Bad range", {}),
        ({"error": {"message": "nested"}}, "nested", {}),
        (
            {"alias": ["Alias already exists"], "name": ["Required"]},
            "alias: Alias already exists; name: Required",
            {"alias": ["Alias already exists"], "name": ["Required"]},
        ),
        ({"cost": "Must be positive"}, "cost: Must be positive", {"cost": ["Must be positive"]}),
        ("plain text", "plain text", {}),
        (None, None, {}),
        ({}, None, {}),
    ],
)
def test_keitaro_message(body: Any, message: str | None, fields: dict[str, list[str]]) -> None:
    assert keitaro_message(body) == (message, fields)


def error(status: int, body: Any, text: str = "") -> Any:
    return api_error(
        node="Keitaro",
        item_index=2,
        status=status,
        body=body,
        text=text,
        method="PUT",
        path="/admin_api/v1/clicks/x",
        request={"url": "u", "method": "PUT", "headers": {}},
        redactor=Redactor([CANARY_KEY]),
    )


def test_404_keeps_status_and_message() -> None:
    err = error(404, {"error": "Click not found"})
    assert err.http_code == 404
    assert err.api_message == "Click not found"
    assert str(err) == (
        "Keitaro: item 2: Keitaro answered 404 Not Found to PUT /admin_api/v1/clicks/x: "
        "Click not found"
    )


def test_406_lists_field_errors() -> None:
    err = error(406, {"cost": ["Must be a non-negative number"]})
    assert err.field_errors == {"cost": ["Must be a non-negative number"]}
    assert "406 Not Acceptable" in str(err)
    assert err.to_json()["fieldErrors"] == {"cost": ["Must be a non-negative number"]}


def test_html_answer_hints_at_the_wrong_host() -> None:
    err = error(404, None, "<html><body>404</body></html>")
    assert "HTML page" in str(err)


def test_401_without_body_explains() -> None:
    assert "API key was refused" in str(error(401, None))


def test_key_echoed_by_the_server_is_masked() -> None:
    err = error(401, {"error": f"Bad key {CANARY_KEY}"})
    assert CANARY_KEY not in str(err)
    assert CANARY_KEY not in repr(err.to_json())
