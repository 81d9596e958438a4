"""Execute Workflow (n8n's "Execute Sub-workflow"), versions 1 to 1.4: runs another flow
with this node's items and outputs what that flow's last node output.

Where the flow comes from ("Source"), in kflow:

- Database: a flow by id or name. Under `kflow serve`, a served flow; under `kflow run`,
  a flow file next to the calling flow (or in the files folder with --files-dir) whose
  id or name it is, or whose file name without its suffix it is.
- Local File (1, 1.1): a flow file's path, YAML or n8n JSON, relative to the calling
  flow's folder; with a files folder, only inside it.
- Parameter ("Define Below"): the workflow JSON in the node.
- URL (1, 1.1): refused: kflow fetches nothing implicitly. Download the workflow and use
  Local File, or paste it into Workflow JSON.

The run goes through the run's sub-workflow runner (host/subflows.py); it starts at the
flow's Execute Workflow Trigger (else its Manual Trigger / input node).
"""

from __future__ import annotations

from typing import Any

from kflow.host import (
    Item,
    KflowError,
    NodeError,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    SubflowResult,
    SubflowSource,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.execute_workflow_inputs import mapped_items

__all__ = ["EXECUTE_WORKFLOW", "ExecuteWorkflow"]

_STARTS = ("executeWorkflowTrigger", "input")
"""Where a sub-workflow starts (n8n: its Execute Workflow Trigger, else a manual start)."""
_TRIGGER = "executeWorkflowTrigger"


def _mapper(version_rule: dict[str, Any]) -> dict[str, Any]:
    return {
        "displayName": "Workflow Inputs",
        "name": "workflowInputs",
        "type": "json",
        "default": {"mappingMode": "defineBelow", "value": None},
        "required": True,
        "description": "Values for the inputs the sub-workflow's trigger declares "
        "(n8n's resource mapper: mappingMode, value, schema, attemptToConvertTypes)",
        "displayOptions": {
            "show": {"source": ["database"], "@version": [version_rule]},
            "hide": {"workflowId": [""]},
        },
    }


_OLD = {"@version": [{"_cnd": {"lte": 1.1}}]}
_NEW = {"@version": [{"_cnd": {"gte": 1.2}}]}

_PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Operation",
        "name": "operation",
        "type": "hidden",
        "default": "call_workflow",
        "description": "Execute a sub-workflow",
    },
    {
        "displayName": "This node is out of date: newer versions map the workflow's inputs",
        "name": "outdatedVersionWarning",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": _OLD},
    },
    {
        "displayName": "Source",
        "name": "source",
        "type": "options",
        "default": "database",
        "description": "Where to get the workflow to execute from",
        "options": [
            {
                "name": "Database",
                "value": "database",
                "description": "A flow by id or name (kflow run: a flow file next to this one)",
            },
            {
                "name": "Local File",
                "value": "localFile",
                "description": "A flow file (YAML or n8n JSON)",
            },
            {
                "name": "Parameter",
                "value": "parameter",
                "description": "The workflow JSON given below",
            },
            {
                "name": "URL",
                "value": "url",
                "description": "Refused: kflow fetches nothing implicitly",
            },
        ],
        "displayOptions": {"show": _OLD},
    },
    {
        "displayName": "The Local File and URL sources are deprecated in n8n",
        "name": "sourceDeprecationNotice",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {"source": ["localFile", "url"], **_OLD}},
    },
    {
        "displayName": "Source",
        "name": "source",
        "type": "options",
        "default": "database",
        "description": "Where to get the workflow to execute from",
        "options": [
            {
                "name": "Database",
                "value": "database",
                "description": "A flow by id or name (kflow run: a flow file next to this one)",
            },
            {
                "name": "Define Below",
                "value": "parameter",
                "description": "The workflow JSON given below",
            },
        ],
        "displayOptions": {"show": _NEW},
    },
    {
        "displayName": "Workflow ID",
        "name": "workflowId",
        "type": "string",
        "default": "",
        "required": True,
        "description": "The flow's id or name; with Run Once With All Items an expression "
        "is evaluated for the first item",
        "displayOptions": {"show": {"source": ["database"], "@version": [1]}},
    },
    {
        "displayName": "Workflow",
        "name": "workflowId",
        "type": "json",
        "default": "",
        "required": True,
        "description": "The flow: its id or name, or n8n's workflow selector "
        "({__rl: true, value, mode})",
        "displayOptions": {"show": {"source": ["database"], "@version": [{"_cnd": {"gte": 1.1}}]}},
    },
    {
        "displayName": "Workflow Path",
        "name": "workflowPath",
        "type": "string",
        "default": "",
        "required": True,
        "placeholder": "flows/sub.yaml",
        "description": "The flow file to execute (YAML or n8n JSON)",
        "displayOptions": {"show": {"source": ["localFile"]}},
    },
    {
        "displayName": "Workflow JSON",
        "name": "workflowJson",
        "type": "json",
        "default": "\n\n\n",
        "required": True,
        "typeOptions": {"rows": 10},
        "description": "The workflow JSON to execute",
        "displayOptions": {"show": {"source": ["parameter"]}},
    },
    {
        "displayName": "Workflow URL",
        "name": "workflowUrl",
        "type": "string",
        "default": "",
        "required": True,
        "description": "Refused by kflow, which fetches nothing implicitly",
        "displayOptions": {"show": {"source": ["url"]}},
    },
    {
        "displayName": "Items passed into this node are output by the Execute Workflow "
        "Trigger of the workflow",
        "name": "executeWorkflowNotice",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": _OLD},
    },
    _mapper({"_cnd": {"between": {"from": 1.2, "to": 1.3}}}),
    _mapper({"_cnd": {"gte": 1.4}}),
    {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "default": "once",
        "description": "Whether the sub-workflow runs once for all items or once per item",
        "options": [
            {
                "name": "Run once with all items",
                "value": "once",
                "description": "Pass all items into a single execution of the sub-workflow",
            },
            {
                "name": "Run once for each item",
                "value": "each",
                "description": "Call the sub-workflow individually for each item",
            },
        ],
    },
    {
        "displayName": "Run once for each item is deprecated in n8n",
        "name": "eachModeDeprecationNotice",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {"mode": ["each"]}},
    },
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "default": {},
        "placeholder": "Add option",
        "description": "More options",
        "options": [
            {
                "displayName": "Wait For Sub-Workflow Completion",
                "name": "waitForSubWorkflow",
                "type": "boolean",
                "default": True,
                "description": "Whether to output the sub-workflow's items (else this "
                "node's own items, the sub-workflow's failure not stopping this flow)",
            }
        ],
    },
]


class ExecuteWorkflow:
    """Runs a sub-workflow (versions 1, 1.1, 1.2, 1.3, 1.4)."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.executeWorkflow",))
    description = describe(
        "executeWorkflow",
        "Execute Workflow",
        "Execute another workflow",
        _PROPERTIES,
        version=[1, 1.1, 1.2, 1.3, 1.4],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if not run.items:
            return [[]]
        per_item = [run.params(i) for i in range(len(run.items))]
        items = mapped_items(run, per_item)
        if per_item[0]["mode"] == "each":
            return await self._each(run, per_item, items)
        return await self._once(run, per_item[0], items)

    async def _once(
        self, run: NodeRun, params: dict[str, Any], items: list[Item]
    ) -> list[list[Item]]:
        wait = (params.get("options") or {}).get("waitForSubWorkflow", True)
        every = [{"item": i} for i in range(len(items))]
        try:
            result = await self._call(run, params, items, 0, wait)
        except NodeError as error:
            if run.settings.on_error != "continueRegularOutput":
                run.item_failed(0, error)
                return [[]]
            return [[{"json": {"error": error.message}, "pairedItem": every}]]  # type: ignore[typeddict-item]
        if result is None:
            return [items]
        outputs = _returned(result)
        for output in outputs:
            same = len(output) == len(items)
            for index, item in enumerate(output):
                if "pairedItem" not in item:
                    item["pairedItem"] = {"item": index} if same else every  # type: ignore[typeddict-item]
        return outputs

    async def _each(
        self, run: NodeRun, per_item: list[dict[str, Any]], items: list[Item]
    ) -> list[list[Item]]:
        outputs: list[list[Item]] = []
        for index, item in enumerate(items):
            params = per_item[index]
            wait = (params.get("options") or {}).get("waitForSubWorkflow", True)
            try:
                result = await self._call(run, params, [item], index, wait)
            except NodeError as error:
                if run.version >= 1.3:
                    failed = run.item_failed(index, error)
                    if failed is not None:
                        outputs += [[]] if not outputs else []
                        outputs[0].append(failed)
                    continue
                if run.settings.on_error == "stopWorkflow":
                    raise
                # Before 1.3 an item's failure went to an output of its own (the item's
                # index), which n8n then drops when it routes errors to an error output.
                outputs += [[] for _ in range(index + 1 - len(outputs))]
                outputs[index].append(
                    {"json": {"error": error.message}, "pairedItem": {"item": index}}
                )
                continue
            if result is None:
                outputs += [[]] if not outputs else []
                outputs[0].append(item)
                continue
            for number, output in enumerate(_returned(result)):
                outputs += [[] for _ in range(number + 1 - len(outputs))]
                outputs[number] += [{**it, "pairedItem": {"item": index}} for it in output]
        return outputs or [[]]

    async def _call(
        self, run: NodeRun, params: dict[str, Any], items: list[Item], index: int, wait: bool
    ) -> SubflowResult | None:
        """Runs the sub-workflow; None when the node does not wait for it.

        Raises:
            NodeError: It could not be found or loaded, or it failed (only when waiting).
        """
        source = _source(run, params, index)
        if run.subflows is None:
            raise NodeOperationError(
                run.name,
                "this run cannot call sub-workflows",
                description="kflow run and kflow serve give runs a sub-workflow runner",
            )
        try:
            result = await run.subflows.run_subflow(
                source, items, node=run.name, starts=_STARTS, caller=run.workflow
            )
        except NodeError as error:
            if not wait:
                # n8n goes on without the sub-workflow's outcome; kflow ran it to the end
                # (a run has no separate execution to leave running) and drops its failure.
                return None
            raise _failed(run, error, index) from None
        except KflowError as error:
            cause = str(error).removeprefix(f"{run.name}: ")
            raise NodeOperationError(run.name, cause, item_index=index) from None
        return result if wait else None


def _failed(run: NodeRun, error: NodeError, index: int) -> NodeError:
    """The sub-workflow's failure, as this node's: n8n reports the sub-workflow's message."""
    where = error.description or ""
    if not where.startswith("in the sub-workflow"):
        where = f"in the sub-workflow, node {error.node!r}" + (f": {where}" if where else "")
    return NodeOperationError(run.name, error.message, description=where, item_index=index)


def _source(run: NodeRun, params: dict[str, Any], index: int) -> SubflowSource:
    kind = params.get("source", "database")
    if kind == "url":
        raise NodeOperationError(
            run.name,
            "kflow does not load workflows from a URL: it fetches nothing implicitly",
            description="download the workflow into a file and use Local File, or paste "
            "its JSON into Workflow JSON (Parameter)",
            item_index=index,
            parameter="Source",
        )
    if kind == "localFile":
        return SubflowSource("localFile", _text(run, params, "workflowPath", "Workflow Path"))
    if kind == "parameter":
        return SubflowSource("parameter", params.get("workflowJson"))
    chosen = params.get("workflowId")
    if isinstance(chosen, dict):
        chosen = chosen.get("value")
    if chosen is None or not str(chosen).strip():
        raise NodeOperationError(run.name, "is required", item_index=index, parameter="Workflow")
    return SubflowSource("database", str(chosen))


def _text(run: NodeRun, params: dict[str, Any], name: str, display: str) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value.strip():
        raise NodeOperationError(run.name, "is required", parameter=display)
    return value


def _returned(result: SubflowResult) -> list[list[Item]]:
    """What n8n hands back from a sub-workflow: its last node's last run, or (trigger 1.2,
    or Items to Return: all runs) every run of it, output by output."""
    start = result.start
    last_only = True
    if start.type == _TRIGGER:
        version = float(start.typeVersion) if start.typeVersion is not None else 1.2
        last_only = version < 1.2 and start.parameters.get("returnOutput") != "allRuns"
    runs = result.runs
    if not runs:
        return [[]]
    if last_only:
        return [list(output) for output in runs[-1]]
    width = max(len(run) for run in runs)
    return [
        [it for run in runs if branch < len(run) for it in run[branch]] for branch in range(width)
    ]


EXECUTE_WORKFLOW = ExecuteWorkflow()
