"""The condition builder (conditions.py): types read strictly or loosely, per filter version."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.nodes.core.conditions import ConditionError, check
from kflow.nodes.core.js_values import UNDEFINED


def spec(left: Any, kind: str, op: str, right: Any = "", **options: Any) -> dict[str, Any]:
    operator: dict[str, Any] = {"type": kind, "operation": op}
    if op in ("exists", "notExists", "empty", "notEmpty", "true", "false"):
        operator["singleValue"] = True
    if kind == "array":
        operator["rightType"] = "number" if op.startswith("length") else "any"
    return {
        "conditions": [{"leftValue": left, "rightValue": right, "operator": operator}],
        "combinator": "and",
        "options": options,
    }


@pytest.mark.parametrize(
    ("left", "op", "right", "expected"),
    [
        (UNDEFINED, "lt", 1, False),  # a missing field is never smaller
        (None, "lt", 1, True),  # null compares as 0, as in JavaScript
        (UNDEFINED, "gt", 1, False),
        (5, "gte", 5, True),
        (UNDEFINED, "exists", "", False),
        (0, "notEmpty", "", True),
    ],
)
def test_numbers_missing_and_null(left: Any, op: str, right: Any, expected: bool) -> None:
    assert check(spec(left, "number", op, right)) is expected


def test_strict_types_stop_with_n8n_message() -> None:
    with pytest.raises(
        ConditionError,
        match=r"Wrong type: '5' is a string but was expecting a number \[condition 0, item 3\]",
    ):
        check(spec("5", "number", "gt", 1), item_index=3)
    with pytest.raises(ConditionError, match="Conversion error: the string 'abc'"):
        check(spec("abc", "number", "gt", 1, typeValidation="loose"))


@pytest.mark.parametrize(
    ("value", "version", "expected"),
    [("false", 1, True), ("false", 2, False), ("0", 2, False), ("yes", 2, True), ("", 2, False)],
)
def test_loose_booleans_by_filter_version(value: str, version: int, expected: bool) -> None:
    assert (
        check(spec(value, "boolean", "true", typeValidation="loose", version=version)) is expected
    )


@pytest.mark.parametrize(("version", "expected"), [(2, True), (3, False)])
def test_loose_empty_text_is_zero_before_version_3(version: int, expected: bool) -> None:
    assert (
        check(spec("", "number", "equals", 0, typeValidation="loose", version=version)) is expected
    )


def test_case_insensitive_and_regex() -> None:
    assert (
        check(spec("Straße", "string", "equals", "STRASSE".lower() + "", caseSensitive=False))
        is False
    )
    assert check(spec("HELLO", "string", "contains", "ell", caseSensitive=False))
    assert check(spec("abc", "string", "regex", "/B/i"))
    assert not check(spec("abc", "string", "regex", "B"))
    assert check(spec(["A", "b"], "array", "contains", "a", caseSensitive=False))


def test_dates_compare_instants() -> None:
    assert check(spec("2024-03-01T12:00:00+02:00", "dateTime", "equals", "2024-03-01T10:00:00Z"))
    assert check(spec("Fri, 01 Mar 2024 10:00:00 GMT", "dateTime", "before", "2024-03-02"))
    with pytest.raises(ConditionError):
        check(spec("not a date", "dateTime", "after", "2024-01-01"))


def test_combinators_and_shapes() -> None:
    assert check({"conditions": [], "combinator": "and"})
    assert not check({"conditions": [], "combinator": "or"})
    assert check({})  # not conditions at all: n8n takes the value itself, an object
    assert check({"conditions": [spec(1, "number", "gt", 0)["conditions"][0]]})


def test_loose_strings_arrays_objects() -> None:
    loose = {"typeValidation": "loose"}
    assert check(spec({"a": 1}, "string", "equals", '{"a":1}', **loose))
    assert check(spec(1.0, "string", "equals", "1", **loose))
    assert check(spec("['a', 'b']", "array", "lengthEquals", 2, **loose))
    assert check(spec('{"a": 1}', "object", "notEmpty", **loose))
