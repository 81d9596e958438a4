"""What an execution keeps of its nodes' items (n8n's runData), within a size bound.

Every node's runs in the order they ran, each output with its item count and as many of its
items (their JSON) as the bound allows: a run that made a million items is kept as its
first ones, and the record says it was cut. The run a failed node can be retried from
(`failed_at`, the engine's resume point) is kept whole or not at all: cut, it could not
run again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from kflow.host.items import Item

__all__ = ["DEFAULT_MAX_STORED_BYTES", "Masker", "bounded_point", "node_runs"]

DEFAULT_MAX_STORED_BYTES = 16 * 1024 * 1024
"""The default bound (--max-stored-mb 16) on each of an execution's kept node items and
resume point."""


class Masker(Protocol):
    """Masks secrets in a JSON value (kflow.host.redaction.Redactor)."""

    def deep(self, value: Any) -> Any: ...


def node_runs(
    executed: Sequence[str],
    runs: Mapping[str, Sequence[Sequence[Sequence[Item]]]],
    *,
    redactor: Masker,
    max_bytes: int,
) -> dict[str, Any]:
    """Every node run in run order, `{"nodes": [{node, run, outputs: [{count, items}]}],
    "cut": bool}`: the items' JSON, secrets masked, at most `max_bytes` of it in all (the
    items that do not fit are counted, not kept)."""
    seen: dict[str, int] = {}
    budget = max_bytes
    cut = False
    nodes = []
    for name in executed:
        index = seen.get(name, 0)
        seen[name] = index + 1
        done = runs.get(name, [])
        if index >= len(done):
            continue
        outputs = []
        for output in done[index]:
            kept = []
            for item in output:
                value = redactor.deep(item.get("json", {}))
                size = len(json.dumps(value, ensure_ascii=False, default=str))
                if size > budget:
                    cut = True
                    budget = 0
                    break
                budget -= size
                kept.append(value)
            outputs.append({"count": len(output), "items": kept})
        nodes.append({"node": name, "run": index, "outputs": outputs})
    return {"nodes": nodes, "cut": cut}


def bounded_point(point: Mapping[str, Any], *, redactor: Masker, max_bytes: int) -> Any | None:
    """The resume point of a failed run (a Suspension's JSON), secrets masked; None when it
    is over `max_bytes`."""
    masked = redactor.deep(dict(point))
    size = len(json.dumps(masked, ensure_ascii=False, default=str))
    return masked if size <= max_bytes else None
