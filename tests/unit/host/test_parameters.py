"""Parameter resolution: defaults for visible parameters, hidden ones dropped, text read by type."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host.descriptors import NodeDescription
from kflow.host.errors import NodeOperationError
from kflow.host.parameters import resolve_parameters

DESCRIPTION = NodeDescription.model_validate(
    {
        "displayName": "Demo",
        "name": "demo",
        "description": "a node for tests",
        "properties": [
            {
                "displayName": "Resource",
                "name": "resource",
                "type": "options",
                "default": "a",
                "options": [{"name": "A", "value": "a"}, {"name": "B", "value": "b"}],
            },
            {
                "displayName": "Limit",
                "name": "limit",
                "type": "number",
                "default": 50,
                "displayOptions": {"show": {"resource": ["a"]}},
            },
            {
                "displayName": "Return All",
                "name": "returnAll",
                "type": "boolean",
                "default": False,
                "displayOptions": {"show": {"resource": ["b"]}},
            },
            {
                "displayName": "Only with all",
                "name": "pageSize",
                "type": "number",
                "default": 100,
                "displayOptions": {"show": {"resource": ["b"], "returnAll": [True]}},
            },
            {
                "displayName": "Fields",
                "name": "fields",
                "type": "multiOptions",
                "default": [],
                "options": [{"name": "X", "value": "x"}, {"name": "Y", "value": "y"}],
            },
            {
                "displayName": "Additional Fields",
                "name": "additionalFields",
                "type": "collection",
                "default": {},
                "options": [
                    {"displayName": "Note", "name": "note", "type": "string", "default": ""},
                    {"displayName": "Count", "name": "count", "type": "number", "default": 1},
                ],
            },
            {
                "displayName": "Sort",
                "name": "sort",
                "type": "fixedCollection",
                "default": {},
                "typeOptions": {"multipleValues": True},
                "options": [
                    {
                        "name": "rules",
                        "displayName": "Rules",
                        "values": [
                            {
                                "displayName": "Name",
                                "name": "name",
                                "type": "string",
                                "default": "",
                            },
                            {
                                "displayName": "Order",
                                "name": "order",
                                "type": "options",
                                "default": "ASC",
                                "options": [
                                    {"name": "Asc", "value": "ASC"},
                                    {"name": "Desc", "value": "DESC"},
                                ],
                            },
                        ],
                    }
                ],
            },
            {"displayName": "Note", "name": "notice", "type": "notice", "default": ""},
        ],
    }
)


def resolve(values: dict[str, Any]) -> dict[str, Any]:
    return resolve_parameters(DESCRIPTION, values, node_name="Demo")


def test_defaults_fill_visible_parameters_only() -> None:
    assert resolve({}) == {
        "resource": "a",
        "limit": 50,
        "fields": [],
        "additionalFields": {},
        "sort": {},
    }


def test_hidden_parameters_are_dropped() -> None:
    resolved = resolve({"resource": "b", "limit": 10})
    assert "limit" not in resolved
    assert resolved["returnAll"] is False
    assert "pageSize" not in resolved


def test_visibility_follows_other_parameters() -> None:
    assert resolve({"resource": "b", "returnAll": True})["pageSize"] == 100


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"limit": "10"}, {"limit": 10}),
        ({"limit": "2.5"}, {"limit": 2.5}),
        ({"resource": "b", "returnAll": "true"}, {"returnAll": True}),
        ({"resource": "b", "returnAll": "no"}, {"returnAll": False}),
        ({"fields": "x, y"}, {"fields": ["x", "y"]}),
        ({"fields": '["y"]'}, {"fields": ["y"]}),
        ({"additionalFields": '{"count": "3"}'}, {"additionalFields": {"count": 3}}),
    ],
)
def test_text_values_are_read_as_their_type(
    values: dict[str, Any], expected: dict[str, Any]
) -> None:
    resolved = resolve(values)
    for key, value in expected.items():
        assert resolved[key] == value


def test_explicit_false_and_zero_are_kept() -> None:
    assert resolve({"limit": 0})["limit"] == 0


def test_collection_keeps_only_given_fields() -> None:
    assert resolve({"additionalFields": {"note": "hi"}})["additionalFields"] == {"note": "hi"}


def test_fixed_collection_rows_get_defaults() -> None:
    resolved = resolve({"sort": {"rules": [{"name": "cost"}, {"name": "id", "order": "DESC"}]}})
    assert resolved["sort"] == {
        "rules": [{"name": "cost", "order": "ASC"}, {"name": "id", "order": "DESC"}]
    }


def test_expressions_pass_through_untouched() -> None:
    assert resolve({"limit": "={{ $json.n }}"})["limit"] == "={{ $json.n }}"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"nope": 1}, 'unknown parameter "nope"'),
        ({"resource": "c"}, '"c" is not one of: a, b'),
        ({"limit": "many"}, '"many" is not a number'),
        ({"resource": "b", "returnAll": "maybe"}, "is not true or false"),
        ({"fields": ["z"]}, '"z" is not one of: x, y'),
        ({"additionalFields": {"other": 1}}, 'has no field "other"'),
        ({"additionalFields": "{bad"}, "is not valid JSON"),
        ({"sort": {"columns": []}}, 'has no group "columns"'),
    ],
)
def test_bad_values_name_the_parameter(values: dict[str, Any], message: str) -> None:
    with pytest.raises(NodeOperationError) as caught:
        resolve(values)
    assert message in str(caught.value)
    assert str(caught.value).startswith("Demo: ")


def test_number_text_that_a_float_cannot_hold_stays_exact() -> None:
    from decimal import Decimal

    description = NodeDescription.model_validate(
        {
            "displayName": "T",
            "name": "t",
            "description": "t",
            "version": 1,
            "properties": [
                {"displayName": "Amount", "name": "amount", "type": "number", "default": 0}
            ],
        }
    )
    read = lambda text: resolve_parameters(description, {"amount": text}, node_name="T")  # noqa: E731
    assert read("12.5")["amount"] == 12.5 and isinstance(read("12.5")["amount"], float)
    assert read("7")["amount"] == 7
    assert read("1234567890123456.78")["amount"] == Decimal("1234567890123456.78")


_TYPED = NodeDescription.model_validate(
    {
        "displayName": "Typed",
        "name": "typed",
        "description": "one property of each type",
        "properties": [
            {"displayName": "S", "name": "s", "type": "string", "default": ""},
            {"displayName": "J", "name": "j", "type": "json", "default": "{}"},
            {"displayName": "D", "name": "d", "type": "dateTime", "default": ""},
            {"displayName": "N", "name": "n", "type": "number", "default": 0},
            {"displayName": "B", "name": "b", "type": "boolean", "default": False},
            {
                "displayName": "O",
                "name": "o",
                "type": "options",
                "default": "x",
                "options": [{"name": "X", "value": "x"}, {"name": "Y", "value": "y"}],
            },
            {
                "displayName": "M",
                "name": "m",
                "type": "multiOptions",
                "default": [],
                "options": [{"name": "X", "value": "x"}, {"name": "Y", "value": "y"}],
            },
            {
                "displayName": "C",
                "name": "c",
                "type": "collection",
                "default": {},
                "options": [{"displayName": "K", "name": "k", "type": "string", "default": ""}],
            },
        ],
    }
)


@pytest.mark.parametrize("name", ["s", "j", "d", "n", "b", "o", "m", "c"])
@pytest.mark.parametrize("text", [" padded ", "12", "1.50", "y", "x,y", "true", '{"k": "v"}'])
def test_an_evaluated_text_is_read_as_its_property_says(name: str, text: str) -> None:
    """Per item, text from an expression is read as the full reading would read it (the
    quick way for text that stays text gives the same value, and the same errors). Blank
    text has its own message (the expression gave nothing), tested with the errors."""
    from kflow.host.parameters import _Reader, apply_values

    resolved = resolve_parameters(_TYPED, {}, node_name="T")
    prop = next(p for p in _TYPED.properties if p.name == name)

    def outcome(read: Any) -> Any:
        try:
            return ("value", read())
        except NodeOperationError as error:
            return ("error", str(error))

    quick = outcome(lambda: apply_values(_TYPED, resolved, {name: text}, node_name="T")[name])
    full = outcome(lambda: _Reader("T", 1.0, resolved, None).read(prop, text, (name,)))
    assert quick == full
