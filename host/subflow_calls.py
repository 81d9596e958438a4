"""What an Execute Workflow node asks of sub-workflows: which flow (SubflowSource), the
runner it calls (SubflowRunner, NodeRun's `subflows`) and what a run gives back
(SubflowResult).

The contract alone, so that NodeRun and the engine name it without the engine's own
machinery; host/subflows.py implements it by running flows through the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, runtime_checkable

from kflow.host.flow import Flow, FlowNode
from kflow.host.items import Item

__all__ = ["SubflowResult", "SubflowRunner", "SubflowSource"]


@dataclass(frozen=True)
class SubflowSource:
    """Which flow to run.

    Attributes:
        kind: "database" (`reference` is an id or a name), "localFile" (a path) or
            "parameter" (`reference` is the workflow: JSON text or its parsed data).
        reference: See `kind`.
    """

    kind: Literal["database", "localFile", "parameter"]
    reference: Any

    def describe(self) -> str:
        """The source in words, for error messages."""
        if self.kind == "parameter":
            return "the workflow JSON given in the node"
        if self.kind == "localFile":
            return f"the file {self.reference!r}"
        return f"the flow {self.reference!r}"


@dataclass
class SubflowResult:
    """A sub-workflow's run.

    Attributes:
        runs: Every run of its last node, each a list of outputs; each item's pairedItem
            names the start node's item it comes from, and is left out when it cannot be
            traced there.
        start: The node the run started from.
        flow: The flow that ran.
    """

    runs: list[list[list[Item]]]
    start: FlowNode
    flow: Flow


@runtime_checkable
class SubflowRunner(Protocol):
    """What an Execute Workflow node calls."""

    async def run_subflow(
        self,
        source: SubflowSource,
        items: list[Item],
        *,
        node: str,
        starts: Sequence[str],
        caller: Mapping[str, Any] | None = None,
    ) -> SubflowResult:
        """Runs the flow `source` names with `items` given to its start node.

        Args:
            source: Which flow.
            items: The items its start node outputs.
            node: The calling node's name (for error messages).
            starts: kflow node types the run may start from, in order of preference
                (the first one present is the start).
            caller: The calling flow's `$workflow` ({id, name}): a flow given inline
                without an id takes the caller's.

        Raises:
            ConfigError: The flow cannot be found or loaded, or the call goes too deep.
            KflowError: The sub-workflow failed.
        """
        ...
