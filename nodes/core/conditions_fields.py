"""The parameters If, Filter and Switch share, with n8n's names, defaults and display rules."""

from __future__ import annotations

from typing import Any

__all__ = [
    "IGNORE_CASE",
    "LEGACY_CONDITIONS",
    "filter_conditions",
    "legacy_operation",
    "loose_type_validation",
]

_LOOSE_DESCRIPTION = (
    "If the type of an expression doesn't match the type of the comparison, n8n will try "
    'to cast the expression to the required type. E.g. for booleans "false" or 0 will be '
    "cast to false"
)

IGNORE_CASE: dict[str, Any] = {
    "displayName": "Ignore Case",
    "name": "ignoreCase",
    "type": "boolean",
    "default": True,
    "description": "Whether to ignore letter case when evaluating conditions",
}


def loose_type_validation(
    default: Any, version_rule: dict[str, float] | None = None
) -> dict[str, Any]:
    """'Convert types where required': top level from one version on, an option before."""
    prop: dict[str, Any] = {
        "displayName": "Convert types where required",
        "name": "looseTypeValidation",
        "type": "boolean",
        "default": default,
        "description": _LOOSE_DESCRIPTION,
    }
    if version_rule is not None:
        prop["displayOptions"] = {"show": {"@version": [{"_cnd": version_rule}]}}
    return prop


def filter_conditions(description: str) -> dict[str, Any]:
    """The condition builder (n8n's `filter` parameter type)."""
    return {
        "displayName": "Conditions",
        "name": "conditions",
        "type": "filter",
        "placeholder": "Add Condition",
        "default": {},
        "description": description,
        "typeOptions": {"filter": {}},
    }


_OPERATIONS: dict[str, list[tuple[str, str]]] = {
    "boolean": [("Equal", "equal"), ("Not Equal", "notEqual")],
    "dateTime": [("Occurred After", "after"), ("Occurred Before", "before")],
    "number": [
        ("Smaller", "smaller"),
        ("Smaller or Equal", "smallerEqual"),
        ("Equal", "equal"),
        ("Not Equal", "notEqual"),
        ("Larger", "larger"),
        ("Larger or Equal", "largerEqual"),
        ("Is Empty", "isEmpty"),
        ("Is Not Empty", "isNotEmpty"),
    ],
    "string": [
        ("Contains", "contains"),
        ("Not Contains", "notContains"),
        ("Ends With", "endsWith"),
        ("Not Ends With", "notEndsWith"),
        ("Equal", "equal"),
        ("Not Equal", "notEqual"),
        ("Regex Match", "regex"),
        ("Regex Not Match", "notRegex"),
        ("Starts With", "startsWith"),
        ("Not Starts With", "notStartsWith"),
        ("Is Empty", "isEmpty"),
        ("Is Not Empty", "isNotEmpty"),
    ],
}
_DEFAULT_OPERATION = {
    "boolean": "equal",
    "dateTime": "after",
    "number": "smaller",
    "string": "equal",
}
_VALUE_DEFAULT: dict[str, Any] = {"boolean": False, "dateTime": "", "number": 0, "string": ""}


def legacy_operation(kind: str, *, with_empty: bool = True) -> dict[str, Any]:
    """The Operation field of an older node's comparison of `kind`."""
    choices = [
        {"name": name, "value": value}
        for name, value in _OPERATIONS[kind]
        if with_empty or value not in ("isEmpty", "isNotEmpty")
    ]
    return {
        "displayName": "Operation",
        "name": "operation",
        "type": "options",
        "options": choices,
        "default": _DEFAULT_OPERATION[kind],
        "description": "Operation to decide where the data should be mapped to",
    }


def _value(kind: str, number: int, **extra: Any) -> dict[str, Any]:
    other = "second" if number == 1 else "first"
    return {
        "displayName": f"Value {number}",
        "name": f"value{number}",
        "type": kind,
        "default": _VALUE_DEFAULT[kind],
        "description": f"The value to compare with the {other} one",
        **extra,
    }


def legacy_value2(kind: str) -> list[dict[str, Any]]:
    """Value 2 of an older node's comparison (a regex field for the regex operations)."""
    if kind == "number":
        return [_value(kind, 2, displayOptions={"hide": {"operation": ["isEmpty", "isNotEmpty"]}})]
    if kind != "string":
        return [_value(kind, 2)]
    hidden = ["isEmpty", "isNotEmpty", "regex", "notRegex"]
    return [
        _value(kind, 2, displayOptions={"hide": {"operation": hidden}}),
        {
            "displayName": "Regex",
            "name": "value2",
            "type": "string",
            "default": "",
            "placeholder": "/text/i",
            "description": "The regex which has to match",
            "displayOptions": {"show": {"operation": ["regex", "notRegex"]}},
        },
    ]


_GROUP_NAMES = {
    "boolean": "Boolean",
    "dateTime": "Date & Time",
    "number": "Number",
    "string": "String",
}

LEGACY_CONDITIONS: dict[str, Any] = {
    "displayName": "Conditions",
    "name": "conditions",
    "type": "fixedCollection",
    "placeholder": "Add Condition",
    "typeOptions": {"multipleValues": True, "sortable": True},
    "description": "The type of values to compare",
    "default": {},
    "options": [
        {
            "name": kind,
            "displayName": _GROUP_NAMES[kind],
            "values": [_value(kind, 1), legacy_operation(kind), *legacy_value2(kind)],
        }
        for kind in ("boolean", "dateTime", "number", "string")
    ],
}
