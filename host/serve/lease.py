"""A worker's lease on the executions it holds, so that a long one is not handed to
another worker while this one lives.

taskiq-redis gives a message to another worker once it has been unacknowledged for the
idle timeout, whether its worker died or is only slow. A live worker therefore claims its
own pending messages again every third of the idle timeout (`XCLAIM` resets their idle
time); when it dies, the renewals stop and the timeout runs out. Only messages idle for
half a renewal period are claimed, so one that another worker has just taken over stays
with that worker.

Only the messages whose execution still runs here are renewed (`Running`, a middleware,
knows them). A message whose run ended but whose result or acknowledgement was lost (Redis
was away) is let go: it goes idle and is delivered again, and the effect ledger keeps that
second run from repeating what the first did. Renewed for good, it would stay pending,
and its execution "running", forever.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from taskiq import TaskiqMessage, TaskiqMiddleware, TaskiqResult

__all__ = ["Lease", "Running"]

LOG = logging.getLogger("kflow.worker")


class Running(TaskiqMiddleware):
    """The task ids whose execution runs in this worker now."""

    def __init__(self) -> None:
        super().__init__()
        self.task_ids: set[str] = set()

    async def pre_execute(self, message: TaskiqMessage) -> TaskiqMessage:
        self.task_ids.add(message.task_id)
        return message

    async def post_execute(self, message: TaskiqMessage, result: TaskiqResult[Any]) -> None:
        self.task_ids.discard(message.task_id)

    async def on_error(
        self, message: TaskiqMessage, result: TaskiqResult[Any], exception: BaseException
    ) -> None:
        self.task_ids.discard(message.task_id)


class Lease:
    """Renews `consumer`'s hold on its pending messages of `queue`, read as `group`, whose
    executions still run (`running`)."""

    def __init__(
        self, url: str, queue: str, group: str, consumer: str, running: Running | None = None
    ) -> None:
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(url, decode_responses=True)
        self.queue = queue
        self.group = group
        self.consumer = consumer
        self.running = running or Running()

    async def renew(self, min_idle_ms: int) -> int:
        """Claims this consumer's pending messages idle for `min_idle_ms` again, when their
        execution still runs here; returns how many."""
        pending = await self.redis.xpending_range(
            self.queue, self.group, min="-", max="+", count=1000, consumername=self.consumer
        )
        ids = [entry["message_id"] for entry in pending]
        ids = [i for i in ids if await self._task_id(i) in self.running.task_ids]
        if not ids:
            return 0
        claimed = await self.redis.xclaim(
            self.queue, self.group, self.consumer, min_idle_ms, ids, justid=True
        )
        return len(claimed)

    async def _task_id(self, message_id: str) -> str | None:
        entries = await self.redis.xrange(self.queue, min=message_id, max=message_id)
        if not entries:
            return None
        try:
            task_id = json.loads(entries[0][1].get("data", "")).get("task_id")
        except (ValueError, AttributeError):
            return None
        return task_id if isinstance(task_id, str) else None

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
