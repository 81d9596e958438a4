"""The serving loop: flows loaded, schedules fired, executions queued on taskiq and run.

Every execution is written to the database (queued, with a snapshot of its flow and its
input) before it is queued; a webhook is answered only after that. Queued and interrupted
executions run again when the server starts.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from taskiq import AsyncBroker, InMemoryBroker

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import ConfigError, KflowError
from kflow.host.flow import Flow, parse_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.items import is_failure
from kflow.host.node import traits_of
from kflow.host.registry import load_node
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.requests import Response, responder
from kflow.host.serve.schedule import Rule, fire_item, next_fire, read_rules
from kflow.host.settings import RunSettings

__all__ = ["Clock", "Server", "Trigger", "load_served_flows"]

LOG = logging.getLogger("kflow.serve")


class Clock:
    """Real time; tests give a fake one."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep_until(self, moment: datetime) -> None:
        await asyncio.sleep(max(0.0, (moment - self.now()).total_seconds()))


@dataclass(frozen=True)
class Trigger:
    """A trigger node of a served flow."""

    flow: str
    node: str
    node_type: str
    kind: str  # "schedule" or "request"
    parameters: dict[str, Any]
    rules: tuple[Rule, ...] = ()
    credentials: dict[str, Any] = field(default_factory=dict)


@dataclass
class ServedFlow:
    name: str
    path: Path
    flow: Flow
    data: dict[str, Any]
    triggers: list[Trigger]

    @property
    def zone(self) -> ZoneInfo:
        zone = self.flow.settings.get("timezone")
        return ZoneInfo(zone if isinstance(zone, str) and zone and zone != "DEFAULT" else "UTC")


def load_served_flows(paths: list[Path]) -> list[ServedFlow]:
    """The flows in the given files and folders (*.yaml, *.yml, *.json), with their triggers.

    Raises:
        ConfigError: A file does not load, two flows share a name, or a schedule rule is bad.
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
        name = flow.name or file.stem
        if name in served:
            raise ConfigError(f"{file}: a flow named {name!r} is served already")
        served[name] = ServedFlow(name, file, flow, data, _triggers(name, flow, file))
    return list(served.values())


def _triggers(name: str, flow: Flow, file: Path) -> list[Trigger]:
    found = []
    for node in flow.nodes:
        kind = traits_of(load_node(node.type)).trigger
        if node.disabled or kind is None:
            continue
        if kind == "schedule":
            try:
                rules = tuple(read_rules(node.parameters))
            except ValueError as exc:
                raise ConfigError(f"{file}: node {node.name!r}: {exc}") from None
            found.append(Trigger(name, node.name, node.type, "schedule", node.parameters, rules))
        else:
            found.append(
                Trigger(
                    name,
                    node.name,
                    node.type,
                    "request",
                    node.parameters,
                    (),
                    dict(node.credentials),
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
    ) -> None:
        self.flows = {f.name: f for f in flows}
        self.store = store
        self.credentials = credentials
        self.settings = settings
        self.clock = clock or Clock()
        self.keep_outputs = keep_outputs
        self.broker = broker or InMemoryBroker(max_async_tasks=settings.concurrency)

        async def execution(execution_id: int) -> None:
            await self.run_execution(execution_id)

        self._task = self.broker.register_task(execution, task_name="kflow.execution")
        self._schedules: list[asyncio.Task[None]] = []
        self._done: dict[int, tuple[str, asyncio.Future[Any]]] = {}
        self._running: set[int] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self.accepting = True
        self.started = self.clock.now()

    async def start(self) -> None:
        """Starts the broker, runs what was left unfinished, and starts the schedules."""
        await self.broker.startup()
        for execution_id in self.store.unfinished():
            LOG.info("execution %s was not finished; running it again", execution_id)
            await self.enqueue(execution_id)
        self._start_schedules()

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
        self._start_schedules()

    async def stop(self, grace: float = 30.0) -> None:
        """Drains: no new executions, running ones get `grace` seconds to finish. What does
        not finish stays recorded as running or queued, and runs again after a restart."""
        self.accepting = False
        await self._stop_schedules()
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            LOG.warning(
                "executions %s did not finish in time; they run again on restart",
                sorted(self._running),
            )
        await self.broker.shutdown()

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
        """
        flow = self.flows[trigger.flow]
        execution_id = self.store.create(
            Job(trigger.flow, f"request:{trigger.node}", flow.data, trigger.node, items)
        )
        done = None
        if wait is not None:
            done = asyncio.get_running_loop().create_future()
            self._done[execution_id] = (wait, done)
        await self.enqueue(execution_id)
        return execution_id, done

    async def enqueue(self, execution_id: int) -> None:
        await self._task.kiq(execution_id)

    async def _schedule(self, flow: ServedFlow, trigger: Trigger, index: int, rule: Rule) -> None:
        key = f"{trigger.node}#{index}"
        anchor = self.store.last_fire(flow.name, key) or self.started
        after = max(anchor, self.clock.now())  # fires missed while down are not replayed
        while True:
            moment = next_fire(rule, after, anchor, flow.zone)
            await self.clock.sleep_until(moment)
            item = fire_item(moment, flow.zone)
            job = Job(flow.name, f"schedule:{key}", flow.data, trigger.node, [item])
            try:
                execution_id = self.store.claim_fire(job, key, moment)
                if execution_id is not None:
                    await self.enqueue(execution_id)
            except Exception:  # a busy or broken database must not end the schedule
                LOG.exception("%s: the fire at %s could not be recorded", flow.name, moment)
            after = moment

    async def run_execution(self, execution_id: int) -> None:
        """Runs one recorded execution and records how it ended."""
        job = self.store.job_of(execution_id)
        if job is None:
            return
        self.store.start(execution_id)
        kind, done = self._done.pop(execution_id, (None, None))
        self._running.add(execution_id)
        self._idle.clear()
        token = responder.set(_answerer(done) if kind == "node" else None)
        try:
            await self._run(execution_id, job, done if kind == "finished" else None)
        finally:
            responder.reset(token)
            if kind == "node" and done is not None and not done.done():
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
            self._running.discard(execution_id)
            if not self._running:
                self._idle.set()

    async def _run(self, execution_id: int, job: Job, done: asyncio.Future[Any] | None) -> None:
        try:
            flow = parse_flow(job.snapshot, source=f"execution {execution_id}")
            result = await run_flow(
                flow,
                credentials=self.credentials,
                settings=self.settings,
                items=[{"json": item} for item in job.items],
                start=job.start,
            )
        except Exception as exc:  # any failure is recorded; only KflowErrors are expected
            text = str(exc) if isinstance(exc, KflowError) else f"internal error: {exc!r}"
            message = self.credentials.redactor.text(text)
            self.store.finish(execution_id, error=message, items_out=0, outputs=None)
            if done is not None and not done.done():
                done.set_exception(exc)
            return
        last = [item["json"] for item in result.items]
        failed = [i for i in result.items if is_failure(i)]
        outputs = (
            {
                name: [[i["json"] for i in out] for out in outs]
                for name, outs in result.outputs.items()
            }
            if self.keep_outputs
            else None
        )
        self.store.finish(
            execution_id,
            error=f"{len(failed)} item(s) failed" if failed else None,
            items_out=len(last),
            outputs=outputs if outputs is None else [outputs],
        )
        if done is not None and not done.done():
            done.set_result(last)


def _answerer(done: asyncio.Future[Any] | None) -> Any:
    """What a Respond to Webhook node calls: answers the waiting request once."""

    def answer(response: Response) -> bool:
        if done is None or done.done():
            return False
        done.set_result(response)
        return True

    return answer
