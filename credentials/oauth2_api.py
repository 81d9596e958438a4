"""`oAuth2Api`: n8n's generic OAuth2 credential, as kflow runs it: the client credentials
grant, or a stored token (oauthTokenData) renewed with its refresh token."""

from __future__ import annotations

import json
from typing import Any

from kflow.credentials.http_auth import DOMAIN_FIELDS
from kflow.host.credentials import CredentialDefinition
from kflow.host.descriptors import CredentialType
from kflow.host.errors import ConfigError

__all__ = ["OAUTH2_API"]


def _text(display: str, name: str, *, secret: bool = False, default: Any = "") -> dict:
    prop: dict = {"displayName": display, "name": name, "type": "string", "default": default}
    if secret:
        prop["typeOptions"] = {"password": True}
    return prop


_TYPE = CredentialType.model_validate(
    {
        "name": "oAuth2Api",
        "displayName": "OAuth2 API",
        "properties": [
            {
                "displayName": "Grant Type",
                "name": "grantType",
                "type": "options",
                "default": "authorizationCode",
                "options": [
                    {"name": "Authorization Code", "value": "authorizationCode"},
                    {"name": "Client Credentials", "value": "clientCredentials"},
                    {"name": "PKCE", "value": "pkce"},
                ],
            },
            _text("Authorization URL", "authUrl"),
            _text("Access Token URL", "accessTokenUrl"),
            _text("Client ID", "clientId"),
            _text("Client Secret", "clientSecret", secret=True),
            _text("Scope", "scope"),
            _text("Auth URI Query Parameters", "authQueryParameters"),
            {
                "displayName": "Authentication",
                "name": "authentication",
                "type": "options",
                "default": "header",
                "options": [
                    {"name": "Header", "value": "header"},
                    {"name": "Body", "value": "body"},
                ],
            },
            {
                "displayName": "Token Data",
                "name": "oauthTokenData",
                "type": "json",
                "default": "",
                "typeOptions": {"password": True},
                "description": "A token got elsewhere: {access_token, refresh_token}",
            },
            *DOMAIN_FIELDS,
        ],
    }
)


def _normalize(values: dict[str, Any]) -> dict[str, Any]:
    token = values.get("oauthTokenData")
    if isinstance(token, str) and token.strip():
        try:
            token = json.loads(token)
        except ValueError:
            raise ConfigError("credentials 'oAuth2Api': oauthTokenData is not JSON") from None
    if token not in (None, "") and not isinstance(token, dict):
        raise ConfigError("credentials 'oAuth2Api': oauthTokenData must be an object")
    grant = values.get("grantType") or "authorizationCode"
    if grant not in ("authorizationCode", "clientCredentials", "pkce"):
        raise ConfigError(f"credentials 'oAuth2Api': unknown grant type {grant!r}")
    return {**values, "grantType": grant, "oauthTokenData": token or {}}


OAUTH2_API = CredentialDefinition(type=_TYPE, normalize=_normalize)
