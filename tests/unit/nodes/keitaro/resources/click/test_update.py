"""click / update through the runner, with the tracker mocked by aioresponses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from kflow.host import NodeSettings, run_node
from kflow.host.errors import NodeApiError, NodeOperationError
from kflow.host.items import make_item
from kflow.host.redaction import Redactor
from tests.support import CANARY_KEY, TRACKER

URL_1 = f"{TRACKER}/admin_api/v1/clicks/abc123"
MASKED = "****" + CANARY_KEY[-4:]


async def update(
    keitaro_credentials: dict[str, Any], params: dict[str, Any], **kw: Any
) -> list[Any]:
    return await run_node(
        "keitaro",
        kw.pop("items", [make_item({})]),
        {"resource": "click", "operation": "update", **params},
        credentials={"keitaroApi": keitaro_credentials},
        redactor=Redactor([CANARY_KEY]),
        **kw,
    )


async def test_sends_put_with_body_and_key_and_wraps_the_answer(
    keitaro_credentials: dict[str, Any],
) -> None:
    answer = {"sub_id": "abc123", "cost": 0.5}
    with aioresponses() as mocked:
        mocked.put(URL_1, payload=answer)
        out = await update(keitaro_credentials, {"clickId": "abc123", "clickData": '{"cost": 0.5}'})
        ((_, calls),) = mocked.requests.items()
    call = calls[0]
    assert call.kwargs["json"] == {"cost": 0.5}
    assert call.kwargs["headers"]["Api-Key"] == CANARY_KEY
    assert call.kwargs["headers"]["Content-Type"] == "application/json"
    assert out == [
        {
            "json": {
                "request": {
                    "url": URL_1,
                    "method": "PUT",
                    "headers": {
                        "Accept": "application/json",
                        "Content-Type": "application/json",
                        "Api-Key": MASKED,
                    },
                },
                "resource": "click",
                "operation": "update",
                "success": True,
                "data": answer,
            },
            "pairedItem": {"item": 0},
        }
    ]


async def test_click_id_is_percent_encoded_in_the_request(
    keitaro_credentials: dict[str, Any],
) -> None:
    with aioresponses() as mocked:
        mocked.put(URL(f"{TRACKER}/admin_api/v1/clicks/a%3Fb%3Dc", encoded=True), payload={})
        out = await update(keitaro_credentials, {"clickId": "a?b=c", "clickData": {"cost": 1}})
        ((method, url), _), *_ = mocked.requests.items()
    assert method == "PUT"
    assert url.raw_path == "/admin_api/v1/clicks/a%3Fb%3Dc"
    assert url.query_string == ""
    assert out[0]["json"]["request"]["url"].endswith("/clicks/a%3Fb%3Dc")


async def test_404_becomes_an_api_error_with_keitaros_message(
    keitaro_credentials: dict[str, Any],
) -> None:
    with aioresponses() as mocked:
        mocked.put(URL_1, status=404, payload={"error": "Click not found"})
        with pytest.raises(NodeApiError) as caught:
            await update(keitaro_credentials, {"clickId": "abc123", "clickData": '{"cost": 1}'})
    assert caught.value.http_code == 404
    assert caught.value.api_message == "Click not found"
    assert caught.value.item_index == 0


async def test_continue_on_fail_outputs_the_error_in_the_envelope(
    keitaro_credentials: dict[str, Any],
) -> None:
    with aioresponses() as mocked:
        mocked.put(URL_1, status=406, payload={"cost": ["Must be a non-negative number"]})
        out = await update(
            keitaro_credentials,
            {"clickId": "abc123", "clickData": '{"cost": 1}'},
            node_settings=NodeSettings(continueOnFail=True),
        )
    data = out[0]["json"]
    assert data["success"] is False
    assert data["resource"] == "click" and data["operation"] == "update"
    assert data["request"]["headers"]["Api-Key"] == MASKED
    assert data["error"]["httpCode"] == 406
    assert data["error"]["fieldErrors"] == {"cost": ["Must be a non-negative number"]}


async def test_invalid_data_fails_before_any_request(keitaro_credentials: dict[str, Any]) -> None:
    items = [make_item({}), make_item({})]
    with aioresponses() as mocked:
        with pytest.raises(NodeOperationError) as caught:
            await update(keitaro_credentials, {"clickId": "abc123", "clickData": "{"}, items=items)
        assert mocked.requests == {}
    assert caught.value.parameter == "Данные Клика"


async def test_unreachable_tracker_is_an_api_error(keitaro_credentials: dict[str, Any]) -> None:
    with aioresponses() as mocked:
        mocked.put(URL_1, exception=ConnectionResetError("reset by peer"))
        with pytest.raises(NodeApiError, match="could not reach the tracker"):
            await update(keitaro_credentials, {"clickId": "abc123", "clickData": '{"cost": 1}'})


async def test_non_json_success_is_an_error(keitaro_credentials: dict[str, Any]) -> None:
    with aioresponses() as mocked:
        mocked.put(URL_1, status=200, body="<html>login</html>")
        with pytest.raises(NodeApiError, match="not JSON"):
            await update(keitaro_credentials, {"clickId": "abc123", "clickData": '{"cost": 1}'})


async def test_nothing_shows_the_key(keitaro_credentials: dict[str, Any]) -> None:
    with aioresponses() as mocked:
        mocked.put(URL_1, status=401, payload={"error": f"Key {CANARY_KEY} is wrong"})
        out = await update(
            keitaro_credentials,
            {"clickId": "abc123", "clickData": '{"cost": 1}'},
            node_settings=NodeSettings(continueOnFail=True),
        )
    assert CANARY_KEY not in json.dumps(out)
