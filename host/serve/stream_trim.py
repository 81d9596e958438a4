"""Keeping the Redis stream of executions short.

taskiq-redis acknowledges an entry without deleting it, and serve's heartbeat adds one every
second, so the stream grows for good. Trimming by length can drop entries no worker has read
or finished yet; here only entries older than both the oldest unacknowledged one and the
last one handed out are dropped. Consumers of dead workers stay listed in the group; those
with nothing pending are removed once idle for a while (a live one comes back by itself on
its next read).
"""

from __future__ import annotations

from typing import Any

__all__ = ["StreamTrimmer"]

FORGET_CONSUMER_MS = 600_000


class StreamTrimmer:
    """Trims the executions stream of `queue`, read by `group`."""

    def __init__(self, url: str, queue: str, group: str) -> None:
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(url, decode_responses=True)
        self.queue = queue
        self.group = group

    async def trim(self) -> int:
        """Drops acknowledged entries; returns how many."""
        if not await self.redis.exists(self.queue):
            return 0
        groups = {g["name"]: g for g in await self.redis.xinfo_groups(self.queue)}
        group = groups.get(self.group)
        if group is None:
            return 0
        threshold = group["last-delivered-id"]
        pending = await self.redis.xpending(self.queue, self.group)
        if pending["pending"]:
            threshold = min(threshold, pending["min"], key=_stream_id)
        dropped = int(await self.redis.xtrim(self.queue, minid=threshold, approximate=False))
        for consumer in await self.redis.xinfo_consumers(self.queue, self.group):
            if not consumer["pending"] and consumer["idle"] > FORGET_CONSUMER_MS:
                await self.redis.xgroup_delconsumer(self.queue, self.group, consumer["name"])
        return dropped

    async def close(self) -> None:
        await self.redis.aclose()


def _stream_id(value: str) -> tuple[int, int]:
    milliseconds, _, sequence = value.partition("-")
    return int(milliseconds), int(sequence or 0)
