"""Removing items repeated within the input: Remove Duplicates and Item Lists' operation.

As n8n does it: the items are sorted by the compared fields (lodash isEqual and lt), then each
item equal to the one kept before it is dropped; the order of the items kept is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core.data_fields import field_list, fields_of_rows, read_value
from kflow.nodes.core.data_order import sorted_items
from kflow.nodes.core.js_values import UNDEFINED, is_equal, js_typeof, lodash_lt
from kflow.nodes.core.paths import lodash_set

__all__ = ["DedupeRules", "flatten_keys", "js_key_order", "remove_duplicate_items"]


@dataclass(frozen=True)
class DedupeRules:
    """Where the versions differ.

    Attributes:
        skip_nulls: A null value passes the missing/type check (Remove Duplicates 1.1+).
        check_types: A field whose type varies between items stops the run.
        rank_types_first: Values of different types order by type first (Item Lists 3.1).
        rows_for_fields: Fields To Compare / Exclude are `fields.fieldName` rows.
    """

    skip_nulls: bool = False
    check_types: bool = True
    rank_types_first: bool = False
    rows_for_fields: bool = False


def flatten_keys(value: Any, prefix: tuple[str, ...] = ()) -> list[str]:
    """The dotted paths of every leaf (empty objects and lists have none)."""
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = [(str(i), v) for i, v in enumerate(value)]
    else:
        return [".".join(prefix)]
    keys: list[str] = []
    for key, child in js_key_order(pairs):
        for path in flatten_keys(child, (*prefix, key)):
            if path not in keys:
                keys.append(path)
    return keys


def js_key_order(pairs: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Pairs in JavaScript's own-key order: array indexes ascending, then the rest as given."""

    def index(key: str) -> int | None:
        if key.isdigit() and (key == "0" or not key.startswith("0")) and int(key) < 2**32 - 1:
            return int(key)
        return None

    numbered = sorted((p for p in pairs if index(p[0]) is not None), key=lambda p: int(p[0]))
    return numbered + [p for p in pairs if index(p[0]) is None]


def _type_rank(value: Any) -> int:
    if isinstance(value, list):
        return 9
    if value is None:
        return 10
    ranks = {"string": 1, "number": 2, "boolean": 4, "undefined": 6, "object": 7}
    return ranks[js_typeof(value)]


def _keys(run: NodeRun, params: dict[str, Any], rules: DedupeRules, dotted: bool) -> list[str]:
    items = run.items

    def of(item: Item) -> list[str]:
        return flatten_keys(item["json"]) if dotted else list(item["json"])

    keys: list[str] = []
    for item in items:
        keys += [k for k in of(item) if k not in keys]
    compare = params.get("compare", "allFields")
    if compare == "allFieldsExcept":
        if rules.rows_for_fields:
            excluded = fields_of_rows(params.get("fieldsToExclude"))
        else:
            excluded = field_list(run, params.get("fieldsToExclude", ""), "Fields To Exclude")
        if not excluded:
            raise NodeOperationError(
                run.name,
                "No fields specified: add a field to exclude from comparison",
                parameter="Fields To Exclude",
            )
        if dotted:
            keys = of(items[0])
        keys = [k for k in keys if k not in excluded]
    elif compare == "selectedFields":
        if rules.rows_for_fields:
            chosen = fields_of_rows(params.get("fieldsToCompare"))
        else:
            chosen = field_list(run, params.get("fieldsToCompare", ""), "Fields To Compare")
        if not chosen:
            raise NodeOperationError(
                run.name,
                "No fields specified: add a field to compare on",
                parameter="Fields To Compare",
            )
        keys = [k.strip() for k in chosen]
    return keys


def remove_duplicate_items(run: NodeRun, rules: DedupeRules) -> list[Item]:
    """The items without those equal, on the compared fields, to an earlier one."""
    items = run.items
    if not items:
        return []
    params = run.params(0)
    options = params.get("options") or {}
    dotted = not options.get("disableDotNotation", False)
    keys = _keys(run, params, rules, dotted)

    def value(item: Item, key: str) -> Any:
        return read_value(item["json"], key, dotted)

    def compare(a: Item, b: Item) -> int:
        for key in keys:
            left, right = value(a, key), value(b, key)
            if rules.rank_types_first:
                difference = _type_rank(left) - _type_rank(right)
                if difference:
                    return difference
            if not is_equal(left, right):
                return -1 if lodash_lt(left, right) else 1
        return 0

    order = sorted_items(
        [{**item, "pairedItem": {"item": i}} for i, item in enumerate(items)], compare
    )
    _check(run, order, keys, rules, value)
    removed: set[int] = set()
    kept = order[0]
    for item in order[1:]:
        if all(is_equal(value(item, k), value(kept, k)) for k in keys):
            removed.add(item["pairedItem"]["item"])  # type: ignore[index]
        else:
            kept = item
    result = [item for index, item in enumerate(items) if index not in removed]
    if options.get("removeOtherFields"):
        result = [
            {"json": _pick(item["json"], keys, dotted), "pairedItem": {"item": index}}
            for index, item in enumerate(result)
        ]
    return result


def _check(
    run: NodeRun, order: list[Item], keys: list[str], rules: DedupeRules, value: Any
) -> None:
    for key in keys:
        seen: str | None = None
        for item in order:
            if key == "":
                raise NodeOperationError(
                    run.name, "Name of field to compare is blank", parameter="Fields To Compare"
                )
            found = value(item, key)
            if found is None and rules.skip_nulls:
                continue
            if found is UNDEFINED:
                raise NodeOperationError(
                    run.name,
                    f"'{key}' field is missing from some input items",
                    parameter="Compare",
                )
            kind = js_typeof(found)
            if rules.check_types and seen is not None and seen != kind:
                raise NodeOperationError(
                    run.name,
                    f"'{key}' isn't always the same type: it is a {seen} in one item and a "
                    f"{kind} in another",
                    parameter="Compare",
                )
            seen = kind


def _pick(data: dict[str, Any], keys: list[str], dotted: bool) -> dict[str, Any]:
    picked: dict[str, Any] = {}
    for key in keys:
        found = read_value(data, key, dotted)
        if found is UNDEFINED:
            continue
        if dotted and key not in data:
            lodash_set(picked, key, found, hole=None)
        else:
            picked[key] = found
    return picked
