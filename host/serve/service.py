"""The serving loop: executions recorded, queued on taskiq, and their results collected.

Every execution is written to the database (queued, with a snapshot of its flow and its
input) before it is queued; a webhook is answered only after that. Queued and interrupted
executions run again when the server starts. Schedules fire in `firing.py`; results are
recorded in `outcomes.py`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from taskiq import AsyncBroker, AsyncTaskiqTask, InMemoryBroker

from kflow.host.credentials import Credentials
from kflow.host.effects import EffectLedger
from kflow.host.serve.clock import Clock
from kflow.host.serve.database_thread import DatabaseThread
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.firing import Schedules, Upcoming
from kflow.host.serve.job_results import JobResult
from kflow.host.serve.jobs import JobRunner, job_payload, register
from kflow.host.serve.ledgers import SqliteLedger
from kflow.host.serve.outcomes import (
    Waiting,
    answer_waiting,
    read_answer,
    record_result,
    suspend,
)
from kflow.host.serve.queueable import QueueUnavailable, UnqueueableJob, check_queueable
from kflow.host.serve.replies import RedisReplies
from kflow.host.serve.run_data import DEFAULT_MAX_STORED_BYTES
from kflow.host.serve.served_flows import (
    ServedFlow,
    Trigger,
    flows_by_id_and_name,
    load_served_flows,
)
from kflow.host.serve.shared_fires import RedisFires
from kflow.host.serve.stream_queue import NoticedResults, StreamTasks, StreamTrimmer, keep_alive
from kflow.host.settings import RunSettings
from kflow.host.triggers import Response

__all__ = [
    "Clock",
    "QueueUnavailable",
    "ServedFlow",
    "Server",
    "Trigger",
    "UnqueueableJob",
    "Upcoming",
    "load_served_flows",
    "record_result",
]

LOG = logging.getLogger("kflow.serve")

T = TypeVar("T")

REQUEUE_SECONDS = 5.0
WAIT_POLL_SECONDS = 1.0
"""How often executions recorded but not yet in the queue (the broker was away) are sent."""


class Server:
    """Fires schedules and runs executions; `app.py` adds the HTTP side.

    Args:
        flows: The served flows.
        store: The executions database.
        credentials: Credentials for the flows' nodes.
        settings: Run settings (concurrency, time zone…).
        broker: The taskiq broker; in-process by default.
        clock: Time, for the schedules.
        keep_outputs: Whether to record every node's outputs with the execution.
        ledger: The effect ledger of the executions this process runs (default: the
            executions database's).
        replies: Where workers send Respond to Webhook answers (with a Redis broker).
        fires: Fire locks shared with other serves (with a Redis broker).
        results: Where workers announce finished executions (with a Redis broker; without
            it, serve polls the result backend for each execution).
        trimmer: Drops acknowledged entries from the Redis stream, once a minute.
        stream: Tells which tasks are in the Redis stream, so that a restart does not
            queue them again.
        max_stored_bytes: How much of a failed run's node items, and of the run to retry
            it from, each execution keeps.
    """

    def __init__(
        self,
        flows: list[ServedFlow],
        store: ExecutionStore,
        credentials: Credentials,
        settings: RunSettings,
        *,
        broker: AsyncBroker | None = None,
        clock: Clock | None = None,
        keep_outputs: bool = False,
        ledger: EffectLedger | None = None,
        replies: RedisReplies | None = None,
        fires: RedisFires | None = None,
        results: NoticedResults | None = None,
        trimmer: StreamTrimmer | None = None,
        stream: StreamTasks | None = None,
        max_stored_bytes: int = DEFAULT_MAX_STORED_BYTES,
    ) -> None:
        self.flows = {f.name: f for f in flows}
        self.store = store
        self.credentials = credentials
        self.settings = settings
        self.clock = clock or Clock()
        self.local = broker is None or isinstance(broker, InMemoryBroker)
        self.broker = broker or InMemoryBroker(max_async_tasks=settings.concurrency)
        self.runner = JobRunner(
            credentials, settings, keep_outputs, ledger or SqliteLedger(store.conn, store.lock)
        )
        self.runner.flows = flows_by_id_and_name(flows)
        self.runner.max_stored_bytes = max_stored_bytes
        if self.local:
            self.runner.started = self._started
        self.replies = replies
        self.fires = fires
        self.results = results
        self.trimmer = trimmer
        self.stream = stream
        self._task = register(self.broker, self.runner)
        self._done: dict[int, tuple[Waiting, asyncio.Future[Any]]] = {}
        self._collectors: set[asyncio.Task[None]] = set()
        self._beat: asyncio.Task[None] | None = None
        self._requeue: asyncio.Task[None] | None = None
        self._waits: asyncio.Task[None] | None = None
        self._running: set[int] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._database = DatabaseThread(store)
        self.accepting = True
        self.schedules = Schedules(
            store, self.clock, settings.timezone, self.clock.now(), self.enqueue, fires
        )

    @property
    def started(self) -> datetime:
        """When serve started: the first anchor of a schedule rule never fired."""
        return self.schedules.started

    @started.setter
    def started(self, moment: datetime) -> None:
        self.schedules.started = moment

    async def start(self) -> None:
        """Starts the broker, picks up what was left unfinished, and starts the schedules.

        An unfinished execution still in the Redis stream (or whose result is waiting) is
        watched, not queued again; the others are queued. One that can never be queued is
        recorded as failed, with its cause, and serve starts all the same.
        """
        await self.broker.startup()
        in_stream = await self.stream.task_ids() if self.stream is not None else set()
        # Webhooks are heard before this runs. Read on the database thread, after the writes
        # asked before, an execution a call is submitting now is already counted as running:
        # it is that call's to queue and collect, not ours to queue or watch again.
        for execution_id, task_id in await self._write(self.store.unfinished):
            if execution_id in self._running:
                continue
            if not self.local and task_id is not None:
                kicked = AsyncTaskiqTask(task_id, self.broker.result_backend)
                if task_id in in_stream or await kicked.is_ready():
                    LOG.info("execution %s is still queued; waiting for it", execution_id)
                    self._watch(execution_id, kicked)
                    continue
            LOG.info("execution %s was not finished; running it again", execution_id)
            try:
                await self.enqueue(execution_id)
            except QueueUnavailable:
                LOG.warning("execution %s could not be queued; trying again", execution_id)
        self.schedules.start(self.flows.values())
        self._requeue = asyncio.create_task(self._requeue_loop())
        self._waits = asyncio.create_task(self._wait_loop())
        if not self.local:
            self._beat = asyncio.create_task(keep_alive(self.broker, self.trimmer))

    async def _requeue_loop(self) -> None:
        """Queues executions that were recorded while the broker was away (schedule fires),
        once it is back."""
        while True:
            await asyncio.sleep(REQUEUE_SECONDS)
            # Read on the database thread, after the writes asked before: an execution
            # being submitted is counted as running by the time this list is seen.
            for execution_id, task_id in await self._write(self.store.unfinished):
                if task_id is not None or execution_id in self._running:
                    continue
                try:
                    await self.enqueue(execution_id)
                except QueueUnavailable:
                    break  # still away; the next round tries again
                except Exception:  # a busy database must not end the loop
                    LOG.exception("execution %s could not be queued", execution_id)

    async def _started(self, execution_id: int, job: Job) -> int:
        return await self._write(self.store.start, execution_id)

    def _write_soon(self, write: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Runs `write(*args)` (an executions database call) on serve's database thread,
        in the order asked, so that the event loop never waits for the disk. SQLite's
        durability stays as it is: each write is on disk when its future resolves (writes
        asked together share one commit, database_thread.py)."""
        return self._database.call(functools.partial(write, *args))

    async def _write(self, write: Callable[..., T], *args: Any) -> T:
        return await self._write_soon(write, *args)

    def _start_noticed(self, execution_id: int) -> None:
        """Marks an execution running when a worker says it started it."""

        def done(future: asyncio.Future[int]) -> None:
            if not future.cancelled() and future.exception() is not None:
                LOG.warning("execution %s: its start was not recorded", execution_id)

        self._write_soon(self.store.start, execution_id).add_done_callback(done)

    async def reload(self, flows: list[ServedFlow]) -> None:
        """Serves `flows` from now on (SIGHUP); running executions go on with their snapshot."""
        await self.schedules.stop()
        self.flows = {f.name: f for f in flows}
        self.runner.flows = flows_by_id_and_name(flows)
        self.schedules.start(self.flows.values())

    async def stop(self, grace: float = 30.0) -> None:
        """Drains: no new executions, running ones get `grace` seconds to finish. What does
        not finish stays recorded as running or queued, and runs again after a restart."""
        self.accepting = False
        await self.schedules.stop()
        for loop_task in (self._beat, self._requeue, self._waits):
            if loop_task is not None:
                loop_task.cancel()
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            self.runner.cancel_all()
            LOG.warning(
                "executions %s did not finish in time; they run again on restart",
                sorted(self._running),
            )
        # Past the grace period, or with nothing left running, a collector still waiting
        # would wait for good: it is stopped, and the request waiting on it answered.
        for collector in self._collectors:
            collector.cancel()
        await asyncio.gather(*self._collectors, return_exceptions=True)
        for _, done in self._done.values():
            _stopped(done)
        self._done.clear()
        await self.broker.shutdown()
        self.runner.close()
        self._database.shutdown()  # what was written is on disk before the store closes

    async def _wait_loop(self) -> None:
        """Resumes the executions put to wait whose time has come (those stored before a
        restart too)."""
        while True:
            for execution_id in await self._write(self.store.due_waits, self.clock.now()):
                if execution_id not in self._running:
                    await self.resume(execution_id)
            await asyncio.sleep(WAIT_POLL_SECONDS)

    async def resume(
        self,
        execution_id: int,
        items: list[dict[str, Any]] | None = None,
        *,
        wait: Waiting | None = None,
    ) -> tuple[bool, Awaitable[Any] | None]:
        """Queues a waiting execution again, with the items of the call that resumed it.

        Returns:
            False when it no longer waits; and, when waiting, what resolves when the
            execution ends or a node answers (as `submit` gives). If the broker is away,
            the requeue loop sends the execution later.
        """
        if not self.store.resume(execution_id, items):
            return False, None
        LOG.info("execution %s resumes", execution_id)
        done = None
        if wait is not None:
            done = asyncio.get_running_loop().create_future()
            self._done[execution_id] = (wait, done)
        try:
            await self.enqueue(execution_id)
        except QueueUnavailable:
            LOG.warning("execution %s could not be queued; trying again", execution_id)
        return True, done

    def upcoming(self) -> list[Upcoming]:
        """Each schedule rule's next fire from now (see Schedules.upcoming)."""
        return self.schedules.upcoming(self.flows.values())

    def request_triggers(self) -> list[Trigger]:
        """The served flows' webhooks and other request triggers."""
        return [t for f in self.flows.values() for t in f.triggers if t.kind == "request"]

    async def submit(
        self,
        trigger: Trigger,
        items: list[dict[str, Any]],
        *,
        wait: Waiting | None = None,
    ) -> tuple[int, Awaitable[Any] | None]:
        """Records an execution of `trigger`'s flow with `items`, then queues it.

        Returns:
            The execution's id and, when waiting, what resolves when the execution ends
            (`finished`: the last node's items, or it raises) or when a node answers
            (`node`: a Response; an error answer if the flow ends without one).

        Raises:
            UnqueueableJob: The items can never be queued; nothing was recorded.
            QueueUnavailable: The broker did not take the job; nothing was kept.
        """
        flow = self.flows[trigger.flow]
        job = Job(trigger.flow, f"request:{trigger.node}", flow.data, trigger.node, items)
        check_queueable(job)
        execution_id = await self._write(
            functools.partial(self.store.create, flow_file=flow.file), job
        )
        done = None
        if wait is not None:
            done = asyncio.get_running_loop().create_future()
            self._done[execution_id] = (wait, done)
        try:
            await self.enqueue(execution_id, checked=True)
        except QueueUnavailable:
            self.store.discard(execution_id)
            raise
        return execution_id, done

    async def enqueue(self, execution_id: int, *, checked: bool = False) -> None:
        """Sends the execution's job to the queue, and collects its result when it ends.

        An execution whose recorded job cannot be read or queued is recorded as failed
        (`checked`: its items were checked before it was recorded).

        Raises:
            QueueUnavailable: The broker did not take it (the execution stays unqueued).
        """
        # Counted as running before the database is read, so that the requeue loop does
        # not queue it too meanwhile.
        ours = execution_id not in self._running
        self._running.add(execution_id)
        self._idle.clear()
        try:
            job = await self._write(self.store.job_of, execution_id)
            if job is not None and not checked:
                check_queueable(job)
        except (ValueError, UnqueueableJob) as exc:
            LOG.warning("execution %s cannot run: %s", execution_id, exc)
            self.store.fail(execution_id, f"the execution cannot run: {exc}")
            self._done.pop(execution_id, None)
            job = None
        if job is None:
            if ours:
                self._forget(execution_id)
            return
        kind, done = self._done.get(execution_id, (None, None))
        waiter = None
        if kind == "node" and done is not None:
            if self.local or self.replies is None:
                self.runner.responders[execution_id] = _answerer(done)
            else:
                job = replace(job, reply_to=self.replies.name(job.execution))
                waiter = asyncio.create_task(self._reply(job.reply_to, done))
        self._running.add(execution_id)
        self._idle.clear()
        try:
            kicked = await self._task.kiq(execution_id, job_payload(job))
        except Exception as exc:  # redis-py's errors are not OSErrors
            if waiter is not None:
                waiter.cancel()
            self.runner.responders.pop(execution_id, None)
            self._done.pop(execution_id, None)
            self._forget(execution_id)
            raise QueueUnavailable(f"the queue did not take the execution: {exc}") from None
        await self._write(self.store.queued, execution_id, kicked.task_id)
        self._watch(execution_id, kicked, waiter)

    def _watch(
        self,
        execution_id: int,
        kicked: AsyncTaskiqTask[Any],
        waiter: asyncio.Task[None] | None = None,
    ) -> None:
        self._running.add(execution_id)
        self._idle.clear()
        collector = asyncio.create_task(self._collect(execution_id, kicked, waiter))
        self._collectors.add(collector)
        collector.add_done_callback(self._collectors.discard)

    def _forget(self, execution_id: int) -> None:
        self._running.discard(execution_id)
        if not self._running:
            self._idle.set()

    async def _reply(self, name: str, done: asyncio.Future[Any]) -> None:
        """Answers the waiting request with what a worker's Respond to Webhook sent."""
        assert self.replies is not None
        response = await self.replies.wait(name)
        if not done.done():
            done.set_result(response)

    async def _collect(
        self,
        execution_id: int,
        kicked: AsyncTaskiqTask[Any],
        waiter: asyncio.Task[None] | None = None,
    ) -> None:
        """Waits for the execution's result and records it (serve is the only writer).

        A result that cannot be read (a crafted or damaged queue entry) fails the execution
        with that cause; nothing else happens.
        """
        kind, done = self._done.pop(execution_id, (None, None))
        try:
            try:
                if self.results is not None:
                    answer = await self.results.watch(
                        kicked, on_start=lambda: self._start_noticed(execution_id)
                    )
                else:
                    answer = await kicked.wait_result(check_interval=0.02 if self.local else 0.1)
                result = read_answer(answer)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a result that does not parse is the only way here
                result = JobResult.failed(f"the execution's result could not be read: {exc}")
            if result.waiting:
                suspend(self.store, execution_id, result.waiting, done)
                return
            await self._write(record_result, self.store, execution_id, result)
            if waiter is not None:
                # The worker sent its answer before its result: give it a moment to land.
                await asyncio.wait({waiter}, timeout=2.0)
        except asyncio.CancelledError:  # serve stops: the request waiting is answered
            if done is not None:
                _stopped(done)
            raise
        finally:
            if waiter is not None:
                waiter.cancel()
            self.runner.responders.pop(execution_id, None)
            self._forget(execution_id)
        if done is not None:
            answer_waiting(kind, done, result)


def _stopped(done: asyncio.Future[Any]) -> None:
    """Answers a request whose execution serve stopped waiting for (it runs again on
    restart)."""
    if not done.done():
        done.set_result(
            Response(
                503,
                body={
                    "code": 503,
                    "message": "kflow serve stopped before the execution ended; "
                    "it runs again when serve starts",
                },
            )
        )


def _answerer(done: asyncio.Future[Any] | None) -> Callable[[Response], bool]:
    """What a Respond to Webhook node calls: answers the waiting request once."""

    def answer(response: Response) -> bool:
        if done is None or done.done():
            return False
        done.set_result(response)
        return True

    return answer
