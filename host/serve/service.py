"""The serving loop: flows loaded, schedules fired, executions queued on taskiq and run.

Every execution is written to the database (queued, with a snapshot of its flow and its
input) before it is queued; a webhook is answered only after that. Queued and interrupted
executions run again when the server starts.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from taskiq import AsyncBroker, AsyncTaskiqTask, InMemoryBroker

from kflow.host.credentials import Credentials
from kflow.host.effects import EffectLedger
from kflow.host.engine.graph import build_graph
from kflow.host.errors import ConfigError
from kflow.host.flow import Flow, parse_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.n8n_workflow import webhook_id
from kflow.host.node import traits_of
from kflow.host.registry import load_node
from kflow.host.serve.execution_log import log_finished
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.jobs import (
    HEARTBEAT,
    JobRunner,
    failed_result,
    job_payload,
    read_result,
    register,
)
from kflow.host.serve.ledgers import SqliteLedger
from kflow.host.serve.limits import shape_problem
from kflow.host.serve.replies import RedisReplies
from kflow.host.serve.results import NoticedResults
from kflow.host.serve.run_data import DEFAULT_MAX_STORED_BYTES
from kflow.host.serve.schedule import Rule, missed_since, next_fire, read_rules
from kflow.host.serve.shared_fires import RedisFires
from kflow.host.serve.stream_tasks import StreamTasks
from kflow.host.serve.stream_trim import StreamTrimmer
from kflow.host.settings import RunSettings
from kflow.host.triggers import RequestTriggerNode, Response, fire_item, route_pattern
from kflow.host.waits import Suspension

__all__ = [
    "Clock",
    "QueueUnavailable",
    "Server",
    "Trigger",
    "UnqueueableJob",
    "Upcoming",
    "load_served_flows",
    "record_result",
]

LOG = logging.getLogger("kflow.serve")

REPLAY_SETTING = "replayMissedFires"
"""The flow setting that opts in to replaying fires missed while serve was down."""

_TICK = timedelta(microseconds=1)

TRIM_EVERY = 60
"""Heartbeats (seconds) between two trims of the Redis stream."""

REQUEUE_SECONDS = 5.0
WAIT_POLL_SECONDS = 1.0
"""How often executions recorded but not yet in the queue (the broker was away) are sent."""


class QueueUnavailable(Exception):
    """The broker could not take the execution; nothing of it was kept."""


class UnqueueableJob(ValueError):
    """An execution's job that can never be queued (too deep, too big, not JSON)."""


class Clock:
    """Real time; tests give a fake one."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, moment: datetime) -> None:
        await asyncio.sleep(max(0.0, (moment - self.now()).total_seconds()))


@dataclass(frozen=True)
class Trigger:
    """A trigger node of a served flow, read once when the flow is loaded.

    Attributes:
        impl: The node (a RequestTriggerNode for request triggers).
        rules: A schedule's rules.
        method: A request trigger's HTTP method.
        path: A request trigger's path after /webhook/. As in n8n, a path with `:name`
            parts is served under the node's webhookId: `<webhookId>/<path>` (derived from
            the flow's and node's names when the node has none, as the n8n export does).
        route: That path as a pattern (`:name` parts become groups).
    """

    flow: str
    node: str
    kind: str  # "schedule" or "request"
    parameters: dict[str, Any]
    impl: Any = field(compare=False, repr=False)
    rules: tuple[Rule, ...] = ()
    credentials: dict[str, Any] = field(default_factory=dict)
    method: str = ""
    path: str = ""
    route: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Upcoming:
    """A schedule rule's next fire, as serve starts."""

    flow: str
    node: str
    rule: int
    moment: datetime
    zone: ZoneInfo


@dataclass
class ServedFlow:
    name: str
    path: Path
    flow: Flow
    data: dict[str, Any]
    triggers: list[Trigger]

    def zone(self, server_zone: str) -> ZoneInfo:
        """The flow's `settings.timezone`, else the server's (`--timezone`)."""
        zone = self.flow.settings.get("timezone")
        return ZoneInfo(
            zone if isinstance(zone, str) and zone and zone != "DEFAULT" else server_zone
        )

    @property
    def replays_missed(self) -> bool:
        """Whether fires missed while serve was down run when it starts again (the flow's
        `settings.replayMissedFires`)."""
        return self.flow.settings.get(REPLAY_SETTING) is True


def load_served_flows(paths: list[Path]) -> list[ServedFlow]:
    """The flows in the given files and folders (*.yaml, *.yml, *.json), with their triggers.

    Raises:
        ConfigError: A file does not load, its nodes do not link up, two flows share a
            name, or a schedule rule is bad.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
        else:
            files.append(path)
    served: dict[str, ServedFlow] = {}
    for file in files:
        data = load_flow_data(file).data
        flow = parse_flow(data, source=str(file))
        build_graph(flow)  # a flow that cannot run is refused now, not at its first fire
        name = flow.name or file.stem
        if name in served:
            raise ConfigError(f"{file}: a flow named {name!r} is served already")
        served[name] = ServedFlow(name, file, flow, data, _triggers(name, flow, file))
    return list(served.values())


def _triggers(name: str, flow: Flow, file: Path) -> list[Trigger]:
    found = []
    for node in flow.nodes:
        impl = load_node(node.type, node.typeVersion)
        kind = traits_of(impl).trigger
        if node.disabled or kind is None:
            continue
        if kind == "schedule":
            try:
                rules = tuple(read_rules(node.parameters))
            except ValueError as exc:
                raise ConfigError(f"{file}: node {node.name!r}: {exc}") from None
            found.append(Trigger(name, node.name, kind, node.parameters, impl, rules))
            continue
        if not isinstance(impl, RequestTriggerNode):
            raise ConfigError(f"{file}: node {node.name!r} cannot be routed requests")
        method, path = impl.request_route(node.parameters)
        path = path.strip("/")
        if any(part.startswith(":") for part in path.split("/")):
            path = f"{node.webhookId or webhook_id(flow.name, node.name)}/{path}"
        found.append(
            Trigger(
                name,
                node.name,
                kind,
                node.parameters,
                impl,
                credentials=dict(node.credentials),
                method=method.upper(),
                path=path,
                route=route_pattern(path),
            )
        )
    return found


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
            credentials, settings, keep_outputs, ledger or SqliteLedger(store.conn)
        )
        self.runner.flows = _by_id_and_name(flows)
        self.runner.max_stored_bytes = max_stored_bytes
        if self.local:
            self.runner.started = self._started
        self.replies = replies
        self.fires = fires
        self.results = results
        self.trimmer = trimmer
        self.stream = stream
        self._task = register(self.broker, self.runner)
        self._schedules: list[asyncio.Task[None]] = []
        self._done: dict[int, tuple[str, asyncio.Future[Any]]] = {}
        self._collectors: set[asyncio.Task[None]] = set()
        self._beat: asyncio.Task[None] | None = None
        self._requeue: asyncio.Task[None] | None = None
        self._waits: asyncio.Task[None] | None = None
        self._running: set[int] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self.accepting = True
        self.started = self.clock.now()

    async def start(self) -> None:
        """Starts the broker, picks up what was left unfinished, and starts the schedules.

        An unfinished execution still in the Redis stream (or whose result is waiting) is
        watched, not queued again; the others are queued. One that can never be queued is
        recorded as failed, with its cause, and serve starts all the same.
        """
        await self.broker.startup()
        in_stream = await self.stream.task_ids() if self.stream is not None else set()
        for execution_id, task_id in self.store.unfinished():
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
        self._start_schedules()
        self._requeue = asyncio.create_task(self._requeue_loop())
        self._waits = asyncio.create_task(self._wait_loop())
        if not self.local:
            self._beat = asyncio.create_task(self._heartbeat())

    async def _requeue_loop(self) -> None:
        """Queues executions that were recorded while the broker was away (schedule fires),
        once it is back."""
        while True:
            await asyncio.sleep(REQUEUE_SECONDS)
            for execution_id, task_id in self.store.unfinished():
                if task_id is not None or execution_id in self._running:
                    continue
                try:
                    await self.enqueue(execution_id)
                except QueueUnavailable:
                    break  # still away; the next round tries again
                except Exception:  # a busy database must not end the loop
                    LOG.exception("execution %s could not be queued", execution_id)

    async def _started(self, execution_id: int, job: Job) -> int:
        return self.store.start(execution_id)

    async def _heartbeat(self) -> None:
        task = self.broker.find_task(HEARTBEAT)
        assert task is not None
        beats = 0
        while True:
            try:
                await task.kiq()
                beats += 1
                if self.trimmer is not None and beats % TRIM_EVERY == 0:
                    await self.trimmer.trim()
            except Exception:  # the queue is down for a moment; try again
                LOG.warning("could not send the queue's heartbeat", exc_info=True)
            await asyncio.sleep(1.0)

    def _start_schedules(self) -> None:
        for flow in self.flows.values():
            for trigger in flow.triggers:
                for index, rule in enumerate(trigger.rules):
                    self._schedules.append(
                        asyncio.create_task(self._schedule(flow, trigger, index, rule))
                    )

    async def _stop_schedules(self) -> None:
        for task in self._schedules:
            task.cancel()
        await asyncio.gather(*self._schedules, return_exceptions=True)
        self._schedules = []

    async def reload(self, flows: list[ServedFlow]) -> None:
        """Serves `flows` from now on (SIGHUP); running executions go on with their snapshot."""
        await self._stop_schedules()
        self.flows = {f.name: f for f in flows}
        self.runner.flows = _by_id_and_name(flows)
        self._start_schedules()

    async def stop(self, grace: float = 30.0) -> None:
        """Drains: no new executions, running ones get `grace` seconds to finish. What does
        not finish stays recorded as running or queued, and runs again after a restart."""
        self.accepting = False
        await self._stop_schedules()
        for loop_task in (self._beat, self._requeue, self._waits):
            if loop_task is not None:
                loop_task.cancel()
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            for collector in self._collectors:
                collector.cancel()
            self.runner.cancel_all()
            LOG.warning(
                "executions %s did not finish in time; they run again on restart",
                sorted(self._running),
            )
        await asyncio.gather(*self._collectors, return_exceptions=True)
        await self.broker.shutdown()
        self.runner.close()

    async def _wait_loop(self) -> None:
        """Resumes the executions put to wait whose time has come (those stored before a
        restart too)."""
        while True:
            for execution_id in self.store.due_waits(self.clock.now()):
                if execution_id not in self._running:
                    await self.resume(execution_id)
            await asyncio.sleep(WAIT_POLL_SECONDS)

    async def resume(
        self,
        execution_id: int,
        items: list[dict[str, Any]] | None = None,
        *,
        wait: Literal["finished", "node"] | None = None,
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
        """Each schedule rule's next fire from now, as its loop works it out (missed fires
        that a flow replays come first, and are not shown)."""
        found = []
        now = self.clock.now()
        for flow in self.flows.values():
            zone = flow.zone(self.settings.timezone)
            for trigger in flow.triggers:
                for index, rule in enumerate(trigger.rules):
                    anchor = self.store.last_fire(flow.name, f"{trigger.node}#{index}")
                    anchor = anchor or self.started
                    moment = next_fire(rule, max(anchor, now), anchor, zone)
                    found.append(Upcoming(flow.name, trigger.node, index, moment, zone))
        return found

    def request_triggers(self) -> list[Trigger]:
        return [t for f in self.flows.values() for t in f.triggers if t.kind == "request"]

    async def submit(
        self,
        trigger: Trigger,
        items: list[dict[str, Any]],
        *,
        wait: Literal["finished", "node"] | None = None,
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
        execution_id = self.store.create(job, flow_file=str(flow.path.resolve()))
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
        try:
            job = self.store.job_of(execution_id)
            if job is not None and not checked:
                check_queueable(job)
        except (ValueError, UnqueueableJob) as exc:
            LOG.warning("execution %s cannot run: %s", execution_id, exc)
            self.store.fail(execution_id, f"the execution cannot run: {exc}")
            self._done.pop(execution_id, None)
            return
        if job is None:
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
        self.store.queued(execution_id, kicked.task_id)
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
                        kicked, on_start=lambda: self.store.start(execution_id)
                    )
                else:
                    answer = await kicked.wait_result(check_interval=0.02 if self.local else 0.1)
                if answer.is_err:
                    result = failed_result(f"the execution's task failed: {answer.error!r}")
                else:
                    result = read_result(answer.return_value)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a result that does not parse is the only way here
                result = failed_result(f"the execution's result could not be read: {exc}")
            waiting = result.get("waiting")
            if waiting:
                self._suspend(execution_id, waiting, done)
                return
            record_result(self.store, execution_id, result)
            if waiter is not None:
                # The worker sent its answer before its result: give it a moment to land.
                await asyncio.wait({waiter}, timeout=2.0)
        finally:
            if waiter is not None:
                waiter.cancel()
            self.runner.responders.pop(execution_id, None)
            self._forget(execution_id)
        if done is None or done.done():
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
        elif result["last"] is None:
            done.set_exception(RuntimeError(result["error"]))
        else:
            done.set_result(result["last"])

    def _suspend(
        self, execution_id: int, waiting: dict[str, Any], done: asyncio.Future[Any] | None
    ) -> None:
        """Stores an execution put to wait; a request waiting on it is told so (202)."""
        try:
            until = Suspension.from_json(waiting).until
        except ValueError as exc:
            self.store.fail(execution_id, f"the execution's wait could not be read: {exc}")
            return
        self.store.suspend(execution_id, waiting, until)
        LOG.info("execution %s waits until %s", execution_id, until or "its resume URL is called")
        if done is not None and not done.done():
            done.set_result(
                Response(202, body={"message": "The execution waits; it goes on later"})
            )

    async def _schedule(self, flow: ServedFlow, trigger: Trigger, index: int, rule: Rule) -> None:
        key = f"{trigger.node}#{index}"
        zone = flow.zone(self.settings.timezone)
        last = self.store.last_fire(flow.name, key)
        anchor = last or self.started
        shared = await self._shared_last(flow.name, key)
        anchor = max(anchor, shared) if shared else anchor
        if flow.replays_missed and last is not None:
            after = missed_since(rule, anchor, anchor, zone, self.clock.now())
        else:
            after = max(anchor, self.clock.now())  # missed fires are not replayed
        while True:
            moment = next_fire(rule, after, anchor, zone)
            await self.clock.sleep_until(moment)
            after = moment
            shared = await self._shared_last(flow.name, key)
            if shared is not None and anchor < shared != moment:
                # Another serve fired since: keep to its grid.
                anchor = shared
                if next_fire(rule, moment - _TICK, shared, zone) != moment:
                    continue
            item = fire_item(moment, zone)
            job = Job(flow.name, f"schedule:{key}", flow.data, trigger.node, [item])
            try:
                if self.fires is not None and not await self.fires.claim(flow.name, key, moment):
                    continue
                execution_id = self.store.claim_fire(
                    job, key, moment, flow_file=str(flow.path.resolve())
                )
                if execution_id is not None:
                    await self.enqueue(execution_id)
            except QueueUnavailable as exc:
                LOG.warning("%s: the fire at %s waits for the queue: %s", flow.name, moment, exc)
            except Exception:  # a busy or broken database must not end the schedule
                LOG.exception("%s: the fire at %s could not be recorded", flow.name, moment)

    async def _shared_last(self, flow: str, key: str) -> datetime | None:
        """The last fire any serve sharing the Redis made (None without one)."""
        if self.fires is None:
            return None
        try:
            return await self.fires.last(flow, key)
        except Exception:  # Redis is away for a moment; the fire lock still decides
            LOG.warning("could not read the shared schedule of %s", flow, exc_info=True)
            return None


def record_result(store: ExecutionStore, execution_id: int, result: dict[str, Any]) -> None:
    """Records how an execution ended (a result as jobs.read_result gives it) and logs its
    line."""
    store.finish(
        execution_id,
        error=result["error"],
        items_out=result["items_out"],
        outputs=None if result["outputs"] is None else [result["outputs"]],
        started=result.get("started"),
        attempt=result.get("attempt"),
        run_data=result.get("run_data"),
        error_detail=result.get("failure"),
        failed_at=result.get("failed_at"),
    )
    head = store.get(execution_id, outputs=False)
    log_finished(execution_id, head.flow if head else "?", result)


def _by_id_and_name(flows: list[ServedFlow]) -> dict[str, Flow]:
    """The served flows by name and by id (how Execute Workflow and errorWorkflow name
    them)."""
    found: dict[str, Flow] = {}
    for served in flows:
        found[served.name] = served.flow
        if served.flow.id:
            found[served.flow.id] = served.flow
    return found


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


def _answerer(done: asyncio.Future[Any] | None) -> Any:
    """What a Respond to Webhook node calls: answers the waiting request once."""

    def answer(response: Response) -> bool:
        if done is None or done.done():
            return False
        done.set_result(response)
        return True

    return answer
