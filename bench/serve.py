"""kflow serve's benchmark: executions per second and webhook latency, in-process queue.

    python bench/serve.py [--requests 2000] [--concurrency 32]

A webhook (responding on receipt) starts a flow that updates one click on the local stub
tracker (bench/stub_server.py, its own process). Clients call the webhook with
`--concurrency` requests in flight. Reported: webhook answers per second, p50/p99 latency
of the answer, and executions finished per second (from the executions database). Writes
bench/RESULTS-serve.md. The Redis queue and workers are not built yet (issue 11).
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from stub_server import running_stub  # bench/, on the path when run as a script

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings

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


async def run(requests: int, concurrency: int, stub: str, folder: Path) -> dict[str, float]:
    (folder / "bench.yaml").write_text(FLOW)
    store = ExecutionStore(folder / "kflow.db")
    creds = Credentials()
    creds.add(KEITARO_API, {"domain": stub, "apiKey": "bench0key0not0secret00000000"}, name="stub")
    server = Server(
        load_served_flows([folder / "bench.yaml"]),
        store,
        creds,
        RunSettings(concurrency=64, retries=1),
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


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    with running_stub() as stub, tempfile.TemporaryDirectory() as tmp:
        result = await run(args.requests, args.concurrency, stub, Path(tmp))
    text = f"""# kflow serve benchmark

`python bench/serve.py --requests {args.requests} --concurrency {args.concurrency}`, one run,
on {platform.system()} {platform.release()}, Python {platform.python_version()}.
A webhook answering on receipt starts a flow that updates one click on the local stub
tracker; the queue is taskiq's in-process broker; executions are recorded in SQLite (WAL).

| measure | value |
|---|---|
| webhook answers per second | {result["answers_per_s"]:,.0f} |
| executions finished per second | {result["executions_per_s"]:,.0f} |
| executions that succeeded | {result["succeeded"]:,} of {result["requests"]:,} |
| webhook latency p50 | {result["p50_ms"]:.1f} ms |
| webhook latency p99 | {result["p99_ms"]:.1f} ms |

Not measured yet: the Redis queue with one and two workers (not built; issue 11).
"""
    (HERE / "RESULTS-serve.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    asyncio.run(main())
