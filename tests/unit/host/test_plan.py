"""ParameterPlan: parameters resolved once, and required ones enforced per item."""

from __future__ import annotations

import re

import pytest

from kflow.host.descriptors import NodeDescription
from kflow.host.errors import NodeOperationError
from kflow.host.expressions import Evaluator, ExpressionScope
from kflow.host.plan import ParameterPlan

DESCRIPTION = NodeDescription.model_validate(
    {
        "displayName": "T",
        "name": "t",
        "version": 1,
        "description": "test node",
        "defaults": {"name": "T"},
        "properties": [
            {
                "displayName": "Mode",
                "name": "mode",
                "type": "options",
                "default": "a",
                "options": [{"name": "A", "value": "a"}, {"name": "B", "value": "b"}],
            },
            {
                "displayName": "Target",
                "name": "target",
                "type": "string",
                "default": "",
                "required": True,
                "displayOptions": {"show": {"mode": ["a"]}},
            },
            {
                "displayName": "Target (optional)",
                "name": "target",
                "type": "string",
                "default": "",
                "displayOptions": {"show": {"mode": ["b"]}},
            },
        ],
    }
)


def scopes(*jsons: dict[str, object]) -> list[ExpressionScope]:
    items = [{"json": j} for j in jsons]
    return [ExpressionScope(items=items, index=i) for i in range(len(items))]  # type: ignore[arg-type]


def test_a_required_parameter_left_empty_is_refused_per_item() -> None:
    plan = ParameterPlan.build(DESCRIPTION, {"target": "={{ $json.t }}"}, node="T")
    first, second = plan.for_items(Evaluator(), scopes({"t": "x"}, {"t": " "}))
    assert first == {"mode": "a", "target": "x"}
    assert isinstance(second, NodeOperationError)
    assert str(second).startswith(
        'T: item 1: parameter "Target" (target): the expression {{ $json.t }} gave an empty string'
    )


def test_a_literal_empty_value_is_refused_for_every_item() -> None:
    plan = ParameterPlan.build(DESCRIPTION, {}, node="T")
    expected = 'item 0: parameter "Target" (target): is required'
    with pytest.raises(NodeOperationError, match=re.escape(expected)):
        plan.for_item(Evaluator(), scopes({})[0])


def test_a_name_that_is_optional_in_this_display_is_not_required() -> None:
    plan = ParameterPlan.build(DESCRIPTION, {"mode": "b"}, node="T")
    assert plan.for_item(Evaluator(), scopes({})[0]) == {"mode": "b", "target": ""}


def test_plans_are_kept_for_the_same_node_and_parameters() -> None:
    first = ParameterPlan.build(DESCRIPTION, {"mode": "b", "target": "x"}, node="T")
    again = ParameterPlan.build(DESCRIPTION, {"mode": "b", "target": "x"}, node="T")
    other = ParameterPlan.build(DESCRIPTION, {"mode": "b", "target": "y"}, node="T")
    renamed = ParameterPlan.build(DESCRIPTION, {"mode": "b", "target": "x"}, node="U")
    assert again is first
    assert other is not first and other.resolved["target"] == "y"
    assert renamed.node == "U"


def test_a_bad_parameter_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(NodeOperationError, match="unknown"):
            ParameterPlan.build(DESCRIPTION, {"nope": 1}, node="T")


def test_a_required_parameter_without_expressions_left_empty_is_refused_for_every_item() -> None:
    """Values without expressions are checked as they are for every item, in the order of
    the required parameters, alongside those with expressions."""
    description = NodeDescription.model_validate(
        {
            "displayName": "T",
            "name": "t",
            "version": 1,
            "description": "test node",
            "defaults": {"name": "T"},
            "properties": [
                {
                    "displayName": "First",
                    "name": "first",
                    "type": "string",
                    "default": "",
                    "required": True,
                },
                {
                    "displayName": "Second",
                    "name": "second",
                    "type": "string",
                    "default": "",
                    "required": True,
                },
            ],
        }
    )
    plan = ParameterPlan.build(description, {"first": " ", "second": "={{ $json.s }}"}, node="T")
    found = plan.for_items(Evaluator(), scopes({"s": "x"}, {"s": "y"}))
    assert [type(f) for f in found] == [NodeOperationError, NodeOperationError]
    assert [(f.parameter_name, f.item_index) for f in found] == [("first", 0), ("first", 1)]  # type: ignore[union-attr]
    plan = ParameterPlan.build(description, {"first": "a", "second": "={{ $json.s }}"}, node="T")
    assert plan.for_items(Evaluator(), scopes({"s": "x"}))[0] == {"first": "a", "second": "x"}
