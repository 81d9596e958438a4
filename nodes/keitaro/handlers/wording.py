"""How the Keitaro node's messages write values: as JSON does (`null`, `true`, `"text"`),
never as Python does (`None`, `True`, `'text'`), with the nearest choice for a typo."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from decimal import Decimal

__all__ = ["did_you_mean", "shown"]


def shown(value: object) -> str:
    """`value` as a message writes it; exact decimals as their digits."""
    if isinstance(value, Decimal):
        return str(value)
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        return str(value)


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """`; did you mean "x"?` for the nearest choice (case and spaces aside), or ""."""
    if not isinstance(word, str) or not word.strip():
        return ""
    by_fold = {_fold(str(c)): str(c) for c in choices}
    near = difflib.get_close_matches(_fold(word), list(by_fold), n=1, cutoff=0.6)
    return f'; did you mean "{by_fold[near[0]]}"?' if near else ""


def _fold(text: str) -> str:
    return "".join(text.split()).replace("_", "").lower()
