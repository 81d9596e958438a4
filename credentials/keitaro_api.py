"""`keitaroApi`: a Keitaro tracker's URL and Admin API key, sent as the `Api-Key` header."""

from __future__ import annotations

from typing import Any

from kflow.host.credentials import CredentialDefinition
from kflow.host.descriptors import CredentialType
from kflow.host.errors import ConfigError

__all__ = ["KEITARO_API", "KEITARO_API_TYPE"]

KEITARO_API_TYPE = CredentialType.model_validate(
    {
        "name": "keitaroApi",
        "displayName": "Keitaro API",
        "documentationUrl": "https://docs.keitaro.io/en/admin-api",
        "properties": [
            {
                "displayName": "Домен трекера",
                "name": "domain",
                "type": "string",
                "default": "",
                "required": True,
                "placeholder": "https://tracker.example.com",
                "description": "The tracker's admin URL; https is assumed when no scheme is given. "
                "Sub-directory installs and URLs ending in /admin_api/v1 are accepted.",
            },
            {
                "displayName": "API ключ",
                "name": "apiKey",
                "type": "string",
                "typeOptions": {"password": True},
                "default": "",
                "required": True,
                "description": "Admin API key (Maintenance → Users → Admin API keys)",
            },
            {
                "displayName": "Ключ постбека",
                "name": "postbackKey",
                "type": "string",
                "typeOptions": {"password": True},
                "default": "",
                "description": "Optional: the key in the tracker's postback URL "
                "(Maintenance → Postback URL), e.g. e89bcbe in /e89bcbe/postback",
            },
            {
                "displayName": "Ignore SSL Issues",
                "name": "allowUnauthorizedCerts",
                "type": "boolean",
                "default": False,
                "description": "Whether to connect even if the tracker's TLS certificate cannot "
                "be verified (self-signed). The key is then open to interception.",
            },
        ],
        "authenticate": {
            "type": "generic",
            "properties": {"headers": {"Api-Key": "={{$credentials.apiKey}}"}},
        },
    }
)


def _normalize(values: dict[str, Any]) -> dict[str, Any]:
    domain = str(values.get("domain") or "").strip()
    key = str(values.get("apiKey") or "").strip()
    postback_key = str(values.get("postbackKey") or "").strip()
    if any(ord(c) < 32 or ord(c) == 127 for c in domain):
        raise ConfigError("credentials 'keitaroApi': the domain contains control characters")
    if any(ord(c) <= 32 or ord(c) == 127 for c in key):
        raise ConfigError(
            "credentials 'keitaroApi': the API key contains spaces or control characters"
        )
    if any(ord(c) <= 32 or ord(c) == 127 or c in "/?#" for c in postback_key):
        raise ConfigError(
            "credentials 'keitaroApi': the postback key contains spaces, '/', '?' or '#'"
        )
    return {
        "domain": domain,
        "apiKey": key,
        "postbackKey": postback_key,
        "allowUnauthorizedCerts": _flag(values.get("allowUnauthorizedCerts")),
    }


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


KEITARO_API = CredentialDefinition(
    type=KEITARO_API_TYPE,
    env={"domain": "KEITARO_URL", "apiKey": "KEITARO_API_KEY"},
    optional_env={"postbackKey": "KEITARO_POSTBACK_KEY"},
    normalize=_normalize,
)
