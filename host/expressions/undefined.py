"""The error for an expression that gave nothing where a value is needed.

It says what the expression gave (undefined, null, an empty string) and which fields the
item has, and, when the expression reads a field the item lacks, the nearest one it has:
a CSV column named `sub_id` read as `$json.subid` is the usual cause.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kflow.host.descriptors import NodeProperty
from kflow.host.errors import NodeOperationError
from kflow.host.expressions.evaluator import _plain_field_path
from kflow.host.expressions.syntax import split_template
from kflow.host.wording import closest, listed

__all__ = ["FIELDS_SHOWN", "empty_expression_error", "is_empty", "written_expression"]

FIELDS_SHOWN = 20
"""At most this many of the item's field names are listed."""

_MISSING = object()


def is_empty(value: object) -> bool:
    """Whether a value counts as not given: null/undefined, blank text, an empty list or
    object."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict) and not value


def written_expression(written: str) -> str:
    """An expression as the user wrote it, without n8n's leading `=`."""
    return written[1:] if written.startswith("=") else written


def empty_expression_error(
    node: str,
    prop: NodeProperty,
    written: str,
    value: object,
    item: Mapping[str, Any] | None,
) -> NodeOperationError:
    """`the expression {{ $json.subid }} gave undefined; the item has fields: sub_id, …`."""
    fields = _plain_field(written)
    gave = _what_it_gave(value, fields, item)
    cause = f"the expression {written_expression(written).strip()} gave {gave}"
    if item is not None:
        names = list(item)
        cause += (
            f"; the item has fields: {listed(names, limit=FIELDS_SHOWN)}"
            if names
            else "; the item has no fields (were input items given?)"
        )
        if fields and fields[0] not in item:
            near = closest(fields[0], names)
            if near is not None:
                cause += f". Did you mean {_accessor(near)}?"
    return NodeOperationError(
        node,
        cause,
        parameter=prop.displayName,
        parameter_name=prop.name,
    )


def _plain_field(written: str) -> tuple[str, ...] | None:
    """The fields a template that is exactly `{{ $json.a.b }}` reads, else None."""
    segments = split_template(written_expression(written))
    if len(segments) != 1 or not segments[0][0]:
        return None
    return _plain_field_path(segments[0][1])


def _what_it_gave(
    value: object, fields: tuple[str, ...] | None, item: Mapping[str, Any] | None
) -> str:
    if isinstance(value, str):
        return "an empty string"
    if isinstance(value, list):
        return "an empty list"
    if isinstance(value, dict):
        return "an empty object"
    if fields is None or item is None:
        return "nothing (undefined or null)"
    found: Any = item
    for name in fields:
        if not isinstance(found, Mapping) or name not in found:
            return "undefined"
        found = found[name]
    return "null"


def _accessor(name: str) -> str:
    return f"$json.{name}" if name.isidentifier() else f'$json["{name}"]'
