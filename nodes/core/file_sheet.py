"""Rows as the cells of one sheet, the way n8n's Convert to File lays them out.

Each item's json is flattened (`a.b` for nested keys, `a.0` for list entries), columns
appear in the order keys are first met (JavaScript's key order: array-index keys first),
and a cell shows a number as a spreadsheet's "General" format does (at most 11 characters:
`0.1 + 0.2` is `0.3`, 123456789012 is `1.23457E+11`), booleans as TRUE/FALSE.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kflow.nodes.core.js_values import is_number, number_text

__all__ = ["Sheet", "flatten", "general_text", "js_keys", "sheet_of"]

_INDEX_LIMIT = 2**32 - 1


def js_keys(data: dict[str, Any]) -> list[str]:
    """An object's keys in JavaScript's order: array indexes ascending, then the rest."""
    indexes = [k for k in data if k.isdigit() and str(int(k)) == k and int(k) < _INDEX_LIMIT]
    rest = [k for k in data if k not in set(indexes)]
    return sorted(indexes, key=int) + rest


def flatten(data: Any) -> dict[str, Any]:
    """Nested objects and lists as one level of dotted keys; empty ones disappear."""
    flat: dict[str, Any] = {}
    entries = (
        [(str(i), v) for i, v in enumerate(data)]
        if isinstance(data, list)
        else [(k, data[k]) for k in js_keys(data)]
    )
    for key, value in entries:
        if isinstance(value, dict | list):
            for inner, leaf in flatten(value).items():
                flat[f"{key}.{inner}"] = leaf
        else:
            flat[key] = value
    return flat


@dataclass(frozen=True)
class Sheet:
    """A grid of cells (None: no cell; values: str, bool, number, or NULL for a null)."""

    rows: list[list[Any]]
    width: int


NULL = object()
"""A cell whose value was null: it exists but shows nothing."""


def sheet_of(items_json: list[dict[str, Any]], *, header: bool = True) -> Sheet:
    """The sheet Convert to File builds from the items' json."""
    columns: list[str] = []
    body: list[dict[str, Any]] = []
    for data in items_json:
        flat = flatten(data)
        for key in js_keys(flat):
            if key not in columns:
                columns.append(key)
        body.append(flat)
    rows: list[list[Any]] = [list(columns)] if header else []
    for flat in body:
        row: list[Any] = [None] * len(columns)
        for key, value in flat.items():
            row[columns.index(key)] = NULL if value is None else value
        rows.append(row)
    if not rows:
        rows = [[None]]
    return Sheet(rows, max(len(columns), 1))


def general_text(value: Any) -> str:
    """A cell's text in the General format."""
    if value is None or value is NULL:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if is_number(value):
        number = float(value)
        if number.is_integer() and -(2**31) <= number < 2**31:
            return str(int(number))
        return _general_number(number)
    return str(value)


def _general_number(v: float) -> str:
    if not math.isfinite(v):
        return "#NUM!" if math.isnan(v) else "#DIV/0!"
    exponent = math.floor(math.log(abs(v)) * math.log10(math.e))
    if -4 <= exponent <= -1:
        text = _to_precision(v, 10 + exponent)
    elif abs(exponent) <= 9:
        text = _small_exp(v)
    elif exponent == 10:
        text = _to_fixed(v, 10)[:12]
    else:
        text = _large_exp(v)
    return _strip_decimal(_normalize_exp(text.upper()))


def _small_exp(v: float) -> str:
    width = 12 if v < 0 else 11
    text = _strip_decimal(_to_fixed(v, 12))
    if len(text) <= width:
        return text
    text = _to_precision(v, 10)
    if len(text) <= width:
        return text
    return _to_exponential(v, 5)


def _large_exp(v: float) -> str:
    text = _strip_decimal(_to_fixed(v, 11))
    if len(text) > (12 if v < 0 else 11) or text in ("0", "-0"):
        return _to_precision(v, 6)
    return text


def _strip_decimal(text: str) -> str:
    if "." not in text:
        return text
    return re.sub(r"(?:\.0*|(\.\d*[1-9])0+)$", r"\1", text)


def _normalize_exp(text: str) -> str:
    if "E" not in text:
        return text
    mantissa, _, power = text.partition("E")
    mantissa = _strip_decimal(mantissa)
    sign, digits = power[0], power[1:]
    return f"{mantissa}E{sign}{digits.zfill(2) if len(digits) == 1 else digits}"


def _to_fixed(v: float, places: int) -> str:
    """Number.prototype.toFixed (ties away from zero, on the exact binary value)."""
    if abs(v) >= 1e21:
        return number_text(v)
    exact = Decimal(v).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(exact):f}"
    return ("-" if exact < 0 or (exact == 0 and v < 0 and exact.is_signed()) else "") + text


def _digits(v: float, count: int) -> tuple[str, int]:
    """`count` significant digits of |v| (ties up) and the decimal exponent of the first."""
    exact = abs(Decimal(v))
    exponent = exact.adjusted()
    rounded = exact.scaleb(-exponent).quantize(
        Decimal(1).scaleb(-(count - 1)), rounding=ROUND_HALF_UP
    )
    if rounded >= 10:
        exponent += 1
        rounded = (rounded / 10).quantize(Decimal(1).scaleb(-(count - 1)), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", ""), exponent


def _to_precision(v: float, precision: int) -> str:
    """Number.prototype.toPrecision."""
    if v == 0:
        return "0" if precision == 1 else "0." + "0" * (precision - 1)
    digits, exponent = _digits(v, precision)
    sign = "-" if v < 0 else ""
    if exponent < -6 or exponent >= precision:
        mantissa = digits[0] + (f".{digits[1:]}" if precision > 1 else "")
        return f"{sign}{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"
    if exponent == precision - 1:
        return sign + digits
    if exponent >= 0:
        return f"{sign}{digits[: exponent + 1]}.{digits[exponent + 1 :]}"
    return f"{sign}0.{'0' * (-exponent - 1)}{digits}"


def _to_exponential(v: float, places: int) -> str:
    """Number.prototype.toExponential."""
    digits, exponent = _digits(v, places + 1)
    sign = "-" if v < 0 else ""
    mantissa = digits[0] + (f".{digits[1:]}" if places else "")
    return f"{sign}{mantissa}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"
