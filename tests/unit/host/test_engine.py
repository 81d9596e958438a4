"""The flow engine: order, branches, joins, settings, paired items, expressions in parameters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.items import make_item


def node(name: str, type_: str = "noOp", **fields: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **fields}


def inline(name: str, *records: dict[str, Any]) -> dict[str, Any]:
    return node(name, "input", parameters={"items": list(records)})


def assign(name: str, **values: Any) -> dict[str, Any]:
    assignments = [{"name": k, "value": v, "type": _type(v)} for k, v in values.items()]
    return node(
        name,
        "set",
        parameters={"assignments": {"assignments": assignments}, "includeOtherFields": True},
    )


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float) or (isinstance(value, str) and value.startswith("={{")):
        return "number"
    return "string"


def condition(left: str, op: str, right: Any, kind: str = "number") -> dict[str, Any]:
    return {
        "conditions": {
            "conditions": [
                {
                    "leftValue": left,
                    "rightValue": right,
                    "operator": {"type": kind, "operation": op},
                }
            ],
            "combinator": "and",
            "options": {},
        }
    }


async def run(
    nodes: list[dict[str, Any]],
    connections: dict[str, Any],
    tmp_path: Path,
    items: list[Any] | None = None,
) -> Any:
    flow = parse_flow({"name": "t", "nodes": nodes, "connections": connections}, source="t")
    return await run_flow(flow, credentials=Credentials(), base_dir=tmp_path, items=items)


def jsons(items: list[Any]) -> list[dict[str, Any]]:
    return [i["json"] for i in items]


async def test_linear_flow_with_expressions(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"cost": 2}, {"cost": 5}),
            assign("Double", double="={{ $json.cost * 2 }}", label="=cost is {{ $json.cost }}"),
        ],
        {"In": ["Double"]},
        tmp_path,
    )
    assert jsons(result.items) == [
        {"cost": 2, "double": 4, "label": "cost is 2"},
        {"cost": 5, "double": 10, "label": "cost is 5"},
    ]
    assert [i["pairedItem"] for i in result.items] == [{"item": 0}, {"item": 1}]


async def test_if_branches_run_depth_first_in_order(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"n": 1}, {"n": 5}, {"n": 9}),
            node("If", "if", parameters=condition("={{ $json.n }}", "gt", 4)),
            assign("Big", size="big"),
            assign("Small", size="small"),
            node("AfterBig"),
            node("AfterSmall"),
        ],
        {
            "In": ["If"],
            "If": {"true": ["Big"], "false": ["Small"]},
            "Big": ["AfterBig"],
            "Small": ["AfterSmall"],
        },
        tmp_path,
    )
    assert result.executed == ["In", "If", "Big", "AfterBig", "Small", "AfterSmall"]
    assert jsons(result.outputs["AfterBig"][0]) == [
        {"n": 5, "size": "big"},
        {"n": 9, "size": "big"},
    ]
    assert result.last_node == "AfterSmall"
    assert jsons(result.items) == [{"n": 1, "size": "small"}]


async def test_execution_is_depth_first(tmp_path: Path) -> None:
    result = await run(
        [inline("In", {"n": 1}), node("A1"), node("A2"), node("B1")],
        {"In": ["A1", "B1"], "A1": ["A2"]},
        tmp_path,
    )
    assert result.executed == ["In", "A1", "A2", "B1"]
    assert result.last_node == "B1"


async def test_the_legacy_order_runs_breadth_first(tmp_path: Path) -> None:
    flow = parse_flow(
        {
            "name": "t",
            "settings": {"executionOrder": "v0"},
            "nodes": [inline("In", {"n": 1}), node("A1"), node("A2"), node("B1")],
            "connections": {"In": ["A1", "B1"], "A1": ["A2"]},
        },
        source="t",
    )
    result = await run_flow(flow, credentials=Credentials(), base_dir=tmp_path)
    assert result.executed == ["In", "A1", "B1", "A2"]


async def test_the_legacy_order_starts_a_join_s_missing_branch(tmp_path: Path) -> None:
    """v0: a node waiting on an input whose branch did not run starts that branch, with
    one empty item where nothing feeds it (checked against n8n in tests/node_oracle)."""
    nodes = [
        inline("In", {"n": 1}),
        node("Only", parameters={}),
        node("Join", "merge", parameters={}),
    ]
    connections = {
        "In": {"0": [{"node": "Join", "index": 0}]},
        "Only": {"0": [{"node": "Join", "index": 1}]},
    }
    for order in ("v0", "v1"):
        flow = parse_flow(
            {
                "name": "t",
                "settings": {"executionOrder": order},
                "nodes": nodes,
                "connections": connections,
            },
            source="t",
        )
        result = await run_flow(flow, credentials=Credentials(), base_dir=tmp_path, start="In")
        assert len(result.runs["Join"]) == 1
        assert ("Only" in result.runs) == (order == "v0"), order


async def test_a_node_not_connected_to_the_trigger_does_not_run(tmp_path: Path) -> None:
    """As n8n runs a workflow from its trigger, a stray node left on the canvas stays idle."""
    result = await run([inline("In", {"n": 1}), node("A"), node("Stray")], {"In": ["A"]}, tmp_path)
    assert result.executed == ["In", "A"]
    without_trigger = await run([node("A"), node("B")], {}, tmp_path)
    assert without_trigger.executed == ["A", "B"], "with no trigger, every first node runs"


async def test_children_run_top_first_by_canvas_position(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"n": 1}),
            {**node("Low"), "position": [200, 300]},
            {**node("High"), "position": [200, -100]},
        ],
        {"In": ["Low", "High"]},
        tmp_path,
    )
    assert result.executed == ["In", "High", "Low"]


async def test_merge_waits_for_both_inputs(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"id": 1}, {"id": 2}),
            assign("Left", side="left"),
            assign("Right", extra="x"),
            node(
                "Merge",
                "merge",
                parameters={
                    "mode": "combine",
                    "combineBy": "combineByFields",
                    "fieldsToMatchString": "id",
                },
            ),
        ],
        {"In": ["Left", "Right"], "Left": ["Merge"], "Right": [{"node": "Merge", "index": 1}]},
        tmp_path,
    )
    assert result.last_node == "Merge"
    assert jsons(result.items) == [
        {"id": 1, "side": "left", "extra": "x"},
        {"id": 2, "side": "left", "extra": "x"},
    ]


async def test_paired_items_reach_back_through_nodes(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"rows": [1, 2]}, {"rows": [3]}),
            node("Split", "splitOut", parameters={"fieldToSplitOut": "rows"}),
            assign(
                "Back",
                origin="={{ $('In').item.json.rows.length }}",
                first="={{ $node['In'].json.rows[0] }}",
            ),
        ],
        {"In": ["Split"], "Split": ["Back"]},
        tmp_path,
    )
    assert jsons(result.items) == [
        {"rows": 1, "origin": 2, "first": 1},
        {"rows": 2, "origin": 2, "first": 1},
        {"rows": 3, "origin": 1, "first": 3},
    ]


async def test_disabled_node_passes_items_through(tmp_path: Path) -> None:
    result = await run(
        [inline("In", {"a": 1}), {**assign("S", b=2), "disabled": True}], {"In": ["S"]}, tmp_path
    )
    assert jsons(result.items) == [{"a": 1}]


async def test_execute_once_and_always_output_data(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"n": 1}, {"n": 2}),
            {**assign("Once", seen=True), "executeOnce": True},
            {
                **node("None", "filter", parameters=condition("={{ $json.n }}", "gt", 100)),
                "alwaysOutputData": True,
            },
        ],
        {"In": ["Once"], "Once": ["None"]},
        tmp_path,
    )
    assert jsons(result.outputs["Once"][0]) == [{"n": 1, "seen": True}]
    assert jsons(result.items) == [{}]


async def test_failing_expression_names_node_parameter_item_and_expression(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError) as caught:
        await run(
            [inline("In", {"a": 1}, {"b": 2}), assign("S", x="={{ $json.a + 1 }}")],
            {"In": ["S"]},
            tmp_path,
        )
    text = str(caught.value)
    assert text.startswith('S: item 1: parameter "Fields to Set"')
    assert "'x' expects a number but we got 'NaN'" in text and "item 1" in text


async def test_on_error_continue_error_output_routes_failures(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"a": 1}, {"b": 2}),
            {**assign("S", x="={{ $json.a + 1 }}"), "onError": "continueErrorOutput"},
            node("Ok"),
            node("Failed"),
        ],
        {"In": ["S"], "S": {"success": ["Ok"], "error": ["Failed"]}},
        tmp_path,
    )
    assert jsons(result.outputs["Ok"][0]) == [{"a": 1, "x": 2}]
    (failed,) = jsons(result.outputs["Failed"][0])
    assert failed["b"] == 2 and "expects a number" in failed["error"]


async def test_on_error_continue_regular_output(tmp_path: Path) -> None:
    result = await run(
        [
            inline("In", {"b": 2}),
            {**assign("S", x="={{ $json.a.b }}"), "onError": "continueRegularOutput"},
        ],
        {"In": ["S"]},
        tmp_path,
    )
    assert "error" in result.items[0]["json"]


async def test_given_items_feed_the_input_node(tmp_path: Path) -> None:
    result = await run(
        [inline("In", {"a": 1}), assign("S", b=2)],
        {"In": ["S"]},
        tmp_path,
        items=[make_item({"z": 0})],
    )
    assert jsons(result.items) == [{"z": 0, "b": 2}]


async def test_env_is_blocked_by_default(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="allow-env"):
        await run([inline("In", {}), assign("S", home="={{ $env.HOME }}")], {"In": ["S"]}, tmp_path)


async def test_the_flow_time_zone_and_name_reach_expressions() -> None:
    flow = parse_flow(
        {
            "name": "Morning spend",
            "settings": {"timezone": "Europe/Moscow"},
            "nodes": [
                inline("In", {"a": 1}),
                assign("S", z="=in {{ $now.zoneName }} for {{ $workflow.name }}"),
            ],
            "connections": {"In": ["S"]},
        },
        source="test",
    )
    result = await run_flow(flow, credentials=Credentials())
    assert jsons(result.items) == [{"a": 1, "z": "in Europe/Moscow for Morning spend"}]
