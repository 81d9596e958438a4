"""Switch's outputs: how many it declares, and n8n's checks of an output index."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from kflow.nodes.core.js_values import is_number, js_less, js_number, js_string

__all__ = ["MAX_OUTPUTS", "OutputError", "outputs_v2", "outputs_v3", "slot"]

MAX_OUTPUTS = 64
"""Outputs declared by the Switch versions whose outputs follow their parameters (n8n
computes them from the rules); a flow may connect any of them."""


def _count(value: Any, default: int) -> int:
    """A stored output count; an expression (known only when the node runs) allows all."""
    if value is None:
        return default
    if isinstance(value, int | float) and not isinstance(value, bool):
        return max(0, min(int(value), MAX_OUTPUTS))
    return MAX_OUTPUTS


def outputs_v3(stored: Mapping[str, Any], version: float) -> list[str]:
    """Switch 3's outputs: one per rule (its renamed key, or its index) and the extra
    fallback output; in expression mode, `numberOutputs` of them."""
    if stored.get("mode", "rules") == "expression":
        return [str(i) for i in range(_count(stored.get("numberOutputs"), 4))]
    rules = (stored.get("rules") or {"values": [{}]}).get("values") or []
    names = [
        str(rule["outputKey"]) if rule.get("renameOutput") and rule.get("outputKey") else str(i)
        for i, rule in enumerate(rules)
    ]
    options = stored.get("options") or {}
    if options.get("fallbackOutput") == "extra":
        names.append(str(options.get("renameFallbackOutput") or "Fallback"))
    return names


def outputs_v2(stored: Mapping[str, Any], version: float) -> list[str]:
    """Switch 2's outputs: one per rule, or `outputsAmount` in expression mode."""
    if stored.get("mode", "rules") == "expression":
        return [str(i) for i in range(_count(stored.get("outputsAmount"), 4))]
    rules = (stored.get("rules") or {}).get("rules") or []
    return [str(i) for i in range(len(rules))]


class OutputError(ValueError):
    """An output index the node cannot route to."""


def slot(outputs: list[list[Any]], index: Any) -> list[Any]:
    """The output list at `index`, as JavaScript's `returnData[index]` finds it.

    Raises:
        OutputError: No output has that index (JavaScript: reading `push` of undefined).
    """
    position: int | None = None
    if is_number(index) and not isinstance(index, bool):
        number = float(index)
        if number.is_integer() and not math.isinf(number):
            position = int(number)
    elif isinstance(index, str) and index.isdigit() and (index == "0" or index[0] != "0"):
        position = int(index)
    if position is None or not 0 <= position < len(outputs):
        raise OutputError("Cannot read properties of undefined (reading 'push')")
    return outputs[position]


def check_range_legacy(count: int, index: Any) -> None:
    """Switch 1 and 2: an index below 0 or from `count` on is refused."""
    if js_less(index, 0) or js_less(count, index, or_equal=True):
        raise OutputError(
            f"The ouput {js_string(index)} is not allowed. It has to be between 0 and {count - 1}!"
        )


def check_range(count: int, index: Any) -> None:
    """Switch 3: the extra output's index and anything outside 0 … count are refused."""
    if index is not None and js_number(index) == count:
        raise OutputError(f"The ouput {js_string(index)} is not allowed. ")
    if js_less(index, 0) or js_less(count, index):
        raise OutputError(f"The ouput {js_string(index)} is not allowed")
