"""The node run of a test's item node, for the runner's own unit tests.

Nodes run through the engine (`kflow.host.run_node`), which loads installed node types; a
test node that is not installed is run here, on a NodeRun made the way the engine makes
one, straight into `runner.execute_items`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kflow.host.expressions import Evaluator
from kflow.host.http import HttpClient
from kflow.host.items import Item
from kflow.host.node import ItemNode
from kflow.host.node_run import NodeRun
from kflow.host.plan import ParameterPlan
from kflow.host.runner import execute_items
from kflow.host.settings import NodeSettings, RunSettings


def item_run(
    node: ItemNode,
    items: list[Item],
    parameters: Mapping[str, Any],
    *,
    settings: RunSettings | None = None,
    node_settings: NodeSettings | None = None,
    http: HttpClient | None = None,
) -> NodeRun:
    """`node`'s run over `items` alone, named by its description's default name."""
    description = node.description
    name = description.defaults.get("name") or description.displayName
    run_settings = settings or RunSettings()
    return NodeRun(
        name=name,
        description=description,
        inputs=[items],
        plan=ParameterPlan.build(description, parameters, node=name),
        settings=node_settings or NodeSettings(),
        run_settings=run_settings,
        evaluator=Evaluator(allow_env=run_settings.allow_env),
        outputs={},
        now=datetime.now(UTC),
        base_dir=Path.cwd(),
        http=http,
    )


async def run_items(
    node: ItemNode, items: list[Item], parameters: Mapping[str, Any], **options: Any
) -> list[Item]:
    """The regular output of `node`'s run over `items` (see item_run for the options)."""
    main, _ = await execute_items(node, item_run(node, items, parameters, **options))
    return main
