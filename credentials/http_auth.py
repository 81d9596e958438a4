"""n8n's generic HTTP credential types: httpBasicAuth and httpHeaderAuth (also what a webhook
checks callers against), httpQueryAuth, httpBearerAuth, httpDigestAuth, httpCustomAuth
(what HTTP Request signs requests with)."""

from __future__ import annotations

from kflow.host.credentials import CredentialDefinition
from kflow.host.descriptors import CredentialType

__all__ = [
    "HTTP_BASIC_AUTH",
    "HTTP_BEARER_AUTH",
    "HTTP_CUSTOM_AUTH",
    "HTTP_DIGEST_AUTH",
    "HTTP_HEADER_AUTH",
    "HTTP_QUERY_AUTH",
]


def _text(display: str, name: str, *, secret: bool = False, **extra: object) -> dict:
    prop: dict = {"displayName": display, "name": name, "type": "string", "default": "", **extra}
    if secret:
        prop["typeOptions"] = {"password": True}
    return prop


def _definition(name: str, display: str, properties: list[dict]) -> CredentialDefinition:
    return CredentialDefinition(
        type=CredentialType.model_validate(
            {"name": name, "displayName": display, "properties": properties}
        )
    )


HTTP_BASIC_AUTH = CredentialDefinition(
    type=CredentialType.model_validate(
        {
            "name": "httpBasicAuth",
            "displayName": "Basic Auth",
            "properties": [
                {"displayName": "User", "name": "user", "type": "string", "default": ""},
                {
                    "displayName": "Password",
                    "name": "password",
                    "type": "string",
                    "typeOptions": {"password": True},
                    "default": "",
                },
            ],
        }
    )
)
HTTP_HEADER_AUTH = CredentialDefinition(
    type=CredentialType.model_validate(
        {
            "name": "httpHeaderAuth",
            "displayName": "Header Auth",
            "properties": [
                {"displayName": "Name", "name": "name", "type": "string", "default": ""},
                {
                    "displayName": "Value",
                    "name": "value",
                    "type": "string",
                    "typeOptions": {"password": True},
                    "default": "",
                },
            ],
        }
    )
)

HTTP_QUERY_AUTH = _definition(
    "httpQueryAuth",
    "Query Auth",
    [_text("Name", "name"), _text("Value", "value", secret=True)],
)
HTTP_BEARER_AUTH = _definition(
    "httpBearerAuth", "Bearer Auth", [_text("Bearer Token", "token", secret=True)]
)
HTTP_DIGEST_AUTH = _definition(
    "httpDigestAuth",
    "Digest Auth",
    [_text("User", "user"), _text("Password", "password", secret=True)],
)
HTTP_CUSTOM_AUTH = _definition(
    "httpCustomAuth",
    "Custom Auth",
    [
        _text(
            "JSON",
            "json",
            secret=True,
            description='{"headers": {...}, "qs": {...}, "body": {...}} added to each request',
        )
    ],
)
