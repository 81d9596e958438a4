"""webhook: starts a flow when an HTTP request arrives (n8n's Webhook 1, 1.1, 2 and 2.1).

`kflow serve` routes the request here (by method and path, the body read within its size
cap); the node checks the caller (IP allowlist, bots, then basic or header authentication),
reads the body, and outputs `{headers, params, query, body, webhookUrl, executionMode}` as
n8n does. Each version is one instance of `WebhookVersion`, so the request checks know the
version (the serve contract hands them parameters only).

What kflow does not run is refused by name when the flow is served: several methods on one
node, streaming answers, JWT and n8n user authentication, binary bodies and answers, an
Only Run If expression, and the lastNode answer's Property Name and Content-Type.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from kflow.host import (
    ConfigError,
    IncomingRequest,
    Item,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    Refusal,
    Reply,
    Response,
    VersionedNode,
    resolve_parameters,
    respond,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.http_response import response_headers
from kflow.nodes.core.webhook_callers import allowed_ip, authenticate, is_bot
from kflow.nodes.core.webhook_properties import CREDENTIALS, PROPERTIES

__all__ = ["WebhookNode", "WebhookVersion"]

VERSIONS = (1, 1.1, 2, 2.1)
DEFAULT_VERSION = 2.1


class WebhookVersion:
    """One version of the Webhook; `kflow run` gives it an empty request."""

    traits = NodeTraits(
        n8n_types=("n8n-nodes-base.webhook",), takes_run_input=True, trigger="request"
    )

    def __init__(self, version: float) -> None:
        self.version = float(version)
        self.description = describe(
            "webhook",
            "Webhook",
            "Starts the flow when a request arrives at /webhook/<path> (under kflow serve)",
            PROPERTIES,
            inputs=[],
            group=["trigger"],
            version=[version],
            defaultVersion=DEFAULT_VERSION,
            credentials=CREDENTIALS,
        )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        params = run.parameters
        _refuse_unsupported(params, run.name)
        if run.given_items is None:
            return [[{"json": {"headers": {}, "params": {}, "query": {}, "body": {}}}]]
        answer = _on_received_answer(params, self.version)
        if answer is not None:
            respond(answer)
        return [run.given_items]

    def request_route(self, parameters: dict[str, Any]) -> tuple[str, str]:
        """(method, path) after /webhook/.

        Raises:
            ConfigError: The node uses something kflow does not run (named in the message).
        """
        params = self._resolved(parameters)
        _refuse_unsupported(params, "Webhook")
        return str(params.get("httpMethod", "GET")), str(params.get("path", ""))

    def accept_request(
        self,
        parameters: dict[str, Any],
        request: IncomingRequest,
        credentials: dict[str, dict[str, Any]],
    ) -> Refusal | tuple[list[dict[str, Any]], Reply]:
        """The request's item and how to answer, or why it is refused (nothing recorded)."""
        params = self._resolved(parameters)
        options = params.get("options") or {}
        if not allowed_ip(str(options.get("ipWhitelist") or ""), request.remote):
            return Refusal(403, "IP is not allowed to access the webhook!", plain=True)
        if options.get("ignoreBots") and is_bot(request.headers.get("user-agent", "")):
            return Refusal(
                403, "Authorization data is wrong!", {"WWW-Authenticate": _REALM}, plain=True
            )
        refused = authenticate(str(params.get("authentication", "none")), request, credentials)
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
        return [item], self._reply(params)

    def _resolved(self, parameters: dict[str, Any]) -> dict[str, Any]:
        try:
            return resolve_parameters(
                self.description, parameters, node_name="Webhook", version=self.version
            )
        except NodeOperationError as exc:
            raise ConfigError(f"Webhook {self.version:g}: {exc}") from None

    def _reply(self, params: dict[str, Any]) -> Reply:
        mode = params.get("responseMode", "onReceived")
        options = params.get("options") or {}
        status = response_code(params, self.version)
        headers = response_headers(options)
        if mode == "lastNode":
            data = {"allEntries": "all", "noData": "none"}.get(
                str(params.get("responseData", "firstEntryJson")), "first"
            )
            return Reply("finished", status, headers, data)  # type: ignore[arg-type]
        if mode == "responseNode":
            return Reply("node", status, headers)
        if _on_received_answer(params, self.version) is not None:
            return Reply("node", status, headers)  # the node's own run answers
        return Reply("received", status, headers)


def response_code(params: dict[str, Any], version: float) -> int:
    """The answer's status: the top-level Response Code (1, 1.1), else the Response Code
    option's code, its custom code when set (2 and later), else 200."""
    if version < 2 and params.get("responseCode"):
        return int(params["responseCode"])
    values = ((params.get("options") or {}).get("responseCode") or {}).get("values") or {}
    if values.get("customCode"):
        return int(values["customCode"])
    code = values.get("responseCode", 200)
    return int(code) if isinstance(code, int | float) else 200


def _on_received_answer(params: dict[str, Any], version: float) -> Response | None:
    """The answer of an onReceived webhook whose options replace n8n's 'Workflow was
    started' message (a body of their own, or none); None when they do not."""
    if params.get("responseMode", "onReceived") != "onReceived":
        return None
    options = params.get("options") or {}
    status = response_code(params, version)
    headers = response_headers(options)
    if options.get("noResponseBody") and not options.get("rawBody"):
        return Response(status, headers)
    if options.get("responseData"):
        return Response(status, headers, text=str(options["responseData"]))
    return None


def _refuse_unsupported(params: dict[str, Any], name: str) -> None:
    """Raises ConfigError naming the first parameter value kflow does not run."""
    options = params.get("options") or {}
    refused = [
        (params.get("multipleMethods") is True, "Allow Multiple HTTP Methods"),
        (params.get("responseMode") == "streaming", "Respond: Streaming"),
        (params.get("authentication") == "jwtAuth", "Authentication: JWT Auth"),
        (params.get("authentication") == "n8nOAuth2", "Authentication: n8n User Auth"),
        (params.get("responseData") == "firstEntryBinary", "Response Data: First Entry Binary"),
        (options.get("binaryData") is True, "Options: Binary File"),
        (str(options.get("onlyRunIf") or "").startswith("="), "Options: Only Run If"),
        ("responsePropertyName" in options, "Options: Property Name"),
        ("responseContentType" in options, "Options: Response Content-Type"),
    ]
    for used, what in refused:
        if used:
            raise ConfigError(
                f"node {name!r}: kflow does not run the Webhook's {what!r}; "
                "remove it (or answer with a Respond to Webhook node)"
            )


_REALM = 'Basic realm="Webhook"'


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

WebhookNode = VersionedNode(
    default=DEFAULT_VERSION, implementations=tuple(WebhookVersion(v) for v in VERSIONS)
)
"""n8n's Webhook, every version n8n 2.41.1 ships (default 2.1)."""
