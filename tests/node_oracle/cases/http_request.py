"""HTTP Request 3 to 4.5 against the http_echo stub: methods, query, headers, every body
kind, response formats, full responses, never error, redirects, errors and their shapes
under continueOnFail, and every pagination mode."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.cases._http import S, http_case
from tests.node_oracle.harness import Case

VERSIONS = [3, 4, 4.1, 4.2, 4.3, 4.4, 4.5]
ROWS = [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bo ü"}]


def _case(
    what: str,
    version: float,
    parameters: dict[str, Any],
    *,
    rows: list[dict[str, Any]] | None = None,
    error: bool = False,
    order: str = "v1",
    **settings: Any,
) -> Case:
    return http_case(
        f"httpRequest-{version}-{what}",
        version,
        parameters,
        ROWS if rows is None else rows,
        error=error,
        order=order,
        **settings,
    )


def _kv(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"parameters": [{"name": n, "value": v} for n, v in pairs]}


BASIC: list[tuple[str, dict[str, Any]]] = [
    ("get", {"url": f"{S}/echo"}),
    ("get-expr-url", {"url": "=" + S + "/echo/{{ $json.id }}"}),
    ("post-no-body", {"method": "POST", "url": f"{S}/echo"}),
    ("delete", {"method": "DELETE", "url": f"{S}/echo"}),
    (
        "put-json-fields",
        {
            "method": "PUT",
            "url": f"{S}/echo",
            "sendBody": True,
            "bodyParameters": _kv(("name", "={{ $json.name }}"), ("n", "={{ $json.id }}")),
        },
    ),
    (
        "post-json-dotted",
        {
            "method": "POST",
            "url": f"{S}/echo",
            "sendBody": True,
            "bodyParameters": _kv(("a.b", "1"), ("a.c", "x"), ("list", "[1,2]")),
        },
    ),
    (
        "post-json-raw",
        {
            "method": "POST",
            "url": f"{S}/echo",
            "sendBody": True,
            "specifyBody": "json",
            "jsonBody": '={ "id": {{ $json.id }}, "tags": ["a", "b"], "n": null }',
        },
    ),
    (
        "patch-form",
        {
            "method": "PATCH",
            "url": f"{S}/echo",
            "sendBody": True,
            "contentType": "form-urlencoded",
            "bodyParameters": _kv(("a", "1 2"), ("b", "={{ $json.name }}"), ("c", "&=?")),
        },
    ),
    (
        "post-form-string",
        {
            "method": "POST",
            "url": f"{S}/echo",
            "sendBody": True,
            "contentType": "form-urlencoded",
            "specifyBody": "string",
            "body": "a=1&b=two%20w&c",
        },
    ),
    (
        "post-multipart",
        {
            "method": "POST",
            "url": f"{S}/echo",
            "sendBody": True,
            "contentType": "multipart-form-data",
            "bodyParameters": {
                "parameters": [
                    {"parameterType": "formData", "name": "f1", "value": "v1"},
                    {"parameterType": "formData", "name": "f2", "value": "={{ $json.name }}"},
                ]
            },
        },
    ),
    (
        "post-raw",
        {
            "method": "POST",
            "url": f"{S}/echo",
            "sendBody": True,
            "contentType": "raw",
            "rawContentType": "text/plain",
            "body": "=raw {{ $json.id }} body",
        },
    ),
    (
        "query-fields",
        {
            "url": f"{S}/echo",
            "sendQuery": True,
            "queryParameters": _kv(("q", "={{ $json.name }}"), ("n", "={{ $json.id }}"), ("e", "")),
        },
    ),
    (
        "query-repeated",
        {
            "url": f"{S}/echo",
            "sendQuery": True,
            "queryParameters": _kv(("k", "1"), ("k", "2"), ("o", "x")),
        },
    ),
    (
        "query-json",
        {
            "url": f"{S}/echo",
            "sendQuery": True,
            "specifyQuery": "json",
            "jsonQuery": '{"a": 1, "b": "two", "arr": [1, 2]}',
        },
    ),
    (
        "query-json-arrays-repeat",
        {
            "url": f"{S}/echo",
            "sendQuery": True,
            "specifyQuery": "json",
            "jsonQuery": '{"arr": [1, 2]}',
            "options": {"queryParameterArrays": "repeat"},
        },
    ),
    (
        "query-json-arrays-indices",
        {
            "url": f"{S}/echo",
            "sendQuery": True,
            "specifyQuery": "json",
            "jsonQuery": '{"arr": [1, 2]}',
            "options": {"queryParameterArrays": "indices"},
        },
    ),
    (
        "query-on-url-with-query",
        {
            "url": f"{S}/echo?x=1",
            "sendQuery": True,
            "queryParameters": _kv(("y", "2")),
        },
    ),
    (
        "headers-fields",
        {
            "url": f"{S}/echo",
            "sendHeaders": True,
            "headerParameters": _kv(("X-Name", "=n{{ $json.id }}"), ("X-Two", "2")),
        },
    ),
    (
        "headers-keep-case",
        {
            "url": f"{S}/echo",
            "sendHeaders": True,
            "headerParameters": _kv(("X-Mixed-Case", "v")),
            "options": {"lowercaseHeaders": False},
        },
    ),
    (
        "headers-json",
        {
            "url": f"{S}/echo",
            "sendHeaders": True,
            "specifyHeaders": "json",
            "jsonHeaders": '{"X-Json": "yes", "Accept": "application/json"}',
        },
    ),
    (
        "accept-override",
        {
            "url": f"{S}/echo",
            "sendHeaders": True,
            "headerParameters": _kv(("accept", "text/csv")),
        },
    ),
    (
        "fmt-json",
        {
            "url": f"{S}/echo",
            "options": {"response": {"response": {"responseFormat": "json"}}},
        },
    ),
    (
        "fmt-text",
        {
            "url": f"{S}/echo",
            "options": {"response": {"response": {"responseFormat": "text"}}},
        },
    ),
    (
        "fmt-text-field",
        {
            "url": f"{S}/content/text",
            "options": {
                "response": {"response": {"responseFormat": "text", "outputPropertyName": "page"}}
            },
        },
    ),
    ("auto-text", {"url": f"{S}/content/text"}),
    ("auto-html", {"url": f"{S}/content/html"}),
    ("auto-xml", {"url": f"{S}/content/xml"}),
    ("auto-array", {"url": f"{S}/content/array"}),
    ("auto-scalars", {"url": f"{S}/content/scalars"}),
    ("auto-null", {"url": f"{S}/content/null"}),
    ("auto-number", {"url": f"{S}/content/number"}),
    ("auto-nested", {"url": f"{S}/content/nested"}),
    ("auto-empty", {"url": f"{S}/content/empty"}),
    ("auto-empty-json", {"url": f"{S}/content/empty-json"}),
    ("auto-png", {"url": f"{S}/content/png"}),
    ("auto-pdf", {"url": f"{S}/content/pdf"}),
    ("auto-octet", {"url": f"{S}/content/octet"}),
    (
        "file-named",
        {
            "url": f"{S}/content/named",
            "options": {"response": {"response": {"responseFormat": "file"}}},
        },
    ),
    (
        "file-field",
        {
            "url": f"{S}/content/png",
            "options": {
                "response": {"response": {"responseFormat": "file", "outputPropertyName": "img"}}
            },
        },
    ),
    (
        "json-of-text",
        {
            "url": f"{S}/content/json-as-text",
            "options": {"response": {"response": {"responseFormat": "json"}}},
        },
    ),
    (
        "never-error-404",
        {
            "url": f"{S}/status/404",
            "options": {"response": {"response": {"neverError": True}}},
        },
    ),
    ("redirect-default", {"url": f"{S}/redirect/2"}),
    ("redirect-post-307", {"method": "POST", "url": f"{S}/redirect/1?code=307"}),
    (
        "redirect-on",
        {
            "url": f"{S}/redirect/2",
            "options": {"redirect": {"redirect": {"followRedirects": True}}},
        },
    ),
    (
        "batching",
        {
            "url": f"{S}/echo",
            "options": {"batching": {"batch": {"batchSize": 1, "batchInterval": 10}}},
        },
    ),
    ("timeout-ok", {"url": f"{S}/echo", "options": {"timeout": 5000}}),
]

ERRORS: list[tuple[str, dict[str, Any]]] = [
    ("err-404", {"url": f"{S}/status/404"}),
    ("err-500-text", {"url": f"{S}/status/500?as=text"}),
    ("err-401-empty", {"url": f"{S}/status/401?as=empty"}),
    ("err-429", {"url": f"{S}/status/429"}),
    ("err-bad-url", {"url": "ftp://nowhere/x"}),
    (
        "err-bad-json-body",
        {
            "method": "POST",
            "url": f"{S}/echo",
            "sendBody": True,
            "specifyBody": "json",
            "jsonBody": "{not json",
        },
    ),
    (
        "err-bad-json-response",
        {
            "url": f"{S}/content/bad-json",
            "options": {"response": {"response": {"responseFormat": "json"}}},
        },
    ),
    ("err-refused", {"url": "http://127.0.0.1:1/x"}),
]

PAGINATION: list[tuple[str, dict[str, Any]]] = [
    (
        "page-query-empty",
        {
            "url": f"{S}/pages/query",
            "options": {
                "pagination": {
                    "pagination": {
                        "parameters": {
                            "parameters": [
                                {"type": "qs", "name": "page", "value": "={{ $pageCount + 1 }}"}
                            ]
                        },
                    }
                }
            },
        },
    ),
    (
        "page-wrapped-other",
        {
            "url": f"{S}/pages/wrapped",
            "options": {
                "pagination": {
                    "pagination": {
                        "parameters": {
                            "parameters": [
                                {
                                    "type": "qs",
                                    "name": "page",
                                    "value": "={{ $response.body.page + 1 }}",
                                }
                            ]
                        },
                        "paginationCompleteWhen": "other",
                        "completeExpression": "={{ $response.body.more === false }}",
                    }
                }
            },
        },
    ),
    (
        "page-status",
        {
            "url": f"{S}/pages/status",
            "options": {
                "pagination": {
                    "pagination": {
                        "parameters": {
                            "parameters": [
                                {"type": "qs", "name": "page", "value": "={{ $pageCount + 1 }}"}
                            ]
                        },
                        "paginationCompleteWhen": "receiveSpecificStatusCodes",
                        "statusCodesWhenComplete": "404",
                    }
                }
            },
        },
    ),
    (
        "page-header",
        {
            "url": f"{S}/pages/header",
            "options": {
                "pagination": {
                    "pagination": {
                        "parameters": {
                            "parameters": [
                                {
                                    "type": "headers",
                                    "name": "X-Page",
                                    "value": "={{ $pageCount + 1 }}",
                                }
                            ]
                        },
                        "paginationCompleteWhen": "other",
                        "completeExpression": "={{ $response.body.items.length === 0 }}",
                    }
                }
            },
        },
    ),
    (
        "page-body",
        {
            "method": "POST",
            "url": f"{S}/pages/body",
            "sendBody": True,
            "bodyParameters": _kv(("fixed", "yes")),
            "options": {
                "pagination": {
                    "pagination": {
                        "parameters": {
                            "parameters": [
                                {"type": "body", "name": "page", "value": "={{ $pageCount + 1 }}"}
                            ]
                        },
                        "paginationCompleteWhen": "other",
                        "completeExpression": "={{ $response.body.items.length === 0 }}",
                    }
                }
            },
        },
    ),
    (
        "page-next-url",
        {
            "url": f"{S}/pages/next/1",
            "options": {
                "pagination": {
                    "pagination": {
                        "paginationMode": "responseContainsNextURL",
                        "nextURL": "={{ $response.body.next }}",
                        "paginationCompleteWhen": "other",
                        "completeExpression": "={{ !$response.body.next }}",
                    }
                }
            },
        },
    ),
    (
        "page-next-url-keeps-query",
        {
            "url": f"{S}/pages/nextq/1",
            "sendQuery": True,
            "queryParameters": {
                "parameters": [{"name": "a", "value": "1"}, {"name": "page", "value": "1"}]
            },
            "options": {
                "pagination": {
                    "pagination": {
                        "paginationMode": "responseContainsNextURL",
                        "nextURL": "={{ $response.body.next }}",
                        "paginationCompleteWhen": "other",
                        "completeExpression": "={{ !$response.body.next }}",
                    }
                }
            },
        },
    ),
    (
        "page-max",
        {
            "url": f"{S}/pages/query",
            "options": {
                "pagination": {
                    "pagination": {
                        "parameters": {
                            "parameters": [
                                {"type": "qs", "name": "page", "value": "={{ $pageCount + 1 }}"}
                            ]
                        },
                        "limitPagesFetched": True,
                        "maxRequests": 2,
                        "requestInterval": 5,
                    }
                }
            },
        },
    ),
    (
        "page-text",
        {
            "url": f"{S}/pages/text",
            "options": {
                "response": {"response": {"responseFormat": "text"}},
                "pagination": {
                    "pagination": {
                        "parameters": {
                            "parameters": [
                                {"type": "qs", "name": "page", "value": "={{ $pageCount + 1 }}"}
                            ]
                        },
                    }
                },
            },
        },
    ),
    (
        "page-off",
        {
            "url": f"{S}/pages/query",
            "options": {"pagination": {"pagination": {"paginationMode": "off"}}},
        },
    ),
    (
        "page-err-no-params",
        {
            "url": f"{S}/pages/query",
            "options": {"pagination": {"pagination": {}}},
        },
    ),
]

ONE_ROW = [{"id": 1}]
LOCAL_ERRORS = {"err-bad-url", "err-bad-json-body", "err-bad-json-response"}


def _cases() -> list[Case]:
    cases: list[Case] = []
    for version in VERSIONS:
        for what, params in BASIC:
            # Version 3 follows no redirect by default: the 3xx answer is an error.
            stops = version == 3 and what in ("redirect-default", "redirect-post-307")
            cases.append(_case(what, version, params, error=stops))
        for what, params in ERRORS:
            cases.append(_case(what, version, params, rows=ONE_ROW, error=True))
            if what not in LOCAL_ERRORS:
                continue  # n8n's error items then hold a JavaScript stack trace
            cases.append(
                _case(
                    f"{what}-continue", version, params, rows=ROWS, onError="continueRegularOutput"
                )
            )
            cases.append(
                _case(f"{what}-errout", version, params, rows=ROWS, onError="continueErrorOutput")
            )
        for what, params in PAGINATION:
            cases.append(
                _case(what, version, params, rows=ONE_ROW, error=what.startswith("page-err"))
            )
    cases.append(_case("get-v0", 4.2, {"url": f"{S}/echo"}, order="v0"))
    return cases


CASES = _cases()
