"""Fault injection: a share of requests fails the way real trackers and networks fail.

A plan like `500=0.03,429=0.03,503=0.01,drop=0.01,lost=0.01,slow=0.02` gives each kind
its share of requests:

- `500`: 500 `{"error": …}`, before anything is applied;
- `429`, `503`: that status with `Retry-After` (seconds), before anything is applied;
- `drop`: the connection is closed before the request is applied;
- `lost`: the request is applied, then the connection is closed (the answer is lost);
- `slow`: the answer comes after a delay (`slow_seconds`).

Decisions are deterministic for a seed: they depend on the request (method, path, body)
and on how often that same request was seen before, not on timing or arrival order. So
a retried request gets a fresh decision, and the same run with the same seed gets the
same faults.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from aiohttp import web

__all__ = ["KINDS", "FaultPlan"]

KINDS = ("500", "429", "503", "drop", "lost", "slow")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class FaultPlan:
    """Shares of requests to fail, by kind, and how.

    Attributes:
        shares: Kind -> share of requests (0…1); the shares add up to at most 1.
        seed: Makes the decisions repeatable.
        retry_after: Seconds sent in `Retry-After` with 429 and 503.
        slow_seconds: Delay of a slow answer.
    """

    shares: dict[str, float]
    seed: int = 0
    retry_after: int = 1
    slow_seconds: float = 0.5
    seen: Counter[str] = field(default_factory=Counter, repr=False)
    injected: Counter[str] = field(default_factory=Counter)

    @classmethod
    def parse(cls, spec: str, *, seed: int = 0, **options: float) -> FaultPlan:
        """A plan from `kind=share,…`.

        Raises:
            ValueError: An unknown kind, a share outside 0…1, or shares adding up to more than 1.
        """
        shares: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            kind, _, value = part.partition("=")
            if kind not in KINDS:
                raise ValueError(f"unknown fault {kind!r}; kinds: {', '.join(KINDS)}")
            share = float(value)
            if not 0 <= share <= 1:
                raise ValueError(f"share of {kind!r} must be between 0 and 1")
            shares[kind] = share
        if sum(shares.values()) > 1:
            raise ValueError("the shares add up to more than 1")
        return cls(shares, seed=seed, **options)  # type: ignore[arg-type]

    def decide(self, method: str, path: str, body: bytes) -> str | None:
        """The fault for this request, or None."""
        key = f"{method} {path} {hashlib.sha256(body).hexdigest()}"
        occurrence = self.seen[key]
        self.seen[key] += 1
        digest = hashlib.sha256(f"{self.seed}|{key}|{occurrence}".encode()).digest()
        draw = int.from_bytes(digest[:8], "big") / 2**64
        for kind, share in self.shares.items():
            if draw < share:
                self.injected[kind] += 1
                return kind
            draw -= share
        return None

    def middleware(self) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
        """An aiohttp middleware applying the plan."""

        @web.middleware
        async def inject(request: web.Request, handler: Handler) -> web.StreamResponse:
            body = await request.read()
            fault = self.decide(request.method, request.path_qs, body)
            if fault in ("500", "429", "503"):
                headers = {} if fault == "500" else {"Retry-After": str(self.retry_after)}
                message = {
                    "500": "Internal server error",
                    "429": "Too many requests",
                    "503": "Service unavailable",
                }[fault]
                return web.json_response({"error": message}, status=int(fault), headers=headers)
            if fault == "drop":
                _drop(request)
                return web.Response()
            if fault == "slow":
                await asyncio.sleep(self.slow_seconds)
            response = await handler(request)
            if fault == "lost":
                _drop(request)
            return response

        return inject


def _drop(request: web.Request) -> None:
    if request.transport is not None:
        request.transport.abort()
