"""Summarizing items, optionally per group: Summarize and Item Lists' Summarize."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core.data_fields import read_value
from kflow.nodes.core.js_values import UNDEFINED, js_lt, js_string, json_stringify, same_value_key

__all__ = ["SummarizeRules", "summarize_items"]

_PREFIX = {
    "append": "appended_",
    "average": "average_",
    "concatenate": "concatenated_",
    "count": "count_",
    "countUnique": "unique_count_",
    "max": "max_",
    "min": "min_",
    "sum": "sum_",
}


@dataclass(frozen=True)
class SummarizeRules:
    """Where the versions differ.

    Attributes:
        keys_as_text: Group values become text (`1` and `"1"` are one group).
        missing_field_stops: A summarized field no item has stops the run (unless the
            Continue If Field Not Found option is on).
        counts_honour_empty: Include Empty applies to Count and Count Unique too.
        normalize_names: Output names lose `[]"` and turn spaces and dots into `_`.
    """

    keys_as_text: bool = False
    missing_field_stops: bool = False
    counts_honour_empty: bool = True
    normalize_names: bool = True


@dataclass
class _Group:
    field: str
    splits: list[tuple[Any, Any]]


def _empty(value: Any) -> bool:
    return value is UNDEFINED or value is None or (value == "" and isinstance(value, str))


def _name(text: str, rules: SummarizeRules) -> str:
    if not rules.normalize_names:
        return text
    return re.sub(r"[ .]", "_", re.sub(r'[\]\["]', "", text))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _finite(value: Any) -> Any:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _aggregate(
    rows: list[dict[str, Any]], entry: dict[str, Any], read: Any, rules: SummarizeRules
) -> Any:
    kind = entry.get("aggregation", "count")
    field = str(entry.get("field", ""))
    values = [read(row, field) for row in rows]
    include_empty = bool(entry.get("includeEmpty", False))
    if kind in ("average", "sum"):
        numbers = [v for v in values if _number(v)]
        total: Any = 0
        for number in numbers:
            total = total + number
        if kind == "sum":
            return total
        return _finite(total / len(numbers)) if numbers else None
    if kind == "append":
        kept = values if include_empty else [v for v in values if not _empty(v)]
        return [None if v is UNDEFINED else v for v in kept]
    if kind == "concatenate":
        separator = entry.get("separateBy", ",")
        if separator == "other":
            separator = entry.get("customSeparator", "")
        kept = values if include_empty else [v for v in values if not _empty(v)]
        texts = [
            json_stringify(v) if v is None or isinstance(v, (dict, list)) else js_string(v)
            for v in kept
        ]
        return str(separator).join(texts)
    if kind in ("min", "max"):
        best: Any = UNDEFINED
        for value in values:
            if _empty(value):
                continue
            if best is UNDEFINED or (js_lt(value, best) if kind == "min" else js_lt(best, value)):
                best = value
        return None if best is UNDEFINED else best
    honour = include_empty and rules.counts_honour_empty
    if kind == "countUnique":
        kept = values if honour else [v for v in values if not _empty(v)]
        return len({same_value_key(v) for v in kept})
    return len(values) if honour else len([v for v in values if not _empty(v)])


def _summary(
    rows: list[dict[str, Any]], entries: list[dict[str, Any]], read: Any, rules: SummarizeRules
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for entry in entries:
        prefix = _PREFIX.get(entry.get("aggregation", "count"), "count_")
        result[_name(prefix + str(entry.get("field", "")), rules)] = _aggregate(
            rows, entry, read, rules
        )
    return result


def _split(
    rows: list[dict[str, Any]],
    keys: list[str],
    entries: list[dict[str, Any]],
    read: Any,
    rules: SummarizeRules,
    skip_empty: bool,
) -> Any:
    if not keys:
        return (_summary(rows, entries, read, rules), [row["_itemIndex"] for row in rows])
    first, rest = keys[0], keys[1:]
    groups: dict[Any, tuple[Any, list[dict[str, Any]]]] = {}
    for row in rows:
        value = read(row, first)
        if value is not None and value is not UNDEFINED and isinstance(value, (dict, list)):
            value = json_stringify(value)
        if rules.keys_as_text:
            value = js_string(value)
        if (
            skip_empty
            and not _number(value)
            and (value is None or value is UNDEFINED or value is False or value == "")
        ):
            continue
        key = same_value_key(value)
        groups.setdefault(key, (value, []))[1].append(row)
    return _Group(
        first,
        [
            (value, _split(members, rest, entries, read, rules, skip_empty))
            for value, members in groups.values()
        ],
    )


def _as_object(result: Any) -> dict[str, Any]:
    if isinstance(result, _Group):
        return {js_string(value): _as_object(inner) for value, inner in result.splits}
    return result[0]


def _as_rows(result: Any, rules: SummarizeRules) -> list[tuple[dict[str, Any], list[int]]]:
    if not isinstance(result, _Group):
        return [result]
    rows = []
    for value, inner in result.splits:
        for data, paired in _as_rows(inner, rules):
            name = _name(result.field, rules)
            if value is UNDEFINED:
                data.pop(name, None)
            else:
                data[name] = value
            rows.append((data, paired))
    return rows


def summarize_items(run: NodeRun, rules: SummarizeRules) -> list[Item]:
    """The summary items (parameters of the first item)."""
    params = run.params(0)
    options = params.get("options") or {}
    dotted = not options.get("disableDotNotation", False)
    split_by = [f.strip() for f in str(params.get("fieldsToSplitBy") or "").split(",") if f.strip()]
    entries = list((params.get("fieldsToSummarize") or {}).get("values") or [])
    if not [e for e in entries if str(e.get("field", "")) != ""]:
        raise NodeOperationError(
            run.name,
            "You need to add at least one aggregation to 'Fields to Summarize' with non empty "
            "'Field'",
            parameter="Fields to Summarize",
        )
    rows = [{**item["json"], "_itemIndex": index} for index, item in enumerate(run.items)]

    def read(row: dict[str, Any], field: str) -> Any:
        return read_value(row, field, dotted)

    if rules.missing_field_stops and not options.get("continueIfFieldNotFound"):
        for entry in entries:
            field = str(entry.get("field", ""))
            if field and all(read(row, field) is UNDEFINED for row in rows):
                raise NodeOperationError(
                    run.name,
                    f"The field '{field}' does not exist in any items",
                    parameter="Fields to Summarize",
                )
    result = _split(rows, split_by, entries, read, rules, bool(options.get("skipEmptySplitFields")))
    every = [{"item": index} for index in range(len(rows))]
    if options.get("outputFormat") == "singleItem":
        return [{"json": _as_object(result), "pairedItem": every}]
    return [
        {"json": data, "pairedItem": [{"item": i} for i in paired]}
        for data, paired in _as_rows(result, rules)
    ]
