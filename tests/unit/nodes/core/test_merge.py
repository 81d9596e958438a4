"""Merge: versions, the refused SQL mode, numberInputs, and the lodash-like value helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.versions import default_version, versions_of
from kflow.nodes.core.js_values import is_equal, js_string
from kflow.nodes.core.merge import MERGE
from kflow.nodes.core.merge_values import (
    MISSING,
    fuzzy_equal,
    get_value,
    merger,
)


async def merged(
    tmp_path: Path,
    params: dict[str, Any],
    *inputs: list[dict[str, Any]],
    version: float | None = None,
) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = [
        {"name": f"In{n}", "type": "input", "parameters": {"items": items}}
        for n, items in enumerate(inputs)
    ]
    merge: dict[str, Any] = {"name": "M", "type": "merge", "parameters": params}
    if version is not None:
        merge["typeVersion"] = version
    data = {
        "nodes": [*nodes, merge],
        "connections": {f"In{n}": [{"node": "M", "index": n}] for n in range(len(inputs))},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    return [item["json"] for item in result.outputs["M"][0]] if result.outputs.get("M") else []


def test_versions_and_default() -> None:
    assert versions_of(MERGE) == [1, 2, 2.1, 3, 3.1, 3.2]
    assert default_version(MERGE) == 3.2


async def test_sql_mode_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="SQL Query mode"):
        await merged(tmp_path, {"mode": "combineBySql"}, [{"a": 1}], [{"b": 2}])


async def test_three_inputs_append_and_position(tmp_path: Path) -> None:
    inputs = ([{"a": 1}], [{"b": 2}], [{"c": 3}, {"c": 4}])
    appended = await merged(tmp_path, {"mode": "append", "numberInputs": 3}, *inputs)
    assert appended == [{"a": 1}, {"b": 2}, {"c": 3}, {"c": 4}]
    by_position = await merged(
        tmp_path,
        {
            "mode": "combine",
            "combineBy": "combineByPosition",
            "numberInputs": 3,
            "options": {"includeUnpaired": True},
        },
        *inputs,
    )
    assert by_position == [{"a": 1, "b": 2, "c": 3}, {"c": 4}]


async def test_choose_branch_of_a_missing_input_fails(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="input 3 doesn't exist"):
        await merged(tmp_path, {"mode": "chooseBranch", "useDataOfInput": 3}, [{"a": 1}], [{}])


async def test_version_1_merge_by_key(tmp_path: Path) -> None:
    out = await merged(
        tmp_path,
        {"mode": "mergeByKey", "propertyName1": "id", "propertyName2": "key"},
        [{"id": 1, "a": 1}, {"id": 2}, {"a": 3}],
        [{"key": "1", "b": 2}],
        version=1,
    )
    assert out == [{"id": 1, "a": 1, "b": 2}, {"id": 2}]


async def test_version_2_keep_non_matches_marks_the_source(tmp_path: Path) -> None:
    out = await merged(
        tmp_path,
        {
            "mode": "combine",
            "combinationMode": "mergeByFields",
            "mergeByFields": {"values": [{"field1": "id", "field2": "id"}]},
            "joinMode": "keepNonMatches",
        },
        [{"id": 1}, {"id": 2}],
        [{"id": 1}, {"id": 3}],
        version=2.1,
    )
    assert out == [{"id": 2, "_source": "input1"}, {"id": 3, "_source": "input2"}]


def test_get_value_reads_a_literal_key_first() -> None:
    assert get_value({"a.b": 1, "a": {"b": 2}}, "a.b") == 1
    assert get_value({"a": {"b": [5, 6]}}, "a.b[1]") == 6
    assert get_value({"a": {"b": 2}}, "a.b", dotted=False) is MISSING
    assert get_value({"a": None}, "a.b") is MISSING


def test_comparisons() -> None:
    assert not is_equal(1, "1") and not is_equal(True, 1) and is_equal(1, 1.0)
    assert is_equal({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]})
    assert fuzzy_equal(3, "3") and fuzzy_equal(True, "TRUE") and fuzzy_equal(None, "")
    assert fuzzy_equal([1, 2], "[1,2]") and fuzzy_equal(False, 0)
    assert not fuzzy_equal(None, 0) and fuzzy_equal(None, 0, version=2)


def test_js_string() -> None:
    assert [js_string(v) for v in (1, 1.0, 1.5, 1e21, 1e-7, True, None, [1, None])] == [
        "1",
        "1",
        "1.5",
        "1e+21",
        "1e-7",
        "true",
        "null",
        "1,",
    ]


def test_deep_merge_merges_arrays_by_index() -> None:
    deep = merger({})
    assert deep({"a": [1, 2, 3], "o": {"x": 1}}, {"a": [9], "o": {"y": 2}}) == {
        "a": [9, 2, 3],
        "o": {"x": 1, "y": 2},
    }
    shallow = merger({"mergeMode": "shallowMerge"})
    assert shallow({"o": {"x": 1}}, {"o": {"y": 2}}) == {"o": {"y": 2}}
    filled = merger({"overrideEmpty": True, "mergeMode": "deepMerge"})
    assert filled({"a": 1, "b": {"c": 2}}, {"a": None, "b": {"c": ""}, "d": None}) == {
        "a": 1,
        "b": {"c": 2},
        "d": None,
    }
