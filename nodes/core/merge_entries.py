"""Input items of a multi-input node with the input they came from, and the output items
made of them (pairedItem points at every input item an output item holds)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from kflow.host import Item, NodeRun, is_displayed

__all__ = ["Entry", "add_field", "inputs_of", "items_of", "merged", "parameters", "suffixed"]


@dataclass
class Entry:
    """One item's json and the input items it comes from."""

    json: dict[str, Any]
    pairs: list[dict[str, int]] = field(default_factory=list)


def inputs_of(run: NodeRun, count: int) -> list[list[Entry]]:
    """The node's first `count` inputs (an input that got nothing is empty)."""
    found: list[list[Entry]] = []
    for number in range(count):
        items = run.inputs[number] if number < len(run.inputs) else []
        found.append(
            [
                Entry(copy.deepcopy(item["json"]), [{"item": index, "input": number}])
                for index, item in enumerate(items)
            ]
        )
    return found


def parameters(run: NodeRun) -> dict[str, Any]:
    """The node's parameters, read for the first item of the first input that has one;
    as in n8n, options hidden by their display rules are left out."""
    params = run.params(0)
    for number, items in enumerate(run.inputs):
        if items:
            params = run.params(0, input_index=number)
            break
    return {**params, "options": _shown_options(run, params)}


def _shown_options(run: NodeRun, params: dict[str, Any]) -> dict[str, Any]:
    chosen = params.get("options")
    if not isinstance(chosen, dict):
        return {}
    shown: set[str] = set()
    for prop in run.description.properties:
        if prop.name != "options" or prop.type != "collection":
            continue
        if not is_displayed(prop.displayOptions, params, root=params, version=run.version):
            continue
        for option in prop.options or []:
            name = getattr(option, "name", None)
            display = getattr(option, "displayOptions", None)
            if name in chosen and is_displayed(display, chosen, root=params, version=run.version):
                shown.add(name)
    return {name: value for name, value in chosen.items() if name in shown}


def items_of(entries: list[Entry]) -> list[Item]:
    """Output items; each gets its own json, so later changes of one do not reach another."""
    out: list[Item] = []
    for entry in entries:
        pairs: Any = entry.pairs[0] if len(entry.pairs) == 1 else list(entry.pairs)
        out.append({"json": copy.deepcopy(entry.json), "pairedItem": pairs})
    return out


def merged(json: dict[str, Any], *sources: Entry) -> Entry:
    """An entry holding `json`, paired to every source's items."""
    return Entry(json, [pair for source in sources for pair in source.pairs])


def suffixed(entries: list[Entry], suffix: str) -> list[Entry]:
    """Every field renamed `<name>_<suffix>` (n8n's "Always Add Input Number")."""
    return [
        Entry({f"{key}_{suffix}": value for key, value in e.json.items()}, e.pairs) for e in entries
    ]


def add_field(entries: list[Entry], name: str, value: Any) -> list[Entry]:
    """Each entry with one more field."""
    return [Entry({**e.json, name: value}, e.pairs) for e in entries]
