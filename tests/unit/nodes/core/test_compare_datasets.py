"""Compare Datasets: the four outputs, versions, and its clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.versions import default_version, versions_of
from kflow.nodes.core.compare_datasets import COMPARE_DATASETS

BY_ID = {"values": [{"field1": "id", "field2": "id"}]}


async def compared(
    tmp_path: Path,
    params: dict[str, Any],
    a: list[dict[str, Any]],
    b: list[dict[str, Any]],
    version: float = 2.3,
) -> list[list[dict[str, Any]]]:
    data = {
        "nodes": [
            {"name": "A", "type": "input", "parameters": {"items": a}},
            {"name": "B", "type": "input", "parameters": {"items": b}},
            {
                "name": "C",
                "type": "compareDatasets",
                "typeVersion": version,
                "parameters": {"mergeByFields": BY_ID, **params},
            },
        ],
        "connections": {"A": ["C"], "B": [{"node": "C", "index": 1}]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    return [[item["json"] for item in output] for output in result.outputs["C"]]


def test_versions() -> None:
    assert versions_of(COMPARE_DATASETS) == [1, 2, 2.1, 2.2, 2.3]
    assert default_version(COMPARE_DATASETS) == 2.3


async def test_four_outputs_with_both_versions(tmp_path: Path) -> None:
    a_only, same, different, b_only = await compared(
        tmp_path,
        {},
        [{"id": 1, "v": 1}, {"id": 2, "v": 2}, {"id": 3}],
        [{"id": 1, "v": 1}, {"id": 2, "v": 3}, {"id": 4}],
    )
    assert a_only == [{"id": 3}] and b_only == [{"id": 4}] and same == [{"id": 1, "v": 1}]
    assert different == [
        {"keys": {"id": 2}, "same": {"id": 2}, "different": {"v": {"inputA": 2, "inputB": 3}}}
    ]


async def test_version_1_names_inputs_1_and_2_and_prefers_b(tmp_path: Path) -> None:
    outputs = await compared(tmp_path, {}, [{"id": 1, "v": 0}], [{"id": 1, "v": 3}], version=1)
    assert outputs[2] == [{"id": 1, "v": 3}]
    outputs = await compared(
        tmp_path, {"resolve": "includeBoth"}, [{"id": 1, "v": 0}], [{"id": 1, "v": 3}], version=1
    )
    assert outputs[2][0]["different"] == {"v": {"input1": None, "input2": 3}}


async def test_mix_takes_the_excepted_fields_from_the_other_input(tmp_path: Path) -> None:
    outputs = await compared(
        tmp_path,
        {"resolve": "mix", "preferWhenMix": "input1", "exceptWhenMix": "b"},
        [{"id": 1, "a": 1, "b": 1}],
        [{"id": 1, "a": 2, "b": 2}],
    )
    assert outputs[2] == [{"id": 1, "a": 1, "b": 2}]


async def test_fields_to_match_must_be_named(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="Fields to Match"):
        await compared(
            tmp_path, {"mergeByFields": {"values": [{"field1": "", "field2": ""}]}}, [{}], [{}]
        )


async def test_dotted_skip_fields_need_dot_notation(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="dot notation is disabled"):
        await compared(
            tmp_path,
            {"options": {"skipFields": "a.b", "disableDotNotation": True}},
            [{"id": 1}],
            [{"id": 1}],
        )
