"""The Keitaro node's click/update against the real sandbox over loopback."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kflow.host import NodeSettings, run_node
from kflow.host.errors import NodeApiError
from kflow.host.items import make_item
from kflow.host.redaction import Redactor
from kflow.sandbox import SandboxServer
from tests.support import CANARY_KEY, FIRST_CLICK


async def update(
    credentials: dict[str, Any], click_id: str, data: str, **kw: Any
) -> list[dict[str, Any]]:
    out = await run_node(
        "keitaro",
        [make_item({})],
        {"resource": "click", "operation": "update", "clickId": click_id, "clickData": data},
        credentials=credentials,
        redactor=Redactor([CANARY_KEY]),
        **kw,
    )
    return [item["json"] for item in out]


async def test_update_returns_the_updated_click(
    sandbox: SandboxServer, sandbox_credentials: dict[str, Any]
) -> None:
    (out,) = await update(sandbox_credentials, FIRST_CLICK, '{"cost": 0.5, "sub_id_3": "x"}')
    assert out["success"] is True
    assert out["request"] == {
        "url": f"{sandbox.url}/admin_api/v1/clicks/{FIRST_CLICK}",
        "method": "PUT",
        "headers": {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Api-Key": "****" + CANARY_KEY[-4:],
        },
    }
    assert out["data"]["sub_id"] == FIRST_CLICK
    assert out["data"]["cost"] == 0.5 and out["data"]["sub_id_3"] == "x"
    assert CANARY_KEY not in json.dumps(out)


async def test_unknown_click_is_404_with_keitaros_message(
    sandbox_credentials: dict[str, Any],
) -> None:
    with pytest.raises(NodeApiError) as caught:
        await update(sandbox_credentials, "nosuchclick", '{"cost": 1}')
    assert caught.value.http_code == 404
    assert "Click not found" in str(caught.value)


@pytest.mark.parametrize("click_id", ["a?b=c", "campaigns#1", "log", "%2E%2E"])
async def test_hostile_click_ids_reach_only_the_click_endpoint(
    sandbox_credentials: dict[str, Any], click_id: str
) -> None:
    (out,) = await update(
        sandbox_credentials,
        click_id,
        '{"cost": 1}',
        node_settings=NodeSettings(continueOnFail=True),
    )
    assert out["success"] is False
    assert out["error"]["httpCode"] == 404
    assert out["error"]["apiMessage"] == "Click not found"


async def test_wrong_key_is_401(sandbox: SandboxServer) -> None:
    creds = {"keitaroApi": {"domain": sandbox.url, "apiKey": "0" * 32}}
    with pytest.raises(NodeApiError) as caught:
        await update(creds, FIRST_CLICK, '{"cost": 1}')
    assert caught.value.http_code == 401
    assert "0" * 32 not in str(caught.value)


async def test_unreachable_tracker(unused_tcp_port: int) -> None:
    creds = {"keitaroApi": {"domain": f"http://127.0.0.1:{unused_tcp_port}", "apiKey": CANARY_KEY}}
    with pytest.raises(NodeApiError, match="could not reach the tracker"):
        await update(creds, FIRST_CLICK, '{"cost": 1}')
