"""Ordering items by fields, with lodash's isEqual and lt (as Sort and Remove Duplicates do)."""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable, Sequence
from typing import Any

from kflow.host import CodeFailure, Item, NodeOperationError, NodeRun, run_code
from kflow.nodes.core.data_fields import read_value
from kflow.nodes.core.js_values import UNDEFINED, is_equal, lodash_lt

__all__ = ["SORT_CODE_NO_RETURN", "shuffled", "sort_by_code", "sort_by_fields", "sorted_items"]

SORT_CODE_NO_RETURN = "Sort code doesn't return. Please add a 'return' statement to your code"
_RETURN = re.compile(r"\breturn\b")
_ALL_ITEMS = "runOnceForAllItems"


def sorted_items(items: Sequence[Item], compare: Callable[[Item, Item], int]) -> list[Item]:
    """A stable sort with a comparator, as JavaScript's Array.prototype.sort (TimSort)."""
    return sorted(items, key=functools.cmp_to_key(compare))


def shuffled(items: Sequence[Item]) -> list[Item]:
    """The items in random order (Fisher-Yates, as n8n shuffles)."""
    result = list(items)
    for i in range(len(result) - 1, 0, -1):
        j = random.randint(0, i)
        result[i], result[j] = result[j], result[i]
    return result


def _lowered(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def sort_by_fields(run: NodeRun, params: dict[str, Any]) -> list[Item]:
    """Sort's Simple type: by each field in turn, strings without case."""
    options = params.get("options") or {}
    dotted = not options.get("disableDotNotation", False)
    rows = (params.get("sortFieldsUi") or {}).get("sortField") or []
    if not rows:
        raise NodeOperationError(
            run.name,
            "No sorting specified: add a field to sort by",
            parameter="Fields To Sort By",
        )
    items = run.items
    for row in rows:
        name = str(row.get("fieldName", ""))
        if dotted:
            found = any(read_value(i["json"], name, True) is not UNDEFINED for i in items)
        else:
            found = any(name in i["json"] for i in items)
        if not found:
            hint = (
                " (a nested field needs 'Disable Dot Notation' off)"
                if not dotted and "." in name
                else ""
            )
            raise NodeOperationError(
                run.name,
                f"Couldn't find the field '{name}' in the input data{hint}",
                parameter="Fields To Sort By",
            )
    fields = [
        (str(row.get("fieldName", "")), 1 if row.get("order", "ascending") == "ascending" else -1)
        for row in rows
    ]

    def compare(a: Item, b: Item) -> int:
        for name, direction in fields:
            left = _lowered(read_value(a["json"], name, dotted))
            right = _lowered(read_value(b["json"], name, dotted))
            if not is_equal(left, right):
                return -direction if lodash_lt(left, right) else direction
        return 0

    return sorted_items(items, compare)


async def sort_by_code(run: NodeRun, code: str) -> list[Item]:
    """Sort's Code type: the code compares items `a` and `b` (their fields in `.json`) and
    returns a number, as the body of a comparator JavaScript's Array.prototype.sort calls
    over all items at once, in the Code node's sandbox."""
    if not _RETURN.search(code):
        raise NodeOperationError(
            run.name,
            SORT_CODE_NO_RETURN,
            description="return a negative number when a goes first, positive when b does, "
            "0 when they are equal",
            parameter="Code",
        )
    source = f"return items.sort((a, b) => {{ {code} }})"
    try:
        result = await run_code(run, source, _ALL_ITEMS)
    except CodeFailure as failure:
        raise NodeOperationError(
            run.name, failure.text, description=failure.hint, parameter="Code"
        ) from None
    items = run.items
    ordered: list[Item] = []
    for entry in result.items:
        if isinstance(entry, CodeFailure):
            raise NodeOperationError(run.name, entry.text, parameter="Code")
        paired = entry.get("pairedItem")
        index = paired.get("item") if isinstance(paired, dict) else None
        if isinstance(index, int) and 0 <= index < len(items):
            ordered.append({**items[index], "json": entry["json"]})  # type: ignore[typeddict-item]
        else:
            ordered.append(entry)
    return ordered
