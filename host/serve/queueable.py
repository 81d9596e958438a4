"""What the queue refuses: a job it could not carry, or a broker that did not take it."""

from __future__ import annotations

import json

from kflow.host.serve.executions import Job
from kflow.host.serve.limits import shape_problem

__all__ = ["QueueUnavailable", "UnqueueableJob", "check_queueable"]


class QueueUnavailable(Exception):
    """The broker could not take the execution; nothing of it was kept."""


class UnqueueableJob(ValueError):
    """An execution's job that can never be queued (too deep, too big, not JSON)."""


def check_queueable(job: Job) -> None:
    """Refuses a job that the queue could not carry or the store could not keep.

    Raises:
        UnqueueableJob: Its items are too deep or too big, or not JSON.
    """
    problem = shape_problem(job.items)
    if problem is not None:
        raise UnqueueableJob(f"the input cannot be queued: {problem}")
    try:
        json.dumps(job.items, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError) as exc:
        raise UnqueueableJob(f"the input cannot be queued: {exc}") from None
