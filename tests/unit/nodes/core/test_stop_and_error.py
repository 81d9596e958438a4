"""Stop and Error's message, as n8n builds it from the error type and its parameter."""

from __future__ import annotations

import pytest

from kflow.nodes.core.stop_and_error import error_message


def test_message_type_is_the_message() -> None:
    assert error_message("errorMessage", "boom") == ("boom", None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"message": "m", "description": "d"}', "m"),
        ('{"description": "d"}', "d"),
        ('{"error": "e", "message": ""}', "e"),
        ('{"code": 7}', 'Error: {"code":7}'),
    ],
)
def test_object_type_picks_message_description_or_error(text: str, message: str) -> None:
    assert error_message("errorObject", text)[0] == message


def test_bad_json_is_an_error() -> None:
    with pytest.raises(ValueError):
        error_message("errorObject", "{nope")
