"""Who may call a webhook: the IP allowlist, bots, and basic or header authentication.

Each check gives None (the caller may call) or the Refusal n8n 2.41.1 answers with: plain
text, and for failed authentication (bots included) the Basic challenge header.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import re
from typing import Any

from kflow.host import IncomingRequest, Refusal

__all__ = ["allowed_ip", "authenticate", "is_bot"]

CHALLENGE = {"WWW-Authenticate": 'Basic realm="Webhook"'}
"""n8n sends it with every authentication refusal, header authentication's 403 included."""

_BOT_MARKERS = re.compile(
    r"bot\b|bot[/_-]|crawl|spider|slurp|scrap|headless|preview|fetch|monitor|http|curl|"
    r"wget|python|java/|okhttp|axios|postman|insomnia|facebookexternalhit|embedly|"
    r"whatsapp|lighthouse|pingdom|uptime",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """Whether a user agent looks like a bot, link previewer or scripted client (as n8n's
    isbot judges: named bots and tools, and agents without a browser's platform part)."""
    agent = user_agent.strip()
    if not agent:
        return False
    return bool(_BOT_MARKERS.search(agent)) or "(" not in agent


def allowed_ip(allowlist: str, remote: str | None) -> bool:
    """Whether `remote` is in the comma-separated addresses and CIDR ranges (an empty list
    allows everyone; entries that are not addresses are ignored, as n8n does)."""
    entries = [entry.strip() for entry in allowlist.split(",") if entry.strip()]
    if not entries:
        return True
    if remote is None:
        return False
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    for entry in entries:
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue
        if address.version == network.version and address in network:
            return True
    return False


def authenticate(
    mode: str, request: IncomingRequest, credentials: dict[str, dict[str, Any]]
) -> Refusal | None:
    """None when the caller may call; else n8n's refusal (basic: 401, header: 403; a
    credential without its data: 500)."""
    if mode == "basicAuth":
        return _basic(request, credentials.get("httpBasicAuth"))
    if mode == "headerAuth":
        return _header(request, credentials.get("httpHeaderAuth"))
    return None


def _refusal(status: int, message: str | None = None) -> Refusal:
    default = {401: "Authorization is required!", 403: "Authorization data is wrong!"}
    text = message or default.get(status, "Authorization problem!")
    return Refusal(status, text, CHALLENGE, plain=True)


def _basic(request: IncomingRequest, expected: dict[str, Any] | None) -> Refusal | None:
    if not expected or not expected.get("user") or not expected.get("password"):
        return _refusal(500, "No authentication data defined on node!")
    given = _basic_pair(request.headers.get("authorization", ""))
    if given is None:
        # n8n then takes an X-Auth-Token made from the node's id, which kflow does not
        # have: a token is refused as a wrong one.
        return _refusal(403 if request.headers.get("x-auth-token") else 401)
    user, password = given
    same_user = hmac.compare_digest(user.encode(), str(expected["user"]).encode())
    same_password = hmac.compare_digest(password.encode(), str(expected["password"]).encode())
    if not (same_user and same_password):
        return _refusal(401, "Authentication data is wrong!")
    return None


def _basic_pair(header: str) -> tuple[str, str] | None:
    """(user, password) of a `Basic` Authorization header, or None when there is none."""
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return None
    try:
        text = base64.b64decode(token.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, colon, password = text.partition(":")
    return (user, password) if colon else None


def _header(request: IncomingRequest, expected: dict[str, Any] | None) -> Refusal | None:
    if not expected or not expected.get("name") or not expected.get("value"):
        return _refusal(500, "No authentication data defined on node!")
    name = str(expected["name"]).lower()
    if name not in request.headers:
        return _refusal(403)
    if not hmac.compare_digest(request.headers[name].encode(), str(expected["value"]).encode()):
        return _refusal(403)
    return None
