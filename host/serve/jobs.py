"""Running one execution's job, wherever the queue delivers it: in serve, or in a worker.

A job carries everything the run needs (a snapshot of the flow, its start node, its input,
the attempt); the result goes back through the broker's result backend, and serve alone
writes it to the database. Both travel as JSON and are checked when read, so a crafted
queue entry can at most fail its own execution.

The run itself happens on a thread of its own, with an event loop of its own: expressions,
node code and their HTTP calls never hold up the loop that answers webhooks, `/healthz` and
the queue. What the run needs from that loop (the effect ledger, the run counter, a waiting
webhook) is reached through `Home`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask

from kflow.host.credentials import Credentials
from kflow.host.dedupe import RedisDedupe
from kflow.host.effects import Effect, EffectLedger, Effects, MemoryLedger
from kflow.host.engine import run_flow
from kflow.host.errors import KflowError, NodeError
from kflow.host.expressions import Evaluator
from kflow.host.expressions.engine_pool import EnginePool, shared_pool
from kflow.host.flow import Flow, parse_flow
from kflow.host.items import is_failure
from kflow.host.redaction import Redactor
from kflow.host.serve.execution_log import log_finished
from kflow.host.serve.executions import Job
from kflow.host.serve.job_results import JobResult, now_text
from kflow.host.serve.replies import RedisReplies
from kflow.host.serve.run_data import DEFAULT_MAX_STORED_BYTES, bounded_point, node_runs
from kflow.host.serve.stream_queue import register_heartbeat
from kflow.host.settings import RunSettings
from kflow.host.subflows import Subflows, run_error_workflow
from kflow.host.triggers import Response, responder
from kflow.host.waits import Suspension

LOG = logging.getLogger("kflow.serve")

RESUME_PREFIX = "/webhook-waiting"
"""Where a waiting execution's resume URL lives (n8n's path)."""
RESUME_SIGNATURE = "signature"
"""The query parameter of the resume URL that carries the execution's token (n8n's)."""

__all__ = [
    "RESUME_PREFIX",
    "RESUME_SIGNATURE",
    "TASK_NAME",
    "JobRunner",
    "error_detail",
    "job_payload",
    "read_job",
    "register",
]

TASK_NAME = "kflow.execution"

T = TypeVar("T")

RunStart = Callable[[int, Job], Coroutine[Any, Any, int]]
"""Marks an execution's run as started and returns which run it is (1, 2…): serve's
database in-process, the Redis ledger in a worker."""

_JOB_TYPES: dict[str, type | tuple[type, ...]] = {
    "flow": str,
    "trigger": str,
    "snapshot": dict,
    "start": str,
    "items": list,
    "execution": str,
    "attempt": int,
    "reply_to": str,
    "resume": dict,
    "resume_items": list,
    "resume_token": str,
}


def read_job(payload: object) -> Job:
    """The job a queue message carries.

    Raises:
        ValueError: The payload is not a job (a missing, unknown or mistyped field).
    """
    if not isinstance(payload, dict):
        raise ValueError("the queued job is not an object")
    unknown = sorted(set(payload) - set(_JOB_TYPES))
    if unknown:
        raise ValueError(f"the queued job has an unknown field {unknown[0]!r}")
    for name in ("flow", "trigger", "snapshot", "start", "items"):
        if name not in payload:
            raise ValueError(f"the queued job has no {name!r}")
    for name, value in payload.items():
        wanted = _JOB_TYPES[name]
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise ValueError(f"the queued job's {name!r} is not of the right type")
    if not all(isinstance(item, dict) for item in payload["items"]):
        raise ValueError("the queued job's items are not objects")
    return Job(**payload)


class Home:
    """The event loop that owns serve's (or a worker's) connections, as seen from a job's
    thread: coroutines and calls are handed to it and their results awaited."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Runs `work` on the home loop and waits for it from the calling loop."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self.loop))

    def call(self, function: Callable[..., Any], *args: Any) -> None:
        """Calls `function(*args)` on the home loop, soon."""
        self.loop.call_soon_threadsafe(function, *args)


@dataclass
class _HomeLedger:
    """An effect ledger whose calls run on the home loop (where its connections live)."""

    ledger: EffectLedger
    home: Home

    async def get(self, execution: str, key: str) -> Effect | None:
        return await self.home.run(self.ledger.get(execution, key))

    async def claim(self, execution: str, key: str, intent: Effect) -> Effect | None:
        return await self.home.run(self.ledger.claim(execution, key, intent))

    async def put(self, execution: str, key: str, effect: Effect | None) -> None:
        await self.home.run(self.ledger.put(execution, key, effect))


class _Running:
    """A job running on its thread: its loop and task, so that it can be cancelled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._cancelled = False

    def attach(self, loop: asyncio.AbstractEventLoop, task: asyncio.Task[Any]) -> None:
        with self._lock:
            self._loop, self._task = loop, task
            if self._cancelled:
                task.cancel()

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._loop is not None and self._task is not None and not self._loop.is_closed():
                self._loop.call_soon_threadsafe(self._task.cancel)


@dataclass
class JobRunner:
    """Runs jobs with this process's credentials and settings, each on a thread of its own;
    requests that are not idempotent go through `ledger`, so that a job delivered again does
    not repeat them. `started` counts the runs (without it, the job's attempt is taken as it
    is). Nodes remember values across executions in Redis at `dedupe_url` (workers), else
    in the settings' state folder. Execute Workflow nodes find sub-workflows among `flows`
    (serve's flows by id and name), else as flow files in the files folder; a failed run
    runs its flow's error workflow (settings.errorWorkflow) the same way.

    A failed run's result keeps every node's items (at most `max_stored_bytes` of them),
    the error's details, and the run as it stood when its node failed (to retry from
    there). `log_results` logs a line per execution (workers; serve logs what it records).

    Expressions and Code nodes run on warm engines from `engines` (by default the
    process's pool, keeping one idle engine per job thread), each lent to one execution
    at a time and reset when given back.
    """

    credentials: Credentials
    settings: RunSettings
    keep_outputs: bool = False
    ledger: EffectLedger = field(default_factory=MemoryLedger)
    replies: RedisReplies | None = None
    started: RunStart | None = None
    dedupe_url: str | None = None
    responders: dict[int, Callable[[Response], bool]] = field(default_factory=dict)
    flows: Mapping[str, Flow] | None = None
    max_stored_bytes: int = DEFAULT_MAX_STORED_BYTES
    log_results: bool = False
    engines: EnginePool | None = None
    _pool: concurrent.futures.ThreadPoolExecutor | None = field(default=None, repr=False)
    _running: set[_Running] = field(default_factory=set, repr=False)
    _loops: threading.local = field(default_factory=threading.local, repr=False)
    _all_loops: list[asyncio.AbstractEventLoop] = field(default_factory=list, repr=False)
    _loops_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    async def __call__(self, execution_id: int, payload: object) -> JobResult:
        """How the job's run ended (every node's outputs too, when asked)."""
        try:
            job = read_job(payload)
        except ValueError as exc:
            return JobResult.failed(f"the execution cannot run: {exc}")
        home = Home(asyncio.get_running_loop())
        if self._pool is None:
            self._pool = concurrent.futures.ThreadPoolExecutor(
                max_workers=max(1, self.settings.concurrency), thread_name_prefix="kflow-job"
            )
            if self.engines is None:
                self.engines = shared_pool(max(1, self.settings.concurrency))
        running = _Running()
        self._running.add(running)
        try:
            done = home.loop.run_in_executor(
                self._pool, self._run_on_thread, execution_id, job, home, running
            )
            result: JobResult = await asyncio.shield(done)
            if self.log_results:
                log_finished(execution_id, job.flow, result)
            return result
        except asyncio.CancelledError:
            running.cancel()
            raise
        finally:
            self._running.discard(running)

    def cancel_all(self) -> None:
        """Cancels every job running now (serve stopping after its grace period)."""
        for running in list(self._running):
            running.cancel()

    def close(self) -> None:
        """Cancels what runs and lets the threads go."""
        self.cancel_all()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        with self._loops_lock:
            loops, self._all_loops = self._all_loops, []
        for loop in loops:
            if not loop.is_running():  # one still running is closed when its thread ends
                loop.close()

    def _run_on_thread(
        self, execution_id: int, job: Job, home: Home, running: _Running
    ) -> JobResult:
        loop = self._thread_loop()
        try:
            task = loop.create_task(self._run(execution_id, job, home))
            running.attach(loop, task)
            return loop.run_until_complete(task)
        finally:
            _tidy(loop)

    def _thread_loop(self) -> asyncio.AbstractEventLoop:
        """This job thread's event loop, made on its first job and kept for the next ones
        (closed with the runner)."""
        loop: asyncio.AbstractEventLoop | None = getattr(self._loops, "loop", None)
        if loop is None or loop.is_closed():
            loop = asyncio.new_event_loop()
            self._loops.loop = loop
            with self._loops_lock:
                self._all_loops.append(loop)
        return loop

    async def _run(self, execution_id: int, job: Job, home: Home) -> JobResult:
        started = now_text()
        attempt = job.attempt
        sending: list[asyncio.Task[None]] = []
        answer = self._answerer(execution_id, job, home, sending)
        token = responder.set(answer)
        failed_at: list[Suspension] = []
        evaluator = Evaluator(allow_env=self.settings.allow_env, pool=self.engines)
        try:
            effects = Effects(_HomeLedger(self.ledger, home), job.execution or str(execution_id))
            count_run = self.started
            if count_run is not None:
                attempt = max(attempt, await home.run(count_run(execution_id, job)))
            flow = parse_flow(job.snapshot, source=f"execution {execution_id}")
            resume = Suspension.from_json(job.resume) if job.resume else None
            history = RedisDedupe.from_url(self.dedupe_url) if self.dedupe_url else None
            subflows = Subflows(
                self.settings.files_dir or Path.cwd(), self.credentials, self.settings, self.flows
            )
            try:
                result = await run_flow(
                    flow,
                    credentials=self.credentials,
                    settings=self.settings,
                    items=[{"json": item} for item in job.items],
                    start=job.start,
                    effects=effects,
                    dedupe=history,
                    suspendable=True,
                    execution=_execution_variable(execution_id, job, self.settings),
                    resume=resume,
                    resume_items=[{"json": item} for item in job.resume_items] or None,
                    subflows=subflows,
                    on_failure=failed_at.append,
                    evaluator=evaluator,
                )
            except KflowError as exc:
                await self._error_workflow(flow, exc, subflows, execution_id)
                raise
            finally:
                if history is not None:
                    await history.close()
        except Exception as exc:  # any failure is reported; only KflowErrors are expected
            text = str(exc) if isinstance(exc, KflowError) else f"internal error: {exc!r}"
            failed = JobResult.failed(
                self.credentials.redactor.text(text), started=started, attempt=attempt
            )
            point = failed_at[0] if failed_at else None
            failure = error_detail(exc, point, self.credentials.redactor)
            if point is None:
                return replace(failed, failure=failure)
            return replace(
                failed,
                failure=failure,
                run_data=self._kept_run(point.state["executed"], point.state["runs"]),
                failed_at=bounded_point(
                    point.to_json(),
                    redactor=self.credentials.redactor,
                    max_bytes=self.max_stored_bytes,
                ),
            )
        finally:
            evaluator.release()
            responder.reset(token)
            await asyncio.gather(*sending, return_exceptions=True)
        failed = sum(1 for item in result.items if is_failure(item))
        outputs = None
        if self.keep_outputs:
            outputs = {
                name: [[item["json"] for item in out] for out in outs]
                for name, outs in result.outputs.items()
            }
        redact = self.credentials.redactor.deep
        error = _failures(failed, effects.reviews)
        return JobResult(
            started=started,
            finished=now_text(),
            attempt=attempt,
            error=error,
            items_out=len(result.items),
            last=redact([item["json"] for item in result.items]),
            outputs=None if outputs is None else redact(outputs),
            waiting=None if result.waiting is None else result.waiting.to_json(),
            run_data=self._kept_run(result.executed, result.runs) if error else None,
        )

    def _kept_run(self, executed: Any, runs: Any) -> dict[str, Any]:
        """A failed run's node items as the execution keeps them (run_data.py)."""
        return node_runs(
            executed,
            runs,
            redactor=self.credentials.redactor,
            max_bytes=self.max_stored_bytes,
        )

    async def _error_workflow(
        self, flow: Flow, error: KflowError, subflows: Subflows, execution_id: int
    ) -> None:
        """Runs the failed flow's error workflow, if it names one; its own failure is
        logged, never put in place of the run's error."""
        try:
            await run_error_workflow(
                flow, error, subflows, execution_id=str(execution_id), mode="trigger"
            )
        except Exception as exc:  # the run's own error is what the execution records
            text = self.credentials.redactor.text(str(exc))
            LOG.warning("execution %s: its error workflow failed: %s", execution_id, text)

    def _answerer(
        self, execution_id: int, job: Job, home: Home, sending: list[asyncio.Task[None]]
    ) -> Callable[[Response], bool] | None:
        """What a Respond to Webhook node calls to answer the request that waits in serve:
        here (in-process) on the home loop, or pushed back through Redis from a worker."""
        local = self.responders.get(execution_id)
        redact = self.credentials.redactor

        def safe(response: Response) -> Response:
            return Response(
                response.status,
                {k: redact.text(v) for k, v in response.headers.items()},
                redact.deep(response.body),
                None if response.text is None else redact.text(response.text),
            )

        if local is not None:

            def answer_here(response: Response) -> bool:
                home.call(local, safe(response))
                return True

            return answer_here
        if not job.reply_to or self.replies is None:
            return None
        replies = self.replies

        def answer_back(response: Response) -> bool:
            if sending:
                return False
            work = home.run(replies.send(job.reply_to, safe(response)))
            sending.append(asyncio.ensure_future(work))
            return True

        return answer_back


def _tidy(loop: asyncio.AbstractEventLoop) -> None:
    """Ends what a run left on its thread's loop, so that the next run starts clean."""
    left = asyncio.all_tasks(loop)
    for task in left:
        task.cancel()
    if left:
        loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())


def register(broker: AsyncBroker, runner: JobRunner) -> AsyncTaskiqDecoratedTask[Any, Any]:
    """Registers the execution task on `broker`, run by `runner` (and the queue's
    heartbeat)."""

    async def execution(execution_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        return (await runner(execution_id, payload)).to_json()

    register_heartbeat(broker)
    return broker.register_task(execution, task_name=TASK_NAME)


def error_detail(
    error: BaseException, point: Suspension | None, redactor: Redactor
) -> dict[str, Any]:
    """What is kept of a run's error: n8n's fields (node, message, description, itemIndex,
    httpCode…), secrets masked; the node is the one that failed when the error names none."""
    if isinstance(error, NodeError):
        detail = error.to_json()
    else:
        detail = {"message": str(error) if isinstance(error, KflowError) else repr(error)}
    if point is not None:
        detail.setdefault("node", point.node)
    masked: dict[str, Any] = redactor.deep(detail)
    return masked


def _failures(failed: int, reviews: list[str]) -> str | None:
    if reviews:
        return f"{failed} item(s) failed; needs review: {', '.join(reviews)}"
    return f"{failed} item(s) failed" if failed else None


def job_payload(job: Job) -> dict[str, Any]:
    """The job as the task's argument (not deep-copied: the broker serialises it)."""
    return {f.name: getattr(job, f.name) for f in fields(job)}


def _execution_variable(execution_id: int, job: Job, settings: RunSettings) -> dict[str, Any]:
    """`$execution` for the job's run: its id, mode, and the URL that resumes it."""
    mode = "production"
    base = (settings.public_url or "").rstrip("/")
    signature = f"?{RESUME_SIGNATURE}={job.resume_token}" if job.resume_token else ""
    return {
        "id": str(execution_id),
        "mode": mode,
        "resumeUrl": f"{base}{RESUME_PREFIX}/{execution_id}{signature}",
    }
