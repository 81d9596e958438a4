"""JavaScript's number rules, as n8n's Date & Time node meets them: Number(), toString()."""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["is_integer", "js_number", "js_string", "number_text"]

_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_RADIX = re.compile(r"0([xXoObB])([0-9a-fA-F]+)")
_JS_SPACE = " \t\n\r\v\f\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)


def js_number(value: Any) -> float:
    """`Number(value)`: NaN where JavaScript gives NaN."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        if not value:
            return 0.0
        return js_number(js_string(value[0])) if len(value) == 1 else math.nan
    if isinstance(value, str):
        return _string_number(value)
    return math.nan


def _string_number(text: str) -> float:
    text = text.strip(_JS_SPACE)
    if not text:
        return 0.0
    if text in ("Infinity", "+Infinity"):
        return math.inf
    if text == "-Infinity":
        return -math.inf
    if _DECIMAL.fullmatch(text):
        return float(text)
    radix = _RADIX.fullmatch(text)
    if radix:
        base = {"x": 16, "o": 8, "b": 2}[radix.group(1).lower()]
        try:
            return float(int(radix.group(2), base))
        except ValueError:
            return math.nan
    return math.nan


def is_integer(value: float) -> bool:
    """`Number.isInteger`."""
    return math.isfinite(value) and value == math.floor(value)


def number_text(value: float) -> str:
    """A number as JavaScript writes it (`String(n)`)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    if is_integer(value) and abs(value) < 1e21:
        return str(int(value))
    digits, exponent = _shortest(abs(value))
    sign = "-" if value < 0 else ""
    k = len(digits)
    n = exponent + k
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    power = n - 1
    return f"{sign}{mantissa}e{'+' if power >= 0 else '-'}{abs(power)}"


def _shortest(value: float) -> tuple[str, int]:
    """The shortest round-trip digits of a positive float and their decimal exponent."""
    mantissa, _, power = repr(value).partition("e")
    whole, _, fraction = mantissa.partition(".")
    stripped = (whole + fraction).lstrip("0")
    digits = stripped.rstrip("0") or "0"
    trailing = len(stripped) - len(digits)
    return digits, (int(power) if power else 0) - len(fraction) + trailing


def js_string(value: Any) -> str:
    """`String(value)` for JSON values."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join("" if v is None else js_string(v) for v in value)
    return "[object Object]"
