"""Two serves on different databases share one Redis: a schedule fires once per instant,
on one grid, whichever serve takes the fire's lock."""

from __future__ import annotations

import asyncio
import heapq
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from redis.asyncio import Redis

from kflow.host.credentials import Credentials
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Clock, Server, load_served_flows
from kflow.host.serve.shared_fires import RedisFires
from kflow.host.settings import RunSettings

pytestmark = pytest.mark.redis

FLOW = """
name: Every minute
nodes:
  - name: Tick
    type: scheduleTrigger
    parameters: {rule: {interval: [{field: minutes, minutesInterval: 1}]}}
  - name: Nothing
    type: noOp
connections:
  Tick: [Nothing]
"""

START = datetime(2026, 3, 29, 0, 0, 30, tzinfo=UTC)
UNTIL = START + timedelta(minutes=6)


class SharedClock(Clock):
    """One virtual time for both serves: it moves to the earliest sleeper's moment once
    everything else has had a moment to run, and stops at `until`."""

    def __init__(self, start: datetime, until: datetime) -> None:
        self.moment = start
        self.until = until
        self.sleepers: list[tuple[datetime, int, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        return self.moment

    async def sleep_until(self, moment: datetime) -> None:
        if moment <= self.moment:
            return
        waiting = asyncio.get_running_loop().create_future()
        heapq.heappush(self.sleepers, (moment, id(waiting), waiting))
        await waiting

    async def drive(self) -> None:
        while self.sleepers:
            await asyncio.sleep(0.05)
            moment, _, waiting = heapq.heappop(self.sleepers)
            if moment > self.until:
                return
            self.moment = moment
            waiting.set_result(None)


def _fires(store: ExecutionStore) -> list[datetime]:
    rows = store.conn.execute("SELECT instant FROM fires ORDER BY instant")
    return [datetime.fromisoformat(row["instant"]) for row in rows]


async def test_two_serves_never_fire_the_same_schedule_twice(
    redis_url: str, tmp_path: Path
) -> None:
    (tmp_path / "flow.yaml").write_text(FLOW)
    clock = SharedClock(START, UNTIL)
    servers, stores, clients = [], [], []
    for number in range(2):
        store = ExecutionStore(tmp_path / f"serve-{number}.db")
        client = Redis.from_url(redis_url, decode_responses=True)
        lock = RedisFires(client)
        server = Server(
            load_served_flows([tmp_path / "flow.yaml"]),
            store,
            Credentials(),
            RunSettings(),
            clock=clock,
            fires=lock,
        )
        servers.append(server)
        stores.append(store)
        clients.append(client)
    try:
        await servers[0].start()
        clock.moment += timedelta(seconds=20)  # the second serve starts 20 s later
        servers[1].started = clock.moment
        await servers[1].start()
        await asyncio.sleep(0.05)
        await clock.drive()
    finally:
        for server in servers:
            await server.stop(grace=5)
        for client in clients:
            await client.aclose()
    fired = sorted(_fires(stores[0]) + _fires(stores[1]))
    assert len(fired) == len(set(fired)), f"an instant fired twice: {fired}"
    gaps = {later - earlier for earlier, later in pairwise(fired)}
    assert gaps == {timedelta(minutes=1)}, f"two grids: {fired}"
    assert len(fired) == 6
    assert _fires(stores[0]) and _fires(stores[1]), "one serve did all the firing"
    for store in stores:
        store.close()
