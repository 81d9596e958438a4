"""NodeRun: what a node sees while it runs in a flow (inputs, parameters per item, settings)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kflow.host.binary import BinaryStore
from kflow.host.dedupe import DedupeStore
from kflow.host.descriptors import NodeDescription
from kflow.host.effects import Effects, LocalEffect
from kflow.host.errors import NodeError, NodeOperationError
from kflow.host.expressions import Evaluator, ExpressionScope
from kflow.host.expressions.variables import DEFAULT_WORKFLOW
from kflow.host.files import FileArea
from kflow.host.items import Item
from kflow.host.plan import ParameterPlan
from kflow.host.settings import NodeSettings, RunSettings

__all__ = ["NodeRun"]


@dataclass
class NodeRun:
    """One node's run inside a flow.

    Attributes:
        name: The node's name.
        description: Its type's description.
        inputs: Items per input (most nodes have one).
        plan: The node's parameters, resolved once for the run (`parameters` reads them).
        settings: The node's n8n settings.
        run_settings: The run's settings.
        evaluator: Evaluates expressions.
        outputs: Outputs of the nodes that ran before, by name.
        now: The run's start time.
        base_dir: Folder relative file paths are read from (the flow file's).
        given_items: Items from `--input`, for the flow's input node.
        error_items: Items a node routes to its error output.
        workflow: `$workflow` (the flow's id, name and active flag).
        item_offset: Items this node saw in earlier windows of a streamed run.
        effects: The execution's effect ledger, under `kflow serve`.
        env: What `$env` reads (None: blocked).
        run_index: How many times this node ran before in this execution.
        version: The node's type version (its `typeVersion`, or its type's default).
        dedupe: Values this node remembers across executions (Remove Duplicates), when
            the run has somewhere to keep them.
    """

    name: str
    description: NodeDescription
    inputs: list[list[Item]]
    plan: ParameterPlan
    settings: NodeSettings
    run_settings: RunSettings
    evaluator: Evaluator
    outputs: Mapping[str, list[list[Item]]]
    now: datetime
    base_dir: Path
    given_items: list[Item] | None = None
    error_items: list[Item] = field(default_factory=list)
    workflow: Mapping[str, Any] = field(default_factory=lambda: DEFAULT_WORKFLOW)
    item_offset: int = 0
    effects: Effects | None = None
    env: Mapping[str, str] | None = None
    run_index: int = 0
    version: float = 1.0
    dedupe: DedupeStore | None = None
    _params: dict[int, list[Any]] = field(default_factory=dict, repr=False)

    @property
    def files(self) -> FileArea:
        """Where this node reads and writes files: relative paths from the flow file's
        folder, or, with a files folder (`--files-dir`, always under `kflow serve`), only
        inside it."""
        return FileArea(self.base_dir, self.run_settings.files_dir)

    @property
    def binary(self) -> BinaryStore:
        """Makes and reads items' binary data: inline base64, or, for large files with a
        files folder, a reference to a file kept inside it."""
        return BinaryStore(self.run_settings.files_dir)

    async def once(self, key: str, effect: LocalEffect) -> None:
        """Applies `effect` once per execution: under `kflow serve` an execution that runs
        again does not repeat it (the effect ledger); elsewhere it is simply applied."""
        if self.effects is None:
            await effect.apply()
        else:
            await self.effects.once_local(self.name, f"{self.run_index}\x1f{key}", effect)

    @property
    def items(self) -> list[Item]:
        """The items of the first input."""
        return self.inputs[0] if self.inputs else []

    def scope(self, index: int, input_index: int = 0) -> ExpressionScope:
        items = self.inputs[input_index] if input_index < len(self.inputs) else []
        return ExpressionScope(
            items=items,
            index=index,
            outputs=self.outputs,
            now=self.now,
            timezone=self.run_settings.timezone,
            env=self.env if self.run_settings.allow_env else None,
            node=self.name,
            workflow=self.workflow,
            offset=self.item_offset if input_index == 0 else 0,
        )

    @property
    def parameters(self) -> dict[str, Any]:
        """The stored parameters with defaults filled in; may hold expressions."""
        return self.plan.resolved

    def params(self, index: int = 0, input_index: int = 0) -> dict[str, Any]:
        """The parameters for item `index` of an input, expressions evaluated.

        The first call for an input evaluates them for all its items at once (one engine
        call per expression); later calls read the result.

        Raises:
            NodeOperationError: That item's expression failed, or its value does not fit.
        """
        items = self.inputs[input_index] if input_index < len(self.inputs) else []
        if not self.plan.dynamic or index >= len(items):
            return self.plan.for_item(self.evaluator, self.scope(index, input_index))
        cached = self._params.get(input_index)
        if cached is None:
            scopes = [self.scope(i, input_index) for i in range(len(items))]
            cached = self._params[input_index] = self.plan.for_items(self.evaluator, scopes)
        found = cached[index]
        if isinstance(found, NodeOperationError):
            raise found
        return found

    def item_failed(self, index: int, error: NodeError) -> Item | None:
        """Handles an item that failed, as `onError` says, in n8n's shapes.

        Returns the item to put in the regular output (continueRegularOutput): `{error:
        message}`, paired to the input item; or None when the item went to the error
        output (continueErrorOutput), where it is the input item's fields with `error`.

        Raises:
            NodeError: `error` itself, with stopWorkflow.
        """
        mode = self.settings.on_error
        if mode == "stopWorkflow":
            raise error
        source = self.items[index]["json"] if index < len(self.items) else {}
        if mode == "continueErrorOutput":
            self.error_items.append(
                {"json": {**source, "error": error.message}, "pairedItem": {"item": index}}
            )
            return None
        return {"json": {"error": error.message}, "pairedItem": {"item": index}}
