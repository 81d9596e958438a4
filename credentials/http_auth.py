"""n8n's generic HTTP credential types: httpBasicAuth and httpHeaderAuth (also what a webhook
checks callers against), httpQueryAuth, httpBearerAuth, httpDigestAuth, httpCustomAuth
(what HTTP Request signs requests with)."""

from __future__ import annotations

from kflow.host.credentials import CredentialDefinition
from kflow.host.descriptors import CredentialType

__all__ = [
    "DOMAIN_FIELDS",
    "HTTP_BASIC_AUTH",
    "HTTP_BEARER_AUTH",
    "HTTP_CUSTOM_AUTH",
    "HTTP_DIGEST_AUTH",
    "HTTP_HEADER_AUTH",
    "HTTP_QUERY_AUTH",
]


DOMAIN_FIELDS: list[dict] = [
    {
        "displayName": "Allowed HTTP Request Domains",
        "name": "allowedHttpRequestDomains",
        "type": "options",
        "default": "all",
        "options": [
            {"name": "All", "value": "all"},
            {"name": "Specific Domains", "value": "domains"},
            {"name": "None", "value": "none"},
        ],
        "description": "Which hosts HTTP Request may send this credential to",
    },
    {
        "displayName": "Allowed Domains",
        "name": "allowedDomains",
        "type": "string",
        "default": "",
        "description": "Comma-separated hosts (`*.example.com`: its subdomains) when "
        "Allowed HTTP Request Domains is Specific Domains",
    },
]
"""The fields n8n adds to every credential HTTP Request can use: where it may be sent."""


def _text(display: str, name: str, *, secret: bool = False, **extra: object) -> dict:
    prop: dict = {"displayName": display, "name": name, "type": "string", "default": "", **extra}
    if secret:
        prop["typeOptions"] = {"password": True}
    return prop


def _definition(name: str, display: str, properties: list[dict]) -> CredentialDefinition:
    return CredentialDefinition(
        type=CredentialType.model_validate(
            {"name": name, "displayName": display, "properties": [*properties, *DOMAIN_FIELDS]}
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
                *DOMAIN_FIELDS,
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
                *DOMAIN_FIELDS,
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
