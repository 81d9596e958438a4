"""What serve does with an execution's result: records it (serve is the database's only
writer), stores a run put to wait, and answers the webhook request that waits on it."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal

from taskiq import TaskiqResult

from kflow.host.serve.execution_log import log_finished
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.job_results import JobResult
from kflow.host.triggers import Response
from kflow.host.waits import Suspension

__all__ = ["Waiting", "answer_waiting", "read_answer", "record_result", "suspend"]

LOG = logging.getLogger("kflow.serve")

Waiting = Literal["finished", "node"]
"""What a request waits for: the execution's end, or a node's answer (Respond to Webhook)."""


def read_answer(answer: TaskiqResult[Any]) -> JobResult:
    """The result in what the broker's result backend gave; a task that failed, or a
    result that does not read, is a failed execution with that cause."""
    if answer.is_err:
        return JobResult.failed(f"the execution's task failed: {answer.error!r}")
    try:
        return JobResult.from_json(answer.return_value)
    except ValueError as exc:
        return JobResult.failed(f"the execution's result could not be read: {exc}")


def record_result(store: ExecutionStore, execution_id: int, result: JobResult) -> None:
    """Records how an execution ended and logs its line."""
    flow = store.finish(
        execution_id,
        error=result.error,
        items_out=result.items_out,
        outputs=None if result.outputs is None else [result.outputs],
        started=result.started,
        attempt=result.attempt,
        run_data=result.run_data,
        error_detail=result.failure,
        failed_at=result.failed_at,
    )
    log_finished(execution_id, flow or "?", result)


def suspend(
    store: ExecutionStore,
    execution_id: int,
    waiting: dict[str, Any],
    done: asyncio.Future[Any] | None,
) -> None:
    """Stores an execution put to wait; a request waiting on it is told so (202)."""
    try:
        until = Suspension.from_json(waiting).until
    except ValueError as exc:
        store.fail(execution_id, f"the execution's wait could not be read: {exc}")
        return
    store.suspend(execution_id, waiting, until)
    LOG.info("execution %s waits until %s", execution_id, until or "its resume URL is called")
    if done is not None and not done.done():
        done.set_result(Response(202, body={"message": "The execution waits; it goes on later"}))


def answer_waiting(kind: Waiting | None, done: asyncio.Future[Any], result: JobResult) -> None:
    """Answers the request that waits on the execution, now that it ended: with the last
    node's items (or the error), or, when it waited for a node's answer that never came,
    with an error answer."""
    if done.done():
        return
    if kind == "node":
        done.set_result(
            Response(
                500,
                body={
                    "code": 500,
                    "message": "The flow ended without "
                    "answering the request (no Respond to Webhook ran)",
                },
            )
        )
    elif result.last is None:
        done.set_exception(RuntimeError(result.error))
    else:
        done.set_result(result.last)
