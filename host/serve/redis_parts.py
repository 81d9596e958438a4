"""What serve and workers share through Redis besides the queue, connected in one place.

Serve: fire locks, Respond to Webhook answers, finished-execution notices, the stream's
trimming and reading (what is still queued, at start-up), and (unused by serve itself,
which runs nothing) the effect ledger. Workers: the effect ledger, the answers they push,
the notices they send and their lease on what they run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from taskiq import AsyncBroker

from kflow.host.credentials import Credentials
from kflow.host.serve.brokers import GROUP, QUEUE
from kflow.host.serve.executions import Job
from kflow.host.serve.jobs import TASK_NAME, JobRunner
from kflow.host.serve.lease import Lease, Running
from kflow.host.serve.ledgers import RedisLedger
from kflow.host.serve.replies import RedisReplies
from kflow.host.serve.results import FinishedNotice, NoticedResults
from kflow.host.serve.shared_fires import RedisFires
from kflow.host.serve.stream_tasks import StreamTasks
from kflow.host.serve.stream_trim import StreamTrimmer
from kflow.host.settings import RunSettings

__all__ = ["ServeParts", "WorkerParts"]


@dataclass
class ServeParts:
    """Serve's Redis side, as `Server` keyword arguments."""

    ledger: RedisLedger
    replies: RedisReplies
    fires: RedisFires
    results: NoticedResults
    trimmer: StreamTrimmer
    stream: StreamTasks

    @classmethod
    def connect(cls, url: str, instance: str) -> ServeParts:
        """Clients for `url`; `instance` is serve's database id."""
        return cls(
            RedisLedger(url),
            RedisReplies(url),
            RedisFires(url),
            NoticedResults(url, instance),
            StreamTrimmer(url, QUEUE, GROUP),
            StreamTasks(url, QUEUE),
        )

    def options(self) -> dict[str, Any]:
        return dict(self.__dict__)

    async def close(self) -> None:
        for part in (
            self.results,
            self.ledger,
            self.replies,
            self.fires,
            self.trimmer,
            self.stream,
        ):
            await part.close()


@dataclass
class WorkerParts:
    """A worker's Redis side: the ledger and answers for its JobRunner, the lease on the
    executions it holds, and the notice middleware added to its broker."""

    ledger: RedisLedger
    replies: RedisReplies
    lease: Lease
    url: str = ""

    @classmethod
    def connect(cls, url: str, broker: AsyncBroker) -> WorkerParts:
        """Clients for `url`; adds the finished-execution notice to `broker`."""
        running = Running()
        broker.add_middlewares(FinishedNotice(url, TASK_NAME), running)
        consumer = getattr(broker, "consumer_name", "")
        lease = Lease(url, QUEUE, GROUP, consumer, running)
        return cls(RedisLedger(url), RedisReplies(url), lease, url)

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
        for part in (self.ledger, self.replies, self.lease):
            await part.close()
