"""Reading n8n's template syntax: a value starting with `=` holds `{{ … }}` expressions."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["Segment", "is_expression", "split_template"]

_EXPR = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)

Segment = tuple[bool, str]
"""(is an expression, text): pieces of a template."""


def is_expression(value: object) -> bool:
    """Whether a parameter value is an expression: a string starting with `=`, as in n8n."""
    return isinstance(value, str) and value.startswith("=")


@lru_cache(maxsize=4096)
def split_template(template: str) -> tuple[Segment, ...]:
    """Literal text and `{{ … }}` expressions, in order (the `=` already removed)."""
    segments: list[Segment] = []
    position = 0
    for match in _EXPR.finditer(template):
        if match.start() > position:
            segments.append((False, template[position : match.start()]))
        segments.append((True, match.group(1).strip()))
        position = match.end()
    if position < len(template):
        segments.append((False, template[position:]))
    return tuple(segments)
