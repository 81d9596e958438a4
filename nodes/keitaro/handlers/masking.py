"""The one place that masks Keitaro secrets in headers and URLs.

The masked form comes from `kflow.host.redaction.mask`: never more than the last 4
characters, nothing at all for short keys.
"""

from __future__ import annotations

from collections.abc import Mapping

from kflow.host import Redactor, mask

__all__ = ["SECRET_HEADERS", "mask_headers", "mask_url"]

SECRET_HEADERS = frozenset({"api-key", "authorization"})
"""Headers whose values are credentials (compared case-insensitively)."""


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of the headers with every credential header's value masked."""
    masked = {}
    for name, value in headers.items():
        if name.lower() not in SECRET_HEADERS:
            masked[name] = value
        elif value.lower().startswith("bearer "):
            masked[name] = "Bearer " + mask(value[7:])
        else:
            masked[name] = mask(value)
    return masked


def mask_url(url: str, redactor: Redactor) -> str:
    """The URL with any known secret masked (a key pasted into a domain or path, say)."""
    return redactor.text(url)
