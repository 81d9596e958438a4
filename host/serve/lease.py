"""A worker's lease on the executions it holds, so that a long one is not handed to
another worker while this one lives.

taskiq-redis gives a message to another worker once it has been unacknowledged for the
idle timeout, whether its worker died or is only slow. A live worker therefore claims its
own pending messages again every third of the idle timeout (`XCLAIM` resets their idle
time); when it dies, the renewals stop and the timeout runs out. Only messages idle for
half a renewal period are claimed, so one that another worker has just taken over stays
with that worker.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

__all__ = ["Lease"]

LOG = logging.getLogger("kflow.worker")


class Lease:
    """Renews `consumer`'s hold on its pending messages of `queue`, read as `group`."""

    def __init__(self, url: str, queue: str, group: str, consumer: str) -> None:
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(url, decode_responses=True)
        self.queue = queue
        self.group = group
        self.consumer = consumer

    async def renew(self, min_idle_ms: int) -> int:
        """Claims this consumer's pending messages idle for `min_idle_ms` again; returns how
        many."""
        pending = await self.redis.xpending_range(
            self.queue, self.group, min="-", max="+", count=1000, consumername=self.consumer
        )
        ids = [entry["message_id"] for entry in pending]
        if not ids:
            return 0
        claimed = await self.redis.xclaim(
            self.queue, self.group, self.consumer, min_idle_ms, ids, justid=True
        )
        return len(claimed)

    async def keep(self, idle_timeout_ms: int) -> None:
        """Renews every third of the idle timeout until cancelled."""
        every = idle_timeout_ms / 3000
        while True:
            await asyncio.sleep(every)
            try:
                await self.renew(int(every * 500))
            except Exception:  # Redis is away for a moment; the next renewal may do
                LOG.warning("could not renew the lease on running executions", exc_info=True)

    async def close(self) -> None:
        await self.redis.aclose()
