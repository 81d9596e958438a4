"""Aggregate: individual fields (renaming, dots, lists, nulls) and all item data."""

from __future__ import annotations

import pytest

from kflow.host.errors import NodeOperationError
from tests.unit.nodes.core._data_nodes import run_one

ROWS = [{"a": {"b": 1}, "l": [1, None]}, {"a": {"b": None}, "l": [2]}, {"l": None}]


def fields(*rows: dict) -> dict:
    return {"fieldsToAggregate": {"fieldToAggregate": list(rows)}}


async def test_dotted_field_is_named_by_its_last_part() -> None:
    out = await run_one("aggregate", fields({"fieldToAggregate": "a.b"}), ROWS)
    assert out == [{"b": [1]}]


async def test_keep_missing_and_merge_lists() -> None:
    params = {**fields({"fieldToAggregate": "l"}), "options": {"mergeLists": True}}
    assert await run_one("aggregate", params, ROWS) == [{"l": [1, 2]}]
    params["options"]["keepMissing"] = True
    assert await run_one("aggregate", params, ROWS) == [{"l": [1, None, 2, None]}]


async def test_renamed_output_may_nest_and_must_be_unique() -> None:
    row = {"fieldToAggregate": "l", "renameField": True, "outputFieldName": "x.y"}
    assert await run_one("aggregate", fields(row), ROWS) == [{"x": {"y": [[1], [2]]}}]
    with pytest.raises(NodeOperationError, match="more than once"):
        await run_one("aggregate", fields(row, dict(row)), ROWS)


async def test_all_item_data_with_included_fields_drops_empty_items() -> None:
    params = {
        "aggregate": "aggregateAllItemData",
        "include": "specifiedFields",
        "fieldsToInclude": "a",
    }
    assert await run_one("aggregate", params, ROWS) == [
        {"data": [{"a": {"b": 1}}, {"a": {"b": None}}]}
    ]
