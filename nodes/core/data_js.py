"""JavaScript's and lodash's value semantics, as n8n's data nodes compare and print values.

Items hold JSON values; `UNDEFINED` stands for JavaScript's `undefined` (a missing field).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

__all__ = [
    "UNDEFINED",
    "is_equal",
    "js_lt",
    "js_number_text",
    "js_string",
    "js_stringify",
    "js_typeof",
    "lodash_lt",
    "lodash_to_number",
    "path_get",
    "path_parts",
    "path_set",
    "path_unset",
    "same_value_key",
]


class _Undefined:
    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Any = _Undefined()

_PART = re.compile(
    r"[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|([\"'])((?:(?!\2)[^\\]|\\.)*?)\2)\]"
    r"|(?=(?:\.|\[\])(?:\.|\[\]|$))"
)


def path_parts(path: str) -> list[str]:
    """lodash's `toPath` of a string: `a.b[0]["c.d"]` → a, b, 0, c.d."""
    parts: list[str] = []
    if path.startswith("."):
        parts.append("")
    for match in _PART.finditer(path):
        number, quote, quoted = match.group(1), match.group(2), match.group(3)
        if quote:
            parts.append(re.sub(r"\\(\\)?", r"\1", quoted))
        elif number is not None:
            parts.append(number)
        else:
            parts.append(match.group(0))
    return parts


def _is_key(path: str, data: Any) -> bool:
    if isinstance(data, dict) and path in data:
        return True
    return not re.search(r"\.|\[(?:[^[\]]*|([\"'])(?:(?!\1)[^\\]|\\.)*?\1)\]", path)


def _child(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return value.get(key, UNDEFINED)
    if isinstance(value, list):
        if key.isdigit() and int(key) < len(value):
            return value[int(key)]
        if key == "length":
            return len(value)
        return UNDEFINED
    if isinstance(value, str) and key == "length":
        return len(value)
    if isinstance(value, str) and key.isdigit() and int(key) < len(value):
        return value[int(key)]
    return UNDEFINED


def _keys(path: str, data: Any) -> list[str]:
    return [path] if _is_key(path, data) else path_parts(path)


def path_get(data: Any, path: str) -> Any:
    """lodash `get(data, path)`: a literal key first, else the dotted/bracketed path."""
    current = data
    for key in _keys(path, data):
        if current is None or current is UNDEFINED:
            return UNDEFINED
        current = _child(current, key)
    return current


def path_set(data: dict[str, Any], path: str, value: Any) -> None:
    """lodash `set`: creates objects (or lists, before an index) on the way."""
    keys = _keys(path, data)
    current: Any = data
    for position, key in enumerate(keys):
        last = position == len(keys) - 1
        if isinstance(current, list) and key.isdigit():
            index = int(key)
            while len(current) <= index:
                current.append(None)
            if last:
                current[index] = value
                return
            if not isinstance(current[index], (dict, list)):
                current[index] = [] if keys[position + 1].isdigit() else {}
            current = current[index]
            continue
        if not isinstance(current, dict):
            return
        if last:
            current[key] = value
            return
        if not isinstance(current.get(key), (dict, list)):
            current[key] = [] if keys[position + 1].isdigit() else {}
        current = current[key]


def path_unset(data: Any, path: str) -> None:
    """lodash `unset`: removes the last key of the path, if its parent exists."""
    keys = _keys(path, data)
    parent = data
    for key in keys[:-1]:
        parent = _child(parent, key)
        if parent is UNDEFINED or parent is None:
            return
    if isinstance(parent, dict):
        parent.pop(keys[-1], None)
    elif isinstance(parent, list) and keys[-1].isdigit() and int(keys[-1]) < len(parent):
        parent[int(keys[-1])] = None


def js_typeof(value: Any) -> str:
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "object"


def is_equal(a: Any, b: Any) -> bool:
    """lodash `isEqual`: deep, type-strict (true is not 1), NaN equals NaN."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or (a != a and b != b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(is_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(is_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return a is b


def js_number_text(number: float) -> str:
    """JavaScript's Number → String."""
    if isinstance(number, int) and not isinstance(number, bool):
        number = float(number) if abs(number) >= 2**53 else number
        if isinstance(number, int):
            return str(number)
    if number != number:
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    sign = "-" if number < 0 else ""
    digits, exponent = _shortest(abs(number))
    point = exponent + 1
    if len(digits) <= point <= 21:
        return sign + digits + "0" * (point - len(digits))
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * (-point) + digits
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mantissa}e{'+' if point - 1 >= 0 else '-'}{abs(point - 1)}"


def _shortest(number: float) -> tuple[str, int]:
    text = repr(number)
    mantissa, _, exp = text.partition("e")
    exponent = int(exp) if exp else 0
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    leading = len(whole) - 1 if whole != "0" else -(len(fraction) - len(fraction.lstrip("0")) + 1)
    digits = digits.rstrip("0") or "0"
    return digits, exponent + leading


def js_stringify(value: Any) -> str:
    """JSON.stringify, compact, numbers written as JavaScript writes them."""
    if value is UNDEFINED:
        return "undefined"
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number_text(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(js_stringify(None if v is UNDEFINED else v) for v in value) + "]"
    if isinstance(value, dict):
        parts = [
            f"{json.dumps(str(k), ensure_ascii=False)}:{js_stringify(v)}"
            for k, v in value.items()
            if v is not UNDEFINED
        ]
        return "{" + ",".join(parts) + "}"
    return json.dumps(value, ensure_ascii=False, default=str)


def js_string(value: Any) -> str:
    """JavaScript's String(value)."""
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join("" if v is None or v is UNDEFINED else js_string(v) for v in value)
    return "[object Object]"


_INT_TEXT = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def _string_number(text: str) -> float:
    stripped = text.strip()
    if not stripped:
        return 0.0
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if stripped.lower().startswith(prefix):
            try:
                return float(int(stripped[2:], base))
            except ValueError:
                return math.nan
    if stripped in ("Infinity", "+Infinity"):
        return math.inf
    if stripped == "-Infinity":
        return -math.inf
    if _INT_TEXT.match(stripped):
        return float(stripped)
    return math.nan


def _to_number(value: Any) -> float:
    """JavaScript's ToNumber of a primitive."""
    if value is UNDEFINED:
        return math.nan
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return _string_number(value)
    return _string_number(js_string(value))


def lodash_to_number(value: Any) -> float:
    """lodash `toNumber` (objects through their string form)."""
    return _to_number(value)


def _primitive(value: Any) -> Any:
    return js_string(value) if isinstance(value, (dict, list)) else value


def js_lt(a: Any, b: Any) -> bool:
    """JavaScript's `a < b` (strings by UTF-16 code units, else as numbers)."""
    a, b = _primitive(a), _primitive(b)
    if isinstance(a, str) and isinstance(b, str):
        return a.encode("utf-16-be") < b.encode("utf-16-be")
    return _to_number(a) < _to_number(b)


def lodash_lt(a: Any, b: Any) -> bool:
    """lodash `lt`: two strings compare as strings, anything else as numbers."""
    if isinstance(a, str) and isinstance(b, str):
        return a.encode("utf-16-be") < b.encode("utf-16-be")
    return _to_number(a) < _to_number(b)


def same_value_key(value: Any) -> Any:
    """A key equal for values a JavaScript Set or Map holds as one (objects by identity)."""
    if value is UNDEFINED:
        return ("undefined",)
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, (int, float)):
        return ("number", float(value) if value == value else "NaN")
    if isinstance(value, str):
        return ("string", value)
    return ("object", id(value))
