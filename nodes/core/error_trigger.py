"""Error Trigger: the start of an error workflow. When a flow whose `settings.errorWorkflow`
names this workflow fails, the workflow runs with one item describing the failure
(host/subflows.py `error_item`: `{execution: {id, error, lastNodeExecuted, mode, ...},
workflow: {id, name}}`), and this node outputs it.

Run on its own (no item given), it outputs n8n's example error, so that an error workflow
can be tried out by hand.
"""

from __future__ import annotations

from typing import Any

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe

__all__ = ["ERROR_TRIGGER", "ErrorTrigger", "example_error"]


def example_error() -> dict[str, Any]:
    """The item an Error Trigger shows when run by hand (n8n's example)."""
    return {
        "execution": {
            "id": 231,
            "url": "http://localhost:5678/execution/workflow/1/231",
            "retryOf": "34",
            "error": {"message": "Example Error Message", "stack": "Stacktrace"},
            "lastNodeExecuted": "Node With Error",
            "mode": "manual",
        },
        "workflow": {"id": "1", "name": "Example Workflow"},
    }


class ErrorTrigger:
    """Outputs the failed run's error item (version 1)."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.errorTrigger",), takes_run_input=True)
    description = describe(
        "errorTrigger",
        "Error Trigger",
        "Triggers the workflow when another workflow has an error",
        [
            {
                "displayName": "This node runs when a flow whose settings.errorWorkflow names "
                "this workflow fails",
                "name": "notice",
                "type": "notice",
                "default": "",
            }
        ],
        inputs=[],
        group=["trigger"],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        given = run.given_items if run.given_items is not None else run.items
        if len(given) == 1 and not given[0]["json"] and not given[0].get("binary"):
            return [[{"json": example_error(), "pairedItem": {"item": 0}}]]
        return [[{**item, "pairedItem": {"item": i}} for i, item in enumerate(given)]]


ERROR_TRIGGER = ErrorTrigger()
