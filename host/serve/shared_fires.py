"""Schedule fires shared through Redis, so that serves on different databases never fire
the same schedule twice.

Each fire takes a Redis lock of its own: `SET kflow:fire:<flow>:<rule>:<instant> NX`. Only
the serve that sets it fires; the others skip that instant. Every serve also follows the
last fire recorded in Redis, so interval schedules ("every 10 minutes") of serves started
at different times keep to one grid and meet on the same instants.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["KEEP_SECONDS", "RedisFires"]

KEEP_SECONDS = 8 * 24 * 3600
"""How long a fire's lock is kept: longer than any interval but months."""


class RedisFires:
    """Fire locks and last fires in Redis."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    @staticmethod
    def _last(flow: str, rule: str) -> str:
        return f"kflow:fires:last:{flow}:{rule}"

    async def last(self, flow: str, rule: str) -> datetime | None:
        """The latest fire any serve made of this rule."""
        found = await self.redis.get(self._last(flow, rule))
        return datetime.fromisoformat(found) if found else None

    async def claim(self, flow: str, rule: str, instant: datetime) -> bool:
        """Takes this fire's lock; False when another serve took it."""
        key = instant.astimezone(UTC).isoformat()
        if not await self.redis.set(
            f"kflow:fire:{flow}:{rule}:{key}", "1", nx=True, ex=KEEP_SECONDS
        ):
            return False
        last = self._last(flow, rule)
        previous = await self.redis.get(last)
        if previous is None or datetime.fromisoformat(previous) < instant:
            await self.redis.set(last, key, ex=KEEP_SECONDS)
        return True
