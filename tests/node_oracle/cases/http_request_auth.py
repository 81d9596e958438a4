"""HTTP Request 3 to 4.5 with credentials, against the http_echo stub: every generic auth
type (header, query, basic, bearer, digest, custom JSON, OAuth2's client credentials and a
stored token renewed by its refresh token) and predefined credential types with an
`authenticate` block. The echo shows what the stub received; every secret here is fake."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.cases._http import S, http_case
from tests.node_oracle.harness import Case

VERSIONS = [3, 4, 4.1, 4.2, 4.5]
ROWS = [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bo"}]
ONE_ROW = [{"id": 1}]

HEADER = {"httpHeaderAuth": {"name": "X-Api-Key", "value": "fake-header-secret"}}
QUERY = {"httpQueryAuth": {"name": "api_key", "value": "fake-query-secret"}}
BASIC = {"httpBasicAuth": {"user": "ann", "password": "fake-basic-pw"}}
BEARER = {"httpBearerAuth": {"token": "fake-bearer-token"}}
DIGEST = {"httpDigestAuth": {"user": "dora", "password": "digest-pw"}}
DIGEST_BAD = {"httpDigestAuth": {"user": "dora", "password": "wrong-pw"}}
CUSTOM = {
    "httpCustomAuth": {
        "json": '{"headers": {"X-Custom-Key": "fake-custom"}, "qs": {"cq": "q1"}, '
        '"body": {"cb": "b1"}}'
    }
}
CUSTOM_HEADERS = {"httpCustomAuth": {"json": '{"headers": {"X-One": "1", "X-Two": "2"}}'}}
CUSTOM_BAD = {"httpCustomAuth": {"json": "{not json"}}
_CLIENT = {
    "accessTokenUrl": f"{S}/oauth/token",
    "clientId": "client-1",
    "clientSecret": "client-secret-1",
}
OAUTH_CC = {"oAuth2Api": {**_CLIENT, "grantType": "clientCredentials", "authentication": "header"}}
OAUTH_CC_BODY = {
    "oAuth2Api": {**_CLIENT, "grantType": "clientCredentials", "authentication": "body"}
}
OAUTH_CC_SCOPE = {
    "oAuth2Api": {
        **_CLIENT,
        "grantType": "clientCredentials",
        "authentication": "header",
        "scope": "read",
    }
}
OAUTH_CC_BAD = {
    "oAuth2Api": {
        **_CLIENT,
        "clientSecret": "not-the-secret",
        "grantType": "clientCredentials",
        "authentication": "header",
    }
}
OAUTH_STORED = {
    "oAuth2Api": {
        **_CLIENT,
        "grantType": "authorizationCode",
        "authUrl": f"{S}/oauth/authorize",
        "authentication": "header",
        "oauthTokenData": {
            "access_token": "stale-token",
            "refresh_token": "refresh-1",
            "token_type": "Bearer",
        },
    }
}
OAUTH_FRESH = {
    "oAuth2Api": {
        **_CLIENT,
        "grantType": "authorizationCode",
        "authUrl": f"{S}/oauth/authorize",
        "authentication": "header",
        "oauthTokenData": {"access_token": "fresh-token", "token_type": "Bearer"},
    }
}


def _limited(mode: str, domains: str) -> dict[str, dict[str, Any]]:
    data = {**HEADER["httpHeaderAuth"], "allowedHttpRequestDomains": mode}
    return {"httpHeaderAuth": {**data, "allowedDomains": domains}}


def _case(
    what: str,
    version: float,
    parameters: dict[str, Any],
    credentials: dict[str, dict[str, Any]],
    *,
    rows: list[dict[str, Any]] | None = None,
    error: bool = False,
    order: str = "v1",
    **settings: Any,
) -> Case:
    return http_case(
        f"httpRequest-auth-{version}-{what}",
        version,
        parameters,
        ROWS if rows is None else rows,
        error=error,
        order=order,
        credentials=credentials,
        **settings,
    )


def _generic(kind: str, **more: Any) -> dict[str, Any]:
    return {
        "url": f"{S}/echo",
        "authentication": "genericCredentialType",
        "genericAuthType": kind,
        **more,
    }


def _predefined(kind: str, **more: Any) -> dict[str, Any]:
    return {
        "url": f"{S}/echo",
        "authentication": "predefinedCredentialType",
        "nodeCredentialType": kind,
        **more,
    }


def _kv(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"parameters": [{"name": n, "value": v} for n, v in pairs]}


# (what, parameters, credentials, error)
PLAIN: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    ("header", _generic("httpHeaderAuth"), HEADER, False),
    (
        "header-and-headers",
        _generic(
            "httpHeaderAuth",
            sendHeaders=True,
            headerParameters=_kv(("X-Api-Key", "from-params"), ("X-Other", "o")),
        ),
        HEADER,
        False,
    ),
    ("query", _generic("httpQueryAuth"), QUERY, False),
    (
        "query-and-query",
        _generic(
            "httpQueryAuth",
            sendQuery=True,
            queryParameters=_kv(("api_key", "from-params"), ("q", "={{ $json.name }}")),
        ),
        QUERY,
        False,
    ),
    ("basic", _generic("httpBasicAuth"), BASIC, False),
    (
        "basic-post-json",
        _generic(
            "httpBasicAuth",
            method="POST",
            sendBody=True,
            bodyParameters=_kv(("n", "={{ $json.id }}")),
        ),
        BASIC,
        False,
    ),
    ("bearer", _generic("httpBearerAuth"), BEARER, False),
    ("digest", _generic("httpDigestAuth", url=f"{S}/digest"), DIGEST, False),
    ("digest-post", _generic("httpDigestAuth", url=f"{S}/digest", method="POST"), DIGEST, False),
    ("digest-wrong-password", _generic("httpDigestAuth", url=f"{S}/digest"), DIGEST_BAD, True),
    ("digest-on-open-url", _generic("httpDigestAuth"), DIGEST, False),
    ("custom-get", _generic("httpCustomAuth"), CUSTOM, False),
    (
        "custom-post-json",
        _generic(
            "httpCustomAuth",
            method="POST",
            sendBody=True,
            bodyParameters=_kv(("n", "={{ $json.id }}")),
        ),
        CUSTOM,
        False,
    ),
    (
        "custom-post-form",
        _generic(
            "httpCustomAuth",
            method="POST",
            sendBody=True,
            contentType="form-urlencoded",
            bodyParameters=_kv(("f", "x")),
        ),
        CUSTOM,
        False,
    ),
    ("custom-two-headers", _generic("httpCustomAuth"), CUSTOM_HEADERS, False),
    ("custom-bad-json", _generic("httpCustomAuth"), CUSTOM_BAD, True),
    ("oauth2-cc-header", _generic("oAuth2Api", url=f"{S}/oauth/protected"), OAUTH_CC, False),
    ("oauth2-cc-body", _generic("oAuth2Api", url=f"{S}/oauth/protected"), OAUTH_CC_BODY, False),
    ("oauth2-cc-scope", _generic("oAuth2Api", url=f"{S}/echo"), OAUTH_CC_SCOPE, False),
    ("oauth2-cc-refused", _generic("oAuth2Api", url=f"{S}/oauth/protected"), OAUTH_CC_BAD, True),
    ("oauth2-stored-fresh", _generic("oAuth2Api", url=f"{S}/oauth/protected"), OAUTH_FRESH, False),
    (
        "oauth2-stored-refresh",
        _generic("oAuth2Api", url=f"{S}/oauth/protected"),
        OAUTH_STORED,
        False,
    ),
    ("predefined-header", _predefined("httpHeaderAuth"), HEADER, False),
    ("predefined-bearer", _predefined("httpBearerAuth"), BEARER, False),
    (
        "predefined-bearer-post",
        _predefined(
            "httpBearerAuth",
            method="POST",
            sendBody=True,
            bodyParameters=_kv(("n", "={{ $json.id }}")),
        ),
        BEARER,
        False,
    ),
    ("domains-allowed", _generic("httpHeaderAuth"), _limited("domains", "127.0.0.1"), False),
    (
        "domains-listed",
        _generic("httpHeaderAuth"),
        _limited("domains", "example.com, 127.0.0.1"),
        False,
    ),
    ("domains-refused", _generic("httpHeaderAuth"), _limited("domains", "example.com"), True),
    ("domains-wildcard", _generic("httpHeaderAuth"), _limited("domains", "*.127.0.0.1"), True),
    ("domains-empty", _generic("httpHeaderAuth"), _limited("domains", ""), True),
    ("domains-none", _generic("httpHeaderAuth"), _limited("none", ""), True),
    ("domains-all", _generic("httpHeaderAuth"), _limited("all", "example.com"), False),
    (
        "full-response",
        _generic(
            "httpHeaderAuth",
            options={"response": {"response": {"fullResponse": True}}},
        ),
        HEADER,
        False,
    ),
]


def _cases() -> list[Case]:
    cases: list[Case] = []
    for version in VERSIONS:
        for what, params, credentials, error in PLAIN:
            rows = ONE_ROW if error else None
            cases.append(_case(what, version, params, credentials, rows=rows, error=error))
    cases.append(_case("header-v0", 4.2, _generic("httpHeaderAuth"), HEADER, order="v0"))
    return cases


CASES = _cases()
