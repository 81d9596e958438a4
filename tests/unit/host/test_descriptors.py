"""Descriptor models: n8n field names, option parsing by type, credential types."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kflow.host.descriptors import (
    FixedCollectionGroup,
    NodeProperty,
    PropertyOption,
    show_for,
)


def test_options_are_parsed_by_property_type() -> None:
    prop = NodeProperty.model_validate(
        {
            "displayName": "Op",
            "name": "operation",
            "type": "options",
            "default": "get",
            "options": [{"name": "Get", "value": "get"}],
        }
    )
    assert isinstance(prop.options and prop.options[0], PropertyOption)
    fixed = NodeProperty.model_validate(
        {
            "displayName": "Filters",
            "name": "filters",
            "type": "fixedCollection",
            "default": {},
            "options": [{"name": "f", "displayName": "F", "values": []}],
        }
    )
    assert isinstance(fixed.options and fixed.options[0], FixedCollectionGroup)


def test_default_must_be_one_of_the_options() -> None:
    with pytest.raises(ValidationError, match="is not an option"):
        NodeProperty.model_validate(
            {
                "displayName": "Op",
                "name": "operation",
                "type": "options",
                "default": "read",
                "options": [{"name": "Get", "value": "get"}],
            }
        )


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        NodeProperty.model_validate(
            {"displayName": "X", "name": "x", "type": "string", "colour": "red"}
        )


def test_options_on_a_string_property_are_rejected() -> None:
    with pytest.raises(ValidationError, match="has options"):
        NodeProperty.model_validate(
            {"displayName": "X", "name": "x", "type": "string", "options": [{"name": "a"}]}
        )


def test_show_for_stamps_resource_and_operation_and_keeps_own_conditions() -> None:
    (prop,) = show_for(
        "click",
        "getLog",
        [
            {
                "displayName": "Limit",
                "name": "limit",
                "type": "number",
                "default": 50,
                "displayOptions": {"show": {"returnAll": [False]}},
            }
        ],
    )
    assert prop.displayOptions is not None
    assert prop.displayOptions.show == {
        "returnAll": [False],
        "resource": ["click"],
        "operation": ["getLog"],
    }


def test_password_flag_marks_secret() -> None:
    prop = NodeProperty.model_validate(
        {"displayName": "Key", "name": "k", "type": "string", "typeOptions": {"password": True}}
    )
    assert prop.is_secret
