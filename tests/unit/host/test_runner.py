"""The runner, on a test node's run: order and pairing, pre-flight before I/O,
continueOnFail, bounded concurrency."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from kflow.host.descriptors import NodeDescription
from kflow.host.errors import ConfigError, NodeApiError, NodeError, NodeOperationError
from kflow.host.http import HttpClient
from kflow.host.items import make_item
from kflow.host.node import ItemContext
from kflow.host.settings import NodeSettings, RunSettings
from tests.unit.host.item_runs import run_items


class EchoNode:
    """Doubles `json.n` after a delay; n < 0 fails pre-flight, n == 99 fails at execution."""

    description = NodeDescription.model_validate(
        {
            "displayName": "Echo",
            "name": "echo",
            "description": "test node",
            "defaults": {"name": "Echo"},
            "properties": [
                {"displayName": "Factor", "name": "factor", "type": "number", "default": 2}
            ],
        }
    )

    def __init__(self) -> None:
        self.executed: list[int] = []
        self.in_flight = 0
        self.peak = 0

    def prepare(self, ctx: ItemContext) -> int:
        n = ctx.item["n"]
        if n < 0:
            raise NodeOperationError(ctx.node_name, "n is negative", item_index=ctx.item_index)
        return int(n)

    async def execute(self, ctx: ItemContext, prepared: int, http: HttpClient) -> list[dict]:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        await asyncio.sleep(0.001 * (10 - prepared % 10))
        self.in_flight -= 1
        self.executed.append(ctx.item_index)
        if prepared == 99:
            raise NodeApiError(ctx.node_name, "unlucky", http_code=500, item_index=ctx.item_index)
        return [{"n": prepared * ctx.param("factor")}]

    def error_output(self, ctx: ItemContext, prepared: Any, error: NodeError) -> dict:
        return {"success": False, "error": error.to_json()}


def items(*values: int) -> list:
    return [make_item({"n": v}) for v in values]


async def test_outputs_keep_input_order_and_pairing() -> None:
    out = await run_items(EchoNode(), items(*range(20)), {})
    assert [o["json"]["n"] for o in out] == [2 * n for n in range(20)]
    assert [o["pairedItem"] for o in out] == [{"item": i} for i in range(20)]


async def test_parameters_are_resolved_with_defaults() -> None:
    out = await run_items(EchoNode(), items(3), {"factor": "5"})
    assert out[0]["json"] == {"n": 15}


async def test_bad_item_stops_the_run_before_any_execution() -> None:
    node = EchoNode()
    with pytest.raises(NodeOperationError) as caught:
        await run_items(node, items(1, 2, -1, 4), {})
    assert caught.value.item_index == 2
    assert node.executed == []


async def test_continue_on_fail_keeps_failed_items_in_place() -> None:
    node = EchoNode()
    out = await run_items(
        node, items(1, -1, 99, 4), {}, node_settings=NodeSettings(continueOnFail=True)
    )
    assert [o["json"].get("success", True) for o in out] == [True, False, False, True]
    assert out[1]["json"]["error"]["message"] == "n is negative"
    assert out[2]["json"]["error"]["httpCode"] == 500
    assert [o["pairedItem"]["item"] for o in out] == [0, 1, 2, 3]
    assert sorted(node.executed) == [0, 2, 3]


async def test_api_failure_stops_the_run_with_the_item_index() -> None:
    with pytest.raises(NodeApiError) as caught:
        await run_items(EchoNode(), items(1, 99, 2), {})
    assert caught.value.item_index == 1


async def test_concurrency_is_bounded() -> None:
    node = EchoNode()
    await run_items(node, items(*range(40)), {}, settings=RunSettings(concurrency=3))
    assert node.peak == 3


async def test_no_items_gives_no_output() -> None:
    assert await run_items(EchoNode(), [], {}) == []


async def test_unknown_parameter_is_bad_input() -> None:
    with pytest.raises(NodeOperationError, match='unknown parameter "speed"'):
        await run_items(EchoNode(), items(1), {"speed": 1})


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigError):
        RunSettings(concurrency=0)
    with pytest.raises(ConfigError):
        RunSettings(timeout=0)


def test_an_item_context_is_frozen_and_fills_its_defaults() -> None:
    import dataclasses

    from kflow.host.binary import BinaryStore
    from kflow.host.redaction import Redactor

    ctx = ItemContext("N", 2, {"a": 1}, {"p": 1}, {}, Redactor(["secret-value-1234567"]))
    assert (ctx.binary, ctx.files.root) == ({}, None) and isinstance(ctx.files, BinaryStore)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.item_index = 3  # type: ignore[misc]
    moved = dataclasses.replace(ctx, item_index=3)
    assert (moved.item_index, moved.item, ctx.item_index) == (3, {"a": 1}, 2)
    assert moved == dataclasses.replace(ctx, item_index=3, files=moved.files)
    assert "secret" not in repr(ctx)
