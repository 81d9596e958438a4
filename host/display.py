"""n8n's `displayOptions` rules: whether a property is shown for given parameter values.

`show`: every key must match (AND); a key matches when any listed value is among the
current values (OR). `hide`: hidden when any key matches. `show` is tested first. A control
holding an expression (a string starting with `=`) counts as matching `show`. Keys starting
with `/` read the node's root parameters; `@version` reads the node's version. A listed
value may be a condition `{"_cnd": {op: operand}}`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kflow.host.descriptors import DisplayOptions

__all__ = ["is_displayed"]

_MISSING = object()


def is_displayed(
    display: DisplayOptions | None,
    values: Mapping[str, Any],
    *,
    root: Mapping[str, Any] | None = None,
    version: int | float = 1,
) -> bool:
    """Whether a property with these display options is shown.

    Args:
        display: The property's `displayOptions`.
        values: Parameter values at the property's own level (defaults included).
        root: The node's top-level parameter values, for `/`-prefixed keys.
        version: The node's type version, for `@version` keys.
    """
    if display is None:
        return True
    root = values if root is None else root
    for key, wanted in (display.show or {}).items():
        value = _lookup(key, values, root, version)
        if isinstance(value, str) and (value.startswith("=") or "{{" in value):
            continue
        if not _matches(wanted, _as_list(value)):
            return False
    for key, wanted in (display.hide or {}).items():
        value = _lookup(key, values, root, version)
        actual = _as_list(value)
        if actual and _matches(wanted, actual):
            return False
    return True


def _lookup(key: str, values: Mapping[str, Any], root: Mapping[str, Any], version: float) -> Any:
    if key == "@version":
        return version
    if key.startswith("/"):
        return _dig(root, key[1:])
    return _dig(values, key)


def _dig(values: Mapping[str, Any], path: str) -> Any:
    current: Any = values
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return _MISSING
        current = current[part]
    if isinstance(current, Mapping) and current.get("__rl"):
        return current.get("value")
    return current


def _as_list(value: Any) -> list[Any]:
    if value is _MISSING:
        return [None]
    return list(value) if isinstance(value, list) else [value]


def _matches(conditions: list[Any], actual: list[Any]) -> bool:
    for condition in conditions:
        if isinstance(condition, Mapping) and "_cnd" in condition:
            if _condition_holds(condition["_cnd"], actual):
                return True
        elif condition in actual:
            return True
    return False


def _condition_holds(cnd: Mapping[str, Any], actual: list[Any]) -> bool:
    (op, operand), *_ = cnd.items()
    present = [v for v in actual if v is not None]
    if not present:
        return op == "not"
    return all(_compare(op, operand, v) for v in present)


def _compare(op: str, operand: Any, value: Any) -> bool:
    try:
        match op:
            case "eq":
                return bool(value == operand)
            case "not":
                return bool(value != operand)
            case "gte":
                return bool(value >= operand)
            case "lte":
                return bool(value <= operand)
            case "gt":
                return bool(value > operand)
            case "lt":
                return bool(value < operand)
            case "between":
                return bool(operand["from"] <= value <= operand["to"])
            case "startsWith":
                return str(value).startswith(str(operand))
            case "endsWith":
                return str(value).endswith(str(operand))
            case "includes":
                return str(operand) in str(value)
            case "regex":
                return re.search(str(operand), str(value)) is not None
            case "exists":
                return value != ""
    except (TypeError, KeyError):
        return False
    raise ValueError(f"unknown displayOptions condition {op!r}")
