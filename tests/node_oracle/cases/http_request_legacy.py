"""HTTP Request 1 and 2 (the legacy request form) against the http_echo stub: methods,
query, headers and bodies from rows or JSON, body content types, response formats, full
responses, split into items, redirects, status codes, and each version's authentication."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.cases._http import S, http_case
from tests.node_oracle.harness import Case

VERSIONS = [1, 2]
ROWS = [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bo ü"}]
ONE_ROW = [{"id": 1}]

HEADER = {"httpHeaderAuth": {"name": "X-Api-Key", "value": "fake-header-secret"}}
QUERY = {"httpQueryAuth": {"name": "api_key", "value": "fake-query-secret"}}
BASIC = {"httpBasicAuth": {"user": "ann", "password": "fake-basic-pw"}}
BEARER = {"httpBearerAuth": {"token": "fake-bearer-token"}}
DIGEST = {"httpDigestAuth": {"user": "dora", "password": "digest-pw"}}
OAUTH_CC = {
    "oAuth2Api": {
        "accessTokenUrl": f"{S}/oauth/token",
        "clientId": "client-1",
        "clientSecret": "client-secret-1",
        "grantType": "clientCredentials",
        "authentication": "header",
    }
}


def _case(
    what: str,
    version: float,
    parameters: dict[str, Any],
    *,
    rows: list[dict[str, Any]] | None = None,
    error: bool = False,
    order: str = "v1",
    credentials: dict[str, dict[str, Any]] | None = None,
) -> Case:
    return http_case(
        f"httpRequest-{version}-legacy-{what}",
        version,
        parameters,
        ROWS if rows is None else rows,
        error=error,
        order=order,
        credentials=credentials,
    )


def _ui(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"parameter": [{"name": n, "value": v} for n, v in pairs]}


def _post(**more: Any) -> dict[str, Any]:
    return {"requestMethod": "POST", "url": f"{S}/echo", **more}


# (what, parameters, error)
PLAIN: list[tuple[str, dict[str, Any], bool]] = [
    ("get", {"url": f"{S}/echo"}, False),
    ("get-expr-url", {"url": "=" + S + "/echo/{{ $json.id }}"}, False),
    ("delete", {"requestMethod": "DELETE", "url": f"{S}/echo"}, False),
    (
        "query-rows",
        {
            "url": f"{S}/echo",
            "queryParametersUi": _ui(("a", "1"), ("b", "={{ $json.name }}"), ("a", "2")),
        },
        False,
    ),
    (
        "query-rows-querystring",
        {
            "url": f"{S}/echo",
            "queryParametersUi": _ui(("a", "1"), ("a", "2"), ("c", "x y")),
            "options": {"useQueryString": True},
        },
        False,
    ),
    (
        "query-on-url",
        {"url": f"{S}/echo?z=9", "queryParametersUi": _ui(("a", "1"))},
        False,
    ),
    (
        "header-rows",
        {
            "url": f"{S}/echo",
            "headerParametersUi": _ui(("X-Mixed-Case", "v"), ("x-n", "={{ $json.id }}")),
        },
        False,
    ),
    (
        "header-accept",
        {"url": f"{S}/echo", "headerParametersUi": _ui(("Accept", "text/plain"))},
        False,
    ),
    ("post-empty", _post(), False),
    (
        "post-json-rows",
        _post(bodyParametersUi=_ui(("name", "={{ $json.name }}"), ("n", "={{ $json.id }}"))),
        False,
    ),
    (
        "post-json-dotted",
        _post(bodyParametersUi=_ui(("a.b", "1"), ("a.b", "2"))),
        False,
    ),
    (
        "put-form",
        {
            "requestMethod": "PUT",
            "url": f"{S}/echo",
            "bodyParametersUi": _ui(("a", "1 2"), ("b", "&=?")),
            "options": {"bodyContentType": "form-urlencoded"},
        },
        False,
    ),
    (
        "patch-multipart",
        {
            "requestMethod": "PATCH",
            "url": f"{S}/echo",
            "bodyParametersUi": _ui(("f1", "v1"), ("f2", "={{ $json.name }}")),
            "options": {"bodyContentType": "multipart-form-data"},
        },
        False,
    ),
    (
        "delete-body",
        {
            "requestMethod": "DELETE",
            "url": f"{S}/echo",
            "bodyParametersUi": _ui(("gone", "yes")),
        },
        False,
    ),
    (
        "json-parameters",
        _post(
            jsonParameters=True,
            bodyParametersJson='={"id": {{ $json.id }}, "tags": ["a"], "n": null}',
            headerParametersJson='{"X-From-Json": "h1"}',
            queryParametersJson='{"q": "1", "list": [1, 2]}',
        ),
        False,
    ),
    (
        "json-parameters-querystring",
        {
            "url": f"{S}/echo",
            "jsonParameters": True,
            "queryParametersJson": '{"list": [1, 2], "o": {"k": "v"}}',
            "options": {"useQueryString": True},
        },
        False,
    ),
    (
        "json-parameters-get",
        {"url": f"{S}/echo", "jsonParameters": True, "queryParametersJson": '{"q": "x"}'},
        False,
    ),
    (
        "json-form",
        _post(
            jsonParameters=True,
            bodyParametersJson='{"a": "1", "b": "two"}',
            options={"bodyContentType": "form-urlencoded"},
        ),
        False,
    ),
    (
        "custom-mime-json",
        _post(
            bodyParametersUi=_ui(("a", "1")),
            options={"bodyContentCustomMimeType": "application/vnd.api+json"},
        ),
        False,
    ),
    (
        "bad-json-body",
        _post(jsonParameters=True, bodyParametersJson="{not json"),
        True,
    ),
    (
        "bad-json-headers",
        {"url": f"{S}/echo", "jsonParameters": True, "headerParametersJson": "nope"},
        True,
    ),
    ("string-text", {"url": f"{S}/content/text", "responseFormat": "string"}, False),
    (
        "string-json",
        {"url": f"{S}/echo", "responseFormat": "string", "dataPropertyName": "out"},
        False,
    ),
    ("string-html", {"url": f"{S}/content/html", "responseFormat": "string"}, False),
    ("json-text", {"url": f"{S}/content/text"}, True),
    ("json-array", {"url": f"{S}/content/array"}, False),
    (
        "json-array-split",
        {"url": f"{S}/content/array", "options": {"splitIntoItems": True}},
        False,
    ),
    (
        "json-scalars-split",
        {"url": f"{S}/content/scalars", "options": {"splitIntoItems": True}},
        False,
    ),
    ("json-null", {"url": f"{S}/content/null"}, False),
    ("json-number", {"url": f"{S}/content/number"}, False),
    ("json-nested", {"url": f"{S}/content/nested"}, False),
    (
        "full-json",
        {"url": f"{S}/content/headers", "options": {"fullResponse": True}},
        False,
    ),
    (
        "full-string",
        {
            "url": f"{S}/content/text",
            "responseFormat": "string",
            "options": {"fullResponse": True},
        },
        False,
    ),
    ("file-png", {"url": f"{S}/content/png", "responseFormat": "file"}, False),
    (
        "file-named",
        {"url": f"{S}/content/named", "responseFormat": "file", "dataPropertyName": "doc"},
        False,
    ),
    (
        "file-full",
        {"url": f"{S}/content/pdf", "responseFormat": "file", "options": {"fullResponse": True}},
        False,
    ),
    ("status-404", {"url": f"{S}/status/404"}, True),
    ("status-500-text", {"url": f"{S}/status/500?as=text"}, True),
    (
        "status-404-ignored",
        {"url": f"{S}/status/404", "options": {"ignoreResponseCode": True}},
        False,
    ),
    (
        "status-500-ignored-string",
        {
            "url": f"{S}/status/500?as=text",
            "responseFormat": "string",
            "options": {"ignoreResponseCode": True},
        },
        False,
    ),
    ("redirect-get", {"url": f"{S}/redirect/2"}, False),
    (
        "redirect-get-off",
        {"url": f"{S}/redirect/1", "options": {"followRedirect": False}},
        True,
    ),
    (
        "redirect-get-off-ignored",
        {
            "url": f"{S}/redirect/1",
            "options": {"followRedirect": False, "ignoreResponseCode": True},
            "responseFormat": "string",
        },
        False,
    ),
    ("redirect-post", _post(url=f"{S}/redirect/1"), True),
    (
        "redirect-post-all",
        _post(url=f"{S}/redirect/1", options={"followAllRedirects": True}),
        False,
    ),
    ("bad-url", {"url": "ftp://example.com/x"}, True),
    (
        "batching",
        {"url": f"{S}/echo", "options": {"batchSize": 1, "batchInterval": 10}},
        False,
    ),
]

V1_AUTH: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("auth-basic", {"authentication": "basicAuth", "url": f"{S}/echo"}, BASIC),
    ("auth-header", {"authentication": "headerAuth", "url": f"{S}/echo"}, HEADER),
    ("auth-query", {"authentication": "queryAuth", "url": f"{S}/echo"}, QUERY),
    ("auth-digest", {"authentication": "digestAuth", "url": f"{S}/digest"}, DIGEST),
    ("auth-oauth2", {"authentication": "oAuth2", "url": f"{S}/oauth/protected"}, OAUTH_CC),
]


def _generic(kind: str, url: str = f"{S}/echo") -> dict[str, Any]:
    return {"authentication": "genericCredentialType", "genericAuthType": kind, "url": url}


V2_AUTH: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("auth-basic", _generic("httpBasicAuth"), BASIC),
    ("auth-bearer", _generic("httpBearerAuth"), BEARER),
    ("auth-header", _generic("httpHeaderAuth"), HEADER),
    ("auth-query", _generic("httpQueryAuth"), QUERY),
    ("auth-digest", _generic("httpDigestAuth", f"{S}/digest"), DIGEST),
    ("auth-oauth2", _generic("oAuth2Api", f"{S}/oauth/protected"), OAUTH_CC),
    (
        "auth-predefined-bearer",
        {
            "authentication": "predefinedCredentialType",
            "nodeCredentialType": "httpBearerAuth",
            "url": f"{S}/echo",
        },
        BEARER,
    ),
]


def _cases() -> list[Case]:
    cases: list[Case] = []
    for version in VERSIONS:
        for what, params, error in PLAIN:
            cases.append(_case(what, version, params, rows=ONE_ROW if error else None, error=error))
        for what, params, credentials in V1_AUTH if version == 1 else V2_AUTH:
            cases.append(_case(what, version, params, credentials=credentials))
    cases.append(_case("get-v0", 1, {"url": f"{S}/echo"}, order="v0"))
    cases.append(
        Case(
            id="httpRequest-1-legacy-send-binary-multipart",
            nodes=[
                {
                    "name": "Fetch",
                    "type": "n8n-nodes-base.httpRequest",
                    "typeVersion": 2,
                    "parameters": {"url": f"{S}/content/png", "responseFormat": "file"},
                },
                {
                    "name": "M",
                    "type": "n8n-nodes-base.httpRequest",
                    "typeVersion": 1,
                    "parameters": _post(
                        jsonParameters=True,
                        sendBinaryData=True,
                        binaryPropertyName="upload:data",
                        options={"bodyContentType": "multipart-form-data"},
                    ),
                },
            ],
            connections={
                "Fetch": {
                    "main": [
                        [
                            {"node": "M", "type": "main", "index": 0},
                        ]
                    ]
                },
            },
            inputs={"Input": ONE_ROW},
            stubs=frozenset({"http_echo"}),
        )
    )
    return cases


CASES = _cases()
