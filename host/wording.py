"""How messages write values and names: as a user of n8n reads them, never as Python does.

`shown(None)` is `null`, `shown(True)` is `true`, text is in double quotes; `did_you_mean`
offers the nearest of the names a user could have meant.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Protocol

__all__ = ["SchemaError", "closest", "did_you_mean", "listed", "schema_message", "shown"]


def shown(value: object) -> str:
    """`value` as a message writes it: JSON's spelling (`null`, `true`, `"text"`, `[1, 2]`);
    exact decimals as their digits."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e16 else repr(value)
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        return str(value)


def closest(word: object, choices: Iterable[object]) -> str | None:
    """The choice a typo most likely meant: the same letters in another case or without
    spaces, else the nearest by spelling (difflib); None when nothing is near."""
    if not isinstance(word, str) or not word.strip():
        return None
    texts = [str(c) for c in choices]
    folded = _fold(word)
    for text in texts:
        if _fold(text) == folded:
            return text
    by_fold = {_fold(t): t for t in texts}
    near = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    return by_fold[near[0]] if near else None


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """`did you mean "x"?` for the nearest choice, or an empty string."""
    found = closest(word, choices)
    return f'did you mean "{found}"?' if found is not None else ""


def listed(names: Iterable[object], *, limit: int = 20) -> str:
    """Names joined by commas, the first `limit` of them and how many more."""
    texts = [str(n) for n in names]
    if len(texts) <= limit:
        return ", ".join(texts)
    return f"{', '.join(texts[:limit])} … and {len(texts) - limit} more"


def _fold(text: str) -> str:
    return "".join(text.split()).replace("_", "").replace("-", "").lower()


_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


class SchemaError(Protocol):
    """What `schema_message` reads of a jsonschema ValidationError."""

    validator: object
    validator_value: object
    instance: object
    message: str


def schema_message(error: SchemaError) -> str:
    """A JSON Schema error in JSON's words (`null is not text`), not Python's (`None is
    not of type 'string'`)."""
    value, rule = error.instance, error.validator_value
    match error.validator:
        case "type":
            kinds = rule if isinstance(rule, list) else [rule]
            wanted = " or ".join(_JSON_TYPES.get(str(k), str(k)) for k in kinds)
            return f"{shown(value)} is not {wanted}"
        case "enum":
            choices = ", ".join(shown(c) for c in rule) if isinstance(rule, list) else ""
            hint = did_you_mean(value, rule) if isinstance(rule, list) else ""
            return f"{shown(value)} is not one of: {choices}" + (f"; {hint}" if hint else "")
        case "required":
            missing = (
                [k for k in rule if k not in value]
                if isinstance(rule, list) and isinstance(value, dict)
                else []
            )
            return f"missing field {shown(missing[0])}" if missing else error.message
        case "minimum" | "exclusiveMinimum":
            return f"{shown(value)} is less than {shown(rule)}"
        case "maxLength":
            return f"is longer than {shown(rule)} characters"
        case "minLength":
            return "is empty" if rule == 1 else f"is shorter than {shown(rule)} characters"
        case "pattern":
            return f"{shown(value)} does not have the expected form"
    return error.message
