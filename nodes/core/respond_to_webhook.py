"""respondToWebhook: answers the request that started the run (n8n's Respond to Webhook
1 to 1.5).

Under `kflow serve`, in a flow whose Webhook responds "Using 'Respond to Webhook' Node", the
first run of this node answers the waiting request; the flow goes on. Elsewhere (`kflow
run`, or once answered) it only passes its items through. Version 1.3 always has a second
output with the answer sent; 1.4 and 1.5 have it when Enable Response Output Branch is on.
Binary and JWT answers are refused by name; 1.5's streaming needs a streaming Webhook,
which kflow does not run, so the answer is always sent whole.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kflow.host import (
    ConfigError,
    Item,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    Response,
    VersionedNode,
    respond,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.respond_properties import PROPERTIES

__all__ = ["RespondToWebhookNode", "RespondVersions"]

DEFAULT_VERSION = 1.5
_ANSWER_OUTPUTS = {"outputs": ["main", "main"], "outputNames": ["Input Data", "Response"]}


def _outputs(stored: Mapping[str, Any], version: float) -> list[str]:
    """Respond's outputs: the items passed on, and from 1.3 the answer (from 1.4 only when
    Enable Response Output Branch is on)."""
    branch = version == 1.3 or (version >= 1.4 and bool(stored.get("enableResponseOutput")))
    return ["Input Data", "Response"] if branch else ["Input Data"]


class RespondVersions:
    """Respond to Webhook, for the versions its description lists."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.respondToWebhook",), outputs=_outputs)

    def __init__(self, versions: list[float], *, answer_output: bool) -> None:
        self.answer_output = answer_output
        self.description = describe(
            "respondToWebhook",
            "Respond to Webhook",
            "Answers the webhook call that started the flow",
            PROPERTIES,
            version=versions,
            defaultVersion=DEFAULT_VERSION,
            **(_ANSWER_OUTPUTS if answer_output else {}),
        )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        passed = [
            {"json": item["json"], "pairedItem": {"item": i}} for i, item in enumerate(run.items)
        ]
        branch = self._answer_branch(run)
        if not run.items:
            return [passed, []] if branch else [passed]
        try:
            response = answer(run, run.params(0))
        except NodeOperationError as error:
            if run.settings.on_error == "stopWorkflow":
                raise
            every = [{"item": i} for i in range(len(run.items))]
            failed: Item = {"json": {"error": error.message}, "pairedItem": every}  # type: ignore[typeddict-item]
            if run.settings.on_error == "continueErrorOutput":
                run.error_items.append(failed)
                return [[], []] if branch else [[]]
            return [[failed]]
        respond(response)
        if branch:
            return [passed, [{"json": {"response": sent(response)}}]]
        return [passed]

    def _answer_branch(self, run: NodeRun) -> bool:
        """Whether the run gives the answer on a second output (1.3 always; 1.4 and later
        when enabled)."""
        return len(_outputs(run.parameters, run.version)) == 2


def answer(run: NodeRun, params: dict[str, Any]) -> Response:
    """The answer the parameters describe (n8n's status, headers and body rules)."""
    options = params.get("options") or {}
    headers = {
        str(entry.get("name")).lower(): str(entry.get("value", ""))
        for entry in (options.get("responseHeaders") or {}).get("entries", [])
        if entry.get("name") is not None
    }
    status = int(options.get("responseCode") or 200)
    kind = params.get("respondWith", "firstIncomingItem")
    if kind in ("binary", "jwt"):
        raise ConfigError(
            f"node {run.name!r}: kflow does not answer with "
            f"{'a binary file' if kind == 'binary' else 'a JWT token'} (Respond With "
            f"{kind!r}); answer with JSON or text"
        )
    if kind == "noData":
        return Response(status, headers)
    if kind == "redirect":
        headers["location"] = str(params.get("redirectURL") or "")
        code = options.get("responseCode")
        return Response(307 if code is None else int(code), headers)
    if kind == "text":
        return Response(status, headers, text=str(params.get("responseBody") or ""))
    if kind == "json":
        return Response(status, headers, body=_json_body(run, params.get("responseBody")))
    items = [item["json"] for item in run.items]
    body: Any = items if kind == "allIncomingItems" else items[0]
    key = str(options.get("responseKey") or "")
    return Response(status, headers, body=_placed(key, body) if key else body)


def sent(response: Response) -> dict[str, Any]:
    """The answer as the response output shows it: body (when there is one), headers,
    statusCode."""
    shown: dict[str, Any] = {}
    body = response.text if response.text is not None else response.body
    if body is not None:
        shown["body"] = body
    return {**shown, "headers": dict(response.headers), "statusCode": response.status}


def _json_body(run: NodeRun, value: Any) -> Any:
    if not value:
        return None
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise NodeOperationError(
            run.name,
            "Invalid JSON in 'Response Body' field",
            description=f"{exc.msg}: check the JSON's syntax",
            parameter="Response Body",
        ) from None


def _placed(path: str, value: Any) -> dict[str, Any]:
    """{a: {b: value}} for the path "a.b" (n8n's lodash set on an empty object)."""
    root: dict[str, Any] = {}
    node = root
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return root


RespondToWebhookNode = VersionedNode(
    default=DEFAULT_VERSION,
    implementations=(
        RespondVersions([1, 1.1, 1.2], answer_output=False),
        RespondVersions([1.3, 1.4, 1.5], answer_output=True),
    ),
)
"""n8n's Respond to Webhook, every version n8n 2.41.1 ships (default 1.5)."""
