"""Field names as the data nodes take them: comma-separated lists, dotted or literal reads."""

from __future__ import annotations

from typing import Any

from kflow.host import NodeOperationError, NodeRun
from kflow.nodes.core.js_values import UNDEFINED
from kflow.nodes.core.paths import lodash_get

__all__ = ["field_list", "fields_of_rows", "read_value"]


def field_list(run: NodeRun, value: Any, parameter: str) -> list[str]:
    """`a, b,,c` → a, b, c; a list is taken as it is."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(part) for part in value]
    if value is None:
        return []
    raise NodeOperationError(
        run.name,
        f"The '{parameter}' parameter must be a string of fields separated by commas or a list "
        "of strings",
        parameter=parameter,
    )


def fields_of_rows(value: Any) -> list[str]:
    """A fixedCollection of `fields.fieldName` rows (Item Lists 1 and 2) → the names."""
    rows = (value or {}).get("fields") or [] if isinstance(value, dict) else []
    return [str(row.get("fieldName", "")) for row in rows]


def read_value(data: Any, field: str, dotted: bool) -> Any:
    """The value at `field` (a lodash path when `dotted`), or UNDEFINED."""
    if dotted:
        return lodash_get(data, field)
    if isinstance(data, dict):
        return data.get(field, UNDEFINED)
    return UNDEFINED
