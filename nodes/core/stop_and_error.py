"""stopAndError: stops the run with an error message, or an error object's message."""

from __future__ import annotations

import json
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe

__all__ = ["STOP_AND_ERROR", "StopAndErrorNode", "error_message"]


def _text(value: Any) -> str:
    return value if isinstance(value, str) and value else ""


def error_message(kind: str, value: Any) -> tuple[str, str | None]:
    """The message (and description) n8n throws for an error type and its parameter.

    Raises:
        ValueError: The error object is not JSON.
    """
    if kind == "errorMessage":
        return str(value), None
    found = json.loads(value) if isinstance(value, str) else value
    if not isinstance(found, dict):
        found = {} if found is None else found
    get = found.get if isinstance(found, dict) else (lambda _key: None)
    message = (
        _text(get("message"))
        or _text(get("description"))
        or _text(get("error"))
        or "Error: " + json.dumps(found, separators=(",", ":"), ensure_ascii=False)
    )
    return message, _text(get("description")) or None


class StopAndErrorNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.stopAndError",), streams=True)
    description = describe(
        "stopAndError",
        "Stop and Error",
        "Throw an error in the workflow",
        [
            {
                "displayName": "Error Type",
                "name": "errorType",
                "type": "options",
                "default": "errorMessage",
                "description": "Type of error to throw",
                "options": [
                    {"name": "Error Message", "value": "errorMessage"},
                    {"name": "Error Object", "value": "errorObject"},
                ],
            },
            {
                "displayName": "Error Message",
                "name": "errorMessage",
                "type": "string",
                "default": "",
                "placeholder": "An error occurred!",
                "displayOptions": {"show": {"errorType": ["errorMessage"]}},
            },
            {
                "displayName": "Error Object",
                "name": "errorObject",
                "type": "json",
                "default": "",
                "description": "Object whose message, description or error becomes the message",
                "typeOptions": {"alwaysOpenEditWindow": True},
                "displayOptions": {"show": {"errorType": ["errorObject"]}},
            },
        ],
        group=["input"],
        outputs=[],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        params = run.params(0)
        kind = params["errorType"]
        try:
            message, description = error_message(kind, params.get(kind, ""))
        except ValueError as exc:
            raise NodeOperationError(
                run.name, f"is not valid JSON: {exc}", parameter="Error Object"
            ) from None
        raise NodeOperationError(run.name, message, description=description)


STOP_AND_ERROR = StopAndErrorNode()
