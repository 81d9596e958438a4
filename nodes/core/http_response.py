"""The response-header option shared by Webhook and Respond to Webhook: property and reader."""

from __future__ import annotations

from typing import Any

__all__ = ["RESPONSE_HEADERS", "response_headers"]

RESPONSE_HEADERS: dict[str, Any] = {
    "displayName": "Response Headers",
    "name": "responseHeaders",
    "type": "fixedCollection",
    "default": {},
    "typeOptions": {"multipleValues": True},
    "options": [
        {
            "name": "entries",
            "displayName": "Entries",
            "values": [
                {"displayName": "Name", "name": "name", "type": "string", "default": ""},
                {"displayName": "Value", "name": "value", "type": "string", "default": ""},
            ],
        }
    ],
}
"""n8n's `options.responseHeaders`: a list of name/value entries."""


def response_headers(options: dict[str, Any]) -> dict[str, str]:
    """The headers set in `options.responseHeaders` (entries without a name are skipped)."""
    return {
        str(entry.get("name")): str(entry.get("value"))
        for entry in (options.get("responseHeaders") or {}).get("entries", [])
        if entry.get("name")
    }
