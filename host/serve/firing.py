"""Schedule fires: one loop per rule sleeps until its next fire, claims it (in the database,
and through Redis when serves share one) and hands the recorded execution to the queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kflow.host.serve.clock import Clock
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.queueable import QueueUnavailable
from kflow.host.serve.schedule import Rule, missed_since, next_fire
from kflow.host.serve.served_flows import ServedFlow, Trigger
from kflow.host.serve.shared_fires import RedisFires
from kflow.host.triggers import fire_item

__all__ = ["Schedules", "Upcoming"]

LOG = logging.getLogger("kflow.serve")

_TICK = timedelta(microseconds=1)

Enqueue = Callable[[int], Awaitable[None]]
"""Sends a recorded execution to the queue (raises QueueUnavailable when it cannot)."""


@dataclass(frozen=True)
class Upcoming:
    """A schedule rule's next fire, as serve starts."""

    flow: str
    node: str
    rule: int
    moment: datetime
    zone: ZoneInfo


class Schedules:
    """The fire loops of the served flows' schedule rules.

    Args:
        store: The executions database (fires are claimed and recorded there).
        clock: Time.
        timezone: The server's time zone (flows may name their own).
        started: When serve started: the first anchor of a rule never fired.
        enqueue: Sends a fire's execution to the queue.
        fires: Fire locks shared with other serves (with a Redis broker).
    """

    def __init__(
        self,
        store: ExecutionStore,
        clock: Clock,
        timezone: str,
        started: datetime,
        enqueue: Enqueue,
        fires: RedisFires | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.timezone = timezone
        self.started = started
        self.enqueue = enqueue
        self.fires = fires
        self._tasks: list[asyncio.Task[None]] = []

    def start(self, flows: Iterable[ServedFlow]) -> None:
        """Starts a loop for each rule of `flows`."""
        for flow in flows:
            for trigger in flow.triggers:
                for index, rule in enumerate(trigger.rules):
                    self._tasks.append(asyncio.create_task(self._fire(flow, trigger, index, rule)))

    async def stop(self) -> None:
        """Stops every loop."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    def upcoming(self, flows: Iterable[ServedFlow]) -> list[Upcoming]:
        """Each rule's next fire from now, as its loop works it out (missed fires that a
        flow replays come first, and are not shown)."""
        found = []
        now = self.clock.now()
        for flow in flows:
            zone = flow.zone(self.timezone)
            for trigger in flow.triggers:
                for index, rule in enumerate(trigger.rules):
                    anchor = self.store.last_fire(flow.name, f"{trigger.node}#{index}")
                    anchor = anchor or self.started
                    moment = next_fire(rule, max(anchor, now), anchor, zone)
                    found.append(Upcoming(flow.name, trigger.node, index, moment, zone))
        return found

    async def _fire(self, flow: ServedFlow, trigger: Trigger, index: int, rule: Rule) -> None:
        key = f"{trigger.node}#{index}"
        zone = flow.zone(self.timezone)
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
