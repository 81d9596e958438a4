"""displayOptions semantics, case by case against n8n's rules."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host.descriptors import DisplayOptions
from kflow.host.display import is_displayed


def shown(display: dict[str, Any], values: dict[str, Any], **kw: Any) -> bool:
    return is_displayed(DisplayOptions.model_validate(display), values, **kw)


def test_no_display_options_is_always_shown() -> None:
    assert is_displayed(None, {})


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"resource": "click", "operation": "update"}, True),
        ({"resource": "click", "operation": "getLog"}, False),
        ({"resource": "campaign", "operation": "update"}, False),
        ({"resource": "click"}, False),
    ],
)
def test_show_requires_every_key_to_match(values: dict[str, Any], expected: bool) -> None:
    display = {"show": {"resource": ["click"], "operation": ["update"]}}
    assert shown(display, values) is expected


def test_show_key_matches_any_listed_value() -> None:
    display = {"show": {"operation": ["get", "update"]}}
    assert shown(display, {"operation": "update"})
    assert not shown(display, {"operation": "delete"})


def test_hide_when_any_key_matches() -> None:
    display = {"hide": {"a": [1], "b": [2]}}
    assert not shown(display, {"a": 1, "b": 0})
    assert not shown(display, {"a": 0, "b": 2})
    assert shown(display, {"a": 0, "b": 0})


def test_hide_ignores_absent_values() -> None:
    assert shown({"hide": {"a": [1]}}, {})


def test_show_then_hide() -> None:
    display = {"show": {"a": [1]}, "hide": {"b": [True]}}
    assert shown(display, {"a": 1, "b": False})
    assert not shown(display, {"a": 1, "b": True})
    assert not shown(display, {"a": 2, "b": False})


def test_expression_in_control_keeps_field_visible() -> None:
    assert shown({"show": {"resource": ["click"]}}, {"resource": "={{ $json.r }}"})


def test_multi_options_match_element_wise() -> None:
    display = {"show": {"fields": ["cost"]}}
    assert shown(display, {"fields": ["sub_id", "cost"]})
    assert not shown(display, {"fields": ["sub_id"]})


def test_values_compare_by_deep_equality() -> None:
    assert shown({"show": {"x": [{"a": [1]}]}}, {"x": {"a": [1]}})


def test_slash_key_reads_root_values() -> None:
    display = {"show": {"/resource": ["click"]}}
    assert shown(display, {}, root={"resource": "click"})
    assert not shown(display, {"resource": "click"}, root={"resource": "campaign"})


def test_resource_locator_is_unwrapped() -> None:
    value = {"__rl": True, "mode": "id", "value": "click"}
    assert shown({"show": {"resource": ["click"]}}, {"resource": value})


@pytest.mark.parametrize(
    ("condition", "version", "expected"),
    [
        ({"gte": 2}, 1, False),
        ({"gte": 2}, 2.1, True),
        ({"lt": 2}, 1, True),
        ({"between": {"from": 1, "to": 2}}, 1.5, True),
        ({"eq": 3}, 3, True),
        ({"not": 3}, 3, False),
    ],
)
def test_version_conditions(condition: dict[str, Any], version: float, expected: bool) -> None:
    display = {"show": {"@version": [{"_cnd": condition}]}}
    assert shown(display, {}, version=version) is expected


@pytest.mark.parametrize(
    ("condition", "value", "expected"),
    [
        ({"startsWith": "sub"}, "sub_id_1", True),
        ({"endsWith": "_1"}, "sub_id_2", False),
        ({"includes": "id"}, "sub_id_1", True),
        ({"regex": "^sub_id_[0-9]+$"}, "sub_id_12", True),
        ({"exists": True}, "x", True),
        ({"exists": True}, "", False),
    ],
)
def test_string_conditions(condition: dict[str, Any], value: Any, expected: bool) -> None:
    assert shown({"show": {"f": [{"_cnd": condition}]}}, {"f": value}) is expected


def test_condition_on_absent_value() -> None:
    assert not shown({"show": {"f": [{"_cnd": {"exists": True}}]}}, {})
    assert shown({"show": {"f": [{"_cnd": {"not": "x"}}]}}, {})
