"""Running one execution's job, wherever the queue delivers it: in serve, or in a worker.

A job carries everything the run needs (a snapshot of the flow, its start node, its input,
the attempt); the result goes back through the broker's result backend, and serve alone
writes it to the database.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask

from kflow.host.credentials import Credentials
from kflow.host.effects import EffectLedger, Effects, MemoryLedger
from kflow.host.engine import run_flow
from kflow.host.errors import KflowError
from kflow.host.flow import parse_flow
from kflow.host.items import is_failure
from kflow.host.serve.executions import Job
from kflow.host.serve.replies import RedisReplies
from kflow.host.serve.requests import Response, responder
from kflow.host.settings import RunSettings

__all__ = ["HEARTBEAT", "TASK_NAME", "JobRunner", "register"]

TASK_NAME = "kflow.execution"
HEARTBEAT = "kflow.heartbeat"
"""A no-op message serve sends every second: taskiq-redis reclaims a dead worker's
messages only when a worker reads a new one, so an idle queue needs this traffic."""


RunStart = Callable[[int, Job], Awaitable[int]]
"""Marks an execution's run as started and returns which run it is (1, 2…): serve's
database in-process, the Redis ledger in a worker."""


@dataclass
class JobRunner:
    """Runs jobs with this process's credentials and settings; requests that are not
    idempotent go through `ledger`, so that a job delivered again does not repeat them.
    `started` counts the runs (without it, the job's attempt is taken as it is)."""

    credentials: Credentials
    settings: RunSettings
    keep_outputs: bool = False
    ledger: EffectLedger = field(default_factory=MemoryLedger)
    replies: RedisReplies | None = None
    started: RunStart | None = None
    responders: dict[int, Callable[[Response], bool]] = field(default_factory=dict)

    async def __call__(self, execution_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        """The result: started and finished times, which run of the execution this was,
        error, items out, the last node's items, and every node's outputs when asked."""
        job = Job(**payload)
        started = _now()
        attempt = job.attempt
        sending: list[asyncio.Task[None]] = []
        answer = self.responders.get(execution_id) or self._remote(job, sending)
        token = responder.set(answer)
        try:
            effects = Effects(self.ledger, job.execution or str(execution_id))
            if self.started is not None:
                attempt = max(attempt, await self.started(execution_id, job))
            flow = parse_flow(job.snapshot, source=f"execution {execution_id}")
            result = await run_flow(
                flow,
                credentials=self.credentials,
                settings=self.settings,
                items=[{"json": item} for item in job.items],
                start=job.start,
                effects=effects,
            )
        except Exception as exc:  # any failure is reported; only KflowErrors are expected
            text = str(exc) if isinstance(exc, KflowError) else f"internal error: {exc!r}"
            return {
                "started": started,
                "finished": _now(),
                "attempt": attempt,
                "error": self.credentials.redactor.text(text),
                "items_out": 0,
                "last": None,
                "outputs": None,
            }
        finally:
            responder.reset(token)
            await asyncio.gather(*sending, return_exceptions=True)
        failed = sum(1 for item in result.items if is_failure(item))
        outputs = None
        if self.keep_outputs:
            outputs = {
                name: [[item["json"] for item in out] for out in outs]
                for name, outs in result.outputs.items()
            }
        return {
            "started": started,
            "finished": _now(),
            "attempt": attempt,
            "error": _failures(failed, effects.reviews),
            "items_out": len(result.items),
            "last": [item["json"] for item in result.items],
            "outputs": outputs,
        }

    def _remote(
        self, job: Job, sending: list[asyncio.Task[None]]
    ) -> Callable[[Response], bool] | None:
        """The answerer of a job whose webhook waits in serve: pushes the answer back."""
        if not job.reply_to or self.replies is None:
            return None
        replies = self.replies

        def answer(response: Response) -> bool:
            if sending:
                return False
            sending.append(asyncio.create_task(replies.send(job.reply_to, response)))
            return True

        return answer


def register(broker: AsyncBroker, runner: JobRunner) -> AsyncTaskiqDecoratedTask[Any, Any]:
    """Registers the execution task on `broker`, run by `runner`."""

    async def execution(execution_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        return await runner(execution_id, payload)

    async def heartbeat() -> None:
        return None

    broker.register_task(heartbeat, task_name=HEARTBEAT)
    return broker.register_task(execution, task_name=TASK_NAME)


def _failures(failed: int, reviews: list[str]) -> str | None:
    if reviews:
        return f"{failed} item(s) failed; needs review: {', '.join(reviews)}"
    return f"{failed} item(s) failed" if failed else None


def job_payload(job: Job) -> dict[str, Any]:
    """The job as the task's argument (not deep-copied: the broker serialises it)."""
    return {f.name: getattr(job, f.name) for f in fields(job)}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
