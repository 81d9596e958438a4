"""Loose tracker types are normalised on read."""

from __future__ import annotations

import json

from kflow.nodes.keitaro.handlers.normalize import normalize


def test_ids_become_integers_and_empty_ids_null() -> None:
    row = {"id": "12", "campaign_id": "3", "affiliate_network_id": "", "sub_id": "0123"}
    assert normalize(row) == {
        "id": 12,
        "campaign_id": 3,
        "affiliate_network_id": None,
        "sub_id": "0123",
    }


def test_money_and_measures_become_numbers() -> None:
    row = {"cost": "0.1200", "revenue": "28", "roi": "-12.5", "clicks": "40", "keyword": "10"}
    assert normalize(row) == {
        "cost": 0.12,
        "revenue": 28,
        "roi": -12.5,
        "clicks": 40,
        "keyword": "10",
    }


def test_parameters_json_string_even_twice_encoded() -> None:
    inner = {"keyword": {"name": "kw"}}
    once = json.dumps(inner)
    assert normalize({"parameters": once})["parameters"] == inner
    assert normalize({"parameters": json.dumps(once)})["parameters"] == inner
    assert normalize({"parameters": "not json"})["parameters"] == "not json"


def test_nested_values_and_lists() -> None:
    data = [{"offers": [{"offer_id": "5", "share": "100"}]}, "x", 3]
    assert normalize(data) == [{"offers": [{"offer_id": 5, "share": 100}]}, "x", 3]


def test_non_numeric_strings_are_left_alone() -> None:
    assert normalize({"cost": "n/a", "id": "abc"}) == {"cost": "n/a", "id": "abc"}
