"""Money goes out as the exact decimal that came in: no rounding, no exponent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kflow.nodes.keitaro.handlers.money import money_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12345.67, "12345.67"),
        (1234567.891, "1234567.891"),
        ("1234567.891", "1234567.891"),
        ("0.123456789012345678901", "0.123456789012345678901"),
        (1e-7, "0.0000001"),
        (1e16, "10000000000000000"),
        (0, "0"),
        ("12.50", "12.5"),
        (Decimal("3.10"), "3.1"),
        (-0.0, "0"),
    ],
)
def test_amounts(value: object, text: str) -> None:
    assert money_text(value) == text


@pytest.mark.parametrize("value", [True, "1e6", "1,5", "abc", float("nan"), float("inf"), None])
def test_what_is_not_an_amount(value: object) -> None:
    with pytest.raises(ValueError):
        money_text(value)


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**15, places=8))
def test_decimal_strings_keep_every_digit(amount: Decimal) -> None:
    text = money_text(str(amount) if "E" not in str(amount) else format(amount, "f"))
    assert "e" not in text.lower()
    assert Decimal(text) == amount


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False, allow_infinity=False))
def test_numbers_go_out_as_written(amount: float) -> None:
    text = money_text(amount)
    assert "e" not in text.lower()
    assert float(text) == amount
    assert Decimal(text) == Decimal(repr(amount))
