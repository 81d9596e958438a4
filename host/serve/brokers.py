"""The queue behind `kflow serve` and `kflow worker`: taskiq, in-process or on Redis.

On Redis, taskiq-redis's stream broker acknowledges a message after the task ran, and hands
a message whose worker died to another worker once it has been idle for `idle_timeout`.
The settings follow what was measured (docs/SERVE.md): one message read at a time, so that
messages do not wait past the idle timeout in a busy worker's prefetch and run twice.

Messages and results are JSON. taskiq-redis keeps results with pickle unless told
otherwise, and unpickling what anyone with write access to Redis put there runs their code.
"""

from __future__ import annotations

import re

from taskiq import AsyncBroker, InMemoryBroker

from kflow.host.serve.stream_queue import patient_stream_broker

__all__ = ["GROUP", "IDLE_TIMEOUT_MS", "QUEUE", "make_broker", "safe_url"]

QUEUE = "kflow-executions"
"""The Redis stream executions are queued on."""
GROUP = "kflow-workers"
"""The consumer group the workers read it as."""

IDLE_TIMEOUT_MS = 60_000
"""A message unacknowledged this long goes to another worker; a live worker renews its own
(`stream_queue.Lease`), so this is how long a dead worker's executions wait."""


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

    return patient_stream_broker()(
        url,
        queue_name=QUEUE,
        consumer_group_name=GROUP,
        idle_timeout=idle_timeout_ms,
        xread_count=1,
        unacknowledged_batch_size=1,
    ).with_result_backend(
        RedisAsyncResultBackend(url, result_ex_time=3600, serializer=JSONSerializer())
    )


def safe_url(url: str) -> str:
    """The broker URL without a password."""
    return re.sub(r"//[^@/]*@", "//****@", url)
