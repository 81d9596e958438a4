"""Values converted as JavaScript and n8n's field types convert them, for Edit Fields (Set).

`js_number`, `js_string`, `js_truthy` and `js_json` are JavaScript's Number(), String(),
`!!` and JSON.stringify(); `check_field` is how Edit Fields 3.x turns an assignment's
value into its declared type (string, number, boolean, array, object), version by version.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

from kflow.nodes.core.set_json import load_json, parse_js_object

__all__ = [
    "ConversionError",
    "check_field",
    "js_json",
    "js_number",
    "js_number_text",
    "js_string",
    "js_truthy",
    "value_description",
]

FIELD_TYPES = ("string", "number", "boolean", "array", "object")

_DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$")
_RADIX = {"0x": 16, "0o": 8, "0b": 2}
_JS_SPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
_JS_SPACE += "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


class ConversionError(ValueError):
    """A value that does not fit its field's type; `description` says how to fix it."""

    def __init__(self, message: str, description: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.description = description


def js_number(value: Any) -> int | float:
    """JavaScript's Number(value): text is read whole ("" is 0), anything else is NaN."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return js_number(js_string(value))
    if not isinstance(value, str):
        return math.nan
    text = value.strip(_JS_SPACE)
    if text == "":
        return 0
    if text in ("Infinity", "+Infinity"):
        return math.inf
    if text == "-Infinity":
        return -math.inf
    base = _RADIX.get(text[:2].lower())
    if base is not None:
        try:
            return int(text[2:], base)
        except ValueError:
            return math.nan
    if not _DECIMAL.match(text):
        return math.nan
    return js_double(float(text))


def js_double(number: float) -> int | float:
    """A double as JavaScript writes it: whole numbers below 1e21 as integers, with the
    digits JavaScript prints (so 2**64 is 18446744073709552000)."""
    if math.isfinite(number) and number.is_integer() and abs(number) < 1e21:
        return int(Decimal(repr(number)))
    return number


def js_number_text(number: float) -> str:
    """JavaScript's String() of a number."""
    if isinstance(number, int) and not isinstance(number, bool):
        number = float(number) if abs(number) >= 1e21 else number
        if isinstance(number, int):
            return str(number)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(number)).normalize().as_tuple()
    text = "".join(str(d) for d in digits)
    point = len(text) + int(exponent)  # where the decimal point sits in `text`
    minus = "-" if sign else ""
    if 0 < point <= 21:
        whole = text[:point] + "0" * max(0, point - len(text))
        rest = text[point:]
        return minus + whole + ("." + rest if rest else "")
    if -6 < point <= 0:
        return minus + "0." + "0" * -point + text
    mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
    power = point - 1
    return f"{minus}{mantissa}e{'+' if power > 0 else '-'}{abs(power)}"


def js_string(value: Any) -> str:
    """JavaScript's String(value) (None is "null"; an object is "[object Object]")."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return js_number_text(value)
    if isinstance(value, Decimal):
        return js_number_text(float(value))
    if isinstance(value, list):
        return ",".join("" if v is None else js_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def js_truthy(value: Any) -> bool:
    """JavaScript's `!!value`: "", 0, NaN and null are false; "false" and [] are true."""
    if value is None or value is False:
        return False
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return js_double(value) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return js_double(float(value))
    return value


def js_json(value: Any) -> str:
    """JavaScript's JSON.stringify(value), compact."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def value_description(value: Any) -> str:
    """How n8n names a value in a type error: 'text', array, object or 'null'."""
    if value is None:
        return "'null'"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return f"'{js_string(value)}'"


def check_field(
    name: str, kind: str, value: Any, *, version: float, lenient: bool, item_index: int
) -> Any:
    """An assignment's value as its type, the way Edit Fields `version` converts it.

    From 3.2 a null value stays null whatever the type; 3.1 refuses a null string, 3.0
    writes it "null". `lenient` (Ignore Type Conversion Errors) keeps a value that does
    not convert instead of failing.

    Raises:
        ConversionError: The value does not convert (n8n's message, with the item).
    """
    if version >= 3.2 and value is None:
        return None
    fix = (
        f'To fix the error try to change the type for the field "{name}" or activate the '
        "option “Ignore Type Conversion Errors” to apply a less strict type validation"
    )
    if kind == "string":
        if version > 3 and value is None:
            if lenient:
                return None
            raise ConversionError(
                f"'{name}' expects a {kind} but we got 'null' [item {item_index}]", fix
            )
        value = (
            js_json(value) if isinstance(value, dict | list) or value is None else js_string(value)
        )
        return value
    if value is None:
        return None
    try:
        return _as_type(kind, value)
    except ValueError:
        if lenient:
            return value
        raise ConversionError(
            f"'{name}' expects a {kind} but we got {value_description(value)} [item {item_index}]",
            fix,
        ) from None


def _as_type(kind: str, value: Any) -> Any:
    if kind == "number":
        number = js_number(value)
        if isinstance(number, float) and math.isnan(number):
            raise ValueError(kind)
        return js_double(number) if isinstance(number, float) else number
    if kind == "boolean":
        return _as_boolean(value)
    if kind == "array":
        return _as_array(value)
    if kind == "object":
        return _as_object(value)
    return value


def _as_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        if value.strip() == "":
            raise ValueError("boolean")
    number = js_number(value)
    if number == 0:
        return False
    if number == 1:
        return True
    raise ValueError("boolean")


def _as_array(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    text = js_string(value)
    for attempt in (text, text.replace("'", '"')):
        try:
            parsed = load_json(attempt)
        except ValueError:
            continue
        if isinstance(parsed, list):
            return parsed
        raise ValueError("array")
    raise ValueError("array")


def _as_object(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    text = js_string(value)
    try:
        parsed = load_json(text)
    except ValueError:
        parsed = parse_js_object(text)
    # JSON's null is an "object" to JavaScript, so the text "null" gives null.
    if parsed is not None and not isinstance(parsed, dict):
        raise ValueError("object")
    return parsed
