"""Values converted as n8n's field types convert them, for Edit Fields (Set).

`check_field` is how Edit Fields 3.x turns an assignment's value into its declared type
(string, number, boolean, array, object), version by version; JavaScript's own conversions
come from js_values.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from kflow.nodes.core.js_values import js_number, js_string, json_stringify
from kflow.nodes.core.set_json import load_json, parse_js_object

__all__ = [
    "ConversionError",
    "check_field",
    "field_number",
    "js_double",
    "value_description",
]

FIELD_TYPES = ("string", "number", "boolean", "array", "object")


class ConversionError(ValueError):
    """A value that does not fit its field's type; `description` says how to fix it."""

    def __init__(self, message: str, description: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.description = description


def field_number(value: Any) -> int | float:
    """JavaScript's Number(value) as Edit Fields stores it: ints and floats unchanged, other
    results as `js_double` writes them (NaN where JavaScript gives NaN)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return js_double(js_number(value))


def js_double(number: float) -> int | float:
    """A double as JavaScript writes it: whole numbers below 1e21 as integers, with the
    digits JavaScript prints (so 2**64 is 18446744073709552000)."""
    if math.isfinite(number) and number.is_integer() and abs(number) < 1e21:
        return int(Decimal(repr(number)))
    return number


def _text(value: Any) -> str:
    """String(value), ints written with all their digits (as Edit Fields keeps them)."""
    return js_string(value, exact_integers=True)


def _json(value: Any) -> str:
    """JSON.stringify(value), ints written with all their digits."""
    return json_stringify(value, exact_integers=True)


def value_description(value: Any) -> str:
    """How n8n names a value in a type error: 'text', array, object or 'null'."""
    if value is None:
        return "'null'"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return f"'{_text(value)}'"


def check_field(
    name: str, kind: str, value: Any, *, version: float, lenient: bool, item_index: int
) -> Any:
    """An assignment's value as its type, the way Edit Fields `version` converts it.

    From 3.2 a null value stays null whatever the type; 3.1 refuses a null string, 3.0
    writes it "null". `lenient` (Ignore Type Conversion Errors) keeps a value that does
    not convert instead of failing.

    Raises:
        ConversionError: The value does not convert (n8n's message, with the item).
    """
    if version >= 3.2 and value is None:
        return None
    fix = (
        f'To fix the error try to change the type for the field "{name}" or activate the '
        "option “Ignore Type Conversion Errors” to apply a less strict type validation"
    )
    if kind == "string":
        if version > 3 and value is None:
            if lenient:
                return None
            raise ConversionError(
                f"'{name}' expects a {kind} but we got 'null' [item {item_index}]", fix
            )
        value = _json(value) if isinstance(value, dict | list) or value is None else _text(value)
        return value
    if value is None:
        return None
    try:
        return _as_type(kind, value)
    except ValueError:
        if lenient:
            return value
        raise ConversionError(
            f"'{name}' expects a {kind} but we got {value_description(value)} [item {item_index}]",
            fix,
        ) from None


def _as_type(kind: str, value: Any) -> Any:
    if kind == "number":
        number = field_number(value)
        if isinstance(number, float) and math.isnan(number):
            raise ValueError(kind)
        return js_double(number) if isinstance(number, float) else number
    if kind == "boolean":
        return _as_boolean(value)
    if kind == "array":
        return _as_array(value)
    if kind == "object":
        return _as_object(value)
    return value


def _as_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        if value.strip() == "":
            raise ValueError("boolean")
    number = field_number(value)
    if number == 0:
        return False
    if number == 1:
        return True
    raise ValueError("boolean")


def _as_array(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    text = _text(value)
    for attempt in (text, text.replace("'", '"')):
        try:
            parsed = load_json(attempt)
        except ValueError:
            continue
        if isinstance(parsed, list):
            return parsed
        raise ValueError("array")
    raise ValueError("array")


def _as_object(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    text = _text(value)
    try:
        parsed = load_json(text)
    except ValueError:
        parsed = parse_js_object(text)
    # JSON's null is an "object" to JavaScript, so the text "null" gives null.
    if parsed is not None and not isinstance(parsed, dict):
        raise ValueError("object")
    return parsed
