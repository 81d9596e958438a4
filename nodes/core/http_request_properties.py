"""HTTP Request 3 to 4.5's parameters (n8n 2.41.1's names, defaults and display rules)."""

from __future__ import annotations

from typing import Any

__all__ = ["PROPERTIES"]

_TOOL = {"show": {"@tool": [True]}}


def _shown(**show: list[Any]) -> dict[str, Any]:
    return {"show": show}


def _pairs(title: str, name: str = "parameters", **extra: Any) -> dict[str, Any]:
    """A list of name/value rows (query parameters, headers, body fields)."""
    return {
        "type": "fixedCollection",
        "typeOptions": {"multipleValues": True},
        "default": {name: [{"name": "", "value": ""}]},
        "options": [
            {
                "name": name,
                "displayName": title,
                "values": [
                    {"displayName": "Name", "name": "name", "type": "string", "default": ""},
                    {"displayName": "Value", "name": "value", "type": "string", "default": ""},
                ],
            }
        ],
        **extra,
    }


def _using(name: str, shown: dict[str, Any], *, single: str | None = None) -> dict[str, Any]:
    options = [
        {"name": "Using Fields Below", "value": "keypair"},
        {"name": "Using JSON", "value": "json"},
    ]
    if single:
        options = [options[0], {"name": "Using Single Field", "value": single}]
    return {
        "displayName": f"Specify {name}",
        "name": f"specify{name.split()[0]}",
        "type": "options",
        "default": "keypair",
        "description": f"How the {name.lower()} are given",
        "options": options,
        "displayOptions": shown,
    }


_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
_WEBDAV = ["COPY", "MKCOL", "MOVE", "PROPFIND", "REPORT"]

_REQUEST: list[dict[str, Any]] = [
    {"displayName": "", "name": "curlImport", "type": "notice", "default": ""},
    {
        "displayName": "Method",
        "name": "method",
        "type": "options",
        "default": "GET",
        "description": "The HTTP method to use (WebDAV methods once enabled in the options)",
        "options": [{"name": m, "value": m} for m in _METHODS + _WEBDAV],
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
        "displayName": "Authentication",
        "name": "authentication",
        "type": "options",
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
        "default": "",
        "required": True,
        "description": "A credential type kflow knows (keitaroApi, telegramApi, ...), whose "
        "authenticate block signs the request",
        "displayOptions": _shown(authentication=["predefinedCredentialType"]),
    },
    {
        "displayName": "Make sure you have specified the scope(s) for the Service Account",
        "name": "googleApiWarning",
        "type": "notice",
        "default": "",
        "displayOptions": _shown(nodeCredentialType=["googleApi"]),
    },
    {
        "displayName": "Generic Auth Type",
        "name": "genericAuthType",
        "type": "string",
        "default": "",
        "required": True,
        "description": "httpBasicAuth, httpBearerAuth, httpDigestAuth, httpHeaderAuth, "
        "httpQueryAuth, httpCustomAuth or oAuth2Api",
        "displayOptions": _shown(authentication=["genericCredentialType"]),
    },
    {
        "displayName": "SSL Certificates",
        "name": "provideSslCertificates",
        "type": "boolean",
        "default": False,
        "description": "Whether to send client certificates (not run by kflow)",
    },
    {
        "displayName": "Provide certificates in node's 'Credential for SSL Certificates' parameter",
        "name": "provideSslCertificatesNotice",
        "type": "notice",
        "default": "",
        "displayOptions": _shown(provideSslCertificates=[True]),
    },
    {
        "displayName": "SSL Certificate",
        "name": "sslCertificate",
        "type": "string",
        "default": "",
        "description": "The httpSslAuth credential (not run by kflow)",
        "displayOptions": _shown(provideSslCertificates=[True]),
    },
    {
        "displayName": "Send Query Parameters",
        "name": "sendQuery",
        "type": "boolean",
        "default": False,
        "description": "Whether the request has query parameters",
    },
    _using("Query Parameters", _shown(sendQuery=[True])),
    {
        "displayName": "Query Parameters",
        "name": "queryParameters",
        "description": "Query parameters, one row each (a name given twice repeats from 4.3)",
        "displayOptions": _shown(sendQuery=[True], specifyQuery=["keypair"]),
        **_pairs("Query Parameter"),
    },
    {
        "displayName": "JSON",
        "name": "jsonQuery",
        "type": "json",
        "default": "",
        "description": "The query parameters as a JSON object",
        "displayOptions": _shown(sendQuery=[True], specifyQuery=["json"]),
    },
    {
        "displayName": "Send Headers",
        "name": "sendHeaders",
        "type": "boolean",
        "default": False,
        "description": "Whether the request has headers of its own",
    },
    _using("Headers", _shown(sendHeaders=[True])),
    {
        "displayName": "Headers",
        "name": "headerParameters",
        "description": "Headers, one row each",
        "displayOptions": _shown(sendHeaders=[True], specifyHeaders=["keypair"]),
        **_pairs("Header"),
    },
    {
        "displayName": "JSON",
        "name": "jsonHeaders",
        "type": "json",
        "default": "",
        "description": "The headers as a JSON object",
        "displayOptions": _shown(sendHeaders=[True], specifyHeaders=["json"]),
    },
    {
        "displayName": "Send Body",
        "name": "sendBody",
        "type": "boolean",
        "default": False,
        "description": "Whether the request has a body",
    },
    {
        "displayName": "Body Content Type",
        "name": "contentType",
        "type": "options",
        "default": "json",
        "description": "How the body is encoded",
        "options": [
            {"name": "Form URL Encoded", "value": "form-urlencoded"},
            {"name": "Form-Data", "value": "multipart-form-data"},
            {"name": "JSON", "value": "json"},
            {"name": "n8n Binary File", "value": "binaryData"},
            {"name": "Raw", "value": "raw"},
        ],
        "displayOptions": _shown(sendBody=[True]),
    },
    _using("Body", _shown(sendBody=[True], contentType=["json"])),
    {
        "displayName": "Body Parameters",
        "name": "bodyParameters",
        "description": "Body fields, one row each (dotted names nest from version 4)",
        "displayOptions": _shown(sendBody=[True], contentType=["json"], specifyBody=["keypair"]),
        **_pairs("Body Field"),
    },
    {
        "displayName": "JSON",
        "name": "jsonBody",
        "type": "json",
        "default": "",
        "description": "The body as JSON",
        "displayOptions": _shown(sendBody=[True], contentType=["json"], specifyBody=["json"]),
    },
    {
        "displayName": "Body",
        "name": "bodyParameters",
        "type": "fixedCollection",
        "typeOptions": {"multipleValues": True},
        "default": {"parameters": [{"name": "", "value": ""}]},
        "description": "Form fields: text, or a file from the item's binary data",
        "displayOptions": _shown(sendBody=[True], contentType=["multipart-form-data"]),
        "options": [
            {
                "name": "parameters",
                "displayName": "Body Field",
                "values": [
                    {
                        "displayName": "Type",
                        "name": "parameterType",
                        "type": "options",
                        "default": "formData",
                        "options": [
                            {"name": "n8n Binary File", "value": "formBinaryData"},
                            {"name": "Form Data", "value": "formData"},
                        ],
                    },
                    {"displayName": "Name", "name": "name", "type": "string", "default": ""},
                    {
                        "displayName": "Value",
                        "name": "value",
                        "type": "string",
                        "default": "",
                        "displayOptions": _shown(parameterType=["formData"]),
                    },
                    {
                        "displayName": "Input Data Field Name",
                        "name": "inputDataFieldName",
                        "type": "string",
                        "default": "",
                        "description": "The binary property of the item to send",
                        "displayOptions": _shown(parameterType=["formBinaryData"]),
                    },
                ],
            }
        ],
    },
    _using("Body", _shown(sendBody=[True], contentType=["form-urlencoded"]), single="string"),
    {
        "displayName": "Body Fields",
        "name": "bodyParameters",
        "description": "Form fields, one row each",
        "displayOptions": _shown(
            sendBody=[True], contentType=["form-urlencoded"], specifyBody=["keypair"]
        ),
        **_pairs("Field"),
    },
    {
        "displayName": "Body",
        "name": "body",
        "type": "string",
        "default": "",
        "description": "The form as one text (a=1&b=2)",
        "displayOptions": _shown(sendBody=[True], specifyBody=["string"]),
    },
    {
        "displayName": "Input Data Field Name",
        "name": "inputDataFieldName",
        "type": "string",
        "default": "",
        "description": "The binary property of the item whose file is the body",
        "displayOptions": _shown(sendBody=[True], contentType=["binaryData"]),
    },
    {
        "displayName": "Content Type",
        "name": "rawContentType",
        "type": "string",
        "default": "",
        "description": "The Content-Type header of the raw body",
        "displayOptions": _shown(sendBody=[True], contentType=["raw"]),
    },
    {
        "displayName": "Body",
        "name": "body",
        "type": "string",
        "default": "",
        "description": "The raw body, sent as it is",
        "displayOptions": _shown(sendBody=[True], contentType=["raw"]),
    },
]


def _redirects(default: bool, versions: dict[str, Any]) -> dict[str, Any]:
    return {
        "displayName": "Redirects",
        "name": "redirect",
        "type": "fixedCollection",
        "typeOptions": {"multipleValues": False},
        "default": {"redirect": {}},
        "description": "Whether and how far redirects are followed",
        "displayOptions": versions,
        "options": [
            {
                "name": "redirect",
                "displayName": "Redirect",
                "values": [
                    {
                        "displayName": "Follow Redirects",
                        "name": "followRedirects",
                        "type": "boolean",
                        "default": default,
                    },
                    {
                        "displayName": "Max Redirects",
                        "name": "maxRedirects",
                        "type": "number",
                        "default": 21,
                        "displayOptions": _shown(followRedirects=[True]),
                    },
                ],
            }
        ],
    }


_PAGINATION_VALUES: list[dict[str, Any]] = [
    {
        "displayName": "Pagination Mode",
        "name": "paginationMode",
        "type": "options",
        "default": "updateAParameterInEachRequest",
        "options": [
            {"name": "Off", "value": "off"},
            {
                "name": "Update a Parameter in Each Request",
                "value": "updateAParameterInEachRequest",
            },
            {"name": "Response Contains Next URL", "value": "responseContainsNextURL"},
        ],
    },
    {
        "displayName": "Use the $response variables to reach the previous response",
        "name": "webhookNotice",
        "type": "notice",
        "default": "",
        "displayOptions": {"hide": {"paginationMode": ["off"]}},
    },
    {
        "displayName": "Next URL",
        "name": "nextURL",
        "type": "string",
        "default": "",
        "description": "An expression giving the next page's URL (use $response)",
        "displayOptions": _shown(paginationMode=["responseContainsNextURL"]),
    },
    {
        "displayName": "Parameters",
        "name": "parameters",
        "type": "fixedCollection",
        "typeOptions": {"multipleValues": True, "noExpression": True},
        "default": {"parameters": [{"type": "qs", "name": "", "value": ""}]},
        "description": "The parameters set anew for each page",
        "displayOptions": _shown(paginationMode=["updateAParameterInEachRequest"]),
        "options": [
            {
                "name": "parameters",
                "displayName": "Parameter",
                "values": [
                    {
                        "displayName": "Type",
                        "name": "type",
                        "type": "options",
                        "default": "qs",
                        "options": [
                            {"name": "Body", "value": "body"},
                            {"name": "Header", "value": "headers"},
                            {"name": "Query", "value": "qs"},
                        ],
                    },
                    {"displayName": "Name", "name": "name", "type": "string", "default": ""},
                    {"displayName": "Value", "name": "value", "type": "string", "default": ""},
                ],
            }
        ],
    },
    {
        "displayName": "Pagination Complete When",
        "name": "paginationCompleteWhen",
        "type": "options",
        "default": "responseIsEmpty",
        "options": [
            {"name": "Response Is Empty", "value": "responseIsEmpty"},
            {"name": "Receive Specific Status Code(s)", "value": "receiveSpecificStatusCodes"},
            {"name": "Other", "value": "other"},
        ],
        "displayOptions": {"hide": {"paginationMode": ["off"]}},
    },
    {
        "displayName": "Status Code(s) when Complete",
        "name": "statusCodesWhenComplete",
        "type": "string",
        "default": "",
        "description": "Comma-separated status codes that end the paging",
        "displayOptions": _shown(paginationCompleteWhen=["receiveSpecificStatusCodes"]),
    },
    {
        "displayName": "Complete Expression",
        "name": "completeExpression",
        "type": "string",
        "default": "",
        "description": "An expression true once the last page came",
        "displayOptions": _shown(paginationCompleteWhen=["other"]),
    },
    {
        "displayName": "Limit Pages Fetched",
        "name": "limitPagesFetched",
        "type": "boolean",
        "default": False,
        "displayOptions": {"hide": {"paginationMode": ["off"]}},
    },
    {
        "displayName": "Max Pages",
        "name": "maxRequests",
        "type": "number",
        "default": 100,
        "displayOptions": _shown(limitPagesFetched=[True]),
    },
    {
        "displayName": "Interval Between Requests (ms)",
        "name": "requestInterval",
        "type": "number",
        "default": 0,
        "typeOptions": {"minValue": 0},
        "displayOptions": {"hide": {"paginationMode": ["off"]}},
    },
]

_OPTIONS: dict[str, Any] = {
    "displayName": "Options",
    "name": "options",
    "type": "collection",
    "default": {},
    "placeholder": "Add option",
    "options": [
        {
            "displayName": "Batching",
            "name": "batching",
            "type": "fixedCollection",
            "typeOptions": {"multipleValues": False},
            "default": {"batch": {}},
            "description": "Send the items in batches with a pause between them",
            "options": [
                {
                    "name": "batch",
                    "displayName": "Batching",
                    "values": [
                        {
                            "displayName": "Items per Batch",
                            "name": "batchSize",
                            "type": "number",
                            "typeOptions": {"minValue": -1},
                            "default": 50,
                        },
                        {
                            "displayName": "Batch Interval (ms)",
                            "name": "batchInterval",
                            "type": "number",
                            "typeOptions": {"minValue": 0},
                            "default": 1000,
                        },
                    ],
                }
            ],
        },
        {
            "displayName": "Ignore SSL Issues (Insecure)",
            "name": "allowUnauthorizedCerts",
            "type": "boolean",
            "default": False,
            "description": "Whether to accept a certificate that cannot be verified",
        },
        {
            "displayName": "Array Format in Query Parameters",
            "name": "queryParameterArrays",
            "type": "options",
            "default": "brackets",
            "description": "How a list in the query is written",
            "displayOptions": _shown(**{"/sendQuery": [True]}),
            "options": [
                {"name": "No Brackets", "value": "repeat"},
                {"name": "Brackets Only", "value": "brackets"},
                {"name": "Brackets with Indices", "value": "indices"},
            ],
        },
        {
            "displayName": "Lowercase Headers",
            "name": "lowercaseHeaders",
            "type": "boolean",
            "default": True,
            "description": "Whether header names are sent in lower case",
        },
        _redirects(False, _shown(**{"@version": [1, 2, 3]})),
        _redirects(True, {"hide": {"@version": [1, 2, 3]}}),
        {
            "displayName": "Response",
            "name": "response",
            "type": "fixedCollection",
            "typeOptions": {"multipleValues": False},
            "default": {"response": {}},
            "description": "What the output holds",
            "options": [
                {
                    "name": "response",
                    "displayName": "Response",
                    "values": [
                        {
                            "displayName": "Include Response Headers and Status",
                            "name": "fullResponse",
                            "type": "boolean",
                            "default": False,
                        },
                        {
                            "displayName": "Never Error",
                            "name": "neverError",
                            "type": "boolean",
                            "default": False,
                        },
                        {
                            "displayName": "Response Format",
                            "name": "responseFormat",
                            "type": "options",
                            "default": "autodetect",
                            "options": [
                                {"name": "Autodetect", "value": "autodetect"},
                                {"name": "File", "value": "file"},
                                {"name": "JSON", "value": "json"},
                                {"name": "Text", "value": "text"},
                            ],
                        },
                        {
                            "displayName": "Put Output in Field",
                            "name": "outputPropertyName",
                            "type": "string",
                            "default": "data",
                            "required": True,
                            "displayOptions": _shown(responseFormat=["file", "text"]),
                        },
                    ],
                }
            ],
        },
        {
            "displayName": "Pagination",
            "name": "pagination",
            "type": "fixedCollection",
            "typeOptions": {"multipleValues": False},
            "default": {"pagination": {}},
            "description": "Fetch every page of a paged API",
            "options": [
                {"name": "pagination", "displayName": "Pagination", "values": _PAGINATION_VALUES}
            ],
        },
        {
            "displayName": "Proxy",
            "name": "proxy",
            "type": "string",
            "default": "",
            "description": "An HTTP proxy URL (http://user:pass@host:port)",
        },
        {
            "displayName": "Timeout",
            "name": "timeout",
            "type": "number",
            "typeOptions": {"minValue": 1},
            "default": 10000,
            "description": "Milliseconds to wait for the answer",
        },
        {
            "displayName": "Send Credentials on Cross-Origin Redirect",
            "name": "sendCredentialsOnCrossOriginRedirect",
            "type": "boolean",
            "default": False,
            "description": "Whether credentials follow a redirect to another origin",
        },
        {
            "displayName": "Enable WebDAV Methods",
            "name": "webdavMethods",
            "type": "boolean",
            "default": False,
        },
    ],
}

_TOOL_ONLY: list[dict[str, Any]] = [
    {
        "displayName": "Optimize Response",
        "name": "optimizeResponse",
        "type": "boolean",
        "default": False,
        "displayOptions": _TOOL,
    },
    {
        "displayName": "Expected Response Type",
        "name": "responseType",
        "type": "options",
        "default": "json",
        "displayOptions": _TOOL,
        "options": [{"name": n, "value": n.lower()} for n in ("JSON", "HTML", "Text")],
    },
    {
        "displayName": "Field Containing Data",
        "name": "dataField",
        "type": "string",
        "default": "",
        "displayOptions": _TOOL,
    },
    {
        "displayName": "Include Fields",
        "name": "fieldsToInclude",
        "type": "options",
        "default": "all",
        "displayOptions": _TOOL,
        "options": [{"name": n, "value": n.lower()} for n in ("All", "Selected", "Except")],
    },
    {
        "displayName": "Fields",
        "name": "fields",
        "type": "string",
        "default": "",
        "displayOptions": _TOOL,
    },
    {
        "displayName": "Selector (CSS)",
        "name": "cssSelector",
        "type": "string",
        "default": "body",
        "displayOptions": _TOOL,
    },
    {
        "displayName": "Return Only Content",
        "name": "onlyContent",
        "type": "boolean",
        "default": False,
        "displayOptions": _TOOL,
    },
    {
        "displayName": "Elements To Omit",
        "name": "elementsToOmit",
        "type": "string",
        "default": "",
        "displayOptions": _TOOL,
    },
    {
        "displayName": "Truncate Response",
        "name": "truncateResponse",
        "type": "boolean",
        "default": False,
        "displayOptions": _TOOL,
    },
    {
        "displayName": "Max Response Characters",
        "name": "maxLength",
        "type": "number",
        "default": 1000,
        "displayOptions": _TOOL,
    },
]

PROPERTIES: list[dict[str, Any]] = [
    *_REQUEST,
    _OPTIONS,
    *_TOOL_ONLY,
    {
        "displayName": "kflow shows the requests it sends in its run summary",
        "name": "infoMessage",
        "type": "notice",
        "default": "",
    },
]
