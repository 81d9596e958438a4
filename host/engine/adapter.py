"""Running an item node (prepare/execute per item, like Keitaro) inside a flow."""

from __future__ import annotations

from collections.abc import Callable

from kflow.host.interrupt import NodeStop
from kflow.host.items import Item
from kflow.host.node import ItemNode
from kflow.host.node_run import NodeRun
from kflow.host.runner import execute_items

__all__ = ["run_item_node"]


async def run_item_node(
    node: ItemNode,
    run: NodeRun,
    *,
    on_item_done: Callable[[bool], None] | None = None,
    stop: NodeStop | None = None,
) -> list[list[Item]]:
    """The node's outputs: regular, plus the error output with continueErrorOutput. The run
    carries everything else (credentials, redactor, HTTP client); with `stop`, the run's
    Interrupt is obeyed (see runner.execute_items)."""
    main, errors = await execute_items(node, run, on_item_done=on_item_done, stop=stop)
    run.error_items.extend(errors)
    return [main]
