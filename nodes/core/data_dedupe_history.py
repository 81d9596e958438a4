"""Remove Duplicates 2 across executions: items whose value an earlier execution saw.

As n8n does it: the items are grouped by their value (the group's key is the value's text,
for numbers the number's text), and the groups' keys, in JavaScript's object key order,
are checked against the run's store (`run.dedupe`, bound to the workflow and the node).
Kept items go to output 0, discarded ones to output 1, each group's items together; within
one input, items sharing a value share its fate (they are not duplicates of each other).
"""

from __future__ import annotations

import math
import re
from typing import Any

from kflow.host import DedupeStore, Item, NodeOperationError, NodeRun
from kflow.nodes.core.conditions_dates import parse_date_time
from kflow.nodes.core.data_dedupe import js_key_order
from kflow.nodes.core.js_values import UNDEFINED, js_number, js_string

__all__ = ["STORE_MISSING", "clear_history", "remove_seen_items"]

STORE_MISSING = (
    "Remove Duplicates' operation {operation!r} remembers values across executions, and "
    "this run has no store for them: run it where kflow keeps state (kflow run, serve or "
    "workers), or use 'Remove Items Repeated Within Current Input' (removeDuplicateInputItems)"
)
DEFAULT_HISTORY = 10000
_EMPTY = "'Value to Dedupe On' is empty: give each item a value"
_VALUE = "Value to Dedupe On"


def _store(run: NodeRun, operation: str) -> DedupeStore:
    store = run.dedupe
    if store is None:
        raise NodeOperationError(
            run.name, STORE_MISSING.format(operation=operation), parameter="Operation"
        )
    return store


def _scope(run: NodeRun, options: dict[str, Any]) -> str:
    scope = options.get("scope", "node")
    if scope not in ("node", "workflow"):
        raise NodeOperationError(
            run.name,
            f"The scope {js_string(scope)!r} is not supported: choose 'node' or 'workflow'",
            parameter="Scope",
        )
    return str(scope)


def _text(value: Any) -> str:
    return "" if value is None or value is UNDEFINED else js_string(value)


def _keep(history: Any) -> int | None:
    """How many entries n8n keeps for a History Size (it drops the oldest beyond it)."""
    size = js_number(history)
    if math.isnan(size) or size == 0:
        return None
    return max(math.ceil(size), 0)


def _grouped(
    run: NodeRun, keys: list[tuple[str, float | None]]
) -> tuple[dict[str, list[Item]], list[str], list[float]]:
    groups: dict[str, list[Item]] = {}
    ranks: dict[str, float] = {}
    for index, (key, rank) in enumerate(keys):
        item = {**run.items[index], "pairedItem": {"item": index}}
        groups.setdefault(key, []).append(item)  # type: ignore[arg-type]
        if rank is not None:
            ranks.setdefault(key, rank)
    order = [key for key, _ in js_key_order([(key, None) for key in groups])]
    return groups, order, [ranks[key] for key in order if key in ranks]


def _number_key(run: NodeRun, index: int) -> tuple[str, float]:
    value = run.params(index).get("incrementalDedupeValue", "")
    if not _text(value):
        raise NodeOperationError(run.name, _EMPTY, item_index=index, parameter=_VALUE)
    number = js_number(value)
    if math.isnan(number):
        raise NodeOperationError(
            run.name,
            f"The value {js_string(value)!r} is not a number: give a number",
            item_index=index,
            parameter=_VALUE,
        )
    return js_string(number), number


_NUMERIC = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)\s*")


def _date_key(run: NodeRun, index: int) -> tuple[str, float]:
    text = _text(run.params(index).get("dateDedupeValue", ""))
    if not text:
        raise NodeOperationError(run.name, _EMPTY, item_index=index, parameter=_VALUE)
    # n8n reads the value as a date text: a bare number (epoch milliseconds) is not one,
    # though ISO's basic forms (2024, 202401, 20240104) are.
    numeric = _NUMERIC.fullmatch(text) is not None and len(text.strip()) not in (4, 6, 8)
    moment = None if numeric else parse_date_time(text, run.run_settings.timezone)
    if moment is None:
        raise NodeOperationError(
            run.name,
            f"The value {text!r} is not a valid date: give a date such as 2024-08-09T13:44:16Z",
            item_index=index,
            parameter=_VALUE,
        )
    return text, moment.timestamp() * 1000


async def remove_seen_items(run: NodeRun) -> list[list[Item]]:
    """Kept and discarded items (operation removeItemsSeenInPreviousExecutions)."""
    store = _store(run, "removeItemsSeenInPreviousExecutions")
    params = run.params(0) if run.items else run.parameters
    logic = params.get("logic", "removeItemsWithAlreadySeenKeyValues")
    options = params.get("options") or {}
    scope = _scope(run, options)
    count = len(run.items)
    if logic == "removeItemsWithAlreadySeenKeyValues":
        if run.parameters.get("dedupeValue", "") == "":
            # n8n will not start a workflow whose required value is left empty.
            raise NodeOperationError(run.name, "is required", parameter=_VALUE)
        keys = [(_text(run.params(i).get("dedupeValue", "")), None) for i in range(count)]
        groups, order, _ = _grouped(run, keys)
        history = options.get("historySize", DEFAULT_HISTORY)
        remembered = await store.count(scope, "entries")
        if remembered + count > js_number(history):
            raise NodeOperationError(
                run.name,
                f"{count} items would take the history past its size ({js_string(history)} "
                f"values, {remembered} remembered): raise 'History Size' or give fewer items",
                parameter="History Size",
            )
        processed = await store.check_and_record(
            order, scope, "entries", max_entries=_keep(history)
        )
    elif logic in ("removeItemsUpToStoredIncrementalKey", "removeItemsUpToStoredDate"):
        read = _number_key if logic == "removeItemsUpToStoredIncrementalKey" else _date_key
        numbered = [read(run, i) for i in range(count)]
        groups, order, ranks = _grouped(run, [(k, r) for k, r in numbered])
        mode = "latestIncrementalKey" if read is _number_key else "latestDate"
        processed = await store.check_and_record(order, scope, mode, ranks=ranks)
    else:
        raise NodeOperationError(
            run.name, f"Unknown 'Keep Items Where' value {logic!r}", parameter="Keep Items Where"
        )
    return [
        [item for key in processed.new for item in groups[key]],
        [item for key in processed.seen for item in groups[key]],
    ]


async def clear_history(run: NodeRun) -> list[list[Item]]:
    """Forgets the scope's history; the items pass unchanged (clearDeduplicationHistory)."""
    store = _store(run, "clearDeduplicationHistory")
    params = run.params(0) if run.items else run.parameters
    options = params.get("options") or {}
    if params.get("mode", "cleanDatabase") == "cleanDatabase":
        await store.clear("node" if options.get("scope", "node") == "node" else "workflow")
    return [[{**item, "pairedItem": {"item": i}} for i, item in enumerate(run.items)]]
