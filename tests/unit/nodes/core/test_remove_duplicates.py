"""Remove Duplicates: the first of equal items stays; versions; across executions refused."""

from __future__ import annotations

import pytest

from kflow.host.errors import NodeOperationError
from tests.unit.nodes.core._data_nodes import run_one

ROWS = [{"a": 1, "b": {"c": 1}}, {"a": 2, "b": {"c": 1}}, {"a": 1, "b": {"c": 1}}]


async def test_all_fields_and_selected_nested_field() -> None:
    assert await run_one("removeDuplicates", {}, ROWS) == ROWS[:2]
    params = {"compare": "selectedFields", "fieldsToCompare": "b.c"}
    assert await run_one("removeDuplicates", params, ROWS) == ROWS[:1]


async def test_remove_other_fields_keeps_only_the_compared_ones() -> None:
    params = {
        "compare": "selectedFields",
        "fieldsToCompare": "a",
        "options": {"removeOtherFields": True},
    }
    assert await run_one("removeDuplicates", params, ROWS) == [{"a": 1}, {"a": 2}]


async def test_null_is_skipped_by_the_type_check_from_1_1() -> None:
    rows = [{"a": None}, {"a": None}, {"a": "x"}]
    assert await run_one("removeDuplicates", {}, rows, version=1.1) == rows[1:]
    with pytest.raises(NodeOperationError, match="same type"):
        await run_one("removeDuplicates", {}, rows, version=1)


async def test_types_must_agree() -> None:
    with pytest.raises(NodeOperationError, match="same type"):
        await run_one("removeDuplicates", {}, [{"a": 1}, {"a": "1"}])


@pytest.mark.parametrize(
    "operation", ["removeItemsSeenInPreviousExecutions", "clearDeduplicationHistory"]
)
async def test_across_executions_is_refused_by_name(operation: str) -> None:
    with pytest.raises(NodeOperationError, match=operation):
        await run_one("removeDuplicates", {"operation": operation}, ROWS, version=2)
