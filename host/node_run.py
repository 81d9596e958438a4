"""NodeRun: what a node sees while it runs in a flow (inputs, parameters per item, settings)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kflow.host.binary import BinaryStore
from kflow.host.credentials import NodeCredentials
from kflow.host.dedupe import DedupeStore
from kflow.host.descriptors import NodeDescription
from kflow.host.effects import Effects, LocalEffect
from kflow.host.errors import NodeError, NodeOperationError
from kflow.host.expressions import Evaluator, ExpressionScope
from kflow.host.expressions.variables import DEFAULT_EXECUTION, DEFAULT_WORKFLOW
from kflow.host.files import FileArea
from kflow.host.http import HttpClient
from kflow.host.items import Item
from kflow.host.plan import ParameterPlan
from kflow.host.redaction import Redactor
from kflow.host.settings import NodeSettings, RunSettings
from kflow.host.subflow_calls import SubflowRunner
from kflow.host.waits import SHORT_WAIT, Suspend, sleep_until

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
        execution: `$execution` (its id, mode and resume URL under `kflow serve`).
        contexts: Every node's context in this execution, by node name.
        credentials: Credentials by type, for nodes that pick their credential type by
            parameter (item nodes get theirs checked against their slots instead); their
            redactor masks the run's secrets.
        http: The run's HTTP client (its limits, its private-address guard); an item node's
            run without one opens its own.
        suspendable: Whether the execution can be put to wait and resumed later (under
            `kflow serve`); elsewhere a long wait sleeps.
        context: The node's own state for this execution, kept from one of its runs to
            the next (n8n's node context: Loop Over Items keeps the items still to come).
        subflows: Finds and runs sub-workflows (Execute Workflow), when the run has one.
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
    context: dict[str, Any] = field(default_factory=dict)
    suspendable: bool = False
    credentials: NodeCredentials | None = None
    http: HttpClient | None = None
    contexts: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    execution: Mapping[str, Any] = field(default_factory=lambda: DEFAULT_EXECUTION)
    subflows: SubflowRunner | None = None
    _params: dict[int, list[Any]] = field(default_factory=dict, repr=False)

    @property
    def redactor(self) -> Redactor:
        """Masks the run's secrets: those of the loaded credentials (none without them)."""
        return self.credentials.credentials.redactor if self.credentials else Redactor()

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

    async def put_to_wait(self, until: datetime | None, *, webhook: bool = False) -> None:
        """Waits until `until` (None: for ever), or, with `webhook`, for a call to the
        execution's resume URL (or `until`, whichever comes first).

        A wait shorter than SHORT_WAIT sleeps here. A longer one, or a webhook wait, puts
        the execution to wait when it can be resumed later (`kflow serve`): Suspend is
        raised and the engine stores the run. Elsewhere a long wait sleeps.

        Raises:
            Suspend: The execution is put to wait.
            NodeOperationError: A wait that only `kflow serve` can resume.
        """
        seconds = None if until is None else (until - datetime.now(UTC)).total_seconds()
        if not webhook and until is not None and seconds is not None and seconds < SHORT_WAIT:
            await sleep_until(until)
            return
        if self.suspendable:
            raise Suspend(until, webhook=webhook)
        if webhook:
            raise NodeOperationError(
                self.name,
                "waiting for a webhook call needs `kflow serve`, which receives the call",
                description="run the flow under kflow serve, or resume after a time instead",
                parameter="Resume",
            )
        if until is None:
            raise NodeOperationError(self.name, "the node would wait for ever", parameter="Resume")
        await sleep_until(until)

    async def once(self, key: str, effect: LocalEffect) -> None:
        """Applies `effect` once per execution: under `kflow serve` an execution that runs
        again does not repeat it (the effect ledger); elsewhere it is simply applied."""
        if self.effects is None:
            await effect.apply()
        else:
            await self.effects.once_local(self.name, f"{self.run_index}\x1f{key}", effect)

    def scalar_contexts(self) -> dict[str, dict[str, Any]]:
        """Nodes' contexts as expressions see them: their plain values (not item lists)."""
        plain = (str, int, float, bool, type(None))
        return {
            name: {key: value for key, value in context.items() if isinstance(value, plain)}
            for name, context in self.contexts.items()
        }

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
            execution=self.execution,
            run_index=self.run_index,
            contexts=self.scalar_contexts(),
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
