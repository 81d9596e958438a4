"""Money amounts as exact decimal text: never rounded, never written with an exponent."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from kflow.nodes.keitaro.handlers.wording import shown

__all__ = ["money_text"]

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*,\d+|[+-]?\d+,\d+")


def money_text(value: Any) -> str:
    """The amount as plain decimal text (`12345.67`, `1234567.891`, `0.0000001`).

    A number is read by the shortest text that gives it back (what was written, not the
    float's binary expansion); a decimal string is kept digit for digit. Trailing zeros
    after the point are dropped.

    Raises:
        ValueError: Not a finite decimal number (booleans, NaN, exponents in text, words).
    """
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        try:
            amount = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{shown(value)} is not a decimal number") from None
    elif isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        fixed = "".join(value.split()).replace(",", ".")
        raise ValueError(
            f"{shown(value)} is written with a decimal comma; an amount takes a point and no "
            f"spaces ({fixed}), e.g. "
            "{{ $json.cost.replace(/\\s/g, '').replace(',', '.') }}"
        )
    else:
        raise ValueError(f"{shown(value)} is not a decimal number")
    if not amount.is_finite():
        raise ValueError("not a finite number")
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "+0", "") else text.lstrip("+")
