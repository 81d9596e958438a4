"""n8n's condition builder: the `filter` parameter of If 2.x, Filter 2.x and Switch 3.x.

`{conditions: [{leftValue, rightValue, operator: {type, operation, rightType?,
singleValue?}}], combinator: and|or, options: {caseSensitive, typeValidation: strict|loose,
version: 1|2|3}}`, with expressions already evaluated. Each value is first read as the
operator's type (strictly, or converting where loose validation allows; a value that does
not fit stops the node), then compared as n8n compares it. The filter's `version` (1 to 3,
set by the node's version) changes how loose validation reads booleans (2+) and empty
numbers (3+).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kflow.nodes.core.conditions_dates import parse_date_time
from kflow.nodes.core.conditions_js import js_regex_test, parse_regex_literal
from kflow.nodes.core.js_values import (
    UNDEFINED,
    is_number,
    js_equal,
    js_less,
    js_number,
    js_string,
    js_truthy,
    js_typeof,
    json_stringify,
)

__all__ = ["ConditionError", "FilterOptions", "check", "filter_options", "is_filter_value"]

_DEFAULT_OPTIONS = {"caseSensitive": True, "typeValidation": "strict", "version": 1}


class ConditionError(ValueError):
    """A condition whose values do not fit its type (n8n's FilterError)."""

    def __init__(self, message: str, description: str = "") -> None:
        super().__init__(message)
        self.description = description


@dataclass(frozen=True)
class FilterOptions:
    """How values are read and compared."""

    case_sensitive: bool = True
    strict: bool = True
    version: int = 1
    zone: str = "UTC"


def is_filter_value(value: Any) -> bool:
    """Whether n8n reads the parameter as conditions (else its value itself decides)."""
    return isinstance(value, dict) and "conditions" in value and "combinator" in value


def filter_options(value: dict[str, Any], zone: str = "UTC") -> FilterOptions:
    """The options stored with the conditions, with n8n's defaults for those left out."""
    options = {**_DEFAULT_OPTIONS, **(value.get("options") or {})}
    version = options.get("version")
    return FilterOptions(
        case_sensitive=bool(options.get("caseSensitive")),
        strict=options.get("typeValidation") == "strict",
        version=int(version) if is_number(version) else 1,
        zone=zone,
    )


def check(value: Any, *, item_index: int = 0, zone: str = "UTC") -> bool:
    """Whether the item passes the conditions (n8n's executeFilter).

    Raises:
        ConditionError: A value does not fit its condition's type.
    """
    if isinstance(value, dict) and "conditions" in value:
        value = {**value, "combinator": value.get("combinator") or "and"}
    if not is_filter_value(value):
        return js_truthy(value)
    options = filter_options(value, zone)
    conditions = value.get("conditions") or []

    def passes(index: int, condition: dict[str, Any]) -> bool:
        return js_truthy(_condition(condition, options, index, item_index))

    combinator = value.get("combinator")
    if combinator == "and":
        return all(passes(i, c) for i, c in enumerate(conditions))
    if combinator == "or":
        return any(passes(i, c) for i, c in enumerate(conditions))
    return False


@dataclass(frozen=True)
class _Read:
    valid: bool
    value: Any = None


def _read_as(value: Any, kind: str, options: FilterOptions) -> _Read:
    """A value read as a condition's type (n8n's parseSingleFilterValue)."""
    if kind == "any" or value is None or value is UNDEFINED:
        return _Read(True, value)
    strict = options.strict
    if kind == "boolean" and not strict:
        if options.version >= 2:
            found = _to_boolean(value)
            if found is not None:
                return _Read(True, found)
        return _Read(True, js_truthy(value))
    blank = (isinstance(value, str) and not value.strip()) or value == []
    if kind == "number" and options.version >= 3 and blank:
        return _Read(True, None)
    return _validate(value, kind, strict, options.zone)


def _to_boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, str) and not value.strip():
        return None
    number = js_number(value)
    return {0.0: False, 1.0: True}.get(number) if not math.isnan(number) else None


def _validate(value: Any, kind: str, strict: bool, zone: str) -> _Read:
    """n8n's validateFieldType with parseStrings, for the condition types."""
    match kind.lower():
        case "string":
            if strict and not isinstance(value, str):
                return _Read(False)
            if isinstance(value, dict | list):
                return _Read(True, json_stringify(value))
            return _Read(True, js_string(value))
        case "number":
            if strict and not is_number(value):
                return _Read(False)
            number = js_number(value)
            return _Read(False) if math.isnan(number) else _Read(True, number)
        case "boolean":
            if strict and not isinstance(value, bool):
                return _Read(False)
            found = _to_boolean(value)
            return _Read(False) if found is None else _Read(True, found)
        case "datetime":
            moment = parse_date_time(value, zone)
            return _Read(False) if moment is None else _Read(True, moment)
        case "object":
            if strict and not isinstance(value, dict | list):
                return _Read(False)
            found = value if isinstance(value, dict) else _parse_json(js_string(value), True)
            return _Read(True, found) if isinstance(found, dict) else _Read(False)
        case "array":
            if strict and not isinstance(value, list):
                return _Read(False)
            found = value if isinstance(value, list) else _parse_json(js_string(value), False)
            return _Read(True, found) if isinstance(found, list) else _Read(False)
    return _Read(True, value)


def _parse_json(text: str, objects: bool) -> Any:
    for candidate in (text, text.replace("'", '"')):
        try:
            return json.loads(candidate)
        except ValueError:
            if objects:
                break
    return _NOT_JSON


_NOT_JSON = object()


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _values(
    condition: dict[str, Any], options: FilterOptions, index: int, item_index: int
) -> tuple[Any, Any]:
    """The condition's two values read as its types (n8n's parseFilterConditionValues)."""
    operator = condition.get("operator") or {}
    kind = operator.get("type", "string")
    right_kind = operator.get("rightType") or kind
    left_raw, right_raw = condition.get("leftValue"), condition.get("rightValue")
    left = _read_as(left_raw, kind, options)
    right = _read_as(right_raw, right_kind, options)
    right_ok = right.valid or bool(operator.get("singleValue"))
    suffix = f"[condition {index}, item {item_index}]"
    hint = (
        "Try changing the type of comparison. Alternatively you can enable "
        "'Convert types where required'."
        if options.strict
        else "Try changing the type of the comparison."
    )
    if not left.valid and not right_ok and js_typeof(left_raw) == js_typeof(right_raw):
        raise ConditionError(
            f"Comparison type expects {_article(kind)} but both fields are "
            f"{_article(js_typeof(left_raw))}",
            hint,
        )
    for ok, raw, expected in ((left.valid, left_raw, kind), (right_ok, right_raw, right_kind)):
        if not ok:
            shown, found = js_string(raw), js_typeof(raw)
            if options.strict:
                message = (
                    f"Wrong type: '{shown}' is {_article(found)} but was expecting "
                    f"{_article(expected)} {suffix}"
                )
            else:
                message = (
                    f"Conversion error: the {found} '{shown}' can't be converted to "
                    f"{_article(expected)} {suffix}"
                )
            raise ConditionError(message, hint)
    return left.value, right.value if right.valid else UNDEFINED


def _condition(
    condition: dict[str, Any], options: FilterOptions, index: int, item_index: int
) -> Any:
    """One condition's result (n8n's executeFilterCondition); may be a non-boolean."""
    operator = condition.get("operator") or {}
    kind, operation = operator.get("type"), operator.get("operation")
    left, right = _values(condition, options, index, item_index)
    exists = left is not None and left is not UNDEFINED
    if operation == "exists":
        return exists
    if operation == "notExists":
        return not exists
    ignore_case = not options.case_sensitive
    match kind:
        case "string":
            return _string(operation, left, right, ignore_case)
        case "number":
            return _number(operation, left, right, exists)
        case "dateTime":
            return _date(operation, left, right, exists)
        case "boolean":
            return _boolean(operation, left, right, exists)
        case "array":
            return _array(operation, left, right, ignore_case)
        case "object":
            if operation == "empty":
                return not js_truthy(left) or len(left) == 0
            if operation == "notEmpty":
                return js_truthy(left) and len(left) != 0
    return False


def _string(operation: str, left: Any, right: Any, ignore_case: bool) -> Any:
    regex = operation in ("regex", "notRegex")
    if ignore_case:
        left = left.lower() if isinstance(left, str) else left
        right = right.lower() if isinstance(right, str) and not regex else right
    a = "" if left is None or left is UNDEFINED else left
    b = "" if right is None or right is UNDEFINED else right
    match operation:
        case "empty":
            return len(a) == 0
        case "notEmpty":
            return len(a) != 0
        case "equals":
            return a == b
        case "notEquals":
            return a != b
        case "contains":
            return b in a
        case "notContains":
            return b not in a
        case "startsWith":
            return a.startswith(b)
        case "notStartsWith":
            return not a.startswith(b)
        case "endsWith":
            return a.endswith(b)
        case "notEndsWith":
            return not a.endswith(b)
        case "regex" | "notRegex":
            source, flags = parse_regex_literal(b)
            try:
                found = js_regex_test(source, a, flags)
            except ValueError as exc:
                raise ConditionError(str(exc)) from None
            return found if operation == "regex" else not found
    return False


def _number(operation: str, left: Any, right: Any, exists: bool) -> Any:
    match operation:
        case "empty":
            return not exists
        case "notEmpty":
            return exists
        case "equals":
            return js_equal(left, right)
        case "notEquals":
            return not js_equal(left, right)
        case "gt":
            return js_less(right, left)
        case "lt":
            return js_less(left, right)
        case "gte":
            return js_less(right, left, or_equal=True)
        case "lte":
            return js_less(left, right, or_equal=True)
    return False


def _date(operation: str, left: Any, right: Any, exists: bool) -> Any:
    if operation == "empty":
        return not exists
    if operation == "notEmpty":
        return exists
    if not isinstance(left, datetime) or not isinstance(right, datetime):
        return False
    a, b = left.timestamp(), right.timestamp()
    table = {
        "equals": a == b,
        "notEquals": a != b,
        "after": a > b,
        "before": a < b,
        "afterOrEquals": a >= b,
        "beforeOrEquals": a <= b,
    }
    return table.get(operation, False)


def _boolean(operation: str, left: Any, right: Any, exists: bool) -> Any:
    match operation:
        case "empty":
            return not exists
        case "notEmpty":
            return exists
        case "true":
            return left
        case "false":
            return not js_truthy(left)
        case "equals":
            return js_equal(left, right)
        case "notEquals":
            return not js_equal(left, right)
    return False


def _contains(array: list[Any], value: Any, ignore_case: bool) -> bool:
    if ignore_case and isinstance(value, str):
        return any(isinstance(v, str) and v.lower() == value.lower() for v in array)
    if value is UNDEFINED:
        return False
    if is_number(value) and math.isnan(float(value)):
        return any(is_number(v) and math.isnan(float(v)) for v in array)
    return any(js_equal(v, value) for v in array)


def _array(operation: str, left: Any, right: Any, ignore_case: bool) -> Any:
    array = [] if left is None or left is UNDEFINED else left
    size = len(array)
    match operation:
        case "contains":
            return _contains(array, right, ignore_case)
        case "notContains":
            return not _contains(array, right, ignore_case)
        case "lengthEquals":
            return js_equal(size, right)
        case "lengthNotEquals":
            return not js_equal(size, right)
        case "lengthGt":
            return js_less(right, size)
        case "lengthLt":
            return js_less(size, right)
        case "lengthGte":
            return js_less(right, size, or_equal=True)
        case "lengthLte":
            return js_less(size, right, or_equal=True)
        case "empty":
            return size == 0
        case "notEmpty":
            return size != 0
    return False
