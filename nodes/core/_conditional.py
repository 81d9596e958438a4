"""What If, Filter and Switch share: parameters evaluated per item, conditions checked.

Parameters are evaluated here rather than through `run.params`, because n8n hands the older
nodes' condition values to their comparisons as the expressions gave them (a number field
may hold the text "7"), and tells a field the item lacks (undefined) from a null one.
"""

from __future__ import annotations

import re
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core.conditions import ConditionError, check
from kflow.nodes.core.conditions_legacy import DATA_TYPES, LegacyError, compare, to_date_millis
from kflow.nodes.core.js_values import UNDEFINED

__all__ = [
    "continues",
    "evaluated",
    "filter_passes",
    "legacy_passes",
    "legacy_split",
    "passed_on",
]

_PLAIN_PATH = re.compile(
    r"=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[\"[^\"]*\"\]|\['[^']*'\])+)\s*\}\}"
)
_STEP = re.compile(r"\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[\"([^\"]*)\"\]|\['([^']*)'\]")


def _lacks(item: Any, path: str) -> bool:
    """Whether the item has no value at a plain `$json` path (JavaScript's undefined)."""
    current = item
    for step in _STEP.finditer(path):
        key, position, quoted, single = step.groups()
        if position is not None and isinstance(current, list):
            index = int(position)
            if index >= len(current):
                return True
            current = current[index]
        elif isinstance(current, dict):
            name = key if key is not None else quoted if quoted is not None else single
            name = position if name is None else name
            if name not in current:
                return True
            current = current[name]
        else:
            return True
    return False


def _mark_undefined(raw: Any, value: Any, item: Any) -> Any:
    """`value` with each None that a plain `{{ $json.path }}` gave for a missing path made
    UNDEFINED."""
    if isinstance(raw, dict) and isinstance(value, dict):
        return {k: _mark_undefined(raw.get(k), v, item) for k, v in value.items()}
    if isinstance(raw, list) and isinstance(value, list) and len(raw) == len(value):
        return [_mark_undefined(r, v, item) for r, v in zip(raw, value, strict=True)]
    if value is None and isinstance(raw, str):
        found = _PLAIN_PATH.fullmatch(raw.strip())
        if found and _lacks(item, found.group(1)):
            return UNDEFINED
    return value


def evaluated(run: NodeRun, name: str, input_index: int = 0) -> list[Any | NodeOperationError]:
    """A parameter's value for every item of an input, expressions evaluated as they came
    (no type conversion), or the error of the item whose expression failed."""
    raw = run.parameters.get(name)
    items = run.inputs[input_index] if input_index < len(run.inputs) else []
    scopes = [run.scope(i, input_index) for i in range(len(items))]
    results = run.evaluator.evaluate_many(raw, scopes, name) if scopes else []
    found: list[Any | NodeOperationError] = []
    for index, result in enumerate(results):
        if isinstance(result, Exception):
            cause = getattr(result, "cause", str(result))
            expression = getattr(result, "expression", "")
            found.append(
                NodeOperationError(
                    run.name,
                    f"the expression {expression!r} failed: {cause}",
                    item_index=index,
                    parameter=name,
                )
            )
        else:
            found.append(_mark_undefined(raw, result, items[index].get("json")))
    return found


def filter_passes(run: NodeRun, value: Any, index: int, parameter: str = "Conditions") -> bool:
    """Whether item `index` meets evaluated filter conditions.

    Raises:
        NodeOperationError: A value does not fit its condition's type.
    """
    try:
        return check(value, item_index=index, zone=run.run_settings.timezone)
    except ConditionError as exc:
        raise NodeOperationError(
            run.name,
            str(exc),
            description=exc.description or None,
            item_index=index,
            parameter=parameter,
        ) from None


def passed_on(run: NodeRun, index: int) -> Item:
    """Input item `index`, as an output item paired with it."""
    return {"json": run.items[index]["json"], "pairedItem": {"item": index}}


def continues(run: NodeRun) -> bool:
    """Whether the node goes on after an item fails (n8n's continueOnFail())."""
    return run.settings.on_error in ("continueRegularOutput", "continueErrorOutput")


def legacy_passes(run: NodeRun, conditions: Any, combine_all: bool, index: int) -> bool:
    """Whether item `index` meets an older node's conditions (If 1, Filter 1): the groups
    in n8n's order (boolean, dateTime, number, string), stopping at the first that decides.

    Raises:
        NodeOperationError: A value is not a date, or a text operation met a non-text.
    """
    groups = conditions if isinstance(conditions, dict) else {}
    zone = run.run_settings.timezone
    try:
        for kind in DATA_TYPES:
            for row in groups.get(kind) or []:
                value1, value2 = row.get("value1", UNDEFINED), row.get("value2", UNDEFINED)
                if kind == "dateTime":
                    value1, value2 = to_date_millis(value1, zone), to_date_millis(value2, zone)
                result = compare(row.get("operation", ""), value1, value2)
                if result and not combine_all:
                    return True
                if not result and combine_all:
                    return False
    except LegacyError as exc:
        raise NodeOperationError(
            run.name, str(exc), item_index=index, parameter="Conditions"
        ) from None
    return combine_all


def legacy_split(run: NodeRun, combine_parameter: str, all_value: str) -> list[list[Item]]:
    """If 1 and Filter 1: the items that meet the conditions, then the others; the
    conditions are combined with AND when `combine_parameter` is `all_value`.

    Raises:
        NodeOperationError: A parameter did not evaluate, or a condition failed.
    """
    conditions = evaluated(run, "conditions")
    combine = evaluated(run, combine_parameter)
    passed: list[Item] = []
    failed: list[Item] = []
    for index in range(len(run.items)):
        found, how = conditions[index], combine[index]
        for value in (found, how):
            if isinstance(value, NodeOperationError):
                raise value
        ok = legacy_passes(run, found, how == all_value, index)
        (passed if ok else failed).append(passed_on(run, index))
    return [passed, failed]
