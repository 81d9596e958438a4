"""Validation of "ID Клика" and "Данные Клика"."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from kflow.host.errors import NodeOperationError
from kflow.nodes.keitaro.handlers.validation import (
    click_data,
    click_id,
    validate_click_data,
    validate_click_id,
)


def click_id_error(value: Any) -> str:
    with pytest.raises(NodeOperationError) as caught:
        validate_click_id(value, node="Keitaro", item_index=3)
    error = caught.value
    assert error.parameter == "ID Клика"
    assert error.item_index == 3
    return str(error)


def click_data_error(value: Any) -> str:
    with pytest.raises(NodeOperationError) as caught:
        validate_click_data(value, node="Keitaro", item_index=0)
    assert caught.value.parameter == "Данные Клика"
    return str(caught.value)


@pytest.mark.parametrize("value", [None, "", "   ", "\t"])
def test_missing_click_id(value: Any) -> None:
    assert "is required" in click_id_error(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a b", "spaces or control characters"),
        ("abc\r\nX-Evil: 1", "spaces or control characters"),
        ("../campaigns/1", "would change the request path"),
        ("..", "would change the request path"),
        ("a\\b", "would change the request path"),
        (["x"], "must be a string"),
        (True, "must be a string"),
    ],
)
def test_bad_click_ids(value: Any, message: str) -> None:
    text = click_id_error(value)
    assert message in text
    assert text.startswith('Keitaro: item 3: parameter "ID Клика" (clickId): ')


def test_good_click_ids_are_trimmed() -> None:
    assert (
        validate_click_id(" 51ts6sgr1cbkdhljnrv ", node="K", item_index=0) == "51ts6sgr1cbkdhljnrv"
    )
    assert validate_click_id(12345, node="K", item_index=0) == "12345"
    assert validate_click_id("a?b=c", node="K", item_index=0) == "a?b=c"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "is empty"),
        ("  ", "is empty"),
        (None, "is empty"),
        ('{"cost": 1,}', "is not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"cost": 1,}', "at line 1, column 12"),
        ('{\n  "cost" 1\n}', "at line 2, column 10"),
        ("[1, 2]", "must be a JSON object, not an array"),
        ('"cost"', "must be a JSON object, not a string"),
        ("12", "must be a JSON object, not a number"),
        ("{}", "empty object"),
        ('{"cots": 1}', 'unknown field "cots"'),
        ('{"cost": -1}', 'field "cost": -1 is not a non-negative number'),
        ('{"cost": "cheap"}', 'field "cost"'),
        ('{"sub_id_1": 5}', 'field "sub_id_1": 5 is not a string'),
        ('{"click_id": 5}', 'unknown field "click_id"'),
    ],
)
def test_bad_click_data(value: Any, message: str) -> None:
    assert message in click_data_error(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('{"cost": 0.5}', {"cost": 0.5}),
        ('{"cost": "0.5", "sub_id_30": "x"}', {"cost": "0.5", "sub_id_30": "x"}),
        ({"keyword": "shoes", "extra_param_10": ""}, {"keyword": "shoes", "extra_param_10": ""}),
    ],
)
def test_good_click_data(value: Any, expected: dict[str, Any]) -> None:
    assert validate_click_data(value, node="K", item_index=0) == expected


@pytest.mark.parametrize(
    "text",
    [
        '{"cost": 1.5',
        ' {"cost": 1} x',
        '{"cost": 1}{"cost": 2}',
        "{'cost': 1}",
        '{"cost": tru}',
        "\ufeff{}",
        "   ",
        '{"cost": 1,}',
    ],
)
def test_click_data_reports_the_parsers_own_error(text: str) -> None:
    try:
        json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        expected = f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    if not text.strip():
        expected = 'is empty: give a JSON object such as {"cost": 0.5}'
    with pytest.raises(ValueError) as caught:
        click_data(text)
    assert str(caught.value) == expected


@pytest.mark.parametrize("text", ['{"cost": 0.10}', ' {"cost": "1.50"} ', '\n{"keyword": "é"}'])
def test_click_data_parses_as_json_loads_with_exact_amounts(text: str) -> None:
    assert click_data(text) == json.loads(text, parse_float=Decimal)


def test_click_id_takes_letters_and_digits_as_they_are() -> None:
    assert click_id(" s000000001 ") == "s000000001"
    assert click_id(42) == "42"
