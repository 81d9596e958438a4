"""Rename Keys: named renames, JavaScript regular expressions and their replacements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.nodes.core.rename_keys import js_regex


async def rename(
    params: dict[str, Any], records: list[dict[str, Any]], tmp_path: Path
) -> list[Any]:
    data = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": records}},
            {"name": "R", "type": "renameKeys", "parameters": params},
        ],
        "connections": {"In": ["R"]},
    }
    result = await run_flow(
        parse_flow(data, source="t"), credentials=Credentials(), base_dir=tmp_path
    )
    return [i["json"] for i in result.items]


def replacements(*rules: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    found = [{"searchRegex": s, "replaceRegex": r, "options": o} for s, r, o in rules]
    return {"additionalOptions": {"regexReplacement": {"replacements": found}}}


async def test_named_renames_read_the_input(tmp_path: Path) -> None:
    # The second rename reads b from the input (2) and then removes the b the first wrote.
    params = {
        "keys": {
            "key": [
                {"currentKey": "a", "newKey": "b"},
                {"currentKey": "b", "newKey": "c.d"},
                {"currentKey": "missing", "newKey": "x"},
            ]
        }
    }
    assert await rename(params, [{"a": 1, "b": 2}], tmp_path) == [{"c": {"d": 2}}]


async def test_regex_captures_depth_and_case(tmp_path: Path) -> None:
    params = replacements(("(\\w+)name", "$1_n", {"caseInsensitive": True, "depth": 0}))
    out = await rename(params, [{"firstName": 1, "inner": {"lastName": 2}}], tmp_path)
    assert out == [{"first_n": 1, "inner": {"lastName": 2}}]


def test_js_regex_translation() -> None:
    assert js_regex("^(?<w>\\d+)$").match("12").group("w") == "12"
    assert js_regex("a$").search("a\n") is None
    assert js_regex("\\d").search("٣") is None  # JavaScript's \d is ASCII


async def test_bad_regex_names_itself(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="Invalid regular expression"):
        await rename(replacements(("(", "x", {})), [{"a": 1}], tmp_path)
