"""Split Out: n8n's literal output keys, objects as lists, include modes, several fields."""

from __future__ import annotations

import pytest

from kflow.host.errors import NodeOperationError
from tests.unit.nodes.core._data_nodes import run_one


async def test_nested_path_is_written_under_the_literal_key() -> None:
    out = await run_one(
        "splitOut", {"fieldToSplitOut": "body.names"}, [{"body": {"names": [1, 2]}}]
    )
    assert out == [{"body.names": 1}, {"body.names": 2}]


async def test_an_object_splits_into_its_values() -> None:
    out = await run_one("splitOut", {"fieldToSplitOut": "o"}, [{"o": {"a": 1, "b": {"c": 2}}}])
    assert out == [{"o": 1}, {"c": 2}]


async def test_list_of_objects_become_the_items() -> None:
    out = await run_one("splitOut", {"fieldToSplitOut": "rows"}, [{"rows": [{"a": 1}, {"b": 2}]}])
    assert out == [{"a": 1}, {"b": 2}]


async def test_all_other_fields_keep_the_parent_without_the_list() -> None:
    out = await run_one(
        "splitOut",
        {"fieldToSplitOut": "body.names", "include": "allOtherFields"},
        [{"id": 1, "body": {"names": ["x"], "n": 2}}],
    )
    assert out == [{"id": 1, "body": {"n": 2}, "body.names": "x"}]


async def test_selected_fields_and_several_lists() -> None:
    out = await run_one(
        "splitOut",
        {"fieldToSplitOut": "a, b", "include": "selectedOtherFields", "fieldsToInclude": "id"},
        [{"id": 7, "a": [1, 2], "b": [{"k": 1}]}],
    )
    assert out == [{"a": 1, "b": {"k": 1}, "id": 7}, {"a": 2, "id": 7}]


async def test_destinations_must_match_the_fields() -> None:
    with pytest.raises(NodeOperationError, match="same number of destination"):
        await run_one(
            "splitOut",
            {"fieldToSplitOut": "a,b", "options": {"destinationFieldName": "x"}},
            [{"a": [1], "b": [2]}],
        )


async def test_missing_field_gives_nothing_and_null_one_item() -> None:
    assert await run_one("splitOut", {"fieldToSplitOut": "x"}, [{"y": 1}]) == []
    assert await run_one("splitOut", {"fieldToSplitOut": "x"}, [{"x": None}]) == [{"x": None}]
