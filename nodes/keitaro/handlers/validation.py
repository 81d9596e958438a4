"""Pre-flight checks of the Keitaro node's parameters; each failure names its parameter."""

from __future__ import annotations

import functools
import json
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kflow.host import NodeOperationError
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.schemas import load_schema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

__all__ = ["click_data", "click_id", "validate_click_data", "validate_click_id"]

CLICK_ID = "ID Клика"
_UNSAFE_IN_ID = re.compile(r"[\x00-\x1f\x7f\s]")
CLICK_DATA = "Данные Клика"


def validate_click_id(value: Any, *, node: str, item_index: int) -> str:
    """The click's subid, checked (see `click_id`).

    Raises:
        NodeOperationError: Naming "ID Клика" and what is wrong.
    """
    try:
        return click_id(value)
    except ValueError as exc:
        raise NodeOperationError(
            node, str(exc), item_index=item_index, parameter=CLICK_ID, parameter_name="clickId"
        ) from None


def click_id(value: Any) -> str:
    """The click's subid, checked: present, one line, one path segment.

    Raises:
        ValueError: What is wrong, in words.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(
            "is required: give the click's subid (the {subid} macro, sub_id in the click log)"
        )
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"must be a string, not {_json_kind(value)}")
    text = str(value).strip()
    if text.isalnum():  # the common subid: no space, control character, slash or dot
        return text
    if _UNSAFE_IN_ID.search(text):
        raise ValueError(f"{shown(text)} contains spaces or control characters; a subid has none")
    if "/" in text or "\\" in text or set(text) == {"."}:
        raise ValueError(f"{shown(text)} is not a subid: it would change the request path")
    return text


def validate_click_data(value: Any, *, node: str, item_index: int) -> dict[str, Any]:
    """The click data, parsed and checked (see `click_data`).

    Raises:
        NodeOperationError: Naming "Данные Клика" and what is wrong, with the parser's position.
    """
    try:
        return click_data(value)
    except ValueError as exc:
        raise NodeOperationError(
            node, str(exc), item_index=item_index, parameter=CLICK_DATA, parameter_name="clickData"
        ) from None


def click_data(value: Any) -> dict[str, Any]:
    """The click data as a JSON object, parsed and checked against `schemas/click_update.json`.

    Accepts JSON text or an already-parsed object (from a YAML flow).

    Raises:
        ValueError: What is wrong, in words, with the parser's position.
    """
    data = value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError('is empty: give a JSON object such as {"cost": 0.5}')
        try:
            if value.startswith("\ufeff"):  # refused as json.loads refuses it
                raise json.JSONDecodeError(_BOM, value, 0)
            data = _decode(value)  # amounts stay exact
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
            ) from None
    if data is None:
        raise ValueError('is empty: give a JSON object such as {"cost": 0.5}')
    if not isinstance(data, dict):
        raise ValueError(f"must be a JSON object, not {_json_kind(data)}")
    if _plainly_valid(data):
        return data
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        raise ValueError("; ".join(_describe(e) for e in errors[:3]))
    return data


_DECODER = json.JSONDecoder(parse_float=Decimal)
_DECODE = _DECODER.decode
_SCAN = _DECODER.scan_once


def _decode(text: str) -> Any:
    """`json.loads(text, parse_float=Decimal)` without building a decoder per call: text
    that is one JSON value, nothing around it, is scanned directly; anything else (and
    every error) goes through the decoder, which raises as json.loads does."""
    try:
        data, end = _SCAN(text, 0)
    except (StopIteration, json.JSONDecodeError):
        return _DECODE(text)
    return data if end == len(text) else _DECODE(text)


_BOM = "Unexpected UTF-8 BOM (decode using utf-8-sig)"
_SCHEMA = load_schema("click_update")


@functools.cache
def _validator() -> Draft202012Validator:
    """The schema's validator, made on first use (jsonschema is slow to import)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_SCHEMA)


_TEXT_LIMITS = {
    name: spec["maxLength"]
    for name, spec in _SCHEMA["properties"].items()
    if spec.get("type") == "string"
}
_COST_TEXT = re.compile(_SCHEMA["properties"]["cost"]["oneOf"][1]["pattern"])


def _plainly_valid(data: dict[str, Any]) -> bool:
    """A quick yes for the common, plainly valid object; anything else goes to the schema.

    It may only ever say yes where the schema says yes (a test checks this on generated
    data); it exists because jsonschema costs tens of microseconds per item.
    """
    if not data:
        return False
    for name, value in data.items():
        if name == "cost":
            if isinstance(value, bool):
                return False
            if isinstance(value, int | float | Decimal):
                if not value >= 0:
                    return False
            elif not (isinstance(value, str) and _COST_TEXT.search(value)):
                return False
        else:
            limit = _TEXT_LIMITS.get(name)
            if limit is None or not isinstance(value, str) or len(value) > limit:
                return False
    return True


def _describe(error: Any) -> str:
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown field {', '.join(shown(e) for e in extra)}"
    if error.validator == "minProperties":
        return "is an empty object: give at least one field to change"
    field = ".".join(str(p) for p in error.path)
    if error.validator == "oneOf" and field == "cost":
        return f'field "cost": {shown(error.instance)} is not a non-negative number'
    return f"field {shown(field)}: {_said(error)}" if field else _said(error)


def _said(error: Any) -> str:
    """jsonschema's message without Python's spelling of values."""
    if error.validator == "type":
        return f"{shown(error.instance)} is not {_JSON_WORDS.get(error.validator_value, 'valid')}"
    if error.validator == "maxLength":
        return f"is longer than {error.validator_value} characters"
    return str(error.message)


_JSON_WORDS = {"string": "a string", "integer": "a whole number", "number": "a number"}


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "null" if value is None else "an object"
