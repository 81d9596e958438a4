"""HTTP Request's authentication: which credential an item uses, and how it signs requests
(header, query, basic, bearer, custom JSON, digest's challenge, OAuth2 tokens)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from kflow.host import (
    CredentialType,
    HttpClient,
    HttpRequest,
    HttpResponse,
    NodeOperationError,
    apply_authentication,
)
from kflow.nodes.core.http_request_build import Planned, encode_query

__all__ = [
    "GENERIC_TYPES",
    "Auth",
    "CredentialSource",
    "basic_header",
    "digest_header",
    "domain_allowed",
    "pick_auth",
    "secrets_of",
]

GENERIC_TYPES = (
    "httpBasicAuth",
    "httpBearerAuth",
    "httpDigestAuth",
    "httpHeaderAuth",
    "httpQueryAuth",
    "httpCustomAuth",
    "oAuth2Api",
)

Send = Callable[[HttpRequest], Awaitable[HttpResponse]]


class CredentialSource(Protocol):
    """Where the node reads credentials: data by credential type, and the type itself."""

    def get(self, type_name: str) -> dict[str, Any] | None: ...

    def definition(self, type_name: str) -> CredentialType | None: ...


@dataclass
class Auth:
    """How one item's requests are signed.

    Attributes:
        kind: The credential type (or "none").
        data: The credential's values (secrets: never shown).
        secret_headers: Header names that carry secrets (dropped on cross-origin redirects).
    """

    kind: str = "none"
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    definition: CredentialType | None = None
    secret_headers: set[str] = field(default_factory=set)
    _token: str | None = field(default=None, repr=False)

    def sign(self, plan: Planned) -> None:
        """Adds the credential to the request (all kinds but digest and OAuth2's token)."""
        data = self.data
        if self.kind == "httpBasicAuth":
            plan.headers["Authorization"] = basic_header(data.get("user"), data.get("password"))
            self.secret_headers.add("Authorization")
        elif self.kind == "httpBearerAuth":
            plan.headers["Authorization"] = f"Bearer {data.get('token', '')}"
            self.secret_headers.add("Authorization")
        elif self.kind == "httpHeaderAuth":
            name = str(data.get("name", ""))
            plan.headers[name] = str(data.get("value", ""))
            self.secret_headers.add(name)
        elif self.kind == "httpQueryAuth":
            plan.query[str(data.get("name", ""))] = data.get("value", "")
        elif self.kind == "httpCustomAuth":
            self._custom(plan)
        elif self.kind == "oAuth2Api" and self._token:
            plan.headers["Authorization"] = f"Bearer {self._token}"
            self.secret_headers.add("Authorization")
        elif self.kind not in ("none", "httpDigestAuth", "oAuth2Api"):
            self._predefined(plan)

    def _custom(self, plan: Planned) -> None:
        try:
            custom = json.loads(str(self.data.get("json") or "{}"))
        except ValueError:
            raise ValueError("Invalid Custom Auth JSON") from None
        if not isinstance(custom, dict):
            raise ValueError("Invalid Custom Auth JSON")
        for name, value in (custom.get("headers") or {}).items():
            plan.headers[name] = str(value)
            self.secret_headers.add(name)
        if custom.get("qs"):
            plan.query.update(custom["qs"])
        if custom.get("body"):
            from kflow.nodes.core.http_request_build import Body

            current = plan.body.value if isinstance(plan.body.value, dict) else {}
            if plan.body.kind == "form":
                # n8n then sends one JSON body: the custom fields, then the form's.
                plan.body = Body("json", {**custom["body"], **current})
            else:
                plan.body = Body("json", {**current, **custom["body"]})

    def _predefined(self, plan: Planned) -> None:
        if self.definition is None or self.definition.authenticate is None:
            raise ValueError(
                f"credential type {self.kind!r} has no authenticate block kflow can apply"
            )
        for name, value in apply_authentication(self.definition, self.data).items():
            plan.headers[name] = value
            self.secret_headers.add(name)
        query = self.definition.authenticate.properties.get("qs") or {}
        for name, template in query.items():
            plan.query[name] = _fill(str(template), self.data)

    def check_url(self, url: str) -> None:
        """Refuses a URL the credential may not be sent to (its Allowed HTTP Request
        Domains), as n8n does.

        Raises:
            ValueError: The credential forbids HTTP Request, or the URL's host.
        """
        mode = self.data.get("allowedHttpRequestDomains")
        if self.kind == "none" or mode not in ("none", "domains"):
            return
        if mode == "none":
            raise ValueError(
                "This credential is configured to prevent use within an HTTP Request or "
                "GraphQL node"
            )
        allowed = str(self.data.get("allowedDomains") or "").strip()
        if not allowed:
            raise ValueError(
                "No allowed domains specified. Configure allowed domains or change "
                "restriction setting."
            )
        if not domain_allowed(url, allowed):
            from yarl import URL

            try:
                host = URL(url).raw_authority or url
            except ValueError:
                host = url.split("?")[0]
            raise ValueError(
                f"Domain not allowed: This credential is restricted from accessing {host}. "
                f"Only the following domains are allowed: {allowed}"
            )

    async def send(self, request: HttpRequest, http: HttpClient) -> HttpResponse:
        """Sends a signed request, answering digest challenges and refreshing OAuth2
        tokens as needed.

        Raises:
            ValueError: The credential may not be sent there, or OAuth2 has no token.
        """
        self.check_url(request.url)
        if self.kind == "oAuth2Api" and self._token is None:
            await self._fetch_token(http, request.verify_tls)
            request = _with_header(request, "Authorization", f"Bearer {self._token}")
        answer = await http.send(request)
        if answer.status != 401:
            return answer
        if self.kind == "httpDigestAuth":
            challenge = _header(answer.headers, "WWW-Authenticate")
            if challenge and challenge.lower().startswith("digest"):
                signed = digest_header(
                    challenge,
                    request.method,
                    request.url,
                    str(self.data.get("user", "")),
                    str(self.data.get("password", "")),
                )
                return await http.send(_with_header(request, "Authorization", signed))
        if self.kind == "oAuth2Api" and self._can_refresh():
            await self._fetch_token(http, request.verify_tls, refresh=True)
            return await http.send(_with_header(request, "Authorization", f"Bearer {self._token}"))
        return answer

    def _can_refresh(self) -> bool:
        token_data = self.data.get("oauthTokenData") or {}
        grant = self.data.get("grantType", "authorizationCode")
        return bool(token_data.get("refresh_token")) or grant == "clientCredentials"

    async def _fetch_token(self, http: HttpClient, verify: bool, *, refresh: bool = False) -> None:
        data = self.data
        token_data = data.get("oauthTokenData") or {}
        if isinstance(token_data, str):
            token_data = json.loads(token_data or "{}")
        grant = data.get("grantType", "authorizationCode")
        if not refresh and token_data.get("access_token"):
            self._token = str(token_data["access_token"])
            return
        form: dict[str, Any]
        if refresh and token_data.get("refresh_token"):
            form = {"grant_type": "refresh_token", "refresh_token": token_data["refresh_token"]}
        elif grant == "clientCredentials":
            form = {"grant_type": "client_credentials"}
            if data.get("scope"):
                form["scope"] = str(data["scope"]).replace(",", " ")
        else:
            raise ValueError(
                "The OAuth2 credential has no access token; kflow runs the client "
                "credentials grant, or a stored token (oauthTokenData) with its refresh token"
            )
        headers = {
            "content-type": "application/x-www-form-urlencoded",
            "accept": "application/json",
        }
        client_id, secret = str(data.get("clientId", "")), str(data.get("clientSecret", ""))
        if data.get("authentication", "header") == "body":
            form.update({"client_id": client_id, "client_secret": secret})
        else:
            headers["authorization"] = basic_header(client_id, secret)
        url = str(data.get("accessTokenUrl", ""))
        answer = await http.send(
            HttpRequest(
                "POST",
                url,
                headers,
                data=encode_query(form, None).encode(),
                secret_headers=frozenset({"authorization"}),
                verify_tls=verify,
                reads_only=True,  # a token grant changes nothing: a dry run of writes sends it
            )
        )
        found = answer.json()
        if not answer.ok or not isinstance(found, dict) or not found.get("access_token"):
            raise ValueError(
                f"The OAuth2 token endpoint refused the credential (status {answer.status})"
            )
        self._token = str(found["access_token"])
        self.data = {**data, "oauthTokenData": {**token_data, **found}}


def domain_allowed(url: str, allowed: str) -> bool:
    """Whether the URL's host is in a comma-separated list (`*.x.com`: subdomains only)."""
    from yarl import URL

    try:
        host = (URL(url).host or "").lower().rstrip(".")
    except ValueError:
        return False
    if not host:
        return False
    for entry in (d.strip().lower().rstrip(".") for d in allowed.split(",")):
        if entry.startswith("*."):
            if entry[2:] and host.endswith("." + entry[2:]):
                return True
        elif entry and host == entry:
            return True
    return False


def _with_header(request: HttpRequest, name: str, value: str) -> HttpRequest:
    from dataclasses import replace

    headers = {k: v for k, v in request.headers.items() if k.lower() != name.lower()}
    headers[name] = value
    return replace(
        request, headers=headers, secret_headers=frozenset({*request.secret_headers, name})
    )


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


_TEMPLATE = re.compile(r"=?\{\{\s*\$credentials\.(\w+)\s*\}\}")


def _fill(template: str, data: Mapping[str, Any]) -> str:
    return _TEMPLATE.sub(lambda m: str(data.get(m.group(1)) or ""), template)


def basic_header(user: Any, password: Any) -> str:
    """An Authorization value for basic authentication."""
    pair = f"{'' if user is None else user}:{'' if password is None else password}"
    return "Basic " + base64.b64encode(pair.encode()).decode()


def digest_header(
    challenge: str,
    method: str,
    url: str,
    user: str,
    password: str,
    cnonce: str | None = None,
) -> str:
    """The Authorization answer to a `WWW-Authenticate: Digest ...` challenge (RFC 7616,
    MD5 or SHA-256, qop auth)."""
    fields = dict(
        re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]*))', challenge[6:])
        and [(k, a or b) for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]*))', challenge[6:])]
    )
    realm, nonce = fields.get("realm", ""), fields.get("nonce", "")
    algorithm = fields.get("algorithm", "MD5")
    digest = hashlib.sha256 if algorithm.upper().startswith("SHA-256") else hashlib.md5

    def h(text: str) -> str:
        return digest(text.encode()).hexdigest()

    from yarl import URL

    target = URL(url, encoded=True)
    uri = target.raw_path + (f"?{target.raw_query_string}" if target.raw_query_string else "")
    ha1 = h(f"{user}:{realm}:{password}")
    ha2 = h(f"{method}:{uri}")
    qops = [q.strip() for q in fields.get("qop", "").split(",") if q.strip()]
    parts = [f'username="{user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"']
    if "auth" in qops:
        cnonce = cnonce or os.urandom(8).hex()
        nc = "00000001"
        response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        response = h(f"{ha1}:{nonce}:{ha2}")
    parts.append(f'response="{response}"')
    parts.append(f"algorithm={algorithm}")
    if fields.get("opaque"):
        parts.append(f'opaque="{fields["opaque"]}"')
    return "Digest " + ", ".join(parts)


def pick_auth(
    run_name: str, params: dict[str, Any], source: CredentialSource | None, index: int
) -> Auth:
    """The credential item `index` authenticates with.

    Raises:
        NodeOperationError: An auth type kflow does not run, or credentials not given.
    """
    mode = params.get("authentication", "none")
    if mode == "genericCredentialType":
        kind = str(params.get("genericAuthType") or "")
        if kind not in GENERIC_TYPES:
            raise NodeOperationError(
                run_name,
                f"Generic Auth Type {kind!r} is not run by kflow; it runs "
                + ", ".join(GENERIC_TYPES),
                item_index=index,
                parameter="Generic Auth Type",
            )
    elif mode == "predefinedCredentialType":
        kind = str(params.get("nodeCredentialType") or "")
        if not kind:
            raise NodeOperationError(
                run_name,
                "Credential Type is empty: name a credential type (keitaroApi, ...)",
                item_index=index,
                parameter="Credential Type",
            )
    else:
        return Auth()
    data = source.get(kind) if source is not None else None
    if data is None:
        raise NodeOperationError(
            run_name,
            f"Node does not have any credentials set for {kind!r}: give kflow "
            f"{kind} credentials (--credentials FILE or the environment)",
            item_index=index,
        )
    definition = source.definition(kind) if source is not None else None
    return Auth(kind, dict(data), definition)


def secrets_of(auth: Auth) -> list[str]:
    """Every value of the credential that must not be shown (as n8n: every non-empty
    text value, and the OAuth2 access token)."""
    found = [v for v in auth.data.values() if isinstance(v, str) and len(v) > 3]
    token_data = auth.data.get("oauthTokenData")
    if isinstance(token_data, dict):
        found += [
            str(token_data[k]) for k in ("access_token", "refresh_token") if token_data.get(k)
        ]
    if auth._token:
        found.append(auth._token)
    if auth.kind in ("httpBasicAuth",):
        found.append(basic_header(auth.data.get("user"), auth.data.get("password"))[6:])
    return [s for s in found if s not in ("true", "false", "header", "body")]
