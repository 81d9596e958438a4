"""Putting an execution to wait (n8n's Wait node): a short wait sleeps inside the run; a
long one, under `kflow serve`, suspends the execution so that it is stored and resumed
later, even after a restart; a wait for a webhook call resumes when the call arrives.

A suspended run is plain JSON (`Suspension.state`): every node's outputs and runs so far,
what the scheduler still had to run, and the node that waits with its input. The engine
resumes from it (`run_flow(..., resume=...)`): the waiting node's run completes with its
input items (a time that passed) or with the webhook call's item.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["SHORT_WAIT", "Suspend", "Suspension", "sleep_until"]

SHORT_WAIT = 65.0
"""Seconds: shorter waits sleep inside the run, as n8n's do; longer ones suspend it."""


class Suspend(Exception):
    """Raised by a node to put the execution to wait: until `until` (None: until a webhook
    call, or for ever), and, with `webhook`, until a call to the execution's resume URL."""

    def __init__(self, until: datetime | None, *, webhook: bool = False) -> None:
        super().__init__("the execution waits")
        self.until = until
        self.webhook = webhook


@dataclass(frozen=True)
class Suspension:
    """A run that waits: the node, until when, for a webhook call or not, and the run's
    state to resume from (JSON)."""

    node: str
    until: datetime | None
    webhook: bool
    state: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "until": None if self.until is None else self.until.isoformat(),
            "call": self.webhook,
            "state": self.state,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Suspension:
        """Raises ValueError: the data is not a suspension."""
        try:
            until = data["until"]
            return cls(
                node=str(data["node"]),
                until=None if until is None else datetime.fromisoformat(until),
                webhook=bool(data["call"]),
                state=dict(data["state"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"the stored wait is not readable: {error}") from None


async def sleep_until(until: datetime) -> None:
    """Sleeps until `until` (at once when it has passed)."""
    seconds = (until - datetime.now(UTC)).total_seconds()
    if seconds > 0:
        await asyncio.sleep(seconds)
