"""JSON written with expressions in it, as Edit Fields fills it in before reading it.

n8n does not evaluate such a parameter as one template: it replaces each `{{ … }}` in
the text by the expression's result, an object or list as JSON and anything else as
JavaScript's String() (so a missing value is the word `undefined`), then reads the text
as JSON, repairing it where it can. `"{{ $json.name }}"` is thus a string and
`{{ $json.count }}` a number.
"""

from __future__ import annotations

import re
from typing import Any

from kflow.host import NodeOperationError, NodeRun
from kflow.nodes.core.js_values import js_string, json_stringify
from kflow.nodes.core.set_json import load_lenient

__all__ = ["fill_in", "gave_undefined", "parse_json_parameter"]

_RESOLVABLE = re.compile(r"{{[\s\S]*?}}")


def fill_in(run: NodeRun, template: str, parameter: str) -> list[str | NodeOperationError]:
    """`template` (the parameter's text after its leading `=`) filled in for each input
    item, or the error of the item whose expression failed."""
    count = len(run.items)
    texts: list[str | NodeOperationError] = [template] * count
    scopes = [run.scope(i) for i in range(count)]
    for match in _RESOLVABLE.finditer(template):
        resolvable = match.group(0)
        values = run.evaluator.evaluate_many("=" + resolvable, scopes)
        unset = _undefined(run, resolvable, [i for i, v in enumerate(values) if v is None])
        for index, value in enumerate(values):
            current = texts[index]
            if isinstance(current, NodeOperationError):
                continue
            if isinstance(value, Exception):
                texts[index] = NodeOperationError(
                    run.name,
                    f"expression {resolvable} failed: {getattr(value, 'cause', value)}",
                    item_index=index,
                    parameter=parameter,
                )
                continue
            if value is None:
                written = "undefined" if index in unset else "null"
            elif isinstance(value, dict | list):
                written = json_stringify(value, exact_integers=True)
            else:
                written = js_string(value, exact_integers=True)
            texts[index] = current.replace(resolvable, written, 1)
    return texts


def _undefined(run: NodeRun, resolvable: str, indexes: list[int]) -> set[int]:
    """Which of these items' expressions gave `undefined` rather than `null`."""
    if not indexes:
        return set()
    body = resolvable[2:-2]
    probe = "={{ (" + body + "\n) === undefined }}"
    answers = run.evaluator.evaluate_many(probe, [run.scope(i) for i in indexes])
    return {i for i, answer in zip(indexes, answers, strict=True) if answer is True}


def gave_undefined(run: NodeRun, stored: Any, index: int) -> bool:
    """Whether a stored value that is one expression (`={{ … }}`) gave `undefined` for
    item `index` (kflow reads both undefined and null as None; n8n tells them apart)."""
    if not isinstance(stored, str):
        return False
    text = stored.strip()
    if not (text.startswith("={{") and text.endswith("}}")) or text.count("{{") != 1:
        return False
    probe = "={{ (" + text[3:-2] + "\n) === undefined }}"
    try:
        return run.evaluator.evaluate(probe, run.scope(index)) is True
    except Exception:  # the probe is only a refinement: no answer means null
        return False


def parse_json_parameter(value: Any, location: str, item_index: int) -> dict[str, Any]:
    """The JSON object a parameter holds (text is read leniently).

    Raises:
        ValueError: The text is not JSON, or not an object; n8n's message.
    """
    if isinstance(value, str):
        try:
            found = load_lenient(value)
        except ValueError:
            raise ValueError(f"The {location} in item {item_index} contains invalid JSON") from None
    else:
        found = value
    if not isinstance(found, dict):
        raise ValueError(
            f"The {location} in item {item_index} does not contain a valid JSON object"
        )
    return found
