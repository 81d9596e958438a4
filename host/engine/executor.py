"""Running a flow in n8n's v1 order: depth-first, branches in order, joins wait for inputs.

Each node runs with its node settings (disabled, executeOnce, retryOnFail, onError,
alwaysOutputData). Every output item keeps `pairedItem`, and the engine records its
lineage (which item of every earlier node it comes from) so `$('Node').item` works.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kflow.host.credentials import CredentialDefinition, Credentials, NodeCredentials
from kflow.host.dedupe import DedupeHistory, SqliteDedupe
from kflow.host.effects import Effects
from kflow.host.engine.adapter import run_item_node
from kflow.host.engine.graph import Graph, GraphNode, build_graph
from kflow.host.engine.held_batch import run_holding
from kflow.host.engine.order import (
    ExecutionOrder,
    Scheduler,
    execution_order,
    required_inputs_of,
)
from kflow.host.environment import visible_environment
from kflow.host.errors import ConfigError, KflowError, NodeError, NodeOperationError
from kflow.host.expressions import Evaluator
from kflow.host.expressions.variables import DEFAULT_EXECUTION
from kflow.host.flow import Flow
from kflow.host.http import HttpClient
from kflow.host.interrupt import Interrupt, NodeStop
from kflow.host.items import Item, is_failure
from kflow.host.node import BatchNode, traits_of
from kflow.host.node_run import NodeRun
from kflow.host.plan import ParameterPlan
from kflow.host.registry import credential_definitions
from kflow.host.retry import run_again_on_failure
from kflow.host.settings import RunSettings, http_client
from kflow.host.subflow_calls import SubflowRunner
from kflow.host.waits import Suspend, Suspension

__all__ = ["FlowResult", "NodeStats", "Progress", "run_flow"]


@dataclass
class NodeStats:
    """What one node did: items in and out, errors, time, and how often it ran."""

    name: str
    items_in: int = 0
    items_out: int = 0
    errors: int = 0
    seconds: float = 0.0
    runs: int = 0


@dataclass
class FlowResult:
    """The last node's first output, per-node statistics, every node's outputs (of its last
    run, and of every run, as n8n's runData), the order run."""

    items: list[Item]
    last_node: str | None
    stats: list[NodeStats]
    outputs: dict[str, list[list[Item]]] = field(default_factory=dict)
    executed: list[str] = field(default_factory=list)
    runs: dict[str, list[list[list[Item]]]] = field(default_factory=dict)
    waiting: Suspension | None = None
    """Set when the run was put to wait (a suspendable run's Wait node): resume from it."""


class Progress:
    """Receives progress events; the CLI draws a bar from them. Does nothing by default."""

    def node_started(self, name: str, items: int) -> None: ...

    def item_done(self, name: str, failed: bool = False) -> None: ...

    def node_finished(self, name: str) -> None: ...


async def run_flow(
    flow: Flow,
    *,
    credentials: Credentials,
    settings: RunSettings | None = None,
    items: list[Item] | None = None,
    base_dir: Path | None = None,
    progress: Progress | None = None,
    http: HttpClient | None = None,
    item_offsets: Mapping[str, int] | None = None,
    evaluator: Evaluator | None = None,
    now: datetime | None = None,
    start: str | None = None,
    effects: Effects | None = None,
    interrupt: Interrupt | None = None,
    input_offset: int = 0,
    dedupe: DedupeHistory | None = None,
    subflows: SubflowRunner | None = None,
    suspendable: bool = False,
    execution: Mapping[str, Any] | None = None,
    resume: Suspension | None = None,
    resume_items: list[Item] | None = None,
    on_failure: Callable[[Suspension], None] | None = None,
) -> FlowResult:
    """Runs every node of the flow and returns the last node's items.

    Args:
        flow: The flow.
        credentials: Credentials for the nodes that take them.
        settings: Concurrency, timeouts, `$env` access, time zone.
        items: Items for the flow's first node (`--input`), replacing its own.
        base_dir: Folder that relative file paths are read from.
        progress: Receives progress events.
        http: A client to share with other runs; one is opened for this run when not given.
        item_offsets: Per node, how many items it saw in earlier windows of a streamed run,
            so that `$itemIndex` counts on.
        evaluator: An expression evaluator to share with other runs (its engine starts once).
        now: The run's start (`$now`), when it began before this call (earlier windows).
        start: Run from this start node only (the trigger that fired), not from every one.
        effects: The execution's effect ledger (`kflow serve`), which keeps requests that
            are not idempotent from being repeated when the execution runs again.
        interrupt: The run's stop state (`kflow node`, `kflow run`): once it asks to stop,
            item nodes start no new item while local nodes run on; each item node keeps
            its tally in it (see host/interrupt.py).
        input_offset: The index of `items[0]` in the whole input (earlier windows, or
            items skipped), for the tallies' "not started from item N".
        dedupe: Where nodes remember values across executions (keyed by the flow's id,
            else its name); by default the SQLite file in `settings.state_dir`, if any;
            with neither, the nodes that need it refuse.
        subflows: Finds and runs the sub-workflows Execute Workflow nodes call
            (host/subflows.py); None: those nodes refuse.
        suspendable: A long wait puts the run to wait (`FlowResult.waiting`) instead of
            sleeping: `kflow serve` stores it and resumes it later.
        execution: `$execution` (id, mode, resumeUrl), under `kflow serve`.
        resume: A run put to wait before, to go on with: its waiting node completes with
            `resume_items` (a webhook call's) or else with its own input. A point that
            `on_failure` gave runs its failed node again, with the same input.
        on_failure: Called, before the error is raised, with the run as it stood when a
            node failed (JSON, as a wait's): `kflow executions retry --from-failed`.

    Raises:
        ConfigError: The flow cannot run as written.
        NodeError: A node failed and its onError is stopWorkflow.
    """
    settings = settings or RunSettings()
    zone = flow.settings.get("timezone")
    if isinstance(zone, str) and zone and zone != "DEFAULT":
        # As in n8n, the flow's own time zone overrides the instance's (--timezone).
        settings = settings.model_copy(update={"timezone": zone})
    graph = build_graph(flow)
    runner = _Runner(graph, credentials, settings, items, base_dir or Path.cwd(), progress)
    runner.order = execution_order(flow.settings)
    runner.workflow = {"id": flow.id or "", "name": flow.name, "active": bool(flow.active)}
    runner.item_offsets = dict(item_offsets or {})
    runner.effects = effects
    runner.interrupt = interrupt
    runner.input_offset = input_offset
    if dedupe is None and settings.state_dir is not None:
        dedupe = SqliteDedupe(settings.state_dir / "dedupe.sqlite")
    runner.dedupe = dedupe
    runner.subflows = subflows
    runner.suspendable = suspendable
    runner.on_failure = on_failure
    if execution is not None:
        runner.execution = execution
    if resume is not None:
        runner.restore(resume, resume_items)
    runner.workflow_key = flow.id or flow.name
    if evaluator is not None:
        runner.evaluator = evaluator
    if now is not None:
        runner.now = now
    if start is not None:
        if start not in graph.starts():
            raise ConfigError(f"flow {flow.name!r}: {start!r} is not a start node")
        runner.only_start = start
    try:
        if http is not None:
            await runner.run(http)
        else:
            async with http_client(settings) as own:
                await runner.run(own)
    except NodeError as error:
        _number_in_input(error, runner.item_offsets.get(error.node, 0))
        raise
    last = runner.last
    final = (runner.outputs.get(last) or [[]])[0] if last else []
    stats = list(runner.stats.values())
    return FlowResult(
        final, last, stats, runner.outputs, runner.executed, runner.runs, runner.waiting
    )


class _Runner:
    def __init__(
        self,
        graph: Graph,
        credentials: Credentials,
        settings: RunSettings,
        given: list[Item] | None,
        base_dir: Path,
        progress: Progress | None,
    ) -> None:
        self.graph = graph
        self.credentials = credentials
        self.settings = settings
        self.given = given
        self.base_dir = base_dir
        self.progress = progress or Progress()
        self.evaluator = Evaluator(allow_env=settings.allow_env)
        self.env = (
            visible_environment(
                {**credentials.environment, **os.environ},
                hidden=settings.hidden_env,
                redactor=credentials.redactor,
            )
            if settings.allow_env
            else None
        )
        self.now = datetime.now(UTC)
        self.outputs: dict[str, list[list[Item]]] = {}
        self.runs: dict[str, list[list[list[Item]]]] = {}
        self.stats = {name: NodeStats(name) for name in graph.order}
        self.last: str | None = None
        self.executed: list[str] = []
        self.workflow: dict[str, Any] = {"id": "", "name": "", "active": False}
        self.item_offsets: dict[str, int] = {}
        self.only_start: str | None = None
        self.effects: Effects | None = None
        self.interrupt: Interrupt | None = None
        self.input_offset = 0
        self.order: ExecutionOrder = "v1"
        self.failed_last: NodeError | ConfigError | None = None
        self.dedupe: DedupeHistory | None = None
        self.workflow_key = ""
        self.contexts: dict[str, dict[str, Any]] = {}
        self.subflows: SubflowRunner | None = None
        self.suspendable = False
        self.credential_types: Mapping[str, CredentialDefinition] | None = None
        self.execution: Mapping[str, Any] = DEFAULT_EXECUTION
        self.waiting: Suspension | None = None
        self.resumed: tuple[str, list[list[Item]] | None, Any] | None = None
        self.on_failure: Callable[[Suspension], None] | None = None

    async def run(self, http: HttpClient) -> None:
        scheduler = Scheduler(
            self.graph,
            self.order,
            self.runs,
            required_inputs_of(self.graph, lambda name: self.graph.nodes[name].spec.parameters),
        )
        if self.resumed is not None:
            name, outputs, saved = self.resumed
            scheduler.stack.extend((entry[0], entry[1]) for entry in saved["stack"])
            scheduler.waiting.update(saved["waiting"])
            if outputs is None:  # the node failed there: it runs again with its input
                scheduler.stack.appendleft((name, saved["inputs"]))
            else:
                self._record(self.graph.nodes[name], outputs)
                scheduler.ran(name, outputs)
        else:
            for start in self._starts():
                node = self.graph.nodes[start]
                takes = traits_of(node.impl).takes_run_input
                first = self.given if self.given is not None and not takes else None
                scheduler.start(start, first or [{"json": {}, "lineage": {}}])  # type: ignore[typeddict-unknown-key]
        while (step := scheduler.next()) is not None:
            name, inputs = step
            if inputs is None:
                continue
            self.failed_last = None
            if self.stats[name].runs >= self.settings.max_node_runs:
                raise NodeOperationError(
                    name,
                    f"the node ran {self.settings.max_node_runs} times in this execution: "
                    "its connections loop back without end",
                    description="make a node in the loop output nothing once it is done "
                    "(Loop Over Items does)",
                )
            try:
                outputs = await self._execute(self.graph.nodes[name], inputs, http)
            except Suspend as pause:
                self.waiting = self._suspension(name, inputs, pause, scheduler)
                return
            except Exception:
                if self.on_failure is not None:
                    self.on_failure(self._failure_point(name, inputs, scheduler))
                raise
            scheduler.ran(name, outputs)
        if self.failed_last is not None:
            # As in n8n, a run whose last node failed (while continuing on errors) fails.
            raise self.failed_last

    def _suspension(
        self, name: str, inputs: list[list[Item]], pause: Suspend, scheduler: Scheduler
    ) -> Suspension:
        """The run put to wait at node `name`, as JSON to resume from."""
        state = json.loads(json.dumps(_suspended_state(self, scheduler), default=str))
        state["inputs"] = json.loads(json.dumps(inputs, default=str))
        return Suspension(name, pause.until, pause.webhook, state)

    def _failure_point(
        self, name: str, inputs: list[list[Item]], scheduler: Scheduler
    ) -> Suspension:
        """The run as it stood before node `name` ran and failed, to run it again from."""
        point = self._suspension(name, inputs, Suspend(None), scheduler)
        point.state["counts"][name] = max(0, point.state["counts"].get(name, 1) - 1)
        point.state["rerun"] = True
        return point

    def restore(self, suspension: Suspension, items: list[Item] | None) -> None:
        """Takes up a run put to wait: everything that ran, what was still to run, and the
        waiting node's run, completed with `items` or else its own first input.

        Raises:
            ConfigError: The stored run does not fit this flow (it changed meanwhile).
        """
        state = suspension.state
        if suspension.node not in self.graph.nodes:
            raise ConfigError(
                f"the waiting node {suspension.node!r} is no longer in the flow; "
                "the execution cannot resume"
            )
        try:
            self.outputs = state["outputs"]
            self.runs = state["runs"]
            self.executed = list(state["executed"])
            self.contexts = state["contexts"]
            for name, count in state["counts"].items():
                if name in self.stats:
                    self.stats[name].runs = int(count)
            self.now = datetime.fromisoformat(state["now"])
            self.last = state["last"]
            inputs = state["inputs"]
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"the stored execution cannot resume: {error}") from None
        if state.get("rerun"):
            self.resumed = (suspension.node, None, state)
            return
        passed = items if items is not None else inputs[0] if inputs else []
        outputs = [[_passed_on(item, i) for i, item in enumerate(passed)]]
        self.resumed = (suspension.node, outputs, state)

    def _starts(self) -> list[str]:
        """The nodes the run starts from: the one that fired; else, as n8n runs a workflow
        from its trigger, the nodes that take the run's input (triggers, kflow's input);
        else every node without a parent. A disabled node is never a start."""
        starts = [s for s in self.graph.starts() if not self.graph.nodes[s].spec.disabled]
        if self.only_start is not None:
            return [self.only_start]
        entries = [s for s in starts if traits_of(self.graph.nodes[s].impl).takes_run_input]
        return entries or starts

    async def _execute(
        self, node: GraphNode, inputs: list[list[Item]], http: HttpClient
    ) -> list[list[Item]] | None:
        spec = node.spec
        stats = self.stats[node.name]
        started = time.perf_counter()
        stats.runs += 1
        stats.items_in += sum(len(i) for i in inputs)
        if spec.disabled:
            outputs = [[_passed_on(it, i) for i, it in enumerate(inputs[0])]]
        else:
            outputs = await self._run_node(node, inputs, http)
        if outputs is None:
            stats.seconds += time.perf_counter() - started
            return None
        outputs = [
            self._with_lineage(node.name, index, items, inputs)
            for index, items in enumerate(outputs)
        ]
        stats.seconds += time.perf_counter() - started
        return self._record(node, outputs)

    def _record(self, node: GraphNode, outputs: list[list[Item]]) -> list[list[Item]]:
        """Keeps a node's finished run: its outputs, as its last and in every run."""
        self.stats[node.name].items_out += len(outputs[0]) if outputs else 0
        self.outputs[node.name] = outputs
        self.runs.setdefault(node.name, []).append(outputs)
        self.last = node.name
        self.executed.append(node.name)
        return outputs

    async def _run_node(
        self, node: GraphNode, inputs: list[list[Item]], http: HttpClient
    ) -> list[list[Item]] | None:
        spec = node.spec
        settings = spec.node_settings()
        if settings.executeOnce:
            inputs = [items[:1] for items in inputs]
        run = NodeRun(
            name=node.name,
            description=node.description,
            inputs=inputs,
            plan=ParameterPlan.build(
                node.description, spec.parameters, node=node.name, version=node.version
            ),
            settings=settings,
            run_settings=self.settings,
            evaluator=self.evaluator,
            outputs=self.outputs,
            now=self.now,
            base_dir=self.base_dir,
            given_items=self.given if traits_of(node.impl).takes_run_input else None,
            workflow=self.workflow,
            item_offset=self.item_offsets.get(node.name, 0),
            effects=self.effects,
            env=self.env,
            run_index=self.stats[node.name].runs - 1,
            version=node.version,
            context=self.contexts.setdefault(node.name, {}),
            contexts=self.contexts,
            subflows=self.subflows,
            suspendable=self.suspendable,
            credentials=NodeCredentials(
                self.credentials, node.spec.credential_name, self._credential_types()
            ),
            http=http,
            execution=self.execution,
            dedupe=(
                self.dedupe.for_node(self.workflow_key, node.name)
                if self.dedupe is not None
                else None
            ),
        )
        self.progress.node_started(node.name, len(run.items))
        failed_inline = 0
        try:
            outputs = await self._attempts(node, run, settings.tries, settings.wait_seconds)
        except (NodeError, ConfigError) as error:
            if settings.on_error == "stopWorkflow" or isinstance(error, ConfigError):
                raise
            outputs = self._whole_node_failed(run, error)
            self.failed_last = error
            failed_inline = 1
        finally:
            self.progress.node_finished(node.name)
        if outputs is None:
            # n8n's null: the run is not recorded and its branch stops (Split in Batches 1).
            if not settings.alwaysOutputData:
                return None
            outputs = []
        # A node may output nothing at all (n8n records a run without outputs).
        outputs = [list(items) for items in outputs]
        if settings.on_error == "continueRegularOutput" and not failed_inline and outputs:
            failed_inline = sum(1 for it in outputs[0] if is_failure(it["json"]))
        self.stats[node.name].errors += len(run.error_items) + failed_inline
        if settings.on_error == "continueErrorOutput" and self.failed_last is None:
            expected = len(node.output_names()) - 1
            outputs = [*(outputs + [[]] * expected)[:expected], run.error_items]
        if settings.alwaysOutputData and not (outputs and outputs[0]):
            every = [{"item": i} for i in range(len(run.items))]
            outputs = outputs or [[]]
            outputs[0] = [{"json": {}, "pairedItem": every}]  # type: ignore[typeddict-item]
        return outputs

    async def _attempts(
        self, node: GraphNode, run: NodeRun, tries: int, wait: float
    ) -> list[list[Item]] | None:
        if not isinstance(node.impl, BatchNode):
            # Item nodes retry each failed item themselves (execute_items).
            progress = self.progress
            return await run_item_node(
                node.impl,
                run,
                on_item_done=(
                    None  # the default Progress hears nothing
                    if type(progress) is Progress
                    else lambda failed: progress.item_done(node.name, failed)
                ),
                stop=self._stop_for(node, run),
            )
        batch = node.impl

        async def once() -> list[list[Item]] | None:
            run.error_items.clear()
            # A dry run's held requests become outputs (host/engine/held_batch.py).
            return await run_holding(batch, run, run.redactor)

        return await run_again_on_failure(once, tries=tries, wait=wait)

    def _stop_for(self, node: GraphNode, run: NodeRun) -> NodeStop | None:
        """How an item node's run obeys the run's Interrupt, if there is one."""
        if self.interrupt is None:
            return None
        entry = not _item_nodes_above(self.graph, node.name)
        items = run.items

        def origin(position: int) -> int | None:
            found = self._origin(node.name, items[position], position)
            return None if found is None else self.input_offset + found

        tally = self.interrupt.tally(node.name, entry=entry)
        return NodeStop(self.interrupt, tally, origin, item_offset=run.item_offset)

    def _origin(self, name: str, item: Item, position: int) -> int | None:
        """The index in the run's items of the item that input `item` of node `name` comes
        from: a start node's own input position, else through the lineage to a start."""
        if name in self.graph.starts():
            return position
        lineage: Mapping[str, tuple[int, int]] = item.get("lineage", {})  # type: ignore[assignment]
        for start in self.graph.starts():
            found = lineage.get(start)
            if found is None:
                continue
            output, index = found
            if traits_of(self.graph.nodes[start].impl).takes_run_input:
                return index
            produced = self.outputs.get(start, [])
            if output < len(produced) and index < len(produced[output]):
                return _first_pair(produced[output][index])
        return None

    def _whole_node_failed(self, run: NodeRun, error: KflowError) -> list[list[Item]]:
        """A node that failed as a whole while continuing on errors: as in n8n, its first
        input's items go on unchanged through its first output (the error is counted and
        shown in the summary, not added to the items)."""
        if isinstance(error, NodeError):
            _number_in_input(error, run.item_offset)
        run.error_items.clear()
        return [[_passed_on(item, i) for i, item in enumerate(run.items)]]

    def _credential_types(self) -> Mapping[str, CredentialDefinition]:
        if self.credential_types is None:
            self.credential_types = credential_definitions()
        return self.credential_types

    def _with_lineage(
        self, name: str, output: int, items: list[Item], inputs: list[list[Item]]
    ) -> list[Item]:
        result: list[Item] = []
        append = result.append
        first = inputs[0] if inputs else []
        for position, item in enumerate(items):
            paired: Any = item.get("pairedItem")
            index = paired.get("item") if type(paired) is dict and len(paired) == 1 else None
            lineage: dict[str, Any]
            if type(index) is int and 0 <= index < len(first):
                # The usual pairing ({"item": i}): one source, in the first input.
                lineage = dict(first[index].get("lineage", _NO_LINEAGE))  # type: ignore[call-overload]
            else:
                lineage = {}
                for source in _pairs(item, position, inputs):
                    lineage.update(source.get("lineage", _NO_LINEAGE))  # type: ignore[call-overload]
            lineage[name] = (output, position)
            copy: Any = item.copy()
            copy["lineage"] = lineage
            append(copy)
        return result


_NO_LINEAGE: Mapping[str, tuple[int, int]] = MappingProxyType({})
"""The lineage of an item that has none (a run's input item)."""


def _number_in_input(error: NodeError, offset: int) -> None:
    """Numbers the error's item in the whole input (earlier windows, skipped items)."""
    if offset and error.item_index is not None:
        error.item_index += offset
        error.args = (error.render(),)


def _item_nodes_above(graph: Graph, name: str) -> bool:
    """Whether an enabled item node (one that sends requests) is upstream of `name`."""
    parents: dict[str, list[str]] = {}
    for source, node in graph.nodes.items():
        for targets in node.children.values():
            for target, _ in targets:
                parents.setdefault(target, []).append(source)
    seen: set[str] = set()
    todo = list(parents.get(name, []))
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        node = graph.nodes[current]
        if not isinstance(node.impl, BatchNode) and not node.spec.disabled:
            return True
        todo.extend(parents.get(current, []))
    return False


def _first_pair(item: Item) -> int | None:
    """The input index an item is paired to (its first pairedItem)."""
    paired: Any = item.get("pairedItem")
    entry = paired[0] if isinstance(paired, list) and paired else paired
    if isinstance(entry, int):
        return entry
    return entry.get("item", 0) if isinstance(entry, dict) else None


def _pairs(item: Item, position: int, inputs: list[list[Item]]) -> list[Item]:
    """The input items an output item comes from (n8n's pairedItem, or auto pairing)."""
    paired: Any = item.get("pairedItem")
    entries = paired if isinstance(paired, list) else [paired] if paired is not None else []
    found = []
    for entry in entries:
        index, input_index = (
            (entry, 0)
            if isinstance(entry, int)
            else (entry.get("item", 0), entry.get("input", 0) or 0)
        )
        if input_index < len(inputs) and index < len(inputs[input_index]):
            found.append(inputs[input_index][index])
    if found or not inputs or not inputs[0]:
        return found
    first = inputs[0]
    if len(first) == 1:
        return [first[0]]
    return [first[position]] if position < len(first) else []


def _passed_on(item: Item, index: int) -> Item:
    """Input item `index` going on unchanged (its json and binary data), paired to itself."""
    passed: Item = {"json": item["json"], "pairedItem": {"item": index}}
    if item.get("binary"):
        passed["binary"] = item["binary"]
    return passed


def _suspended_state(runner: _Runner, scheduler: Scheduler) -> dict[str, Any]:
    return {
        "outputs": runner.outputs,
        "runs": runner.runs,
        "executed": runner.executed,
        "contexts": runner.contexts,
        "counts": {name: stats.runs for name, stats in runner.stats.items()},
        "stack": [[name, inputs] for name, inputs in scheduler.stack],
        "waiting": scheduler.waiting,
        "now": runner.now.isoformat(),
        "last": runner.last,
    }
