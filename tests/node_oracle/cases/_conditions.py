"""Builders shared by the If, Filter and Switch cases: conditions as n8n's editor stores them."""

from __future__ import annotations

from typing import Any

LEFT = "={{ $json.v }}"

# What n8n's editor stores beside each operator (singleValue / rightType).
_SINGLE = {"exists", "notExists", "empty", "notEmpty", "true", "false"}
_RIGHT_NUMBER = {
    "lengthEquals",
    "lengthNotEquals",
    "lengthGt",
    "lengthLt",
    "lengthGte",
    "lengthLte",
}


def cond(
    kind: str, operation: str, right: Any = "", left: Any = LEFT, **operator: Any
) -> dict[str, Any]:
    """One condition of the filter parameter."""
    op: dict[str, Any] = {"type": kind, "operation": operation}
    if operation in _SINGLE:
        op["singleValue"] = True
    elif kind == "array" and operation in _RIGHT_NUMBER:
        op["rightType"] = "number"
    elif kind == "array":
        op["rightType"] = "any"
    op.update(operator)
    return {"id": f"c-{kind}-{operation}", "leftValue": left, "rightValue": right, "operator": op}


def filt(
    *conditions: dict[str, Any],
    combinator: str = "and",
    case: bool = True,
    loose: bool = False,
    version: int = 3,
) -> dict[str, Any]:
    """The filter parameter's value."""
    return {
        "options": {
            "caseSensitive": case,
            "leftValue": "",
            "typeValidation": "loose" if loose else "strict",
            "version": version,
        },
        "conditions": list(conditions),
        "combinator": combinator,
    }


STRINGS = [
    {"v": "Hello World"},
    {"v": "hello"},
    {"v": ""},
    {"v": None},
    {},
    {"v": "Ünïcödé straße"},
]
NUMBERS = [{"v": 5}, {"v": 10}, {"v": 0}, {"v": -2.5}, {"v": None}, {}]
LOOSE_NUMBERS = [
    {"v": "5"},
    {"v": " 10 "},
    {"v": ""},
    {"v": []},
    {"v": True},
    {"v": "0x10"},
    {"v": "1e1"},
    {"v": [7]},
    {"v": 5},
    {"v": None},
]
BOOLEANS = [{"v": True}, {"v": False}, {"v": None}, {}]
LOOSE_BOOLEANS = [
    {"v": "true"},
    {"v": "FALSE"},
    {"v": 0},
    {"v": 1},
    {"v": "yes"},
    {"v": ""},
    {"v": 2},
    {"v": "false"},
    {"v": True},
]
DATES = [
    {"v": "2024-03-01T10:00:00Z"},
    {"v": "2024-01-15"},
    {"v": "2024-03-01T12:00:00+02:00"},
    {"v": "2024-03-01T10:00:00.000Z"},
    {"v": None},
    {},
]
ARRAYS = [{"v": ["a", "B", 1]}, {"v": []}, {"v": ["x"]}, {"v": [1, 2, 3, 4]}, {"v": None}, {}]
OBJECTS = [{"v": {"a": 1}}, {"v": {}}, {"v": None}, {}]
