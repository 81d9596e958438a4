"""Checking a parameter's value and writing it the way the Admin API takes it, per Kind.

Each writer takes what n8n or the command line gives (numbers, text, parsed JSON) and
returns the wire value, or raises ValueError with the cause in words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kflow.nodes.keitaro.handlers.money import money_text
from kflow.nodes.keitaro.handlers.wording import did_you_mean, shown
from kflow.nodes.keitaro.operations.model import Field, Kind

__all__ = ["JSON_TYPES", "N8N_TYPES", "empty_default", "write"]

_WHOLE = re.compile(r"[+-]?\d+")
_SEPARATORS = re.compile(r"[,\n]")


def _string(value: Any) -> str:
    if isinstance(value, dict | list):
        raise ValueError("must be text, not an object or a list")
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true/false")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    raise ValueError(f"{shown(value)} is not a whole number")


def _id_text(value: Any) -> str:
    return str(_int(value))


def _money(value: Any) -> Decimal:
    return Decimal(money_text(value))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise ValueError(f"{shown(value)} is not true or false")


def _json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None


def _object(value: Any) -> dict[str, Any]:
    parsed = _json(value)
    if not isinstance(parsed, dict):
        raise ValueError("must be a JSON object")
    return parsed


def _array(value: Any) -> list[Any]:
    parsed = _json(value)
    if not isinstance(parsed, list):
        raise ValueError("must be a JSON array")
    return parsed


def _parts(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(part).strip() for part in value if str(part).strip()]
    text = _string(value).strip()
    if text.startswith("["):
        parsed = _json(text)
        if isinstance(parsed, list):
            return _parts(parsed)
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def _int_list(value: Any) -> list[int]:
    return [_int(part) for part in _parts(value)]


def _lines(value: Any) -> str:
    return "\n".join(_parts(value))


_WRITERS: dict[Kind, Callable[[Any], Any]] = {
    "string": _string,
    "int": _int,
    "id_text": _id_text,
    "number": _money,
    "money": _money,
    "bool": _bool,
    "object": _object,
    "array": _array,
    "strings": _parts,
    "int_list": _int_list,
    "lines": _lines,
}

N8N_TYPES: dict[Kind, str] = {
    "string": "string",
    "int": "number",
    "id_text": "number",
    "number": "number",
    "money": "number",
    "bool": "boolean",
    "object": "json",
    "array": "json",
    "strings": "string",
    "int_list": "string",
    "lines": "string",
}
"""The n8n property type that asks for each kind."""

JSON_TYPES: dict[Kind, dict[str, Any]] = {
    "string": {"type": "string"},
    "int": {"type": "integer"},
    "id_text": {"type": "string", "pattern": "^-?[0-9]+$"},
    "number": {"type": "number"},
    "money": {"type": "number"},
    "bool": {"type": "boolean"},
    "object": {"type": "object"},
    "array": {"type": "array"},
    "strings": {"type": "array", "items": {"type": "string"}},
    "int_list": {"type": "array", "items": {"type": "integer"}},
    "lines": {"type": "string"},
}
"""The JSON Schema of each kind's wire value (bodies are checked against these in tests)."""


def write(spec: Field, value: Any) -> Any:
    """`value` as the wire takes it.

    Raises:
        ValueError: The value does not fit the field (wrong type, not a choice, bad JSON).
    """
    wired = _WRITERS[spec.kind](value)
    if spec.options and wired not in spec.options:
        hint = did_you_mean(wired, spec.options)
        raise ValueError(f"{shown(wired)} is not one of: {', '.join(spec.options)}{hint}")
    return wired


def empty_default(kind: Kind) -> Any:
    """The property default for a field that gives none."""
    return {"int": 0, "id_text": 0, "number": 0, "money": 0, "bool": False}.get(kind, "")
