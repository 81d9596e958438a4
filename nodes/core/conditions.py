"""n8n's condition builder (the `filter` parameter type of If and Filter, version 2).

`{conditions: [{leftValue, rightValue, operator: {type, operation}}], combinator: and|or,
options: {caseSensitive, typeValidation: strict|loose}}`. Values arrive with expressions
already evaluated.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

__all__ = ["ConditionError", "check"]


class ConditionError(ValueError):
    """A condition that cannot be evaluated (unknown operation, value of the wrong type)."""


def check(spec: dict[str, Any]) -> bool:
    """Whether the conditions hold."""
    options = spec.get("options") or {}
    case = options.get("caseSensitive", True)
    strict = options.get("typeValidation", "strict") == "strict"
    results = [
        _one(c.get("leftValue"), c.get("rightValue"), c.get("operator") or {}, case, strict)
        for c in spec.get("conditions") or []
    ]
    if not results:
        return True
    return any(results) if spec.get("combinator", "and") == "or" else all(results)


def _one(left: Any, right: Any, operator: dict[str, Any], case: bool, strict: bool) -> bool:
    kind = operator.get("type", "string")
    operation = operator.get("operation", "equals")
    if operation in ("exists", "notExists"):
        exists = left is not None
        return exists if operation == "exists" else not exists
    if operation in ("empty", "notEmpty"):
        empty = left in (None, "", [], {})
        return empty if operation == "empty" else not empty
    if kind == "number":
        return _number(_as_number(left, strict), _as_number(right, strict), operation)
    if kind == "boolean":
        value = _as_bool(left, strict)
        if operation == "true":
            return value is True
        if operation == "false":
            return value is False
        return _equality(value, _as_bool(right, strict), operation)
    if kind == "dateTime":
        return _number(_as_time(left), _as_time(right), _DATE_OPS.get(operation, operation))
    if kind == "array":
        return _array(left, right, operation)
    return _string(left, right, operation, case, strict)


_DATE_OPS = {"after": "gt", "before": "lt", "afterOrEquals": "gte", "beforeOrEquals": "lte"}


def _number(left: Any, right: Any, operation: str) -> bool:
    table = {
        "equals": lambda: left == right,
        "notEquals": lambda: left != right,
        "gt": lambda: left > right,
        "lt": lambda: left < right,
        "gte": lambda: left >= right,
        "lte": lambda: left <= right,
    }
    if operation not in table:
        raise ConditionError(f"unknown comparison {operation!r}")
    return bool(table[operation]())


def _equality(left: Any, right: Any, operation: str) -> bool:
    if operation == "equals":
        return left == right
    if operation == "notEquals":
        return left != right
    raise ConditionError(f"unknown boolean operation {operation!r}")


def _string(left: Any, right: Any, operation: str, case: bool, strict: bool) -> bool:
    if strict and left is not None and not isinstance(left, str):
        raise ConditionError(f"{left!r} is not a string (turn off strict type validation)")
    a, b = str("" if left is None else left), str("" if right is None else right)
    if operation in ("regex", "notRegex"):
        found = re.search(b, a, 0 if case else re.IGNORECASE) is not None
        return found if operation == "regex" else not found
    if not case:
        a, b = a.lower(), b.lower()
    table = {
        "equals": a == b,
        "notEquals": a != b,
        "contains": b in a,
        "notContains": b not in a,
        "startsWith": a.startswith(b),
        "notStartsWith": not a.startswith(b),
        "endsWith": a.endswith(b),
        "notEndsWith": not a.endswith(b),
    }
    if operation not in table:
        raise ConditionError(f"unknown string operation {operation!r}")
    return table[operation]


def _array(left: Any, right: Any, operation: str) -> bool:
    if not isinstance(left, list):
        raise ConditionError(f"{left!r} is not an array")
    table = {
        "contains": lambda: right in left,
        "notContains": lambda: right not in left,
        "lengthEquals": lambda: len(left) == int(right),
        "lengthNotEquals": lambda: len(left) != int(right),
        "lengthGt": lambda: len(left) > int(right),
        "lengthLt": lambda: len(left) < int(right),
        "lengthGte": lambda: len(left) >= int(right),
        "lengthLte": lambda: len(left) <= int(right),
    }
    if operation not in table:
        raise ConditionError(f"unknown array operation {operation!r}")
    return bool(table[operation]())


def _as_number(value: Any, strict: bool) -> float:
    if isinstance(value, bool):
        raise ConditionError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return float(value)
    if strict:
        raise ConditionError(f"{value!r} is not a number (turn off strict type validation)")
    try:
        return float(str(value))
    except ValueError:
        raise ConditionError(f"{value!r} is not a number") from None


def _as_bool(value: Any, strict: bool) -> bool:
    if isinstance(value, bool):
        return value
    if not strict and str(value).lower() in ("true", "false", "1", "0"):
        return str(value).lower() in ("true", "1")
    raise ConditionError(f"{value!r} is not a boolean")


def _as_time(value: Any) -> float:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ConditionError(f"{value!r} is not an ISO date-time") from None
