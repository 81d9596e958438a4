"""Decimals reach JSON text exactly: the digits given, no rounding, no exponent."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kflow.host.jsontext import decimal_literal, dumps

DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=None)


@given(DECIMALS)
def test_any_decimal_round_trips_exactly(value: Decimal) -> None:
    text = dumps({"cost": value})
    assert "e" not in text.lower()
    assert json.loads(text, parse_float=Decimal, parse_int=Decimal)["cost"] == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12345.67"), "12345.67"),
        (Decimal("1234567.891"), "1234567.891"),
        (Decimal("1E+7"), "10000000"),
        (Decimal("0.0000001"), "0.0000001"),
        (Decimal("2.500"), "2.5"),
        (Decimal("-0"), "0"),
    ],
)
def test_literals(value: Decimal, text: str) -> None:
    assert decimal_literal(value) == text


def test_the_rest_is_plain_json() -> None:
    value = {"a": [1, 2.5, True, None, 'ф"x'], "b": {"c": Decimal("0.1")}}
    assert json.loads(dumps(value), parse_float=Decimal) == {
        "a": [1, Decimal("2.5"), True, None, 'ф"x'],
        "b": {"c": Decimal("0.1")},
    }
    with pytest.raises(ValueError):
        decimal_literal(Decimal("NaN"))
