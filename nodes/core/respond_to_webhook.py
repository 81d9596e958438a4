"""respondToWebhook: answers the request that started the run (n8n's Respond to Webhook).

Under `kflow serve`, in a flow whose Webhook responds "Using 'Respond to Webhook' Node", the
first run of this node answers the waiting request; the flow goes on. Elsewhere (`kflow
run`, or once answered) it only passes its items through.
"""

from __future__ import annotations

import json
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits, Response, respond
from kflow.nodes.core.base import describe
from kflow.nodes.core.http_response import RESPONSE_HEADERS, response_headers

__all__ = ["RespondToWebhookNode"]


class RespondToWebhookNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.respondToWebhook",))
    description = describe(
        "respondToWebhook",
        "Respond to Webhook",
        "Answers the webhook call that started the flow",
        [
            {
                "displayName": "Respond With",
                "name": "respondWith",
                "type": "options",
                "default": "firstIncomingItem",
                "options": [
                    {"name": "All Incoming Items", "value": "allIncomingItems"},
                    {"name": "First Incoming Item", "value": "firstIncomingItem"},
                    {"name": "JSON", "value": "json"},
                    {"name": "Text", "value": "text"},
                    {"name": "No Data", "value": "noData"},
                ],
            },
            {
                "displayName": "Response Body",
                "name": "responseBody",
                "type": "json",
                "default": "{}",
                "displayOptions": {"show": {"respondWith": ["json"]}},
            },
            {
                "displayName": "Response Body",
                "name": "responseBody",
                "type": "string",
                "default": "",
                "displayOptions": {"show": {"respondWith": ["text"]}},
            },
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "placeholder": "Add Option",
                "options": [
                    {
                        "displayName": "Response Code",
                        "name": "responseCode",
                        "type": "number",
                        "default": 200,
                        "typeOptions": {"minValue": 100, "maxValue": 599},
                    },
                    RESPONSE_HEADERS,
                ],
            },
        ],
        version=[1, 1.1],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if run.items:
            respond(self._response(run, run.params(0)))
        return [
            [{"json": item["json"], "pairedItem": {"item": i}} for i, item in enumerate(run.items)]
        ]

    def _response(self, run: NodeRun, params: dict[str, Any]) -> Response:
        options = params.get("options") or {}
        headers = response_headers(options)
        status = int(options.get("responseCode", 200))
        kind = params.get("respondWith", "firstIncomingItem")
        if kind == "noData":
            return Response(status, headers)
        if kind == "text":
            return Response(status, headers, text=str(params.get("responseBody") or ""))
        if kind == "json":
            body = params.get("responseBody")
            if isinstance(body, str):
                try:
                    body = json.loads(body or "{}")
                except json.JSONDecodeError as exc:
                    raise NodeOperationError(
                        run.name, f"is not valid JSON: {exc.msg}", parameter="Response Body"
                    ) from None
            return Response(status, headers, body=body)
        if kind == "allIncomingItems":
            return Response(status, headers, body=[item["json"] for item in run.items])
        return Response(status, headers, body=run.items[0]["json"])
