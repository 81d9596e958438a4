"""HTTP Request 1 and 2's parameters (n8n 2.41.1's names, defaults and display rules): the
legacy request form, and each version's authentication."""

from __future__ import annotations

from typing import Any

__all__ = ["V1_PROPERTIES", "V2_PROPERTIES"]

_BODY_METHODS = ["PATCH", "POST", "PUT"]


def _rows(display: str, name: str, description: str, show: dict[str, Any]) -> dict[str, Any]:
    """Name/value rows under `parameter` (query, headers, body fields)."""
    return {
        "displayName": display,
        "name": name,
        "type": "fixedCollection",
        "typeOptions": {"multipleValues": True},
        "default": {},
        "placeholder": "Add Parameter",
        "description": description,
        "displayOptions": {"show": show},
        "options": [
            {
                "name": "parameter",
                "displayName": "Parameter",
                "values": [
                    {"displayName": "Name", "name": "name", "type": "string", "default": ""},
                    {"displayName": "Value", "name": "value", "type": "string", "default": ""},
                ],
            }
        ],
    }


def _json(display: str, name: str, description: str, **rules: Any) -> dict[str, Any]:
    return {
        "displayName": display,
        "name": name,
        "type": "json",
        "default": "",
        "description": description,
        "displayOptions": rules,
    }


_OPTIONS: dict[str, Any] = {
    "displayName": "Options",
    "name": "options",
    "type": "collection",
    "placeholder": "Add option",
    "default": {},
    "options": [
        {
            "displayName": "Batch Interval",
            "name": "batchInterval",
            "type": "number",
            "typeOptions": {"minValue": 0},
            "default": 1000,
            "description": "Milliseconds to wait between batches of requests (0: none)",
        },
        {
            "displayName": "Batch Size",
            "name": "batchSize",
            "type": "number",
            "typeOptions": {"minValue": -1},
            "default": 50,
            "description": "Requests sent per batch (-1: no batching)",
        },
        {
            "displayName": "Body Content Type",
            "name": "bodyContentType",
            "type": "options",
            "default": "json",
            "description": "How the body is sent",
            "displayOptions": {"show": {"/requestMethod": _BODY_METHODS}},
            "options": [
                {"name": "JSON", "value": "json"},
                {"name": "RAW/Custom", "value": "raw"},
                {"name": "Form-Data Multipart", "value": "multipart-form-data"},
                {"name": "Form Urlencoded", "value": "form-urlencoded"},
            ],
        },
        {
            "displayName": "Full Response",
            "name": "fullResponse",
            "type": "boolean",
            "default": False,
            "description": "Whether to return the headers and status too, not only the body",
        },
        {
            "displayName": "Follow All Redirects",
            "name": "followAllRedirects",
            "type": "boolean",
            "default": False,
            "description": "Whether to follow redirects of every method (not only GET)",
        },
        {
            "displayName": "Follow GET/HEAD Redirect",
            "name": "followRedirect",
            "type": "boolean",
            "default": True,
            "description": "Whether to follow redirects of GET and HEAD requests",
        },
        {
            "displayName": "Ignore Response Code",
            "name": "ignoreResponseCode",
            "type": "boolean",
            "default": False,
            "description": "Whether to succeed whatever status code the answer has",
        },
        {
            "displayName": "MIME Type",
            "name": "bodyContentCustomMimeType",
            "type": "string",
            "default": "",
            "placeholder": "text/xml",
            "description": "The Content-Type header to send",
            "displayOptions": {"show": {"/requestMethod": _BODY_METHODS}},
        },
        {
            "displayName": "Proxy",
            "name": "proxy",
            "type": "string",
            "default": "",
            "placeholder": "http://myproxy:3128",
            "description": "HTTP proxy to send the request through",
        },
        {
            "displayName": "Split Into Items",
            "name": "splitIntoItems",
            "type": "boolean",
            "default": False,
            "description": "Whether a JSON array answer becomes one item per element",
            "displayOptions": {"show": {"/responseFormat": ["json"]}},
        },
        {
            "displayName": "Timeout",
            "name": "timeout",
            "type": "number",
            "typeOptions": {"minValue": 1},
            "default": 10000,
            "description": "Milliseconds to wait for the answer (unset: one hour)",
        },
        {
            "displayName": "Use Querystring",
            "name": "useQueryString",
            "type": "boolean",
            "default": False,
            "description": "Whether a repeated query name is sent as name=a&name=b "
            "(otherwise name[0]=a&name[1]=b)",
        },
    ],
}

_REQUEST: list[dict[str, Any]] = [
    {
        "displayName": "Request Method",
        "name": "requestMethod",
        "type": "options",
        "default": "GET",
        "description": "The HTTP method to use",
        "options": [
            {"name": m, "value": m}
            for m in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
        ],
    },
    {
        "displayName": "URL",
        "name": "url",
        "type": "string",
        "default": "",
        "required": True,
        "description": "The URL to send the request to (http or https)",
    },
    {
        "displayName": "Ignore SSL Issues",
        "name": "allowUnauthorizedCerts",
        "type": "boolean",
        "default": False,
        "description": "Whether to accept a certificate that cannot be validated",
    },
    {
        "displayName": "Response Format",
        "name": "responseFormat",
        "type": "options",
        "default": "json",
        "description": "How the answer is read",
        "options": [
            {"name": "File", "value": "file"},
            {"name": "JSON", "value": "json"},
            {"name": "String", "value": "string"},
        ],
    },
    {
        "displayName": "Property Name",
        "name": "dataPropertyName",
        "type": "string",
        "default": "data",
        "required": True,
        "description": "The field the answer's text is written to",
        "displayOptions": {"show": {"responseFormat": ["string"]}},
    },
    {
        "displayName": "Binary Property",
        "name": "dataPropertyName",
        "type": "string",
        "default": "data",
        "required": True,
        "description": "The binary field the answer's file is written to",
        "displayOptions": {"show": {"responseFormat": ["file"]}},
    },
    {
        "displayName": "JSON/RAW Parameters",
        "name": "jsonParameters",
        "type": "boolean",
        "default": False,
        "description": "Whether query, headers and body are given as JSON (or raw) text",
    },
    _OPTIONS,
    {
        "displayName": "Send Binary File",
        "name": "sendBinaryData",
        "type": "boolean",
        "default": False,
        "description": "Whether the body is a binary file of the item",
        "displayOptions": {"show": {"jsonParameters": [True], "requestMethod": _BODY_METHODS}},
    },
    {
        "displayName": "Input Binary Field",
        "name": "binaryPropertyName",
        "type": "string",
        "default": "data",
        "required": True,
        "description": "The binary field sent; for multipart, `field:binaryField` pairs "
        "separated by commas",
        "displayOptions": {
            "hide": {"sendBinaryData": [False]},
            "show": {"jsonParameters": [True], "requestMethod": _BODY_METHODS},
        },
    },
    _json(
        "Body Parameters",
        "bodyParametersJson",
        "The body as JSON (or raw text with Body Content Type RAW/Custom)",
        hide={"sendBinaryData": [True]},
        show={"jsonParameters": [True], "requestMethod": [*_BODY_METHODS, "DELETE"]},
    ),
    _rows(
        "Body Parameters",
        "bodyParametersUi",
        "The body's fields",
        {"jsonParameters": [False], "requestMethod": [*_BODY_METHODS, "DELETE"]},
    ),
    _json(
        "Headers",
        "headerParametersJson",
        "The headers as a JSON object",
        show={"jsonParameters": [True]},
    ),
    _rows("Headers", "headerParametersUi", "The headers to send", {"jsonParameters": [False]}),
    _json(
        "Query Parameters",
        "queryParametersJson",
        "The query parameters as a JSON object",
        show={"jsonParameters": [True]},
    ),
    _rows(
        "Query Parameters",
        "queryParametersUi",
        "The query parameters to send",
        {"jsonParameters": [False]},
    ),
    {
        "displayName": "You can view the raw requests this node makes in your browser's "
        "developer console",
        "name": "infoMessage",
        "type": "notice",
        "default": "",
    },
]

_V1_AUTH: dict[str, Any] = {
    "displayName": "Authentication",
    "name": "authentication",
    "type": "options",
    "default": "none",
    "description": "How the request authenticates (its credential: httpBasicAuth, "
    "httpDigestAuth, httpHeaderAuth, httpQueryAuth or oAuth2Api)",
    "options": [
        {"name": "Basic Auth", "value": "basicAuth"},
        {"name": "Digest Auth", "value": "digestAuth"},
        {"name": "Header Auth", "value": "headerAuth"},
        {"name": "None", "value": "none"},
        {"name": "OAuth1", "value": "oAuth1"},
        {"name": "OAuth2", "value": "oAuth2"},
        {"name": "Query Auth", "value": "queryAuth"},
    ],
}

_V2_AUTH: list[dict[str, Any]] = [
    {
        "displayName": "Authentication",
        "name": "authentication",
        "type": "options",
        "noDataExpression": True,
        "required": True,
        "default": "none",
        "description": "How the request authenticates",
        "options": [
            {"name": "None", "value": "none"},
            {"name": "Predefined Credential Type", "value": "predefinedCredentialType"},
            {"name": "Generic Credential Type", "value": "genericCredentialType"},
        ],
    },
    {
        "displayName": "Credential Type",
        "name": "nodeCredentialType",
        "type": "string",
        "noDataExpression": True,
        "required": True,
        "default": "",
        "description": "A credential type whose authenticate block signs the request",
        "displayOptions": {"show": {"authentication": ["predefinedCredentialType"]}},
    },
    {
        "displayName": "Generic Auth Type",
        "name": "genericAuthType",
        "type": "string",
        "noDataExpression": True,
        "required": True,
        "default": "",
        "description": "httpBasicAuth, httpBearerAuth, httpDigestAuth, httpHeaderAuth, "
        "httpQueryAuth or oAuth2Api",
        "displayOptions": {"show": {"authentication": ["genericCredentialType"]}},
    },
]

V1_PROPERTIES: list[dict[str, Any]] = [_V1_AUTH, *_REQUEST]
V2_PROPERTIES: list[dict[str, Any]] = [*_V2_AUTH, *_REQUEST]
