"""Running a straight-line flow over a large JSONL input, one window of items at a time.

Each window runs through the whole flow as its own small run (so `$('Node').item` works
within it), its output is written at once in input order, and the next window is read.
Nodes that need every item at once (merge, aggregate, executeOnce, alwaysOutputData) or
that branch keep a flow on the normal, in-memory path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kflow.host.credentials import Credentials
from kflow.host.engine.executor import NodeStats, run_flow
from kflow.host.engine.graph import build_graph
from kflow.host.flow import Flow
from kflow.host.http import HttpClient
from kflow.host.items import Item
from kflow.host.settings import RunSettings, http_client

__all__ = ["STREAMABLE_TYPES", "can_stream", "run_windowed"]

STREAMABLE_TYPES = frozenset({"input", "set", "filter", "noOp", "splitOut", "writeFile", "keitaro"})
"""Node types that handle each item on its own, so a flow of them can run window by window."""


def can_stream(flow: Flow) -> bool:
    """Whether the flow is one straight line of item-by-item nodes."""
    graph = build_graph(flow)
    for node in graph.nodes.values():
        settings = node.spec.node_settings()
        targets = [t for ts in node.children.values() for t in ts]
        if (
            node.spec.type not in STREAMABLE_TYPES
            or settings.executeOnce
            or settings.alwaysOutputData
            or settings.on_error == "continueErrorOutput"
            or len(targets) > 1
            or any(index != 0 for index in node.children)
            or (node.spec.type == "writeFile" and _writes_json(node.spec.parameters))
        ):
            return False
    return len(graph.starts()) == 1


def _writes_json(parameters: dict[str, object]) -> bool:
    fmt = str(parameters.get("format", "auto"))
    return fmt == "json" or (fmt == "auto" and str(parameters.get("path", "")).endswith(".json"))


async def run_windowed(
    flow: Flow,
    items: Iterator[Item],
    write: Callable[[list[Item]], None],
    *,
    credentials: Credentials,
    settings: RunSettings,
    base_dir: Path,
    window: int = 1000,
) -> list[NodeStats]:
    """Runs the flow over `items` window by window, passing each window's output to `write`.

    All windows share one HTTP client (one session, one rate limit) for the whole run.
    """
    totals: dict[str, NodeStats] = {}
    batch: list[Item] = []
    first = True

    async def flush(http: HttpClient) -> None:
        nonlocal first
        run_settings = settings if first else replace_settings(settings)
        result = await run_flow(
            flow,
            credentials=credentials,
            settings=run_settings,
            items=batch,
            base_dir=base_dir,
            http=http,
        )
        write(result.items)
        for stats in result.stats:
            total = totals.setdefault(stats.name, NodeStats(stats.name))
            total.runs += stats.runs
            total.items_in += stats.items_in
            total.items_out += stats.items_out
            total.errors += stats.errors
            total.seconds += stats.seconds
        first = False

    async with http_client(settings) as http:
        for item in items:
            batch.append(item)
            if len(batch) >= window:
                await flush(http)
                batch = []
        if batch or first:
            await flush(http)
    return list(totals.values())


def replace_settings(settings: RunSettings) -> RunSettings:
    """Settings for windows after the first: files written by the flow are appended to."""
    return settings.model_copy(update={"append_files": True})
