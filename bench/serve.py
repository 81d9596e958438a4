"""kflow serve's benchmark: executions per second and webhook latency, per queue.

    python bench/serve.py [--requests 2000] [--concurrency 32]

A webhook (responding on receipt) starts a flow that updates one click on the local stub
tracker (bench/stub_server.py, its own process). Clients call the webhook with
`--concurrency` requests in flight. Reported: webhook answers per second, p50/p99 latency
of the answer, and executions finished per second (from the executions database), for the
in-process queue and for Redis (a redis-server of the benchmark's own) with one and with two
`kflow worker` processes. Writes bench/RESULTS-serve.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
from aiohttp import web
from stub_server import running_stub  # bench/, on the path when run as a script

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.brokers import make_broker
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.redis_parts import ServeParts
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.testing.services import redis_server

HERE = Path(__file__).resolve().parent
FLOW = """
name: Bench
nodes:
  - name: Hook
    type: webhook
    parameters: {httpMethod: POST, path: cost, responseMode: onReceived}
  - name: Update click
    type: keitaro
    parameters:
      resource: click
      operation: update
      clickId: "={{ $json.body.subid }}"
      clickData: '={"cost": {{ $json.body.cost }}}'
    credentials: {keitaroApi: {name: stub}}
connections:
  Hook: [Update click]
"""


KEY = "bench0key0not0secret00000000"


@contextmanager
def running_workers(count: int, broker: str, stub: str, folder: Path) -> Iterator[None]:
    """`count` kflow worker processes taking executions from `broker`."""
    creds = folder / "creds.yaml"
    creds.write_text(f"keitaroApi:\n  domain: {stub}\n  apiKey: {KEY}\n", encoding="utf-8")
    kflow = Path(sys.executable).with_name("kflow")
    options = ["--concurrency", "64", "--retries", "1", "--credentials", str(creds)]
    workers = [
        subprocess.Popen(
            [str(kflow), "worker", "--broker", broker, *options],
            stderr=subprocess.PIPE,
            env={**os.environ},
        )
        for _ in range(count)
    ]
    try:
        for worker in workers:
            assert worker.stderr is not None
            line = worker.stderr.readline().decode()
            assert "taking executions" in line, line
        yield
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(30)


async def run(
    requests: int, concurrency: int, stub: str, folder: Path, broker: str | None
) -> dict[str, float]:
    (folder / "bench.yaml").write_text(FLOW)
    store = ExecutionStore(folder / f"kflow-{time.monotonic_ns()}.db")
    parts = None if broker is None else ServeParts.connect(broker, store.instance)
    creds = Credentials()
    creds.add(KEITARO_API, {"domain": stub, "apiKey": KEY}, name="stub")
    server = Server(
        load_served_flows([folder / "bench.yaml"]),
        store,
        creds,
        RunSettings(concurrency=64, retries=1),
        broker=None if broker is None else make_broker(broker, concurrency=64),
        **({} if parts is None else parts.options()),
    )
    runner = web.AppRunner(create_app(server), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    await server.start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/webhook/cost"
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(requests):
        queue.put_nowait(n)

    async def client(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            n = queue.get_nowait()
            began = time.perf_counter()
            async with session.post(url, json={"subid": f"s{n}", "cost": "0.25"}) as resp:
                await resp.read()
                assert resp.status == 200
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    answered = time.perf_counter() - began
    await server.stop(grace=300)
    finished = time.perf_counter() - began
    done = store.conn.execute("SELECT COUNT(*) FROM executions WHERE status = 'success'")
    succeeded = done.fetchone()[0]
    await runner.cleanup()
    if parts is not None:
        await parts.close()
    store.close()
    latencies.sort()
    return {
        "requests": requests,
        "answers_per_s": requests / answered,
        "executions_per_s": succeeded / finished,
        "succeeded": succeeded,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


async def drain(requests: int, stub: str, folder: Path, broker: str, workers: int) -> float:
    """Executions finished per second when `workers` start on a queue of `requests`."""
    (folder / "bench.yaml").write_text(FLOW)
    store = ExecutionStore(folder / f"kflow-{time.monotonic_ns()}.db")
    parts = ServeParts.connect(broker, store.instance)
    server = Server(
        load_served_flows([folder / "bench.yaml"]),
        store,
        Credentials(),
        RunSettings(),
        broker=make_broker(broker, concurrency=64),
        **parts.options(),
    )
    await server.start()
    (trigger,) = server.request_triggers()
    for n in range(requests):
        await server.submit(trigger, [{"body": {"subid": f"s{n}", "cost": "0.25"}}])
    began = time.perf_counter()
    with running_workers(workers, broker, stub, folder):
        await server.stop(grace=600)
    elapsed = time.perf_counter() - began
    done = store.conn.execute("SELECT COUNT(*) FROM executions WHERE status = 'success'")
    assert done.fetchone()[0] == requests
    await parts.close()
    store.close()
    return requests / elapsed


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    rows = []
    with running_stub() as stub, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = await run(args.requests, args.concurrency, stub, folder, None)
        rows.append(("in-process", result))
        for workers in (1, 2):
            with redis_server(folder) as redis, running_workers(workers, redis, stub, folder):
                result = await run(args.requests, args.concurrency, stub, folder, redis)
            rows.append((f"Redis, {workers} worker{'s' if workers > 1 else ''}", result))
        drained = []
        for workers in (1, 2):
            with redis_server(folder) as redis:
                drained.append((workers, await drain(args.requests, stub, folder, redis, workers)))
    table = "\n".join(
        f"| {name} | {r['answers_per_s']:,.0f} | {r['executions_per_s']:,.0f} "
        f"| {r['succeeded']:,} of {r['requests']:,} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms |"
        for name, r in rows
    )
    backlog = "\n".join(f"| {workers} | {rate:,.0f} |" for workers, rate in drained)
    machine = f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs"
    text = f"""# kflow serve benchmark

`python bench/serve.py --requests {args.requests} --concurrency {args.concurrency}`, one run,
on {machine}, Python {platform.python_version()}.
A webhook answering on receipt starts a flow that updates one click on the local stub
tracker; executions are recorded in SQLite (WAL). The queue is taskiq's in-process broker,
or taskiq-redis's stream broker on a local redis-server with `kflow worker` processes.

| queue | webhook answers/s | executions finished/s | succeeded | p50 answer | p99 answer |
|---|---|---|---|---|---|
{table}

A backlog of {args.requests:,} executions queued on Redis, then the workers started:

| workers | executions finished/s |
|---|---|
{backlog}
"""
    (HERE / "RESULTS-serve.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    asyncio.run(main())
