"""The contracts between `kflow serve` and trigger nodes.

Request triggers: the host reads the request (size-capped) and finds the node by its route;
the node decides: it refuses (status and message), or it gives the items to run with and
how to reply. Schedule triggers: the host works out the fires from the node's rules and
hands the node the fire's item (`fire_item`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

__all__ = [
    "IncomingRequest",
    "Refusal",
    "Reply",
    "RequestTriggerNode",
    "Response",
    "fire_item",
    "respond",
    "responder",
    "route_pattern",
]


@dataclass(frozen=True)
class IncomingRequest:
    """An HTTP request to a trigger's route.

    Attributes:
        url: The webhook's URL as n8n shows it: its registered path, `:name` parts kept.
        test: Whether it came to /webhook-test/.
    """

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    content_type: str
    text: str
    remote: str | None
    url: str
    test: bool


@dataclass(frozen=True)
class Refusal:
    """The request is not accepted: nothing is recorded, the caller gets `status`, and
    `message` as `{code, message}` JSON, or as plain text when `plain` (n8n's answers to
    failed authentication are plain text)."""

    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    plain: bool = False


@dataclass(frozen=True)
class Reply:
    """How to answer an accepted request.

    Attributes:
        when: "received" answers once the execution is recorded; "finished" waits for it;
            "node" waits for a node of the flow to answer (n8n's Respond to Webhook).
        status: The answer's status code.
        headers: Extra response headers.
        data: When finished: "all" items of the last node, the "first" one's JSON, or "none".
    """

    when: Literal["received", "finished", "node"] = "received"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    data: Literal["all", "first", "none"] = "first"


@runtime_checkable
class RequestTriggerNode(Protocol):
    """A node that starts flows on HTTP requests (declares `trigger="request"`)."""

    def request_route(self, parameters: dict[str, Any]) -> tuple[str, str]:
        """(method, path) with `:name` parts, after /webhook/."""
        ...

    def accept_request(
        self,
        parameters: dict[str, Any],
        request: IncomingRequest,
        credentials: dict[str, dict[str, Any]],
    ) -> Refusal | tuple[list[dict[str, Any]], Reply]:
        """Checks the request (given the credentials its parameters show) and gives the
        items to run with, or a refusal."""
        ...


@dataclass(frozen=True)
class Response:
    """An answer a node gives to the request that started its run."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    text: str | None = None


responder: ContextVar[Callable[[Response], bool] | None] = ContextVar(
    "kflow_responder", default=None
)
"""Set by `kflow serve` while a run started by a request that waits for a node's answer."""


def respond(response: Response) -> bool:
    """Answers the request that started this run; False when there is none waiting (a run
    not started by such a request, or one already answered)."""
    send = responder.get()
    return send(response) if send is not None else False


def route_pattern(path: str) -> re.Pattern[str]:
    """A route path with `:name` parts as a regular expression matching the whole path."""
    parts = [
        f"(?P<{part[1:]}>[^/]+)" if part.startswith(":") else re.escape(part)
        for part in path.strip("/").split("/")
    ]
    return re.compile("/".join(parts) + "$")


def _ordinal(day: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def fire_item(instant: datetime, zone: ZoneInfo) -> dict[str, Any]:
    """The item a fire outputs, with n8n's field names and formats (checked against n8n
    2.41.1), in the flow's time zone."""
    local = instant.astimezone(zone)
    clock = f"{local.strftime('%-I:%M:%S')} {local.strftime('%p').lower()}"
    return {
        "timestamp": local.isoformat(timespec="milliseconds"),
        "Readable date": f"{local.strftime('%B')} {_ordinal(local.day)} {local.year}, {clock}",
        "Readable time": clock,
        "Day of week": local.strftime("%A"),
        "Year": local.strftime("%Y"),
        "Month": local.strftime("%B"),
        "Day of month": local.strftime("%d"),
        "Hour": local.strftime("%H"),
        "Minute": local.strftime("%M"),
        "Second": local.strftime("%S"),
        "Timezone": f"{zone.key} (UTC{local.strftime('%z')[:3]}:{local.strftime('%z')[3:]})",
    }
