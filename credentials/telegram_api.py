"""`telegramApi`: a Telegram bot's access token and the Bot API's base URL.

The token travels in the URL path (`/bot<token>/<method>`), so it is a password field:
kflow registers it for redaction and every URL it shows is masked.
"""

from __future__ import annotations

from typing import Any

from kflow.host.credentials import CredentialDefinition
from kflow.host.descriptors import CredentialType
from kflow.host.errors import ConfigError

__all__ = ["DEFAULT_BASE_URL", "TELEGRAM_API", "TELEGRAM_API_TYPE"]

DEFAULT_BASE_URL = "https://api.telegram.org"

TELEGRAM_API_TYPE = CredentialType.model_validate(
    {
        "name": "telegramApi",
        "displayName": "Telegram API",
        "documentationUrl": "https://core.telegram.org/bots/api",
        "properties": [
            {
                "displayName": "Access Token",
                "name": "accessToken",
                "type": "string",
                "typeOptions": {"password": True},
                "default": "",
                "required": True,
                "description": "The bot's token, as @BotFather gave it (123456:ABC-DEF...)",
            },
            {
                "displayName": "Base URL",
                "name": "baseUrl",
                "type": "string",
                "default": DEFAULT_BASE_URL,
                "description": "Where the Bot API answers: Telegram's own, a local Bot API "
                "server, or kflow's emulator",
            },
        ],
    }
)


def _normalize(values: dict[str, Any]) -> dict[str, Any]:
    token = str(values.get("accessToken") or "").strip()
    base = str(values.get("baseUrl") or DEFAULT_BASE_URL).strip().rstrip("/")
    if any(ord(c) <= 32 or ord(c) == 127 or c in "/?#" for c in token):
        raise ConfigError(
            "credentials 'telegramApi': the access token contains spaces, control "
            "characters, '/', '?' or '#'; paste it exactly as @BotFather gave it"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in base):
        raise ConfigError("credentials 'telegramApi': the base URL contains control characters")
    if not base.startswith(("http://", "https://")):
        raise ConfigError(
            f"credentials 'telegramApi': the base URL {base!r} must start with http:// or "
            "https:// (for example https://api.telegram.org)"
        )
    return {"accessToken": token, "baseUrl": base}


TELEGRAM_API = CredentialDefinition(
    type=TELEGRAM_API_TYPE,
    env={"accessToken": "TELEGRAM_BOT_TOKEN"},
    optional_env={"baseUrl": "TELEGRAM_API_URL"},
    normalize=_normalize,
)
