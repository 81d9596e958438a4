"""The `keitaroApi` credential test: one cheap authenticated request.

Its answer reads as `valid`, `invalid key` or `unreachable`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kflow.host import HttpClient, Redactor, TransportError
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.transport import build_request

__all__ = ["CredentialTestResult", "test_keitaro_api"]

# The smallest authenticated read every key may do: one subid of today's clicks.
_PROBE = {"limit": 1, "columns": ["sub_id"], "range": {"interval": "today"}}


@dataclass(frozen=True)
class CredentialTestResult:
    """Outcome of a credential test: `valid`, `invalid key` or `unreachable`, with a reason."""

    status: Literal["valid", "invalid key", "unreachable"]
    message: str


async def test_keitaro_api(
    credentials: dict[str, Any], http: HttpClient, redactor: Redactor
) -> CredentialTestResult:
    """Tries the credential with `POST /admin_api/v1/clicks/log` (limit 1)."""
    try:
        base = urls.base_url(credentials["domain"])
    except ValueError as exc:
        return CredentialTestResult("unreachable", redactor.text(str(exc)))
    request = build_request(
        credentials,
        "POST",
        urls.api_url(base, "clicks", "log"),
        urls.api_path("clicks", "log"),
        _PROBE,
        idempotent=True,
    )
    try:
        response = await http.send(request.to_http())
    except TransportError as exc:
        return CredentialTestResult("unreachable", redactor.text(f"{base}: {exc}"))
    where = redactor.text(base)
    if response.ok and response.json() is not None:
        return CredentialTestResult("valid", f"{where} accepted the key")
    if response.status == 401:
        return CredentialTestResult("invalid key", f"{where} refused the key (401)")
    if response.status == 402:
        return CredentialTestResult(
            "unreachable", f"{where} answered 402: this tracker's edition has no Admin API"
        )
    if response.status == 403:
        return CredentialTestResult("valid", f"{where} accepted the key, with limited rights (403)")
    kind = "an HTML page" if response.text.lstrip()[:1] == "<" else f"status {response.status}"
    return CredentialTestResult(
        "unreachable", f"{where} answered with {kind}: is this the tracker's admin URL?"
    )
