"""Which executions are in the Redis stream, so that a restarted serve does not queue them
again.

Serve records each execution's task id once the queue took it. After a restart, an
execution that is unfinished but whose task is still in the stream (unread, or held by a
worker) will be run by the workers: queueing it again would run it twice. The stream is
kept short (`stream_trim.py`), so reading it whole at start-up is cheap.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["StreamTasks"]

_BATCH = 1000


class StreamTasks:
    """Reads the task ids of the entries in the executions stream `queue`."""

    def __init__(self, url: str, queue: str) -> None:
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(url)
        self.queue = queue

    async def task_ids(self) -> set[str]:
        """The task ids of every entry in the stream; entries that are not taskiq messages
        (or that do not parse) are skipped."""
        found: set[str] = set()
        start = "-"
        while True:
            entries = await self.redis.xrange(self.queue, min=start, count=_BATCH)
            for _, fields in entries:
                task_id = _task_id(fields.get(b"data"))
                if task_id is not None:
                    found.add(task_id)
            if len(entries) < _BATCH:
                return found
            start = "(" + entries[-1][0].decode()

    async def close(self) -> None:
        await self.redis.aclose()


def _task_id(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        message = json.loads(data)
    except ValueError:
        return None
    task_id = message.get("task_id") if isinstance(message, dict) else None
    return task_id if isinstance(task_id, str) else None
