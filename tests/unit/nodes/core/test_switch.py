"""Switch 1, 2 and 3.x inside a flow: outputs per rule, fallbacks, expression mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.versions import default_version
from kflow.nodes.core.switch import SWITCH


async def outputs(
    version: float, params: dict[str, Any], records: list[dict[str, Any]], **extra: Any
) -> list[list[dict[str, Any]]]:
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": records}},
            {"name": "S", "type": "switch", "typeVersion": version, "parameters": params, **extra},
        ],
        "connections": {"In": ["S"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=Path()
    )
    return [[item["json"] for item in output] for output in result.outputs["S"]]


def rule(value: str) -> dict[str, Any]:
    return {
        "conditions": {
            "conditions": [
                {
                    "leftValue": "={{ $json.k }}",
                    "rightValue": value,
                    "operator": {"type": "string", "operation": "equals"},
                }
            ],
            "combinator": "and",
            "options": {"caseSensitive": True, "typeValidation": "strict", "version": 3},
        }
    }


ROWS = [{"k": "a"}, {"k": "b"}, {"k": "c"}]


def test_default_version_is_n8ns() -> None:
    assert default_version(SWITCH) == 3.4


async def test_rules_with_extra_fallback() -> None:
    params = {"rules": {"values": [rule("a"), rule("b")]}, "options": {"fallbackOutput": "extra"}}
    assert await outputs(3.4, params, ROWS) == [[{"k": "a"}], [{"k": "b"}], [{"k": "c"}]]


async def test_all_matching_outputs_and_fallback_to_a_rule() -> None:
    params = {
        "rules": {"values": [rule("a"), rule("a")]},
        "options": {"allMatchingOutputs": True, "fallbackOutput": 1},
    }
    got = await outputs(3.4, params, ROWS)
    assert got == [[{"k": "a"}], [{"k": "a"}, {"k": "b"}, {"k": "c"}]]


async def test_expression_mode_and_its_range() -> None:
    params = {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.n }}"}
    assert await outputs(3.4, params, [{"n": 1}, {"n": 0}]) == [[{"n": 0}], [{"n": 1}]]
    with pytest.raises(NodeOperationError, match="The ouput 2 is not allowed"):
        await outputs(3.4, params, [{"n": 2}])
    failed = await outputs(3.4, params, [{"n": 5}], onError="continueRegularOutput")
    assert failed == [[{"error": "The ouput 5 is not allowed"}], []]


async def test_version_1_routes_by_rule_output() -> None:
    params = {
        "dataType": "string",
        "value1": "={{ $json.k }}",
        "rules": {"rules": [{"operation": "equal", "value2": "b", "output": 2}]},
        "fallbackOutput": 3,
    }
    got = await outputs(1, params, ROWS)
    assert got == [[], [], [{"k": "b"}], [{"k": "a"}, {"k": "c"}]]


async def test_version_2_one_output_per_rule() -> None:
    params = {
        "dataType": "number",
        "value1": "={{ $json.n }}",
        "rules": {
            "rules": [{"operation": "smaller", "value2": 3}, {"operation": "larger", "value2": 3}]
        },
    }
    got = await outputs(2, params, [{"n": 1}, {"n": 3}, {"n": 9}])
    assert got == [[{"n": 1}], [{"n": 9}]]
