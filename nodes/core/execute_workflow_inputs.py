"""Execute Workflow 1.2+'s workflow inputs: the items a sub-workflow gets.

Each item's fields are merged with the values its Workflow Inputs mapping gives (a
resource mapper: `{mappingMode, value, schema, attemptToConvertTypes,
convertFieldsToString}`), each value read as the type its schema entry names; fields the
schema marks `removed` are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun
from kflow.nodes.core.js_values import is_number
from kflow.nodes.core.set_convert import ConversionError, check_field, value_description

__all__ = ["mapped_items"]


def mapped_items(run: NodeRun, per_item: list[dict[str, Any]]) -> list[Item]:
    """The items to give the sub-workflow: each input item with its mapped values.

    Args:
        run: The node's run.
        per_item: Each item's parameters (expressions evaluated).

    Raises:
        NodeOperationError: A value does not fit its type (n8n's "Invalid input for").
    """
    mapping = run.parameters.get("workflowInputs")
    schema = mapping.get("schema") if isinstance(mapping, Mapping) else None
    schema = schema if isinstance(schema, list) else []
    by_id: dict[str, Mapping[str, Any]] = {}
    for entry in schema:
        if isinstance(entry, Mapping):
            by_id.setdefault(str(entry.get("id")), entry)
    removed = {
        str(e.get("displayName")) for e in schema if isinstance(e, Mapping) and e.get("removed")
    }
    items: list[Item] = []
    for index, item in enumerate(run.items):
        given = per_item[index].get("workflowInputs") if index < len(per_item) else None
        values = given.get("value") if isinstance(given, Mapping) else None
        json = dict(item["json"])
        if isinstance(values, Mapping):
            json.update(_typed(run, dict(values), by_id, mapping, index))
        if removed:
            json = {k: v for k, v in json.items() if k not in removed}
        out: Item = {"json": json, "pairedItem": {"item": index}}
        if item.get("binary"):
            out["binary"] = item["binary"]
        items.append(out)
    return items


def _typed(
    run: NodeRun,
    values: dict[str, Any],
    schema: Mapping[str, Mapping[str, Any]],
    mapping: Any,
    index: int,
) -> dict[str, Any]:
    options = mapping if isinstance(mapping, Mapping) else {}
    strict = not options.get("attemptToConvertTypes")
    parse_strings = run.version >= 1.4 or bool(options.get("convertFieldsToString"))
    for key, value in values.items():
        kind = schema.get(key, {}).get("type")
        if not kind or value is None:
            continue
        try:
            values[key] = _as_type(key, str(kind), value, strict, parse_strings)
        except ConversionError as exc:
            raise NodeOperationError(
                run.name,
                f"Invalid input for '{key}' [item {index}]",
                description=str(exc),
                item_index=index,
                parameter="Workflow Inputs",
            ) from None
    return values


def _as_type(key: str, kind: str, value: Any, strict: bool, parse_strings: bool) -> Any:
    """n8n's validateFieldType for a resource mapper's value."""
    expected = {
        "string": lambda v: isinstance(v, str),
        "number": is_number,
        "boolean": lambda v: isinstance(v, bool),
        "object": lambda v: isinstance(v, dict | list),
        "array": lambda v: isinstance(v, list),
    }
    check = expected.get(kind.lower())
    if check is None:
        return value
    if kind == "string" and not parse_strings:
        return value
    if strict and not check(value):
        raise ConversionError(f"'{key}' expects a {kind} but we got {value_description(value)}")
    try:
        return check_field(key, kind, value, version=3.4, lenient=False, item_index=0)
    except ConversionError:
        raise ConversionError(
            f"'{key}' expects a {kind} but we got {value_description(value)}"
        ) from None
