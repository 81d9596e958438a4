"""JSON text in which `Decimal` values are written exactly, as plain JSON numbers.

The standard encoder cannot write a Decimal as a number; converting to float first would
round long amounts. Here a Decimal becomes its own digits (`12345.67`, `0.0000001`),
never an exponent, so money reaches the wire exactly as it was given.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

__all__ = ["decimal_literal", "dumps"]

_STRING = json.JSONEncoder(ensure_ascii=False).encode


def decimal_literal(value: Decimal) -> str:
    """The decimal as JSON number text: no exponent, no trailing zeros after the point.

    Raises:
        ValueError: NaN or an infinity, which JSON cannot hold.
    """
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def dumps(value: Any) -> str:
    """`value` as compact JSON text; Decimals are exact numbers."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts)


def _write(value: Any, parts: list[str]) -> None:
    if isinstance(value, Decimal):
        parts.append(decimal_literal(value))
    elif isinstance(value, dict):
        parts.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                parts.append(",")
            parts.append(_STRING(str(key)))
            parts.append(":")
            _write(item, parts)
        parts.append("}")
    elif isinstance(value, list | tuple):
        parts.append("[")
        for index, item in enumerate(value):
            if index:
                parts.append(",")
            _write(item, parts)
        parts.append("]")
    else:
        parts.append(_STRING(value))
