"""Summarize: aggregations, groups (typed in 1.1, as text in 1), output formats."""

from __future__ import annotations

import pytest

from kflow.host.errors import NodeOperationError
from tests.unit.nodes.core._data_nodes import run_one

ROWS = [{"g": 1, "x": 2}, {"g": "1", "x": 3.5}, {"g": 1, "x": None}, {"x": "s"}]


def values(*entries: dict) -> dict:
    return {"fieldsToSummarize": {"values": list(entries)}}


async def test_every_kind_over_all_items() -> None:
    params = values(
        {"aggregation": "sum", "field": "x"},
        {"aggregation": "average", "field": "x"},
        {"aggregation": "count", "field": "x"},
        {"aggregation": "concatenate", "field": "x", "separateBy": "other", "customSeparator": "-"},
        {"aggregation": "max", "field": "x"},
        {"aggregation": "countUnique", "field": "g"},
    )
    assert await run_one("summarize", params, ROWS) == [
        {
            "sum_x": 5.5,
            "average_x": 2.75,
            "count_x": 3,
            "concatenated_x": "2-3.5-s",
            "max_x": 3.5,
            "unique_count_g": 2,
        }
    ]


async def test_groups_are_typed_in_1_1_and_text_in_1() -> None:
    params = {**values({"aggregation": "count", "field": "x"}), "fieldsToSplitBy": "g"}
    typed = await run_one("summarize", params, ROWS, version=1.1)
    assert typed == [{"count_x": 1, "g": 1}, {"count_x": 1, "g": "1"}, {"count_x": 1}]
    text = await run_one("summarize", params, ROWS, version=1)
    assert text == [{"count_x": 2, "g": "1"}, {"count_x": 1, "g": "undefined"}]


async def test_single_item_nests_groups_by_value() -> None:
    params = {
        **values({"aggregation": "sum", "field": "x"}),
        "fieldsToSplitBy": "g",
        "options": {"outputFormat": "singleItem", "skipEmptySplitFields": True},
    }
    assert await run_one("summarize", params, ROWS, version=1.1) == [{"1": {"sum_x": 3.5}}]


async def test_missing_field_stops_version_1() -> None:
    with pytest.raises(NodeOperationError, match="does not exist"):
        await run_one("summarize", values({"aggregation": "sum", "field": "nope"}), ROWS, version=1)
