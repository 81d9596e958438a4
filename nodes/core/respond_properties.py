"""Respond to Webhook's parameters, every version (n8n 2.41.1's names, defaults and rules)."""

from __future__ import annotations

from typing import Any

from kflow.nodes.core.http_response import RESPONSE_HEADERS

__all__ = ["PROPERTIES"]

_FROM_1_2 = {"_cnd": {"gte": 1.2}}
_FROM_1_4 = {"_cnd": {"gte": 1.4}}

_RESPOND_WITH: dict[str, Any] = {
    "displayName": "Respond With",
    "name": "respondWith",
    "type": "options",
    "default": "firstIncomingItem",
    "description": "What the answer holds",
    "options": [
        {"name": "All Incoming Items", "value": "allIncomingItems"},
        {"name": "Binary File", "value": "binary", "description": "Not run by kflow"},
        {"name": "First Incoming Item", "value": "firstIncomingItem"},
        {"name": "JSON", "value": "json"},
        {"name": "JWT Token", "value": "jwt", "description": "Not run by kflow"},
        {"name": "No Data", "value": "noData"},
        {"name": "Redirect", "value": "redirect"},
        {"name": "Text", "value": "text"},
    ],
}


def _shown(**show: list[Any]) -> dict[str, Any]:
    return {"show": show}


PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Enable Response Output Branch",
        "name": "enableResponseOutput",
        "type": "boolean",
        "default": False,
        "description": "Whether a second output gives the answer that was sent",
        "displayOptions": _shown(**{"@version": [_FROM_1_4]}),
    },
    {
        "displayName": "Set the Webhook's Respond to 'Using Respond to Webhook Node'",
        "name": "generalNotice",
        "type": "notice",
        "default": "",
    },
    {**_RESPOND_WITH, "displayOptions": _shown(**{"@version": [1, 1.1]})},
    {
        **_RESPOND_WITH,
        "noDataExpression": True,
        "displayOptions": _shown(**{"@version": [_FROM_1_2]}),
    },
    {
        "displayName": "Credentials",
        "name": "credentials",
        "type": "hidden",
        "default": "",
        "displayOptions": _shown(respondWith=["jwt"]),
    },
    {
        "displayName": "With expressions, the answer is made from the first item only",
        "name": "webhookNotice",
        "type": "notice",
        "default": "",
        "displayOptions": _shown(respondWith=["json", "text", "jwt"]),
    },
    {
        "displayName": "Redirect URL",
        "name": "redirectURL",
        "type": "string",
        "default": "",
        "required": True,
        "placeholder": "e.g. http://www.n8n.io",
        "description": "The URL to redirect to",
        "displayOptions": _shown(respondWith=["redirect"]),
    },
    {
        "displayName": "Response Body",
        "name": "responseBody",
        "type": "json",
        "default": '{\n  "myField": "value"\n}',
        "description": "The answer's JSON",
        "displayOptions": _shown(respondWith=["json"]),
    },
    {
        "displayName": "Payload",
        "name": "payload",
        "type": "json",
        "default": '{\n  "myField": "value"\n}',
        "description": "The JWT token's payload",
        "displayOptions": _shown(respondWith=["jwt"]),
    },
    {
        "displayName": "Response Body",
        "name": "responseBody",
        "type": "string",
        "default": "",
        "placeholder": "e.g. Workflow completed",
        "description": "The answer's text",
        "displayOptions": _shown(respondWith=["text"]),
    },
    {
        "displayName": "Response Data Source",
        "name": "responseDataSource",
        "type": "options",
        "default": "automatically",
        "description": "Where the binary answer comes from",
        "options": [
            {"name": "Choose Automatically From Input", "value": "automatically"},
            {"name": "Specify Myself", "value": "set"},
        ],
        "displayOptions": _shown(respondWith=["binary"]),
    },
    {
        "displayName": "Input Field Name",
        "name": "inputFieldName",
        "type": "string",
        "default": "data",
        "required": True,
        "description": "The input's binary field to answer with",
        "displayOptions": _shown(respondWith=["binary"], responseDataSource=["set"]),
    },
    {
        "displayName": "Add a Content-Type response header that fits the text",
        "name": "contentTypeNotice",
        "type": "notice",
        "default": "",
        "displayOptions": _shown(respondWith=["text"]),
    },
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "default": {},
        "placeholder": "Add option",
        "options": [
            {
                "displayName": "Response Code",
                "name": "responseCode",
                "type": "number",
                "default": 200,
                "description": "The answer's status code (a redirect's is 307 unless set)",
                "typeOptions": {"minValue": 100, "maxValue": 599},
            },
            {**RESPONSE_HEADERS, "description": "Headers added to the answer"},
            {
                "displayName": "Put Response in Field",
                "name": "responseKey",
                "type": "string",
                "default": "",
                "placeholder": "e.g. data",
                "description": "Answer with an object holding the items at this path",
                "displayOptions": _shown(
                    **{"/respondWith": ["allIncomingItems", "firstIncomingItem"]}
                ),
            },
            {
                "displayName": "Enable Streaming",
                "name": "enableStreaming",
                "type": "boolean",
                "default": True,
                "description": "Whether to stream the answer when the Webhook streams "
                "(kflow's Webhook does not stream, so the answer is sent whole)",
                "displayOptions": _shown(
                    **{
                        "/respondWith": [
                            "allIncomingItems",
                            "firstIncomingItem",
                            "text",
                            "json",
                            "jwt",
                        ],
                        "@version": [{"_cnd": {"gte": 1.5}}],
                    }
                ),
            },
        ],
    },
]
