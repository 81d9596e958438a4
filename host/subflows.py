"""Sub-workflows and error workflows: a flow found by reference and run with given items.

Execute Workflow nodes call a sub-workflow through the run's `SubflowRunner` (NodeRun's
`subflows`), naming it by one of three sources:

- "database": a flow by id or name. Under `kflow serve`, the served flows (a mapping by id
  and by name); under `kflow run`, a flow file in the folder (the calling flow's folder,
  or the files folder with --files-dir) whose `id` or `name` is that, or whose file name
  without its suffix is.
- "localFile": a flow file's path (YAML or n8n JSON), relative to that folder; with a
  files folder it must stay inside it.
- "parameter": the workflow JSON itself (n8n's "Define Below").

kflow fetches nothing implicitly, so n8n's "url" source is refused by the node.

The sub-workflow starts from the node the caller prefers (its Execute Workflow Trigger),
gets the caller's items there, and runs with the caller's credentials and settings, one
level deeper: past `max_depth` levels (a flow that calls itself) the call fails.

`run_error_workflow` runs a flow's error workflow (`settings.errorWorkflow`) with the
Error Trigger item n8n builds (`error_item`) when a run failed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kflow.host.engine.executor import run_flow
from kflow.host.errors import ConfigError, KflowError, NodeApiError, NodeError
from kflow.host.files import FileArea, OutsideFiles
from kflow.host.flow import Flow, FlowNode
from kflow.host.flow_loader import LoadedFlow, load_flow_data
from kflow.host.items import Item
from kflow.host.node import traits_of
from kflow.host.registry import load_node_type, n8n_type_map
from kflow.host.subflow_calls import SubflowResult, SubflowSource
from kflow.host.validate import validate_flow

if TYPE_CHECKING:
    from kflow.host.credentials import Credentials
    from kflow.host.settings import RunSettings

__all__ = [
    "FLOW_SUFFIXES",
    "MAX_DEPTH",
    "Subflows",
    "error_item",
    "run_error_workflow",
]

MAX_DEPTH = 20
"""How many sub-workflows deep a call may go (a flow calling itself ends here)."""
FLOW_SUFFIXES = (".yaml", ".yml", ".json")
"""The files a "database" reference is looked up in under `kflow run`."""


@dataclass
class Subflows:
    """Finds flows and runs them as sub-workflows (a SubflowRunner).

    Args:
        folder: Where references and relative paths are looked up: the calling flow's
            folder, or the files folder.
        credentials: The run's credentials, given to sub-workflows too.
        settings: The run's settings (its `files_dir` confines "localFile" paths).
        flows: Served flows by id and by name (`kflow serve`); looked up before `folder`.
        depth: How deep this runner's calls are (0: the top-level run).
        max_depth: The deepest call allowed.
    """

    folder: Path
    credentials: Credentials
    settings: RunSettings
    flows: Mapping[str, Flow] | None = None
    depth: int = 0
    max_depth: int = MAX_DEPTH
    _index: dict[str, list[Path]] | None = field(default=None, repr=False)

    def deeper(self) -> Subflows:
        """The runner a sub-workflow runs with: one level deeper, same flows."""
        return Subflows(
            self.folder,
            self.credentials,
            self.settings,
            self.flows,
            self.depth + 1,
            self.max_depth,
            self._index,
        )

    async def run_subflow(
        self,
        source: SubflowSource,
        items: list[Item],
        *,
        node: str,
        starts: Sequence[str],
        caller: Mapping[str, Any] | None = None,
    ) -> SubflowResult:
        if self.depth + 1 > self.max_depth:
            raise ConfigError(
                f"{node}: sub-workflows call each other more than {self.max_depth} levels "
                f"deep (calling {source.describe()}); a flow that calls itself must stop "
                "calling itself at some point"
            )
        flow, base = self.load(source, node=node, caller=caller)
        start = _start_node(flow, starts, node=node, source=source)
        given = [_given(item, index) for index, item in enumerate(items)]
        result = await run_flow(
            flow,
            credentials=self.credentials,
            settings=self.settings,
            items=given,
            base_dir=base,
            start=start.name,
            subflows=self.deeper(),
        )
        runs = result.runs.get(result.last_node, []) if result.last_node else []
        return SubflowResult(
            [[[_traced(it, start.name) for it in out] for out in run] for run in runs],
            start,
            flow,
        )

    def load(
        self, source: SubflowSource, *, node: str, caller: Mapping[str, Any] | None = None
    ) -> tuple[Flow, Path]:
        """The flow a source names, and the folder its relative paths are read from.

        Raises:
            ConfigError: Not found, outside the files folder, or not a valid flow; names
                the node and the source.
        """
        if source.kind == "parameter":
            flow = _inline_flow(source.reference, node=node)
            if not flow.id and caller and caller.get("id"):
                flow = flow.model_copy(update={"id": str(caller["id"])})
            return flow, self.folder
        if source.kind == "localFile":
            path = self._confined(str(source.reference), node=node)
            if not path.is_file():
                raise ConfigError(f"{node}: {source.describe()} was not found ({path})")
            return _file_flow(path, node=node), path.parent
        return self.find(str(source.reference), node=node)

    def find(self, reference: str, *, node: str) -> tuple[Flow, Path]:
        """A flow by id or name: a served one, else a flow file in the folder.

        Raises:
            ConfigError: None, or more than one, has that id or name.
        """
        reference = reference.strip()
        if not reference:
            raise ConfigError(f"{node}: no workflow is named: give its id or name")
        if self.flows is not None and reference in self.flows:
            return self.flows[reference], self.folder
        found = self._files().get(reference, [])
        if len(found) > 1:
            names = ", ".join(str(p.name) for p in found)
            raise ConfigError(f"{node}: more than one flow is {reference!r}: {names}")
        if not found:
            where = "the served flows or " if self.flows is not None else ""
            raise ConfigError(
                f"{node}: no flow has the id or name {reference!r} in {where}{self.folder} "
                f"(flow files {', '.join(FLOW_SUFFIXES)} are looked up by id, name and "
                "file name)"
            )
        return _file_flow(found[0], node=node), found[0].parent

    def _confined(self, text: str, *, node: str) -> Path:
        area = FileArea(self.folder, self.settings.files_dir)
        try:
            return area.resolve(text)
        except OutsideFiles as exc:
            raise ConfigError(f"{node}: {exc}") from None

    def _files(self) -> dict[str, list[Path]]:
        """Flow files of the folder by id, name and stem (read once per top-level run)."""
        if self._index is not None:
            return self._index
        index: dict[str, list[Path]] = {}
        paths = sorted(p for p in self.folder.glob("*") if p.suffix in FLOW_SUFFIXES)
        for path in paths:
            keys = {path.stem}
            try:
                data = _read_data(path)
            except ConfigError:
                data = None
            if isinstance(data, dict):
                keys |= {str(data[k]) for k in ("id", "name") if data.get(k)}
            for key in keys:
                index.setdefault(key, []).append(path)
        self._index = index
        return index


def _read_data(path: Path) -> Any:
    return load_flow_data(path).data


def _file_flow(path: Path, *, node: str) -> Flow:
    try:
        loaded = load_flow_data(path)
    except ConfigError as exc:
        raise ConfigError(f"{node}: {exc}") from None
    flow, problems = validate_flow(loaded)
    if problems or flow is None:
        lines = "; ".join(p.render(str(path)) for p in problems)
        raise ConfigError(f"{node}: the sub-workflow cannot run: {lines}")
    return flow


def _inline_flow(reference: Any, *, node: str) -> Flow:
    data = reference
    if isinstance(reference, str):
        try:
            data = json.loads(reference)
        except json.JSONDecodeError as exc:
            raise ConfigError(
                f"{node}: the workflow JSON is not valid JSON: {exc.msg} at line {exc.lineno}"
            ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{node}: the workflow JSON must be an object with nodes")
    data = json.loads(json.dumps(data))
    kflow_types = n8n_type_map()
    for entry in data.get("nodes") or []:
        if isinstance(entry, dict) and entry.get("type") in kflow_types:
            entry["type"] = kflow_types[entry["type"]]
    settings = data.get("settings")
    if settings is None:
        # n8n gives such a sub-workflow its caller's settings; kflow's flows run in v1.
        data["settings"] = {"executionOrder": "v1"}
    elif isinstance(settings, dict):
        data["settings"] = {"executionOrder": "v0", **settings}
    data.setdefault("connections", {})
    data.setdefault("name", "sub-workflow")
    flow, problems = validate_flow(LoadedFlow(Path(node), data, data))
    if problems or flow is None:
        lines = "; ".join(p.message for p in problems)
        raise ConfigError(f"{node}: the workflow JSON cannot run: {lines}")
    return flow


def _start_node(flow: Flow, starts: Sequence[str], *, node: str, source: SubflowSource) -> FlowNode:
    enabled = [n for n in flow.nodes if not n.disabled]
    for kind in starts:
        for candidate in enabled:
            if candidate.type == kind:
                return candidate
    raise ConfigError(
        f"{node}: {source.describe()} has no node to start from: add an Execute Workflow "
        "Trigger to it"
    )


def _given(item: Item, index: int) -> Item:
    given: Item = {"json": item["json"], "pairedItem": {"item": index}}
    if item.get("binary"):
        given["binary"] = item["binary"]
    return given


def _traced(item: Item, start: str) -> Item:
    """An item of the sub-workflow's last node, paired to the start item it comes from."""
    out: Item = {"json": item["json"]}
    if item.get("binary"):
        out["binary"] = item["binary"]
    found = item.get("lineage", {}).get(start)  # type: ignore[typeddict-item]
    if found is not None:
        out["pairedItem"] = {"item": found[1]}
    return out


def error_item(
    flow: Flow,
    error: BaseException,
    *,
    execution_id: str | None = None,
    mode: str = "cli",
    url: str | None = None,
    retry_of: str | None = None,
    last_node: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The json of an Error Trigger's item for a failed run, in n8n's shape:

    `{execution: {id, url, retryOf, error: {message, stack, name, description, node,
    ...}, lastNodeExecuted, mode}, workflow: {id, name}}`; keys without a value are left
    out, as n8n's JSON leaves out what is undefined. Without an execution id, n8n's
    trigger-error shape: `{trigger: {error, mode}, workflow}`.
    """
    moment = now or datetime.now(UTC)
    failure = _error_json(error, moment)
    workflow = {"id": flow.id or "", "name": flow.name}
    if execution_id is None:
        return {"trigger": {"error": failure, "mode": mode}, "workflow": workflow}
    node = last_node or (error.node if isinstance(error, NodeError) else None)
    execution = {
        "id": execution_id,
        "url": url,
        "error": failure,
        "lastNodeExecuted": node,
        "mode": mode,
        "retryOf": retry_of,
    }
    return {
        "execution": {k: v for k, v in execution.items() if v is not None},
        "workflow": workflow,
    }


def _error_json(error: BaseException, moment: datetime) -> dict[str, Any]:
    message = error.message if isinstance(error, NodeError) else str(error)
    name = type(error).__name__ if isinstance(error, KflowError) else "Error"
    data: dict[str, Any] = {
        "level": "warning" if not isinstance(error, NodeApiError) else "error",
        "timestamp": int(moment.timestamp() * 1000),
        "name": name,
        "message": message,
        "stack": f"{name}: {message}",
        "context": {},
    }
    if isinstance(error, NodeError):
        data["stack"] += f"\n    at node {error.node}"
        data["node"] = {"name": error.node}
        if error.description:
            data["description"] = error.description
        if error.item_index is not None:
            data["context"]["itemIndex"] = error.item_index
        if error.parameter:
            data["context"]["parameter"] = error.parameter
    if isinstance(error, NodeApiError) and error.http_code is not None:
        data["httpCode"] = str(error.http_code)
    return data


async def run_error_workflow(
    flow: Flow,
    error: BaseException,
    runner: Subflows,
    *,
    execution_id: str | None = None,
    mode: str = "cli",
    url: str | None = None,
    retry_of: str | None = None,
) -> list[Item] | None:
    """Runs `flow`'s error workflow (its `settings.errorWorkflow`) after it failed.

    The setting names a flow file (a path ending in .yaml, .yml or .json, relative to the
    runner's folder) or a flow's id or name (looked up as a "database" sub-workflow).
    The error workflow starts from its one node that takes the run's items (its Error
    Trigger) with `error_item`'s item. As in n8n, a flow is not its own error workflow.

    Returns:
        The error workflow's last node's items; None when the flow names none.

    Raises:
        ConfigError: The error workflow cannot be found or has no start node.
        KflowError: The error workflow itself failed.
    """
    reference = flow.settings.get("errorWorkflow")
    if not isinstance(reference, str) or not reference.strip():
        return None
    where = "settings.errorWorkflow"
    if reference.endswith(FLOW_SUFFIXES):
        target, base = runner.load(SubflowSource("localFile", reference), node=where)
    else:
        target, base = runner.find(reference, node=where)
    if target is flow or (flow.id and target.id == flow.id and mode == "error"):
        return None
    entries = [
        n.name
        for n in target.nodes
        if not n.disabled and traits_of(load_node_type(n.type)).takes_run_input
    ]
    if len(entries) != 1:
        raise ConfigError(
            f"{where}: the error workflow {target.name!r} must have exactly one start node "
            f"that takes the run's items (an Error Trigger); it has {len(entries)}"
        )
    item = error_item(
        flow,
        error,
        execution_id=execution_id or uuid.uuid4().hex,
        mode=mode,
        url=url,
        retry_of=retry_of,
    )
    result = await run_flow(
        target,
        credentials=runner.credentials,
        settings=runner.settings,
        items=[{"json": item}],
        base_dir=base,
        start=entries[0],
        subflows=runner.deeper(),
    )
    return [_traced(it, entries[0]) for it in result.items]
