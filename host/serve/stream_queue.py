"""What kflow adds to taskiq-redis's stream broker, in one place (docs/QUEUE.md says why).

taskiq-redis queues each message on a Redis stream read by a consumer group, acknowledges
it once its task ran, and hands a message unacknowledged for `idle_timeout` to another
worker. What it leaves to us:

- **Patient reads.** taskiq's receiver reads again at once after an error: an unreachable
  Redis made a worker log thousands of tracebacks a second. `patient_stream_broker` waits
  between tries, longer each time.
- **Heartbeat.** A dead worker's messages are reclaimed only when a worker reads a new
  one, so serve sends a no-op message every second (`keep_alive`).
- **Lease.** Reclaiming does not tell a dead worker from a slow one. A live worker claims
  its own pending messages again every third of the idle timeout (`XCLAIM` resets their
  idle time) while their execution runs (`Running` knows which); when it dies the renewals
  stop. Only messages idle for half a renewal period are claimed, so one that another
  worker has just taken over stays with it. A message whose run ended but whose result or
  acknowledgement was lost is let go: it is delivered again, and the effect ledger keeps
  the second run from repeating what the first did.
- **Trim.** Acknowledged entries stay in the stream, and the heartbeat adds one a second.
  `StreamTrimmer` drops only entries older than both the oldest unacknowledged one and
  the last one handed out, and forgets dead consumers with nothing pending.
- **What is queued.** A restarted serve must not queue again an execution whose task is
  still in the stream: `StreamTasks` reads the (short) stream's task ids.
- **Notices.** Polling the result backend per execution costs serve a round trip each; a
  worker pushes the task id onto one list per serve database when it starts and once its
  result is saved (`FinishedNotice`), serve waits on that list (`NoticedResults`), and a
  slow sweep catches a notice lost with a dying worker.

Every part takes the process's one Redis client (`redis_parts.connect_redis`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncGenerator, Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError
from taskiq import (
    AckableMessage,
    AsyncBroker,
    AsyncTaskiqTask,
    TaskiqMessage,
    TaskiqMiddleware,
    TaskiqResult,
)

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = [
    "HEARTBEAT",
    "FinishedNotice",
    "Lease",
    "NoticedResults",
    "Running",
    "StreamTasks",
    "StreamTrimmer",
    "keep_alive",
    "notices_name",
    "patient_stream_broker",
    "register_heartbeat",
]

LOG = logging.getLogger("kflow.serve")
WORKER_LOG = logging.getLogger("kflow.worker")

HEARTBEAT = "kflow.heartbeat"
"""The no-op task serve sends every second."""
TRIM_EVERY = 60
"""Heartbeats (seconds) between two trims of the stream."""

FIRST_WAIT = 0.5
MAX_WAIT = 5.0
"""Seconds between tries to read the queue while Redis is away: doubling up to this."""

FORGET_CONSUMER_MS = 600_000
"""A consumer with nothing pending and idle this long is dropped from the group."""

SWEEP_SECONDS = 5.0
"""How often serve looks for finished executions it was not told of."""
KEEP_SECONDS = 24 * 3600
"""How long a serve database's notices are kept."""
STARTED = "started "

_BATCH = 1000


# -- patient reads --------------------------------------------------------------------


@cache
def patient_stream_broker() -> type[AsyncBroker]:
    """taskiq-redis's stream broker, waiting between tries to read while Redis is away
    (one log line per try, up to `MAX_WAIT` seconds apart)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from taskiq_redis import RedisStreamBroker

    class PatientStreamBroker(RedisStreamBroker):
        async def listen(self) -> AsyncGenerator[AckableMessage, None]:
            wait = FIRST_WAIT
            while True:
                try:
                    async for message in super().listen():
                        wait = FIRST_WAIT
                        yield message
                except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
                    WORKER_LOG.warning(
                        "cannot read the queue (%s); trying again in %g s", exc, wait
                    )
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, MAX_WAIT)

    return PatientStreamBroker


# -- heartbeat ------------------------------------------------------------------------


def register_heartbeat(broker: AsyncBroker) -> None:
    """Registers the no-op heartbeat task (serve sends it, workers take it)."""

    async def heartbeat() -> None:
        return None

    broker.register_task(heartbeat, task_name=HEARTBEAT)


async def keep_alive(broker: AsyncBroker, trimmer: StreamTrimmer | None) -> None:
    """Sends the heartbeat every second, and trims the stream every `TRIM_EVERY` beats,
    until cancelled."""
    task = broker.find_task(HEARTBEAT)
    assert task is not None
    beats = 0
    while True:
        try:
            await task.kiq()
            beats += 1
            if trimmer is not None and beats % TRIM_EVERY == 0:
                await trimmer.trim()
        except Exception:  # the queue is down for a moment; try again
            LOG.warning("could not send the queue's heartbeat", exc_info=True)
        await asyncio.sleep(1.0)


# -- lease ----------------------------------------------------------------------------


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
        self, redis: Redis, queue: str, group: str, consumer: str, running: Running | None = None
    ) -> None:
        self.redis = redis
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
        return _task_id(entries[0][1].get("data")) if entries else None

    async def keep(self, idle_timeout_ms: int) -> None:
        """Renews every third of the idle timeout until cancelled."""
        every = idle_timeout_ms / 3000
        while True:
            await asyncio.sleep(every)
            try:
                await self.renew(int(every * 500))
            except Exception:  # Redis is away for a moment; the next renewal may do
                WORKER_LOG.warning("could not renew the lease on running executions", exc_info=True)


# -- trim -----------------------------------------------------------------------------


class StreamTrimmer:
    """Trims the executions stream of `queue`, read by `group`."""

    def __init__(self, redis: Redis, queue: str, group: str) -> None:
        self.redis = redis
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


def _stream_id(value: str) -> tuple[int, int]:
    milliseconds, _, sequence = value.partition("-")
    return int(milliseconds), int(sequence or 0)


# -- what is queued -------------------------------------------------------------------


class StreamTasks:
    """Reads the task ids of the entries in the executions stream `queue`."""

    def __init__(self, redis: Redis, queue: str) -> None:
        self.redis = redis
        self.queue = queue

    async def task_ids(self) -> set[str]:
        """The task ids of every entry in the stream; entries that are not taskiq messages
        (or that do not parse) are skipped."""
        found: set[str] = set()
        start = "-"
        while True:
            entries = await self.redis.xrange(self.queue, min=start, count=_BATCH)
            for _, fields in entries:
                task_id = _task_id(fields.get("data"))
                if task_id is not None:
                    found.add(task_id)
            if len(entries) < _BATCH:
                return found
            start = "(" + entries[-1][0]


def _task_id(data: str | None) -> str | None:
    """The task id in a stream entry's taskiq message, or None when it is not one."""
    if data is None:
        return None
    try:
        message = json.loads(data)
    except ValueError:
        return None
    task_id = message.get("task_id") if isinstance(message, dict) else None
    return task_id if isinstance(task_id, str) else None


# -- notices --------------------------------------------------------------------------


def notices_name(instance: str) -> str:
    """The list where workers announce the results of one serve database's executions."""
    return f"kflow:finished:{instance}"


class FinishedNotice(TaskiqMiddleware):
    """Worker side: tells the serve that queued an execution when it starts, and once its
    result is saved."""

    def __init__(self, redis: Redis, task_name: str) -> None:
        super().__init__()
        self.redis = redis
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


class NoticedResults:
    """Serve side: results of the executions it queued, as workers announce them."""

    def __init__(self, redis: Redis, instance: str) -> None:
        self.redis = redis
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
        """Stops waiting for notices (the Redis client is its owner's to close)."""
        if self._loop is not None:
            self._loop.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop
