"""How serve learns that an execution's result is in the broker's result backend.

In-process, it asks the in-memory backend. On Redis, asking for every queued execution
every tenth of a second costs serve a Redis round trip (and a client) per execution: with a
backlog of a thousand, serve does nothing else. So the worker that saved a result pushes its
task id onto one list per serve database (`FinishedNotice`), serve waits on that list and
then reads the result from the backend; a slow sweep catches a notice lost with a worker
that died between saving and telling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from redis.exceptions import RedisError
from taskiq import AsyncTaskiqTask, TaskiqMessage, TaskiqMiddleware, TaskiqResult

__all__ = ["SWEEP_SECONDS", "FinishedNotice", "NoticedResults", "notices_name"]

LOG = logging.getLogger("kflow.serve")

SWEEP_SECONDS = 5.0
"""How often serve looks for finished executions it was not told of."""

KEEP_SECONDS = 24 * 3600
STARTED = "started "


def notices_name(instance: str) -> str:
    """The list where workers announce the results of one serve database's executions."""
    return f"kflow:finished:{instance}"


class FinishedNotice(TaskiqMiddleware):
    """Worker side: tells the serve that queued an execution when it starts, and once its
    result is saved."""

    def __init__(self, url: str, task_name: str) -> None:
        super().__init__()
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(url)
        self.task_name = task_name

    async def pre_execute(self, message: TaskiqMessage) -> TaskiqMessage:
        await self._tell(message, f"{STARTED}{message.task_id}")
        return message

    async def post_save(self, message: TaskiqMessage, result: TaskiqResult[Any]) -> None:
        await self._tell(message, message.task_id)

    async def _tell(self, message: TaskiqMessage, notice: str) -> None:
        if message.task_name != self.task_name or len(message.args) < 2:
            return
        payload = message.args[1]
        execution = payload.get("execution", "") if isinstance(payload, dict) else ""
        instance = execution.rpartition(":")[0]
        if not instance:
            return
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.rpush(notices_name(instance), notice)
            pipe.expire(notices_name(instance), KEEP_SECONDS)
            await pipe.execute()

    async def shutdown(self) -> None:
        await self.redis.aclose()


class NoticedResults:
    """Serve side: results of the executions it queued, as workers announce them."""

    def __init__(self, url: str, instance: str) -> None:
        from redis.asyncio import Redis

        self.redis: Any = Redis.from_url(url, decode_responses=True)
        self.name = notices_name(instance)
        self._pending: dict[str, tuple[AsyncTaskiqTask[Any], asyncio.Future[Any]]] = {}
        self._on_start: dict[str, Callable[[], None]] = {}
        self._early: dict[str, None] = {}  # announced before serve watched them (in order)
        self._loop: asyncio.Task[None] | None = None
        self._settling: set[asyncio.Task[None]] = set()

    def watch(
        self, kicked: AsyncTaskiqTask[Any], on_start: Callable[[], None] | None = None
    ) -> asyncio.Future[TaskiqResult[Any]]:
        """What resolves with the task's result once a worker saved it; `on_start` is
        called when a worker says it started the task."""
        found = asyncio.get_running_loop().create_future()
        self._pending[kicked.task_id] = (kicked, found)
        if on_start is not None:
            self._on_start[kicked.task_id] = on_start
        if self._early.pop(kicked.task_id, 0) is None:
            settling = asyncio.create_task(self._settle_or_wait(kicked.task_id))
            self._settling.add(settling)
            settling.add_done_callback(self._settling.discard)
        if self._loop is None or self._loop.done():
            self._loop = asyncio.create_task(self._listen())
        return found

    async def _listen(self) -> None:
        clock = asyncio.get_running_loop().time
        next_sweep = clock() + SWEEP_SECONDS
        while self._pending:
            try:
                popped = await self.redis.blpop([self.name], timeout=1)
                if popped is not None and popped[1].startswith(STARTED):
                    started = self._on_start.get(popped[1][len(STARTED) :])
                    if started is not None:
                        started()
                elif popped is not None:
                    await self._settle(popped[1])
                if clock() >= next_sweep:
                    next_sweep = clock() + SWEEP_SECONDS
                    for task_id, (kicked, _) in list(self._pending.items()):
                        if await kicked.is_ready():
                            await self._settle(task_id)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis is away for a moment; the sweep catches up
                LOG.warning("could not read finished executions", exc_info=True)
                await asyncio.sleep(1.0)

    async def _settle_or_wait(self, task_id: str) -> None:
        """Settles a task announced early; when Redis is away, the sweep settles it later."""
        try:
            await self._settle(task_id)
        except (RedisError, OSError):
            LOG.warning("could not read the result of task %s yet", task_id)

    async def _settle(self, task_id: str) -> None:
        entry = self._pending.pop(task_id, None)
        self._on_start.pop(task_id, None)
        if entry is None:
            self._early[task_id] = None
            if len(self._early) > 10_000:
                self._early.pop(next(iter(self._early)))
            return
        kicked, found = entry
        try:
            result = await kicked.get_result()
        except (RedisError, OSError):
            # Redis is away: the result is still there, and the sweep reads it later.
            self._pending[task_id] = entry
            raise
        except Exception as exc:  # a result that does not parse: the collector records it
            if not found.done():
                found.set_exception(exc)
            return
        if not found.done():
            found.set_result(result)

    async def close(self) -> None:
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
        await self.redis.aclose()
