"""Item Lists: each version runs the shared operations with its own parameter shapes."""

from __future__ import annotations

import pytest

from kflow.host.errors import NodeOperationError
from kflow.nodes.core.item_lists import ITEM_LISTS
from tests.unit.nodes.core._data_nodes import run_one


def test_versions_and_default() -> None:
    assert ITEM_LISTS.versions == [1, 2, 2.1, 2.2, 3, 3.1]
    assert ITEM_LISTS.default == 3.1


async def test_split_out_items_selected_fields_as_rows_in_version_2() -> None:
    params = {
        "operation": "splitOutItems",
        "fieldToSplitOut": "l",
        "include": "selectedOtherFields",
        "fieldsToInclude": {"fields": [{"fieldName": "id"}]},
    }
    out = await run_one("itemLists", params, [{"id": 1, "l": [5, 6]}], version=2.2)
    assert out == [{"l": 5, "id": 1}, {"l": 6, "id": 1}]


async def test_version_2_refuses_a_scalar_before_2_2() -> None:
    params = {"operation": "splitOutItems", "fieldToSplitOut": "s"}
    with pytest.raises(NodeOperationError, match="not an array"):
        await run_one("itemLists", params, [{"s": "x"}], version=2.1)
    assert await run_one("itemLists", params, [{"s": "x"}], version=2.2) == [{"s": "x"}]


async def test_concatenate_items_and_limit_in_version_3() -> None:
    rows = [{"a": 1}, {"a": 2}, {"a": 3}]
    params = {
        "operation": "concatenateItems",
        "fieldsToAggregate": {"fieldToAggregate": [{"fieldToAggregate": "a"}]},
    }
    assert await run_one("itemLists", params, rows) == [{"a": [1, 2, 3]}]
    limit = {"operation": "limit", "maxItems": 1, "keep": "lastItems"}
    assert await run_one("itemLists", limit, rows, version=1) == [{"a": 3}]
