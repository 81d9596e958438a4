"""If and Filter, every version: 1 (typed value pairs) and 2 … 2.3 (the condition builder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.versions import default_version
from kflow.nodes.core.filter_node import FILTER
from kflow.nodes.core.if_node import IF


async def outputs(
    type_: str, version: float, params: dict[str, Any], records: list[dict[str, Any]], **extra: Any
) -> list[list[dict[str, Any]]]:
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": records}},
            {"name": "N", "type": type_, "typeVersion": version, "parameters": params, **extra},
        ],
        "connections": {"In": ["N"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=Path()
    )
    return [[item["json"] for item in output] for output in result.outputs["N"]]


def test_default_versions_are_n8ns() -> None:
    assert default_version(IF) == 2.3
    assert default_version(FILTER) == 2.3


V1_NUMBER = {"number": [{"value1": "={{ $json.v }}", "operation": "larger", "value2": 2}]}


async def test_if_1_routes_by_its_conditions() -> None:
    got = await outputs("if", 1, {"conditions": V1_NUMBER}, [{"v": 3}, {"v": 1}, {}])
    assert got == [[{"v": 3}], [{"v": 1}, {}]]


async def test_if_1_any_and_text_values() -> None:
    conditions = {
        **V1_NUMBER,
        "string": [{"value1": "={{ $json.s }}", "operation": "startsWith", "value2": "x"}],
    }
    params = {"conditions": conditions, "combineOperation": "any"}
    got = await outputs("if", 1, params, [{"v": 1, "s": "xy"}, {"v": 1, "s": "y"}])
    assert got == [[{"v": 1, "s": "xy"}], [{"v": 1, "s": "y"}]]


async def test_filter_1_and_or() -> None:
    params = {"conditions": V1_NUMBER, "combineConditions": "OR"}
    assert (await outputs("filter", 1, params, [{"v": 3}, {"v": 1}]))[0] == [{"v": 3}]


async def test_if_1_stops_on_a_bad_date() -> None:
    conditions = {
        "dateTime": [{"value1": "={{ $json.d }}", "operation": "after", "value2": "2024-01-01"}]
    }
    with pytest.raises(NodeOperationError, match='The value "nope" is not a valid DateTime'):
        await outputs("if", 1, {"conditions": conditions}, [{"d": "nope"}])


def builder(op: str, right: Any, loose: bool = False) -> dict[str, Any]:
    return {
        "conditions": [
            {
                "leftValue": "={{ $json.v }}",
                "rightValue": right,
                "operator": {"type": "number", "operation": op},
            }
        ],
        "combinator": "and",
        "options": {"typeValidation": "loose" if loose else "strict", "version": 3},
    }


async def test_if_2_missing_field_is_false_not_an_error() -> None:
    got = await outputs("if", 2.3, {"conditions": builder("lt", 5)}, [{"v": 1}, {}, {"v": None}])
    assert got == [[{"v": 1}, {"v": None}], [{}]]


async def test_if_2_wrong_type_stops_or_goes_false_when_continuing() -> None:
    with pytest.raises(NodeOperationError, match="Wrong type"):
        await outputs("if", 2.3, {"conditions": builder("lt", 5)}, [{"v": "1"}])
    got = await outputs(
        "if", 2.3, {"conditions": builder("lt", 5)}, [{"v": "1"}], onError="continueRegularOutput"
    )
    assert got == [[], [{"v": "1"}]]


async def test_filter_2_returns_kept_and_discarded() -> None:
    params = {"conditions": builder("lt", 5, loose=True), "looseTypeValidation": True}
    got = await outputs("filter", 2.3, params, [{"v": "1"}, {"v": 9}])
    assert got == [[{"v": "1"}], [{"v": 9}]]


async def test_if_2_0_takes_loose_validation_in_options() -> None:
    params = {"conditions": builder("gt", 0, loose=True), "options": {"looseTypeValidation": True}}
    assert (await outputs("if", 2, params, [{"v": "3"}]))[0] == [{"v": "3"}]
