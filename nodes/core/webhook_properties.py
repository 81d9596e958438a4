"""The Webhook node's parameters, every version (n8n 2.41.1's names, defaults and rules).

One list for versions 1 to 2.1: what differs by version is said with `@version` rules,
as n8n's own description does. Versions 1 and 1.1 keep the response code at the top level;
2 and later keep it in Options, with a custom code. 2.1 adds the Streaming answer. Version
1 only has the Binary File option.
"""

from __future__ import annotations

from typing import Any

from kflow.nodes.core.http_response import RESPONSE_HEADERS

__all__ = ["CREDENTIALS", "METHODS", "PROPERTIES"]

METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")
_OLD = [1, 1.1]
_FROM_2 = {"_cnd": {"gte": 2}}

_RESPOND_WHEN = [
    {
        "name": "Immediately",
        "value": "onReceived",
        "description": "As soon as this node runs",
    },
    {
        "name": "When Last Node Finishes",
        "value": "lastNode",
        "description": "Returns data of the last node that ran",
    },
    {
        "name": "Using 'Respond to Webhook' Node",
        "value": "responseNode",
        "description": "The answer is defined in that node",
    },
]


def _notice(name: str, text: str, show: dict[str, Any] | None = None) -> dict[str, Any]:
    notice: dict[str, Any] = {"displayName": text, "name": name, "type": "notice", "default": ""}
    if show:
        notice["displayOptions"] = {"show": show}
    return notice


_OPTIONS: list[dict[str, Any]] = [
    {
        "displayName": "Binary File",
        "name": "binaryData",
        "type": "boolean",
        "default": False,
        "description": "Whether the webhook receives binary data (not run by kflow)",
        "displayOptions": {"show": {"/httpMethod": ["PATCH", "PUT", "POST"], "@version": [1]}},
    },
    {
        "displayName": "Put Output File in Field",
        "name": "binaryPropertyName",
        "type": "string",
        "default": "data",
        "description": "The binary field a received file goes in",
        "displayOptions": {"show": {"binaryData": [True], "@version": [1]}},
    },
    {
        "displayName": "Field Name for Binary Data",
        "name": "binaryPropertyName",
        "type": "string",
        "default": "data",
        "description": "The output field for binary file data, when binary data is received",
        "displayOptions": {"hide": {"@version": [1]}},
    },
    {
        "displayName": "Ignore Bots",
        "name": "ignoreBots",
        "type": "boolean",
        "default": False,
        "description": "Whether to refuse requests from bots (link previewers, crawlers) with 403",
    },
    {
        "displayName": "Only Run If",
        "name": "onlyRunIf",
        "type": "string",
        "default": "",
        "description": "An expression on the request; false answers 200 without a run "
        "(n8n evaluates expressions only: plain text has no effect)",
    },
    {
        "displayName": "IP(s) Allowlist",
        "name": "ipWhitelist",
        "type": "string",
        "default": "",
        "placeholder": "e.g. 127.0.0.1, 192.168.1.0/24",
        "description": "Comma-separated addresses or CIDR ranges allowed to call; others get 403",
    },
    {
        "displayName": "No Response Body",
        "name": "noResponseBody",
        "type": "boolean",
        "default": False,
        "description": "Whether to answer without a body",
        "displayOptions": {"show": {"/responseMode": ["onReceived"]}, "hide": {"rawBody": [True]}},
    },
    {
        "displayName": "Raw Body",
        "name": "rawBody",
        "type": "boolean",
        "default": False,
        "description": "Whether to keep the body as the text received",
        "displayOptions": {
            "show": {"@version": [1]},
            "hide": {"binaryData": [True], "noResponseBody": [True]},
        },
    },
    {
        "displayName": "Raw Body",
        "name": "rawBody",
        "type": "boolean",
        "default": False,
        "description": "Whether to keep the body as the text received",
        "displayOptions": {"hide": {"noResponseBody": [True], "@version": [1]}},
    },
    {
        "displayName": "Response Code",
        "name": "responseCode",
        "type": "fixedCollection",
        "default": {"values": {"responseCode": 200}},
        "description": "The answer's status code",
        "options": [
            {
                "name": "values",
                "displayName": "Values",
                "values": [
                    {
                        "displayName": "Response Code",
                        "name": "responseCode",
                        "type": "options",
                        "default": 200,
                        "options": [
                            *(
                                {"name": str(code), "value": code}
                                for code in (200, 201, 204, 301, 302, 304, 400, 401, 403, 404)
                            ),
                            {"name": "Custom Code", "value": "customCode"},
                        ],
                    },
                    {
                        "displayName": "Code",
                        "name": "customCode",
                        "type": "number",
                        "default": 200,
                        "typeOptions": {"minValue": 100},
                        "displayOptions": {"show": {"responseCode": ["customCode"]}},
                    },
                ],
            }
        ],
        "displayOptions": {
            "show": {"@version": [_FROM_2]},
            "hide": {"/responseMode": ["responseNode"]},
        },
    },
    {
        "displayName": "Response Content-Type",
        "name": "responseContentType",
        "type": "string",
        "default": "",
        "placeholder": "application/xml",
        "description": "Content type of the answer instead of application/json",
        "displayOptions": {
            "show": {"/responseData": ["firstEntryJson"], "/responseMode": ["lastNode"]}
        },
    },
    {
        "displayName": "Response Data",
        "name": "responseData",
        "type": "string",
        "default": "",
        "placeholder": "success",
        "description": "The answer's body instead of n8n's 'Workflow was started' message",
        "displayOptions": {
            "show": {"/responseMode": ["onReceived"]},
            "hide": {"noResponseBody": [True]},
        },
    },
    {**RESPONSE_HEADERS, "description": "Headers added to the answer"},
    {
        "displayName": "Property Name",
        "name": "responsePropertyName",
        "type": "string",
        "default": "data",
        "description": "Answer with this property of the JSON instead of all of it",
        "displayOptions": {
            "show": {"/responseData": ["firstEntryJson"], "/responseMode": ["lastNode"]}
        },
    },
]

PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Allow Multiple HTTP Methods",
        "name": "multipleMethods",
        "type": "boolean",
        "default": False,
        "description": "Whether to listen for several HTTP methods, one output each "
        "(not run by kflow serve)",
    },
    {
        "displayName": "HTTP Method",
        "name": "httpMethod",
        "type": "options",
        "default": "GET",
        "description": "The HTTP method to listen to",
        "options": [{"name": m, "value": m} for m in METHODS],
        "displayOptions": {"show": {"multipleMethods": [False]}},
    },
    {
        "displayName": "HTTP Methods",
        "name": "httpMethod",
        "type": "multiOptions",
        "default": ["GET", "POST"],
        "description": "The HTTP methods to listen to",
        "options": [{"name": m, "value": m} for m in METHODS],
        "displayOptions": {"show": {"multipleMethods": [True]}},
    },
    {
        "displayName": "Path",
        "name": "path",
        "type": "string",
        "default": "",
        "placeholder": "postbacks/:network",
        "description": "After /webhook/; `:name` parts become params (and the path is "
        "served under the node's webhookId)",
    },
    {
        "displayName": "Authentication",
        "name": "authentication",
        "type": "options",
        "default": "none",
        "description": "How callers prove who they are",
        "options": [
            {"name": "Basic Auth", "value": "basicAuth"},
            {"name": "Header Auth", "value": "headerAuth"},
            {"name": "JWT Auth", "value": "jwtAuth"},
            {"name": "n8n User Auth (OAuth2)", "value": "n8nOAuth2"},
            {"name": "None", "value": "none"},
        ],
    },
    {
        "displayName": "Require Workflow Execute Permission",
        "name": "requireExecuteAccess",
        "type": "boolean",
        "default": True,
        "description": "Whether the calling n8n user must be allowed to execute the workflow",
        "displayOptions": {"show": {"authentication": ["n8nOAuth2"]}},
    },
    {
        "displayName": "Respond",
        "name": "responseMode",
        "type": "options",
        "default": "onReceived",
        "description": "When and how to answer the request",
        "options": _RESPOND_WHEN,
        "displayOptions": {"show": {"@version": [1, 1.1, 2]}},
    },
    {
        "displayName": "Respond",
        "name": "responseMode",
        "type": "options",
        "default": "onReceived",
        "description": "When and how to answer the request",
        "options": [
            *_RESPOND_WHEN,
            {
                "name": "Streaming",
                "value": "streaming",
                "description": "Streams data from streaming nodes (not run by kflow)",
            },
        ],
        "displayOptions": {"hide": {"@version": [1, 1.1, 2]}},
    },
    _notice(
        "webhookNotice",
        "Insert a 'Respond to Webhook' node to control when and how you respond",
        {"responseMode": ["responseNode"]},
    ),
    _notice(
        "webhookStreamingNotice",
        "Insert a node that supports streaming and enable streaming",
        {"responseMode": ["streaming"]},
    ),
    {
        "displayName": "Response Code",
        "name": "responseCode",
        "type": "number",
        "default": 200,
        "description": "The answer's status code",
        "typeOptions": {"minValue": 100, "maxValue": 599},
        "displayOptions": {
            "show": {"@version": _OLD},
            "hide": {"responseMode": ["responseNode"]},
        },
    },
    {
        "displayName": "Response Data",
        "name": "responseData",
        "type": "options",
        "default": "firstEntryJson",
        "description": "What the answer holds when the last node finishes",
        "displayOptions": {"show": {"responseMode": ["lastNode"]}},
        "options": [
            {"name": "All Entries", "value": "allEntries"},
            {"name": "First Entry JSON", "value": "firstEntryJson"},
            {"name": "First Entry Binary", "value": "firstEntryBinary"},
            {"name": "No Response Body", "value": "noData"},
        ],
    },
    {
        "displayName": "Property Name",
        "name": "responseBinaryPropertyName",
        "type": "string",
        "default": "data",
        "description": "The binary property to answer with",
        "displayOptions": {"show": {"responseData": ["firstEntryBinary"]}},
    },
    _notice(
        "contentTypeNotice",
        "If you send a body back, add a Content-Type response header",
        {"responseMode": ["onReceived"]},
    ),
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "default": {},
        "placeholder": "Add option",
        "options": _OPTIONS,
    },
]

CREDENTIALS: list[dict[str, Any]] = [
    {
        "name": name,
        "required": True,
        "displayOptions": {"show": {"authentication": [mode]}},
    }
    for name, mode in (("httpBasicAuth", "basicAuth"), ("httpHeaderAuth", "headerAuth"))
]
"""The caller-checking credentials kflow has (n8n's jwtAuth slot is refused by name)."""
