"""The comparisons of n8n's older conditional nodes: If 1, Filter 1, Switch 1 and 2.

Each compares `value1` and `value2` with JavaScript's loose rules (`(a || 0) < (b || 0)`,
`===`, `String.prototype.includes`); dates become milliseconds first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from kflow.nodes.core.conditions_dates import legacy_date_millis
from kflow.nodes.core.conditions_js import js_regex_test, parse_regex_literal
from kflow.nodes.core.js_values import UNDEFINED, is_number, js_equal, js_less, js_string, js_truthy

__all__ = ["DATA_TYPES", "LegacyError", "compare", "to_date_millis"]

DATA_TYPES = ("boolean", "dateTime", "number", "string")


class LegacyError(ValueError):
    """A comparison that fails in n8n too (a value that is not a date, not a string)."""


def _or(value: Any, fallback: Any) -> Any:
    return value if js_truthy(value) else fallback


def _text(value: Any) -> str:
    return js_string(_or(value, ""))


def _string_method(name: str) -> Callable[[Any, Any], bool]:
    def call(value1: Any, value2: Any) -> bool:
        if value1 is None or value1 is UNDEFINED:
            raise LegacyError(f"Cannot read properties of {js_string(value1)} (reading '{name}')")
        if not isinstance(value1, str):
            raise LegacyError(f"value1.{name} is not a function")
        other = js_string(value2)
        return value1.startswith(other) if name == "startsWith" else value1.endswith(other)

    return call


def _is_empty(value: Any) -> bool:
    if value is None or value is UNDEFINED or (value == "" and isinstance(value, str)):
        return True
    if is_number(value) and math.isnan(float(value)):
        return True
    return isinstance(value, dict | list) and len(value) == 0


def _regex(value1: Any, value2: Any) -> bool:
    source, flags = parse_regex_literal(_text(value2))
    try:
        return js_regex_test(source, _text(value1), flags)
    except ValueError as exc:
        raise LegacyError(str(exc)) from None


def _greater(value1: Any, value2: Any) -> bool:
    return js_less(_or(value2, 0), _or(value1, 0))


def _smaller(value1: Any, value2: Any) -> bool:
    return js_less(_or(value1, 0), _or(value2, 0))


_STARTS, _ENDS = _string_method("startsWith"), _string_method("endsWith")
_OPERATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "after": _greater,
    "before": _smaller,
    "contains": lambda a, b: _text(b) in _text(a),
    "notContains": lambda a, b: _text(b) not in _text(a),
    "endsWith": _ENDS,
    "notEndsWith": lambda a, b: not _ENDS(a, b),
    "equal": js_equal,
    "notEqual": lambda a, b: not js_equal(a, b),
    "larger": _greater,
    "largerEqual": lambda a, b: js_less(_or(b, 0), _or(a, 0), or_equal=True),
    "smaller": _smaller,
    "smallerEqual": lambda a, b: js_less(_or(a, 0), _or(b, 0), or_equal=True),
    "startsWith": _STARTS,
    "notStartsWith": lambda a, b: not _STARTS(a, b),
    "isEmpty": lambda a, _: _is_empty(a),
    "isNotEmpty": lambda a, _: not _is_empty(a),
    "regex": _regex,
    "notRegex": lambda a, b: not _regex(a, b),
}


def compare(operation: str, value1: Any, value2: Any) -> bool:
    """Whether `value1 <operation> value2` holds.

    Raises:
        LegacyError: The operation is unknown, or fails on these values.
    """
    found = _OPERATIONS.get(operation)
    if found is None:
        raise LegacyError(f"unknown operation {operation!r}")
    return found(value1, value2)


def to_date_millis(value: Any, zone: str = "UTC") -> float:
    """A date-time value as milliseconds.

    Raises:
        LegacyError: The value is not a valid date-time.
    """
    millis = legacy_date_millis(value, zone)
    if millis is None or math.isnan(millis):
        raise LegacyError(f'The value "{js_string(value)}" is not a valid DateTime.')
    return millis
