"""httpBasicAuth and httpHeaderAuth: what a webhook checks callers against (n8n's types)."""

from __future__ import annotations

from kflow.host.credentials import CredentialDefinition
from kflow.host.descriptors import CredentialType

__all__ = ["HTTP_BASIC_AUTH", "HTTP_HEADER_AUTH"]

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
