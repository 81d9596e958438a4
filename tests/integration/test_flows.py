"""Flows run on the sandbox: input items, node settings, disabled nodes, --input items."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.errors import ConfigError, NodeApiError
from kflow.host.flow import parse_flow
from kflow.host.flow_runner import run_flow
from kflow.host.items import make_item
from kflow.sandbox import SandboxServer
from tests.support import CANARY_KEY, FIRST_CLICK


@pytest.fixture
def credentials(sandbox: SandboxServer) -> Credentials:
    creds = Credentials()
    creds.add(KEITARO_API, {"domain": sandbox.url, "apiKey": CANARY_KEY})
    return creds


def flow(click_id: str, **node: Any) -> dict[str, Any]:
    return {
        "name": "t",
        "nodes": [
            {"name": "Start", "type": "input", "parameters": {"items": [{"n": 1}, {"n": 2}]}},
            {
                "name": "Update",
                "type": "keitaro",
                "parameters": {
                    "resource": "click",
                    "operation": "update",
                    "clickId": click_id,
                    "clickData": {"cost": 0.3},
                },
                "credentials": {"keitaroApi": {"name": "tracker"}},
                **node,
            },
        ],
        "connections": {"Start": {"main": [[{"node": "Update", "type": "main", "index": 0}]]}},
    }


async def test_input_items_each_run_the_node(credentials: Credentials) -> None:
    out = await run_flow(parse_flow(flow(FIRST_CLICK), source="t"), credentials=credentials)
    assert [o["pairedItem"] for o in out] == [{"item": 0}, {"item": 1}]
    assert all(o["json"]["success"] for o in out)


async def test_continue_on_fail_setting_of_a_node(credentials: Credentials) -> None:
    data = flow("nosuchclick", continueOnFail=True)
    out = await run_flow(parse_flow(data, source="t"), credentials=credentials)
    assert [o["json"]["error"]["httpCode"] for o in out] == [404, 404]


async def test_failure_without_continue_on_fail_stops(credentials: Credentials) -> None:
    with pytest.raises(NodeApiError):
        await run_flow(parse_flow(flow("nosuchclick"), source="t"), credentials=credentials)


async def test_disabled_node_passes_items_through(credentials: Credentials) -> None:
    out = await run_flow(
        parse_flow(flow("nosuchclick", disabled=True), source="t"), credentials=credentials
    )
    assert [o["json"] for o in out] == [{"n": 1}, {"n": 2}]


async def test_given_items_replace_the_input_nodes(credentials: Credentials) -> None:
    items = [make_item({"i": i}) for i in range(3)]
    out = await run_flow(
        parse_flow(flow(FIRST_CLICK), source="t"), credentials=credentials, items=items
    )
    assert len(out) == 3


async def test_missing_credentials_are_a_config_error() -> None:
    with pytest.raises(ConfigError, match="needs credentials 'keitaroApi'"):
        await run_flow(parse_flow(flow(FIRST_CLICK), source="t"), credentials=Credentials())


async def test_bad_input_node(credentials: Credentials) -> None:
    data = flow(FIRST_CLICK)
    data["nodes"][0]["parameters"] = {"items": [1]}
    with pytest.raises(ConfigError, match="item 0 is not a JSON object"):
        await run_flow(parse_flow(data, source="t"), credentials=credentials)
