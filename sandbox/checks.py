"""Checking request bodies and queries the way a tracker does, from the sandbox's own rules.

A tracker refuses in two ways, and so does the sandbox:
- a body it cannot use at all (not an object, a field of the wrong JSON type, a field it
  does not know) is a 400 `{"error": text}`;
- a body it can read but not accept (a required field missing or empty, a value outside
  its list) is a 406 `{field: [messages]}`.

Unknown fields are refused although a live tracker ignores them: silently dropped data is
exactly the bug a sandbox is for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["BadRequest", "Invalid", "Rule", "check_body", "check_query"]

Type = Literal["int", "str", "num", "bool", "obj", "arr", "money", "digits", "any", "ids"]

_DIGITS = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)")


@dataclass(frozen=True)
class Rule:
    """What one field must be.

    Attributes:
        type: int (a JSON integer), str, num (a JSON number), bool, obj, arr, money (a
            JSON number or a decimal string), digits (a string of digits: ids typed string),
            ids (an array of integers), any.
        required: Must be present and not empty (on create).
        enum: The values allowed, when limited.
    """

    type: Type = "str"
    required: bool = False
    enum: tuple[Any, ...] = ()


class BadRequest(Exception):
    """Answered 400 `{"error": message}`."""


class Invalid(Exception):
    """Answered 406 with `errors` ({field: [messages]})."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def _fits(kind: Type, value: Any) -> bool:
    if kind == "any":
        return True
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "num":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "money":
        return _fits("num", value) or (isinstance(value, str) and bool(_DECIMAL.fullmatch(value)))
    if kind == "digits":
        return isinstance(value, str) and bool(_DIGITS.fullmatch(value))
    if kind == "ids":
        return isinstance(value, list) and all(_fits("int", v) for v in value)
    return isinstance(value, {"str": str, "bool": bool, "obj": dict, "arr": list}[kind])


_NAMES = {
    "int": "an integer",
    "str": "a string",
    "num": "a number",
    "bool": "true or false",
    "obj": "an object",
    "arr": "an array",
    "money": "a number or a decimal string",
    "digits": "a string of digits",
    "ids": "an array of integers",
}


def _empty(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def check_body(body: Any, rules: Mapping[str, Rule], *, creating: bool) -> dict[str, Any]:
    """The body, checked against `rules`; `creating` enforces required fields.

    Raises:
        BadRequest: Not an object, an unknown field, or a field of the wrong type.
        Invalid: A required field missing or empty, or a value not in its list.
    """
    if not isinstance(body, dict):
        raise BadRequest("Request body must be a JSON object")
    for name, value in body.items():
        rule = rules.get(name)
        if rule is None:
            raise BadRequest(f"Unknown field: {name}")
        if value is not None and not _fits(rule.type, value):
            raise BadRequest(f"Field {name} must be {_NAMES[rule.type]}")
    errors: dict[str, list[str]] = {}
    for name, rule in rules.items():
        value = body.get(name)
        if rule.required and creating and _empty(value):
            errors[name] = ["Required field"]
        elif name in body and value is None and rule.required:
            errors[name] = ["Must not be empty"]
        elif rule.enum and name in body and value not in rule.enum:
            errors[name] = [f"Must be one of: {', '.join(map(str, rule.enum))}"]
    if errors:
        raise Invalid(errors)
    return body


def check_query(query: Mapping[str, str], rules: Mapping[str, Rule]) -> dict[str, Any]:
    """Query parameters, checked and converted (ints to int).

    Raises:
        BadRequest: A required parameter missing, an unknown one, or a value that does not
            fit its type or list.
    """
    values: dict[str, Any] = {}
    for name in query:
        if name not in rules:
            raise BadRequest(f"Unknown parameter: {name}")
    for name, rule in rules.items():
        if name not in query:
            if rule.required:
                raise BadRequest(f"Parameter {name} is required")
            continue
        text = query[name]
        if rule.type == "int":
            if not _DIGITS.fullmatch(text):
                raise BadRequest(f"Parameter {name} must be an integer")
            values[name] = int(text)
        else:
            values[name] = text
        if rule.enum and values[name] not in rule.enum:
            raise BadRequest(f"Parameter {name} must be one of: {', '.join(rule.enum)}")
    return values
