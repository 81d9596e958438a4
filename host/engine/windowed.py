"""Running a straight-line flow over a large JSONL input, one window of items at a time.

Each window runs through the whole flow as its own small run (so `$('Node').item` works
within it), what reaches the flow's last node is written at once in input order, and the
next window is read; once the run's Interrupt asks to stop, no further window is read. A
flow streams when every node declares that it handles items one by one (NodeTraits.streams),
it has one start and one last node, and no node joins inputs or needs every item at once
(executeOnce, alwaysOutputData). Branches are fine: each keeps its items' order. Other flows
keep to the normal, in-memory path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from kflow.host.credentials import Credentials
from kflow.host.engine.executor import NodeStats, Progress, run_flow
from kflow.host.engine.graph import Graph, build_graph
from kflow.host.errors import NodeError
from kflow.host.expressions import Evaluator
from kflow.host.flow import Flow
from kflow.host.http import HttpClient
from kflow.host.interrupt import Interrupt
from kflow.host.items import Item
from kflow.host.node import traits_of
from kflow.host.settings import RunSettings, http_client

__all__ = ["DEFAULT_WINDOW", "can_stream", "run_windowed"]

DEFAULT_WINDOW = 1000
"""Items per window: memory holds about this many at a time."""


def can_stream(flow: Flow) -> bool:
    """Whether the flow can run window by window (see the module's docstring)."""
    graph = build_graph(flow)
    for node in graph.nodes.values():
        settings = node.spec.node_settings()
        if (
            not traits_of(node.impl).streams_with(node.spec.parameters)
            or settings.executeOnce
            or settings.alwaysOutputData
            or settings.on_error == "continueErrorOutput"
            or len(node.parents) > 1
        ):
            return False
    return len(graph.starts()) == 1 and len(_last_nodes(graph)) == 1


def _last_nodes(graph: Graph) -> list[str]:
    return [name for name, node in graph.nodes.items() if not any(node.children.values())]


async def run_windowed(
    flow: Flow,
    items: Iterator[Item],
    write: Callable[[list[Item]], None],
    *,
    credentials: Credentials,
    settings: RunSettings,
    base_dir: Path,
    window: int = DEFAULT_WINDOW,
    first_index: int = 0,
    interrupt: Interrupt | None = None,
    http: HttpClient | None = None,
    progress: Progress | None = None,
) -> list[NodeStats]:
    """Runs the flow over `items` window by window, passing each window's output to `write`.

    All windows share one HTTP client (one session, one rate limit: `http`, or one opened
    here) for the whole run, and
    `$itemIndex` counts each node's items across windows, from `first_index` (the index of
    the first item in the whole input, when earlier ones were skipped). With `interrupt`,
    a requested stop ends the run after the window being run: the next is not read, and
    `interrupt.unread_from` says from which input item on. `progress` hears of every
    window's items, as one run.
    """
    graph = build_graph(flow)
    (last,) = _last_nodes(graph)
    evaluator = Evaluator(allow_env=settings.allow_env)
    started = datetime.now(UTC)
    totals: dict[str, NodeStats] = {}
    batch: list[Item] = []
    first = True

    read = 0

    async def flush(client: HttpClient) -> None:
        nonlocal first, read
        run_settings = settings if first else replace_settings(settings)
        offsets = {
            name: first_index + (totals[name].items_in if name in totals else 0)
            for name in graph.nodes
        }
        try:
            result = await run_flow(
                flow,
                credentials=credentials,
                settings=run_settings,
                items=batch,
                base_dir=base_dir,
                http=client,
                item_offsets=offsets,
                evaluator=evaluator,
                now=started,
                interrupt=interrupt,
                input_offset=first_index + read,
                progress=progress,
            )
        except NodeError as error:
            _count_on(error, read)
            raise
        read += len(batch)
        write(result.outputs.get(last, [[]])[0] if result.outputs.get(last) else [])
        for stats in result.stats:
            total = totals.setdefault(stats.name, NodeStats(stats.name))
            total.runs += stats.runs
            total.items_in += stats.items_in
            total.items_out += stats.items_out
            total.errors += stats.errors
            total.seconds += stats.seconds
        first = False

    async def run_all(client: HttpClient) -> None:
        nonlocal batch
        size = max(window, 1)
        while len(batch := list(islice(items, size))) == size:
            await flush(client)
            if interrupt is not None and interrupt.requested:
                interrupt.unread_from = first_index + read
                return
        if batch or first:
            await flush(client)

    if http is not None:
        await run_all(http)
    else:
        async with http_client(settings) as own:
            await run_all(own)
    return list(totals.values())


def _count_on(error: NodeError, read: int) -> None:
    """Says in an error how many items were already sent (run_flow numbered its item in
    the whole input)."""
    if read:
        earlier = f"{read} earlier items were already sent"
        error.description = f"{earlier}; {error.description}" if error.description else earlier
    error.args = (error.render(),)


def replace_settings(settings: RunSettings) -> RunSettings:
    """Settings for windows after the first: files written by the flow are appended to."""
    return settings.model_copy(update={"append_files": True})
