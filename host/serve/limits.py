"""What serve accepts from a request before anything is recorded: how deep and how big
the data a trigger makes of it may be.

The body's size is capped when it is read (`--max-body-mb`). Its shape is checked here,
on the items the trigger node made of it, so that nothing is recorded that cannot be
queued, stored and run: the queue's serialiser gives up near 250 levels of nesting, and a
few megabytes of tiny values cost far more memory than their text.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_DEPTH", "MAX_QUERY_FIELDS", "MAX_VALUES", "shape_problem"]

MAX_DEPTH = 64
"""Levels of objects and arrays inside an item (n8n's item wrapper and `body` included)."""

MAX_VALUES = 200_000
"""Keys and array elements in all the items of one request."""

MAX_QUERY_FIELDS = 1000
"""Fields in a query string or a form body."""


def shape_problem(
    value: Any, *, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES
) -> str | None:
    """Why `value` (JSON-like) is too deep or too big, or None when it is within the limits.

    The walk is iterative, so it cannot itself run out of stack on what it refuses.
    """
    values = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children: Any = current.values()
        elif isinstance(current, list | tuple):
            children = current
        else:
            continue
        if depth >= max_depth:
            return f"it is nested more than {max_depth} levels deep"
        values += len(current)
        if values > max_values:
            return f"it holds more than {max_values} keys and array elements"
        stack.extend((child, depth + 1) for child in children)
    return None
