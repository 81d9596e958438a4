"""The sandbox's request checks: 400 for unreadable bodies, 406 for unacceptable ones."""

from __future__ import annotations

import pytest

from kflow.sandbox.checks import BadRequest, Invalid, Rule, check_body, check_query

RULES = {
    "name": Rule("str", True),
    "type": Rule("str", True, ("a", "b")),
    "group_id": Rule("digits"),
    "weight": Rule("num"),
    "ids": Rule("ids"),
}


def test_a_good_body_passes() -> None:
    body = {"name": "x", "type": "a", "group_id": "12", "weight": 1.5, "ids": [1, 2]}
    assert check_body(body, RULES, creating=True) == body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "must be a JSON object"),
        ({"name": "x", "type": "a", "nope": 1}, "Unknown field: nope"),
        ({"name": 5, "type": "a"}, "Field name must be a string"),
        ({"name": "x", "type": "a", "group_id": 12}, "group_id must be a string of digits"),
        ({"name": "x", "type": "a", "weight": "1.5"}, "weight must be a number"),
        ({"name": "x", "type": "a", "weight": True}, "weight must be a number"),
        ({"name": "x", "type": "a", "ids": [1, "2"]}, "ids must be an array of integers"),
    ],
)
def test_unreadable_bodies_are_400(body: object, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        check_body(body, RULES, creating=True)


def test_missing_required_and_bad_choices_are_406() -> None:
    with pytest.raises(Invalid) as caught:
        check_body({"name": "  ", "type": "c"}, RULES, creating=True)
    assert caught.value.errors == {
        "name": ["Required field"],
        "type": ["Must be one of: a, b"],
    }
    with pytest.raises(Invalid) as caught:
        check_body({"type": "a"}, RULES, creating=True)
    assert caught.value.errors == {"name": ["Required field"]}


def test_updates_do_not_require_fields_but_check_them() -> None:
    assert check_body({"type": "b"}, RULES, creating=False) == {"type": "b"}
    with pytest.raises(Invalid):
        check_body({"type": "z"}, RULES, creating=False)


def test_queries() -> None:
    rules = {"limit": Rule("int", True), "type": Rule("str", enum=("x",))}
    assert check_query({"limit": "5"}, rules) == {"limit": 5}
    for query, message in [
        ({}, "limit is required"),
        ({"limit": "five"}, "must be an integer"),
        ({"limit": "1", "type": "y"}, "must be one of: x"),
        ({"limit": "1", "other": "1"}, "Unknown parameter: other"),
    ]:
        with pytest.raises(BadRequest, match=message):
            check_query(query, rules)
