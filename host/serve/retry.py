"""`kflow executions retry`: a failed execution runs again as a new one, as n8n's "Retry".

From the start with the same input (the trigger's items as stored), or from the node that
failed (`from_failed`), with the outputs of the nodes that ran before it: the engine takes
up the run as it stood when the node failed (the point `run_flow(on_failure=…)` gave, kept
with the execution), as it takes up a run that waited. The flow is the one in the flow file
the execution came from, as it is now (n8n's "Retry with currently saved workflow"), or
with `original`, the flow as it ran (stored with the execution).

The retry is a new execution in the same database: `retryOf` names the one it retries, and
that one is marked `retrySuccessId` when the retry succeeds. From the failed node, it shares
the effect ledger of the execution it retries: the creates the failed node had done are
replayed, not sent again. It runs here, through the same
JobRunner as serve's executions; it is recorded with a task id of its own, so that a serve
on the same database does not queue it as well.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kflow.host.errors import ConfigError, KflowError
from kflow.host.serve.executions import ExecutionDetails, ExecutionStore, Job
from kflow.host.serve.jobs import JobRunner, job_payload
from kflow.host.serve.outcomes import record_result
from kflow.host.serve.served_flows import load_served_flows
from kflow.host.waits import Suspension

__all__ = ["RETRY_TASK", "Retry", "plan_retry", "run_retry"]

RETRY_TASK = "kflow-executions-retry"
"""The task id a retry is recorded with while it runs (it is in no queue)."""

_UNFINISHED = {
    "queued": "is still queued; it runs when serve takes it",
    "running": "is still running; wait for it to end",
    "waiting": "is waiting (a Wait node); it goes on by itself when its time or call comes",
}


@dataclass(frozen=True)
class Retry:
    """A retry, planned: the execution it retries, the job to run, the flow file, where it
    starts (None: from the trigger), and what the user should know (the flow changed…)."""

    original: int
    job: Job
    flow_file: str | None
    from_node: str | None
    notes: tuple[str, ...] = ()


def plan_retry(
    store: ExecutionStore, execution_id: int, *, from_failed: bool = False, original: bool = False
) -> Retry:
    """The retry of a failed execution.

    Raises:
        ConfigError: There is no such execution; it succeeded, was retried successfully or
            has not ended; its flow file is gone, does not load, or lost the trigger or the
            failed node; with `from_failed`, its run was not kept.
    """
    try:
        details = store.details(execution_id)
    except ValueError as exc:
        raise ConfigError(f"execution {execution_id} cannot be read back: {exc}") from None
    if details is None:
        raise ConfigError(f"there is no execution {execution_id} in {store.path}")
    head = details.execution
    if head.status in _UNFINISHED:
        raise ConfigError(f"execution {execution_id} {_UNFINISHED[head.status]}")
    if head.status == "success":
        raise ConfigError(f"execution {execution_id} succeeded; only failed executions are retried")
    if head.retry_success_id is not None:
        raise ConfigError(
            f"execution {execution_id} was retried successfully already, as execution "
            f"{head.retry_success_id}"
        )
    name, snapshot, notes = _flow_of(details, original=original)
    nodes = {node.get("name") for node in snapshot.get("nodes", []) if isinstance(node, dict)}
    where = "the flow as it ran" if original else f"the flow file {details.flow_file}"
    if details.start_node not in nodes:
        raise ConfigError(
            f"execution {execution_id} started at {details.start_node!r}, which is no longer "
            f"in {where}; give --original to retry with the flow as it ran"
        )
    resume: dict[str, Any] = {}
    from_node = None
    if from_failed:
        resume = _failure_point(details)
        from_node = str(resume["node"])
        if from_node not in nodes:
            raise ConfigError(
                f"execution {execution_id} failed at node {from_node!r}, which is no longer in "
                f"{where}; retry from the start (without --from-failed)"
            )
    job = Job(
        flow=name,
        trigger=head.trigger,
        snapshot=snapshot,
        start=details.start_node,
        items=details.input,
        resume=resume,
    )
    return Retry(execution_id, job, details.flow_file, from_node, tuple(notes))


async def run_retry(
    store: ExecutionStore, retry: Retry, runner: JobRunner
) -> tuple[int, dict[str, Any]]:
    """Records the retry as a new execution, runs it with `runner` (whose `started` should
    count its runs in `store`) and records how it ended; returns its id and result, as
    JSON (JobResult.to_json; a result that waits is stored as waiting, for serve to
    resume)."""
    ledger = None
    if retry.from_node is not None:
        # The failed node's items that were done are replayed from the ledger, not redone.
        shared = store.job_of(retry.original)
        ledger = shared.execution if shared is not None else None
    new_id = store.create(
        retry.job, flow_file=retry.flow_file, retry_of=retry.original, ledger=ledger
    )
    store.queued(new_id, RETRY_TASK)
    job = store.job_of(new_id)
    assert job is not None
    result = await runner(new_id, job_payload(job))
    if result.waiting:
        store.suspend(new_id, result.waiting, Suspension.from_json(result.waiting).until)
    else:
        record_result(store, new_id, result)
    return new_id, result.to_json()


def _flow_of(details: ExecutionDetails, *, original: bool) -> tuple[str, dict[str, Any], list[str]]:
    """The flow to run: its name, its data, and notes on where it came from."""
    execution_id = details.execution.id
    flow_name = details.execution.flow
    if original:
        return (
            flow_name,
            details.snapshot,
            [f"retrying with the flow as execution {execution_id} ran"],
        )
    if not details.flow_file:
        return (
            flow_name,
            details.snapshot,
            [
                f"execution {execution_id} records no flow file (it was recorded by an older "
                "kflow); retrying with the flow as it ran"
            ],
        )
    path = Path(details.flow_file)
    if not path.exists():
        raise ConfigError(
            f"the flow file of execution {execution_id}, {path}, is gone; give --original to "
            "retry with the flow as it ran (stored with the execution)"
        )
    try:
        (served,) = load_served_flows([path])
    except (KflowError, ValueError) as exc:
        raise ConfigError(
            f"the flow file of execution {execution_id} does not load now: {exc}; fix it, or "
            "give --original to retry with the flow as it ran"
        ) from None
    stored_id = details.snapshot.get("id")
    if served.name != flow_name and not (stored_id and served.flow.id == stored_id):
        raise ConfigError(
            f"the flow file {path} now holds flow {served.name!r}, not {flow_name!r} that "
            f"execution {execution_id} ran; give --original to retry with the flow as it ran"
        )
    data = json.loads(json.dumps(served.data, ensure_ascii=False, default=str))
    notes = []
    if data != details.snapshot:
        notes.append(
            f"the flow file {path} changed since execution {execution_id} ran; retrying with "
            "the file as it is now (--original: with the flow as it ran)"
        )
    return served.name, data, notes


def _failure_point(details: ExecutionDetails) -> dict[str, Any]:
    """The run as it stood when the execution's node failed, or why there is none.

    Raises:
        ConfigError: The run was not kept (too large, not a node's failure, older kflow).
    """
    execution_id = details.execution.id
    point = details.failed_at
    if point is not None:
        try:
            Suspension.from_json(point)
        except ValueError as exc:
            raise ConfigError(
                f"execution {execution_id}'s failed run cannot be read: {exc}"
            ) from None
        return point
    detail = details.error_detail or {}
    if detail.get("node"):
        reason = (
            f"its run was larger than the bound on what is kept (--max-stored-mb), so "
            f"it cannot go on from node {detail['node']!r}"
        )
    elif details.run_data is not None:
        reason = "its nodes ran to the end (items failed and the run went on)"
    elif detail:
        reason = "it failed before any node ran"
    else:
        reason = "it was recorded without its run (by an older kflow)"
    raise ConfigError(
        f"execution {execution_id} cannot be retried from the failed node: {reason}; "
        "retry it from the start (without --from-failed)"
    )
