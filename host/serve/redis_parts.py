"""What serve and workers share through Redis besides the queue, on one Redis client (one
connection pool) per process.

Serve: fire locks, Respond to Webhook answers, finished-execution notices, the stream's
trimming and reading (what is still queued, at start-up), and (unused by serve itself,
which runs nothing) the effect ledger. Workers: the effect ledger, the answers they push,
the notices they send and their lease on what they run. taskiq-redis's broker and result
backend keep pools of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from taskiq import AsyncBroker

from kflow.host.credentials import Credentials
from kflow.host.serve.brokers import GROUP, QUEUE
from kflow.host.serve.executions import Job
from kflow.host.serve.jobs import TASK_NAME, JobRunner
from kflow.host.serve.ledgers import RedisLedger
from kflow.host.serve.replies import RedisReplies
from kflow.host.serve.shared_fires import RedisFires
from kflow.host.serve.stream_queue import (
    FinishedNotice,
    Lease,
    NoticedResults,
    Running,
    StreamTasks,
    StreamTrimmer,
)
from kflow.host.settings import RunSettings

if TYPE_CHECKING:
    from redis.asyncio import Redis

__all__ = ["ServeParts", "WorkerParts", "connect_redis"]


def connect_redis(url: str) -> Redis:
    """The process's Redis client (connections are made when first used)."""
    from redis.asyncio import Redis

    return Redis.from_url(url, decode_responses=True)


@dataclass
class ServeParts:
    """Serve's Redis side, as `Server` keyword arguments, on one client."""

    redis: Redis
    ledger: RedisLedger
    replies: RedisReplies
    fires: RedisFires
    results: NoticedResults
    trimmer: StreamTrimmer
    stream: StreamTasks

    @classmethod
    def connect(cls, url: str, instance: str) -> ServeParts:
        """The parts for `url`; `instance` is serve's database id."""
        redis = connect_redis(url)
        return cls(
            redis,
            RedisLedger(redis),
            RedisReplies(redis),
            RedisFires(redis),
            NoticedResults(redis, instance),
            StreamTrimmer(redis, QUEUE, GROUP),
            StreamTasks(redis, QUEUE),
        )

    def options(self) -> dict[str, Any]:
        """The parts as `Server` keyword arguments."""
        return {
            "ledger": self.ledger,
            "replies": self.replies,
            "fires": self.fires,
            "results": self.results,
            "trimmer": self.trimmer,
            "stream": self.stream,
        }

    async def close(self) -> None:
        await self.results.close()
        await self.redis.aclose()


@dataclass
class WorkerParts:
    """A worker's Redis side, on one client: the ledger and answers for its JobRunner, the
    lease on the executions it holds, and the notice middleware added to its broker."""

    redis: Redis
    ledger: RedisLedger
    replies: RedisReplies
    lease: Lease
    url: str = ""

    @classmethod
    def connect(cls, url: str, broker: AsyncBroker) -> WorkerParts:
        """The parts for `url`; adds the finished-execution notice to `broker`."""
        redis = connect_redis(url)
        running = Running()
        broker.add_middlewares(FinishedNotice(redis, TASK_NAME), running)
        consumer = getattr(broker, "consumer_name", "")
        lease = Lease(redis, QUEUE, GROUP, consumer, running)
        return cls(redis, RedisLedger(redis), RedisReplies(redis), lease, url)

    def runner(
        self, credentials: Credentials, settings: RunSettings, *, keep_outputs: bool = False
    ) -> JobRunner:
        """The worker's JobRunner: effects, run counts and nodes' history in Redis, answers
        sent back."""

        async def started(execution_id: int, job: Job) -> int:
            return await self.ledger.begin(job.execution or str(execution_id))

        return JobRunner(
            credentials,
            settings,
            keep_outputs,
            self.ledger,
            self.replies,
            started=started,
            dedupe_url=self.url,
        )

    async def close(self) -> None:
        await self.redis.aclose()
