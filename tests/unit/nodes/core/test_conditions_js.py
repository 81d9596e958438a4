"""JavaScript's conversions (conditions_js.py) and n8n's legacy comparisons."""

from __future__ import annotations

import math

import pytest

from kflow.nodes.core.conditions_dates import legacy_date_millis, parse_date_time
from kflow.nodes.core.conditions_legacy import LegacyError, compare, to_date_millis
from kflow.nodes.core.js_values import js_less, js_number, js_string, json_stringify


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (1e-6, "0.000001"),
        (10**23, "1e+23"),
        ([1, None, "a"], "1,,a"),
        ({"a": 1}, "[object Object]"),
        (True, "true"),
    ],
)
def test_js_string(value: object, text: str) -> None:
    assert js_string(value) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (" 10 ", 10.0),
        ("", 0.0),
        ("0x10", 16.0),
        ("1e1", 10.0),
        ("-0x10", math.nan),
        ("1,2", math.nan),
    ],
)
def test_js_number(text: str, number: float) -> None:
    found = js_number(text)
    assert (math.isnan(found) and math.isnan(number)) or found == number


def test_mixed_comparisons() -> None:
    assert js_less("10", 9) is False  # numeric when one side is a number
    assert js_less("10", "9") is True  # text against text compares code units
    assert js_less(None, 1) is True
    assert json_stringify({"a": [1.0, None, "ü"]}) == '{"a":[1,null,"ü"]}'


def test_legacy_operations() -> None:
    assert compare("smaller", None, 5)
    assert not compare("equal", "5", 5)
    assert compare("contains", 123, "2")
    assert compare("isEmpty", [], None)
    assert compare("regex", "Hello", "/^h/i")
    with pytest.raises(LegacyError, match="Cannot read properties of"):
        compare("endsWith", None, "x")


def test_dates() -> None:
    assert legacy_date_millis("2024-01-01") == 1704067200000
    assert legacy_date_millis("2024-01-01T00:00:00", "Europe/Berlin") == 1704063600000
    with pytest.raises(LegacyError, match="is not a valid DateTime"):
        to_date_millis("nope")
    moment = parse_date_time("2024-03-01 10:00:00")
    assert moment is not None and moment.timestamp() == 1709287200
    assert parse_date_time("nope") is None
