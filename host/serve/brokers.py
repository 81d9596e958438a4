"""The queue behind `kflow serve` and `kflow worker`: taskiq, in-process or on Redis.

On Redis, taskiq-redis's stream broker acknowledges a message after the task ran, and hands
a message whose worker died to another worker once it has been idle for `idle_timeout`.
The settings follow what was measured (docs/SERVE.md): one message read at a time, so that
messages do not wait past the idle timeout in a busy worker's prefetch and run twice.

Messages and results are JSON. taskiq-redis keeps results with pickle unless told
otherwise, and unpickling what anyone with write access to Redis put there runs their code.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from functools import cache

from taskiq import AckableMessage, AsyncBroker, InMemoryBroker

__all__ = ["GROUP", "IDLE_TIMEOUT_MS", "QUEUE", "make_broker"]

QUEUE = "kflow-executions"
"""The Redis stream executions are queued on."""
GROUP = "kflow-workers"
"""The consumer group the workers read it as."""

LOG = logging.getLogger("kflow.worker")

FIRST_WAIT = 0.5
MAX_WAIT = 5.0
"""Seconds between tries to read the queue while Redis is away: doubling up to this."""

IDLE_TIMEOUT_MS = 60_000
"""A message unacknowledged this long goes to another worker; a live worker renews its own
(`lease.py`), so this is how long a dead worker's executions wait."""


def make_broker(
    url: str | None, *, concurrency: int, idle_timeout_ms: int = IDLE_TIMEOUT_MS
) -> AsyncBroker:
    """The broker for `url` (None: in-process).

    Raises:
        ValueError: A URL that is not redis:// or rediss://.
    """
    if url is None:
        return InMemoryBroker(max_async_tasks=concurrency)
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"--broker {url!r}: give redis://HOST:PORT[/DB]")
    from taskiq.serializers import JSONSerializer
    from taskiq_redis import RedisAsyncResultBackend

    return _stream_broker()(
        url,
        queue_name=QUEUE,
        consumer_group_name=GROUP,
        idle_timeout=idle_timeout_ms,
        xread_count=1,
        unacknowledged_batch_size=1,
    ).with_result_backend(
        RedisAsyncResultBackend(url, result_ex_time=3600, serializer=JSONSerializer())
    )


@cache
def _stream_broker() -> type[AsyncBroker]:
    """taskiq-redis's stream broker, waiting between tries to read while Redis is away.

    taskiq's receiver starts reading again at once after an error, so an unreachable Redis
    made a worker log thousands of tracebacks a second. Here a failed read logs one line
    and waits, longer each time up to `MAX_WAIT` seconds.
    """
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
                    LOG.warning("cannot read the queue (%s); trying again in %g s", exc, wait)
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, MAX_WAIT)

    return PatientStreamBroker
