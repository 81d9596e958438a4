"""JavaScript's conversions and comparisons, as n8n's conditions apply them to JSON values.

n8n compares values with JavaScript's rules (`Number(x)`, `String(x)`, `<` between mixed
types, truthiness, `RegExp`); these functions give the same answers for the values an item
holds (None is JavaScript's null or undefined).
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

__all__ = [
    "UNDEFINED",
    "is_number",
    "js_equal",
    "js_less",
    "js_number",
    "js_regex_test",
    "js_string",
    "js_truthy",
    "json_stringify",
    "parse_regex_literal",
]


class _Undefined:
    """JavaScript's undefined (a field the item does not have), where it differs from null."""

    def __repr__(self) -> str:
        return "undefined"


UNDEFINED: Any = _Undefined()
_WHITESPACE = (
    " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|Infinity)")
_RADIX = {"0x": 16, "0o": 8, "0b": 2}


def is_number(value: Any) -> bool:
    """Whether `typeof value === 'number'`."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _float(value: Any) -> float:
    return float(value)


def js_number(value: Any) -> float:
    """`Number(value)`: NaN where JavaScript gives NaN."""
    if value is None:
        return 0.0
    if value is UNDEFINED:
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if is_number(value):
        return _float(value)
    if isinstance(value, str):
        text = value.strip(_WHITESPACE)
        if not text:
            return 0.0
        prefix = text[:2].lower()
        if prefix in _RADIX:
            try:
                return float(int(text[2:], _RADIX[prefix]))
            except ValueError:
                return math.nan
        if _DECIMAL.fullmatch(text):
            return float(text.replace("Infinity", "inf"))
        return math.nan
    if isinstance(value, list):
        return js_number(js_string(value))
    return math.nan


def _number_text(number: float) -> str:
    """Number.prototype.toString(): the shortest digits, placed as ECMAScript places them."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    _, digit_tuple, exponent = Decimal(repr(abs(number))).normalize().as_tuple()
    digits = "".join(str(d) for d in digit_tuple)
    k = len(digits)
    n = k + int(exponent)
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = f"{digits[:n]}.{digits[n:]}"
    elif -6 < n <= 0:
        text = "0." + "0" * -n + digits
    else:
        mantissa = digits[0] + (f".{digits[1:]}" if k > 1 else "")
        text = f"{mantissa}e{'+' if n - 1 >= 0 else '-'}{abs(n - 1)}"
    return sign + text


def js_string(value: Any) -> str:
    """`String(value)`."""
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) < 2**53:
        return str(value)
    if is_number(value):
        return _number_text(_float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join("" if v is None or v is UNDEFINED else js_string(v) for v in value)
    return "[object Object]"


def json_stringify(value: Any) -> str:
    """`JSON.stringify(value)` (compact)."""
    if value is None or value is UNDEFINED:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        number = _float(value)
        return "null" if math.isnan(number) or math.isinf(number) else js_string(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(json_stringify(v) for v in value) + "]"
    if isinstance(value, dict):
        parts = [
            f"{json.dumps(str(k), ensure_ascii=False)}:{json_stringify(v)}"
            for k, v in value.items()
            if v is not UNDEFINED
        ]
        return "{" + ",".join(parts) + "}"
    return "null"


def js_truthy(value: Any) -> bool:
    """`Boolean(value)`."""
    if value is None or value is UNDEFINED:
        return False
    if isinstance(value, bool):
        return value
    if is_number(value):
        number = _float(value)
        return not (number == 0 or math.isnan(number))
    if isinstance(value, str):
        return value != ""
    return True


def _primitive(value: Any) -> Any:
    return js_string(value) if isinstance(value, list | dict) else value


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def js_less(left: Any, right: Any, *, or_equal: bool = False) -> bool:
    """`left < right` (or `<=`) with JavaScript's abstract relational comparison."""
    a, b = _primitive(left), _primitive(right)
    if isinstance(a, str) and isinstance(b, str):
        return _utf16(a) <= _utf16(b) if or_equal else _utf16(a) < _utf16(b)
    x, y = js_number(a), js_number(b)
    if math.isnan(x) or math.isnan(y):
        return False
    return x <= y if or_equal else x < y


def js_equal(left: Any, right: Any) -> bool:
    """`left === right`: objects only equal to themselves."""
    if left is UNDEFINED or right is UNDEFINED:
        return left is right
    if left is None or right is None:
        return left is right
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) and is_number(right):
        return _float(left) == _float(right)
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    return left is right


def parse_regex_literal(text: str) -> tuple[str, str]:
    """`/source/flags` → (source, flags); other text is the source itself."""
    found = re.fullmatch(r"/(.*?)/([gimusy]*)", text, re.DOTALL)
    if found is None:
        return text, ""
    return found.group(1), found.group(2)


_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_"}


def _ascii_classes(source: str) -> str:
    """JavaScript's \\d and \\w (and \\D, \\W) match ASCII only; Python's match more."""
    out: list[str] = []
    in_set = False
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\" and position + 1 < len(source):
            escaped = source[position + 1]
            inner = _CLASSES.get(escaped.lower())
            if inner is None:
                out.append(source[position : position + 2])
            elif in_set:
                out.append(inner if escaped.islower() else source[position : position + 2])
            else:
                out.append(f"[{inner}]" if escaped.islower() else f"[^{inner}]")
            position += 2
            continue
        if char == "[" and not in_set:
            in_set = True
        elif char == "]" and in_set:
            in_set = False
        out.append(char)
        position += 1
    return "".join(out)


_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")
_NAMED_REF = re.compile(r"\\k<([A-Za-z_]\w*)>")


def js_regex_test(source: str, text: str, flags: str) -> bool:
    """`new RegExp(source, flags).test(text)`, translated to Python's engine.

    Raises:
        ValueError: The expression is not valid.
    """
    pattern = _NAMED_GROUP.sub("(?P<", _ascii_classes(source))
    pattern = _NAMED_REF.sub(r"(?P=\1)", pattern)
    options = 0
    if "i" in flags:
        options |= re.IGNORECASE
    if "m" in flags:
        options |= re.MULTILINE
    if "s" in flags:
        options |= re.DOTALL
    try:
        compiled = re.compile(pattern, options)
    except re.error as exc:
        raise ValueError(f"Invalid regular expression: /{source}/{flags}: {exc}") from None
    if "y" in flags:
        return compiled.match(text) is not None
    return compiled.search(text) is not None
