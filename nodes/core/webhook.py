"""webhook: starts a flow when an HTTP request arrives (n8n's Webhook), under `kflow serve`.

`kflow serve` routes the request here (by method and path, the body read within its size
cap); the node checks the caller (IP whitelist, then basic or header authentication in
constant time), reads the body, and outputs `{headers, params, query, body}` as n8n does.
"""

from __future__ import annotations

import base64
import hmac
import json
from typing import Any
from urllib.parse import parse_qsl

from kflow.host import IncomingRequest, Item, NodeRun, NodeTraits, Refusal, Reply
from kflow.nodes.core.base import describe
from kflow.nodes.core.http_response import RESPONSE_HEADERS, response_headers

__all__ = ["WebhookNode"]


class WebhookNode:
    """Outputs the request that started the run; `kflow run` gives it an empty request."""

    traits = NodeTraits(
        n8n_types=("n8n-nodes-base.webhook",), takes_run_input=True, trigger="request"
    )
    description = describe(
        "webhook",
        "Webhook",
        "Starts the flow when a request arrives at /webhook/<path> (under kflow serve)",
        [
            {
                "displayName": "HTTP Method",
                "name": "httpMethod",
                "type": "options",
                "default": "GET",
                "options": [
                    {"name": m, "value": m}
                    for m in ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")
                ],
            },
            {
                "displayName": "Path",
                "name": "path",
                "type": "string",
                "default": "",
                "required": True,
                "placeholder": "postbacks/:network",
                "description": "After /webhook/; `:name` parts become params",
            },
            {
                "displayName": "Authentication",
                "name": "authentication",
                "type": "options",
                "default": "none",
                "options": [
                    {"name": "None", "value": "none"},
                    {"name": "Basic Auth", "value": "basicAuth"},
                    {"name": "Header Auth", "value": "headerAuth"},
                ],
            },
            {
                "displayName": "Respond",
                "name": "responseMode",
                "type": "options",
                "default": "onReceived",
                "options": [
                    {"name": "Immediately", "value": "onReceived"},
                    {"name": "When Last Node Finishes", "value": "lastNode"},
                    {"name": "Using 'Respond to Webhook' Node", "value": "responseNode"},
                ],
            },
            {
                "displayName": "Response Code",
                "name": "responseCode",
                "type": "number",
                "default": 200,
                "typeOptions": {"minValue": 100, "maxValue": 599},
            },
            {
                "displayName": "Response Data",
                "name": "responseData",
                "type": "options",
                "default": "firstEntryJson",
                "displayOptions": {"show": {"responseMode": ["lastNode"]}},
                "options": [
                    {"name": "All Entries", "value": "allEntries"},
                    {"name": "First Entry JSON", "value": "firstEntryJson"},
                    {"name": "No Response Body", "value": "noData"},
                ],
            },
            {
                "displayName": "Options",
                "name": "options",
                "type": "collection",
                "default": {},
                "placeholder": "Add Option",
                "options": [
                    {
                        "displayName": "IP(s) Whitelist",
                        "name": "ipWhitelist",
                        "type": "string",
                        "default": "",
                        "description": "Comma-separated addresses allowed to call; others get 403",
                    },
                    {
                        "displayName": "Raw Body",
                        "name": "rawBody",
                        "type": "boolean",
                        "default": False,
                        "description": "Whether to keep the body as text instead of parsing JSON",
                    },
                    RESPONSE_HEADERS,
                ],
            },
        ],
        inputs=[],
        group=["trigger"],
        version=[1, 1.1, 2],
        credentials=[
            {
                "name": "httpBasicAuth",
                "required": True,
                "displayOptions": {"show": {"authentication": ["basicAuth"]}},
            },
            {
                "name": "httpHeaderAuth",
                "required": True,
                "displayOptions": {"show": {"authentication": ["headerAuth"]}},
            },
        ],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if run.given_items is not None:
            return [run.given_items]
        return [[{"json": {"headers": {}, "params": {}, "query": {}, "body": {}}}]]

    @staticmethod
    def request_route(parameters: dict[str, Any]) -> tuple[str, str]:
        """(method, path) after /webhook/."""
        return str(parameters.get("httpMethod", "GET")), str(parameters.get("path", ""))

    def accept_request(
        self,
        parameters: dict[str, Any],
        request: IncomingRequest,
        credentials: dict[str, dict[str, Any]],
    ) -> Refusal | tuple[list[dict[str, Any]], Reply]:
        """The request's item and how to answer, or why it is refused (nothing recorded)."""
        options = parameters.get("options") or {}
        allowed = [a.strip() for a in str(options.get("ipWhitelist") or "").split(",") if a.strip()]
        if allowed and request.remote not in allowed:
            return Refusal(403, "IP is not whitelisted to access the webhook")
        refused = _authenticate(parameters.get("authentication", "none"), request, credentials)
        if refused is not None:
            return refused
        body = _body(request, raw=bool(options.get("rawBody")))
        if isinstance(body, Refusal):
            return body
        item = {
            "headers": request.headers,
            "params": request.params,
            "query": request.query,
            "body": body,
            "webhookUrl": request.url,
            "executionMode": "test" if request.test else "production",
        }
        headers = response_headers(options)
        data = {"allEntries": "all", "noData": "none"}.get(
            parameters.get("responseData", "firstEntryJson"), "first"
        )
        mode = parameters.get("responseMode", "onReceived")
        reply = Reply(
            when={"lastNode": "finished", "responseNode": "node"}.get(mode, "received"),  # type: ignore[arg-type]
            status=int(parameters.get("responseCode", 200)),
            headers=headers,
            data=data,  # type: ignore[arg-type]
        )
        return [item], reply


def _authenticate(
    mode: str, request: IncomingRequest, credentials: dict[str, dict[str, Any]]
) -> Refusal | None:
    """None when the caller may call: 401 for basic auth, 403 for header auth, with n8n's
    plain-text messages (checked against n8n 2.41.1)."""
    if mode == "basicAuth":
        expected = credentials.get("httpBasicAuth")
        if expected is None:
            return Refusal(403, "The webhook's httpBasicAuth credential is missing")
        pair = f"{expected.get('user', '')}:{expected.get('password', '')}".encode()
        wanted = b"Basic " + base64.b64encode(pair)
        given = request.headers.get("authorization", "").encode()
        if not given:
            return Refusal(401, "Authorization is required!", _CHALLENGE, plain=True)
        if not hmac.compare_digest(given, wanted):
            return Refusal(401, "Authentication data is wrong!", _CHALLENGE, plain=True)
    elif mode == "headerAuth":
        expected = credentials.get("httpHeaderAuth")
        if expected is None:
            return Refusal(403, "The webhook's httpHeaderAuth credential is missing")
        given = request.headers.get(str(expected.get("name") or "").lower(), "")
        if not hmac.compare_digest(given.encode(), str(expected.get("value") or "").encode()):
            return Refusal(403, "Authorization data is wrong!", _CHALLENGE, plain=True)
    return None


_CHALLENGE = {"WWW-Authenticate": 'Basic realm="Webhook"'}
"""n8n sends it with both refusals, header authentication's 403 included."""


def _body(request: IncomingRequest, *, raw: bool) -> Any:
    """The body as n8n's Webhook outputs it: JSON parsed, forms as objects, else text."""
    if raw or not request.text:
        return request.text if request.text else {}
    kind = request.content_type
    if kind == "application/json" or kind.endswith("+json"):
        try:
            return json.loads(request.text)
        except json.JSONDecodeError as exc:
            return Refusal(400, f"The body is not JSON: {exc.msg}")
        except RecursionError:
            return Refusal(400, "The body is nested too deeply")
    if kind == "application/x-www-form-urlencoded":
        try:
            return dict(parse_qsl(request.text, keep_blank_values=True, max_num_fields=_FIELDS))
        except ValueError:
            return Refusal(400, f"The form has more than {_FIELDS} fields")
    return request.text


_FIELDS = 1000
"""Most fields in a form body."""
