"""Core nodes with n8n's parameter shapes: set, if/filter conditions, merge, splitOut,
aggregate, input and writeFile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.nodes.core.conditions import ConditionError, check


async def one_node(
    type_: str, params: dict[str, Any], records: list[dict[str, Any]], tmp_path: Path, **extra: Any
) -> list[dict[str, Any]]:
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": records}},
            {"name": "N", "type": type_, "parameters": params, **extra},
        ],
        "connections": {"In": ["N"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    return [i["json"] for i in result.items]


def assignments(*rows: tuple[str, Any, str]) -> dict[str, Any]:
    return {
        "assignments": [
            {"id": str(i), "name": n, "value": v, "type": t} for i, (n, v, t) in enumerate(rows)
        ]
    }


async def test_set_types_and_dot_notation(tmp_path: Path) -> None:
    out = await one_node(
        "set",
        {
            "assignments": assignments(
                ("cost", "={{ $json.spend }}", "number"),
                ("meta.source", "csv", "string"),
                ("ok", "true", "boolean"),
                ("tags", '["a", "b"]', "array"),
            )
        },
        [{"spend": "2.50"}],
        tmp_path,
    )
    assert out == [{"cost": 2.5, "meta": {"source": "csv"}, "ok": True, "tags": ["a", "b"]}]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"includeOtherFields": True}, {"a": 1, "b": 2, "c": 3, "x": 0}),
        (
            {"includeOtherFields": True, "include": "selected", "includeFields": "a, c"},
            {"a": 1, "c": 3, "x": 0},
        ),
        (
            {"includeOtherFields": True, "include": "except", "excludeFields": "b"},
            {"a": 1, "c": 3, "x": 0},
        ),
        ({}, {"x": 0}),
    ],
)
async def test_set_keeps_removes_and_renames(
    tmp_path: Path, params: dict[str, Any], expected: dict[str, Any]
) -> None:
    out = await one_node(
        "set",
        {"assignments": assignments(("x", 0, "number")), **params},
        [{"a": 1, "b": 2, "c": 3}],
        tmp_path,
    )
    assert out == [expected]


async def test_set_conversion_error_names_the_field(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="'n' expects a number but we got 'abc'"):
        await one_node("set", {"assignments": assignments(("n", "abc", "number"))}, [{}], tmp_path)


@pytest.mark.parametrize(
    ("left", "op", "right", "kind", "expected"),
    [
        (5, "gt", 3, "number", True),
        (5, "lte", 3, "number", False),
        ("Spain", "contains", "pa", "string", True),
        ("Spain", "startsWith", "sp", "string", False),
        ("ad-12", "regex", r"^ad-\d+$", "string", True),
        (None, "exists", None, "string", False),
        ("", "empty", None, "string", True),
        (True, "true", None, "boolean", True),
        ([1, 2], "contains", 2, "array", True),
        ([1, 2], "lengthGt", 1, "array", True),
        ("2026-11-20T10:00:00", "after", "2026-11-19", "dateTime", True),
    ],
)
def test_conditions(left: Any, op: str, right: Any, kind: str, expected: bool) -> None:
    operator = {"type": kind, "operation": op}
    if kind == "array":
        operator["rightType"] = "number" if op.startswith("length") else "any"
    spec = {"conditions": [{"leftValue": left, "rightValue": right, "operator": operator}]}
    assert check(spec) is expected


def test_conditions_combinators_case_and_strictness() -> None:
    a = {"leftValue": 1, "rightValue": 2, "operator": {"type": "number", "operation": "gt"}}
    b = {"leftValue": "X", "rightValue": "x", "operator": {"type": "string", "operation": "equals"}}
    assert check({"conditions": [a, b], "combinator": "or", "options": {"caseSensitive": False}})
    assert not check({"conditions": [a, b], "combinator": "and"})
    loose = {"leftValue": "5", "rightValue": 3, "operator": {"type": "number", "operation": "gt"}}
    with pytest.raises(ConditionError, match=r"Wrong type: '5' is a string"):
        check({"conditions": [loose]})
    assert check({"conditions": [loose], "options": {"typeValidation": "loose"}})


async def test_filter_keeps_matching_items(tmp_path: Path) -> None:
    cond = {
        "conditions": {
            "conditions": [
                {
                    "leftValue": "={{ $json.roi }}",
                    "rightValue": 0,
                    "operator": {"type": "number", "operation": "lt"},
                }
            ]
        }
    }
    out = await one_node("filter", cond, [{"roi": -5}, {"roi": 10}, {"roi": -1}], tmp_path)
    assert out == [{"roi": -5}, {"roi": -1}]


async def test_split_out_and_aggregate(tmp_path: Path) -> None:
    split = await one_node(
        "splitOut",
        {"fieldToSplitOut": "rows", "include": "allOtherFields"},
        [{"day": "d1", "rows": [{"c": 1}, {"c": 2}]}],
        tmp_path,
    )
    # As n8n: with other fields kept, each object stays under the split field's name.
    assert split == [{"day": "d1", "rows": {"c": 1}}, {"day": "d1", "rows": {"c": 2}}]
    scalars = await one_node("splitOut", {"fieldToSplitOut": "ids"}, [{"ids": [7, 8]}], tmp_path)
    assert scalars == [{"ids": 7}, {"ids": 8}]
    collected = await one_node(
        "aggregate",
        {
            "fieldsToAggregate": {
                "fieldToAggregate": [
                    {"fieldToAggregate": "id", "renameField": True, "outputFieldName": "ids"}
                ]
            }
        },
        [{"id": 1}, {"id": 2}, {"x": 0}],
        tmp_path,
    )
    assert collected == [{"ids": [1, 2]}]
    everything = await one_node(
        "aggregate", {"aggregate": "aggregateAllItemData"}, [{"id": 1}, {"id": 2}], tmp_path
    )
    assert everything == [{"data": [{"id": 1}, {"id": 2}]}]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("keepMatches", [{"id": "1", "a": 1, "b": 10}]),
        ("enrichInput1", [{"id": "1", "a": 1, "b": 10}, {"id": "2", "a": 2}]),
        (
            "keepNonMatches",
            [{"id": "2", "a": 2, "_source": "input1"}, {"id": "3", "b": 30, "_source": "input2"}],
        ),
        (
            "keepEverything",
            [{"id": "1", "a": 1, "b": 10}, {"id": "2", "a": 2}, {"id": "3", "b": 30}],
        ),
    ],
)
async def test_merge_by_fields(tmp_path: Path, mode: str, expected: list[dict[str, Any]]) -> None:
    data = {
        "nodes": [
            {
                "name": "L",
                "type": "input",
                "parameters": {"items": [{"id": "1", "a": 1}, {"id": "2", "a": 2}]},
            },
            {
                "name": "R",
                "type": "input",
                "parameters": {"items": [{"id": "1", "b": 10}, {"id": "3", "b": 30}]},
            },
            {
                "name": "M",
                "type": "merge",
                "parameters": {"mode": "combine", "fieldsToMatchString": "id", "joinMode": mode},
            },
        ],
        "connections": {"L": ["M"], "R": [{"node": "M", "index": 1}]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    assert [i["json"] for i in result.items] == expected


async def test_merge_append(tmp_path: Path) -> None:
    data = {
        "nodes": [
            {"name": "L", "type": "input", "parameters": {"items": [{"a": 1}]}},
            {"name": "R", "type": "input", "parameters": {"items": [{"b": 2}]}},
            {"name": "M", "type": "merge", "parameters": {}},
        ],
        "connections": {"L": ["M"], "R": [{"node": "M", "index": 1}]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    assert [i["json"] for i in result.items] == [{"a": 1}, {"b": 2}]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
async def test_files_round_trip(tmp_path: Path, fmt: str) -> None:
    records = [{"id": "1", "name": "Nutra", "nested": {"k": 1}}, {"id": "2", "name": "VPN"}]
    written = await one_node("writeFile", {"path": f"out/data.{fmt}"}, records, tmp_path)
    assert written == records
    text = (tmp_path / "out" / f"data.{fmt}").read_text()
    if fmt == "csv":  # nested objects are dotted columns
        assert text.splitlines() == ["id,name,nested.k", "1,Nutra,1", "2,VPN,"]
    data = {
        "nodes": [
            {
                "name": "In",
                "type": "input",
                "parameters": {"source": "file", "path": f"out/data.{fmt}"},
            }
        ],
        "connections": {},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    names = [i["json"]["name"] for i in result.items]
    assert names == ["Nutra", "VPN"]


async def test_input_file_errors_name_the_parameter(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text('{"a": 1}\n{oops\n')
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"source": "file", "path": "bad.jsonl"}}
        ],
        "connections": {},
    }
    with pytest.raises(NodeOperationError, match=r"bad.jsonl, line 2 is not valid JSON"):
        await run_flow(parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path)
