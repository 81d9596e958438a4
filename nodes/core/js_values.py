"""JavaScript's value semantics for the JSON values items hold: the one place nodes get them.

`UNDEFINED` stands for JavaScript's `undefined` (a field the item does not have); None is
null. Numbers may be int, float or Decimal; booleans are never numbers.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

__all__ = [
    "UNDEFINED",
    "is_equal",
    "is_integer",
    "is_number",
    "js_equal",
    "js_less",
    "js_lt",
    "js_number",
    "js_string",
    "js_truthy",
    "js_typeof",
    "json_stringify",
    "lodash_lt",
    "number_text",
    "same_value_key",
]


class _Undefined:
    """JavaScript's undefined: falsy, and only equal to itself."""

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()

_JS_SPACE = (
    " \t\n\r\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_BASES = {"x": 16, "o": 8, "b": 2}


def is_number(value: Any) -> bool:
    """Whether `typeof value === 'number'`."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def is_integer(value: float) -> bool:
    """`Number.isInteger`."""
    return math.isfinite(value) and value == math.floor(value)


def js_typeof(value: Any) -> str:
    """`typeof value` (null, lists and objects are "object")."""
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def js_truthy(value: Any) -> bool:
    """`Boolean(value)`: "", 0, NaN, null and undefined are false; "false" and [] are true."""
    if value is None or value is UNDEFINED:
        return False
    if isinstance(value, bool):
        return value
    if is_number(value):
        number = float(value)
        return not (number == 0 or math.isnan(number))
    if isinstance(value, str):
        return value != ""
    return True


def _text_number(text: str) -> float:
    text = text.strip(_JS_SPACE)
    if not text:
        return 0.0
    if text in ("Infinity", "+Infinity"):
        return math.inf
    if text == "-Infinity":
        return -math.inf
    if _DECIMAL.fullmatch(text):
        return float(text)
    if _RADIX.fullmatch(text):
        return float(int(text[2:], _BASES[text[1].lower()]))
    return math.nan


def js_number(value: Any) -> float:
    """`Number(value)` (also lodash's `toNumber`): NaN where JavaScript gives NaN."""
    if value is None:
        return 0.0
    if value is UNDEFINED:
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if is_number(value):
        return float(value)
    if isinstance(value, str):
        return _text_number(value)
    if isinstance(value, list):
        return _text_number(js_string(value))
    return math.nan


def number_text(number: float, *, exact_integers: bool = False) -> str:
    """`String(number)`: the shortest round-trip digits, placed as ECMAScript places them.

    A Python int is a double to JavaScript (2**60 prints as 1152921504606847000);
    `exact_integers` instead writes ints below 1e21 with all their digits.
    """
    limit = 10**21 if exact_integers else 2**53
    if isinstance(number, int) and not isinstance(number, bool) and abs(number) < limit:
        return str(number)
    number = float(number)
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


def js_string(value: Any, *, exact_integers: bool = False) -> str:
    """`String(value)` (see `number_text` for `exact_integers`)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_text(value, exact_integers=exact_integers)
    if isinstance(value, list):
        return ",".join(
            "" if v is None or v is UNDEFINED else js_string(v, exact_integers=exact_integers)
            for v in value
        )
    return "[object Object]"


def json_stringify(
    value: Any, *, undefined: str = "undefined", exact_integers: bool = False
) -> str:
    """`JSON.stringify(value)`, compact, numbers written as JavaScript writes them.

    `undefined` is the text for a top-level undefined (JavaScript returns no string at all;
    `String()` of that is "undefined", some n8n code paths give "null").
    """
    if value is UNDEFINED:
        return undefined
    if value is None or (is_number(value) and not math.isfinite(float(value))):
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        return number_text(value, exact_integers=exact_integers)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return (
            "["
            + ",".join(
                json_stringify(v, undefined="null", exact_integers=exact_integers) for v in value
            )
            + "]"
        )
    if isinstance(value, dict):
        parts = [
            f"{json.dumps(str(k), ensure_ascii=False)}:"
            + json_stringify(v, exact_integers=exact_integers)
            for k, v in value.items()
            if v is not UNDEFINED
        ]
        return "{" + ",".join(parts) + "}"
    return "null"


def is_equal(a: Any, b: Any) -> bool:
    """lodash `isEqual`: deep, type-strict (true is not 1), NaN equals NaN."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return a == b or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(is_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(is_equal, a, b))
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return a is b


def js_equal(left: Any, right: Any) -> bool:
    """`left === right`: objects only equal to themselves."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if is_number(left) and is_number(right):
        return float(left) == float(right)
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    return left is right


def _primitive(value: Any) -> Any:
    return js_string(value) if isinstance(value, list | dict) else value


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def lodash_lt(a: Any, b: Any) -> bool:
    """lodash `lt`: two strings compare by UTF-16 code units, anything else as numbers."""
    if isinstance(a, str) and isinstance(b, str):
        return _utf16(a) < _utf16(b)
    return js_number(a) < js_number(b)


def js_less(left: Any, right: Any, *, or_equal: bool = False) -> bool:
    """`left < right` (or `<=`) with JavaScript's abstract relational comparison."""
    a, b = _primitive(left), _primitive(right)
    if isinstance(a, str) and isinstance(b, str):
        return _utf16(a) <= _utf16(b) if or_equal else _utf16(a) < _utf16(b)
    x, y = js_number(a), js_number(b)
    return x <= y if or_equal else x < y


def js_lt(a: Any, b: Any) -> bool:
    """`a < b`."""
    return js_less(a, b)


def same_value_key(value: Any) -> Any:
    """A key equal for values a JavaScript Set or Map holds as one (objects by identity)."""
    if value is UNDEFINED:
        return ("undefined",)
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("boolean", value)
    if is_number(value):
        return ("number", float(value) if value == value else "NaN")
    if isinstance(value, str):
        return ("string", value)
    return ("object", id(value))
