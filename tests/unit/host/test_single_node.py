"""kflow.host.run_node, the one door for a node alone: a one-node flow through the engine,
so batch nodes and item nodes run as they do in a flow."""

from __future__ import annotations

import pytest

from kflow.host import NodeSettings, RunSettings, run_node
from kflow.host.errors import ConfigError, NodeOperationError
from kflow.host.items import make_item
from kflow.host.settings import http_client
from kflow.testing import MemoryTransport
from kflow.testing import run_node as run_for_tests


async def test_a_batch_node_runs_through_the_engine() -> None:
    out = await run_node(
        "set",
        [make_item({"a": 1}), make_item({"a": 2})],
        {"mode": "manual", "fields": {"values": [{"name": "b", "stringValue": "={{ $json.a }}"}]}},
        type_version=3.2,
    )
    assert [item["json"] for item in out] == [{"a": 1, "b": "1"}, {"a": 2, "b": "2"}]
    assert [item["pairedItem"] for item in out] == [{"item": 0}, {"item": 1}]
    assert all("lineage" not in item for item in out)


async def test_an_item_node_takes_its_node_settings() -> None:
    transport = MemoryTransport()
    async with http_client(RunSettings(retries=1), transport) as http:
        out = await run_node(
            "keitaro",
            [make_item({})],
            {"resource": "click", "operation": "update", "clickId": "", "clickData": "{}"},
            credentials={"keitaroApi": {"domain": "https://t.example.test", "apiKey": "k" * 32}},
            node_settings=NodeSettings(onError="continueRegularOutput"),
            http=http,
        )
    assert out[0]["json"]["success"] is False
    assert transport.sent == []


async def test_bad_input_stops_before_anything_is_sent() -> None:
    with pytest.raises(NodeOperationError):
        await run_node(
            "keitaro",
            [make_item({})],
            {"resource": "click", "operation": "update", "clickId": "", "clickData": "{}"},
            credentials={"keitaroApi": {"domain": "https://t.example.test", "apiKey": "k" * 32}},
        )


async def test_no_items_run_nothing() -> None:
    assert await run_node("noOp", []) == []
    assert await run_for_tests("noOp", []) == []


async def test_not_given_items_are_one_empty_item() -> None:
    assert await run_node("noOp") == [{"json": {}, "pairedItem": {"item": 0}}]


async def test_unknown_credential_types_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown credential type 'nope'"):
        await run_node("noOp", credentials={"nope": {}})


async def test_unknown_node_types_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown node type"):
        await run_node("noSuchNode", [make_item({})])
