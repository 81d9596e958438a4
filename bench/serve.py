"""kflow serve's benchmark: executions per second and webhook latency, per queue, with n8n.

    python bench/serve.py [--requests 2000] [--concurrency 32] [--fields-concurrency 20]
                          [--part all|fields|keitaro] [--out bench/RESULTS-serve.md]

1. Webhook → Edit Fields with two expressions (bench/webhook-edit-fields.yaml), answering
   when the flow ends: `kflow serve` with executions in its own process, and over Redis with
   one and two `kflow worker` processes, then n8n 2.41.1 (`n8n start`, bench/n8n_bench.py)
   serving the same flow exported as n8n JSON, when it is installed. Each is called
   `--requests` times with `--fields-concurrency` calls in flight (bench/n8n_bench.py's
   `call_edit_fields`). Reported: executions/s, p50/p99 per call, peak RSS of the serving
   processes, and whether the issue 21 targets are met.
2. A webhook (responding on receipt) starts a flow that updates one click on the local stub
   tracker (bench/stub_server.py, its own process). Clients call the webhook with
   `--concurrency` requests in flight. Reported: webhook answers per second, p50/p99
   latency of the answer, and executions finished per second (from the executions
   database), for the in-process queue and for Redis (a redis-server of the benchmark's
   own) with one and with two `kflow worker` processes; then a backlog drained by workers.

Writes `--out` (bench/RESULTS-serve.md by default).
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
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

import aiohttp
from aiohttp import web
from n8n_bench import (  # bench/, on the path when run as a script
    FIELDS_FLOW,
    FIELDS_PATH,
    N8N_VERSION,
    WARM_UP_CALLS,
    Serving,
    call_edit_fields,
    n8n_edit_fields_load,
    peak_rss_mb,
    summary,
    warm_up,
)
from stub_server import running_stub

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.serve.app import create_app
from kflow.host.serve.brokers import make_broker
from kflow.host.serve.executions import ExecutionStore
from kflow.host.serve.redis_parts import ServeParts
from kflow.host.serve.service import Server, load_served_flows
from kflow.host.settings import RunSettings
from kflow.testing.ports import free_port, wait_for_port
from kflow.testing.services import redis_server

HERE = Path(__file__).resolve().parent
KFLOW = Path(sys.executable).with_name("kflow")
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
def running_workers(
    count: int, broker: str, stub: str, folder: Path
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` kflow worker processes taking executions from `broker` (logs in `folder`)."""
    creds = folder / "creds.yaml"
    creds.write_text(f"keitaroApi:\n  domain: {stub}\n  apiKey: {KEY}\n", encoding="utf-8")
    options = ["--concurrency", "64", "--retries", "1", "--credentials", str(creds)]
    options += ["--allow-private-network"]  # the stub tracker is on 127.0.0.1
    logs = [folder / f"worker-{time.monotonic_ns()}-{n}.log" for n in range(count)]
    workers = [_started([str(KFLOW), "worker", "--broker", broker, *options], log) for log in logs]
    try:
        for worker, log in zip(workers, logs, strict=True):
            _wait_for_line(worker, log, "taking executions")
        yield workers
    finally:
        for worker in workers:
            _stop(worker)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not ended within a minute (said on stderr)."""
    process.terminate()
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        print(f"killed {process.args[1]} {process.pid}: no exit after SIGTERM", file=sys.stderr)
        process.kill()
        process.wait()


def _started(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    """`command` started with its output to `log`."""
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def _wait_for_line(process: subprocess.Popen[bytes], log: Path, text: str) -> None:
    """Returns once `text` is in `log`; fails when the process ended or a minute passed."""
    deadline = time.monotonic() + 60
    while text not in log.read_text(encoding="utf-8", errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{log.name}: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.05)


@contextmanager
def kflow_serving(folder: Path, stub: str, broker: str | None, workers: int) -> Iterator[Serving]:
    """`kflow serve` of the Edit Fields flow on a free port, with `workers` kflow workers on
    `broker` (None: executions in the serve process)."""
    port = free_port()
    command = [str(KFLOW), "serve", str(FIELDS_FLOW), "--port", str(port), "--quiet"]
    command += ["--db", str(folder / f"fields-{time.monotonic_ns()}.db")]
    command += ["--state-dir", str(folder)]
    with ExitStack() as stack:
        taking: list[subprocess.Popen[bytes]] = []
        if broker is not None:
            command += ["--broker", broker]
            taking = stack.enter_context(running_workers(workers, broker, stub, folder))
        server = _started(command, folder / f"serve-{port}.log")
        try:
            wait_for_port(port, tries=1200)
            url = f"http://127.0.0.1:{port}/webhook/{FIELDS_PATH}"
            yield Serving(url, [server.pid, *(worker.pid for worker in taking)])
        finally:
            _stop(server)


QUEUES = (("in-process", 0), ("Redis, 1 worker", 1), ("Redis, 2 workers", 2))
"""Where executions run: the serve process, or this many workers on Redis."""


async def fields_rows(
    requests: int, concurrency: int, stub: str, folder: Path
) -> list[tuple[str, dict[str, float]]]:
    """Section 1: the Edit Fields webhook served by kflow (per queue) and by n8n."""
    rows = []
    for name, workers in QUEUES:
        with ExitStack() as stack:
            redis = stack.enter_context(redis_server(folder)) if workers else None
            serving = stack.enter_context(kflow_serving(folder, stub, redis, workers))
            await warm_up(serving.url)
            load = await call_edit_fields(serving.url, requests, concurrency)
            rss = sum(peak_rss_mb(pid) for pid in serving.pids)
        rows.append((f"kflow, {name}", summary(load, rss)))
    n8n = await n8n_edit_fields_load(requests, concurrency)
    if n8n is not None:
        rows.append((f"n8n {N8N_VERSION}", n8n))
    return rows


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


async def drain(
    requests: int, stub: str, folder: Path, broker: str, workers: int
) -> tuple[float, int]:
    """Executions finished per second when `workers` start on a queue of `requests`, and
    how many succeeded."""
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
    succeeded = int(done.fetchone()[0])
    await parts.close()
    store.close()
    return requests / elapsed, succeeded


TARGET_PER_S = 300
"""Issue 21: executions/s in-process for webhook → Edit Fields, and at least 10× n8n."""
TARGET_TIMES_N8N = 10


async def keitaro_rows(
    requests: int, concurrency: int, stub: str, folder: Path
) -> tuple[list[tuple[str, dict[str, float]]], list[tuple[int, float, int]]]:
    """Section 2: the click-update webhook per queue, then a backlog drained by workers."""
    rows = [("in-process", await run(requests, concurrency, stub, folder, None))]
    for workers in (1, 2):
        with redis_server(folder) as redis, running_workers(workers, redis, stub, folder):
            result = await run(requests, concurrency, stub, folder, redis)
        rows.append((f"Redis, {workers} worker{'s' if workers > 1 else ''}", result))
    drained = []
    for workers in (1, 2):
        with redis_server(folder) as redis:
            drained.append((workers, *await drain(requests, stub, folder, redis, workers)))
    return rows, drained


def machine() -> str:
    """The OS, the CPUs and their model."""
    model = ""
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = f" ({line.split(':', 1)[1].strip()})"
                break
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs{model}"


def fields_text(rows: list[tuple[str, dict[str, float]]], requests: int, concurrency: int) -> str:
    """Section 1 of the results: the table and the targets."""
    table = "\n".join(
        f"| {name} | {r['executions_per_s']:,.0f} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms "
        f"| {r['peak_rss_mb']:,.0f} MB | {r['wrong']:,} |"
        for name, r in rows
    )
    found = dict(rows)
    kflow = found["kflow, in-process"]["executions_per_s"]
    n8n = found.get(f"n8n {N8N_VERSION}", {}).get("executions_per_s")
    targets = [_verdict(f"at least {TARGET_PER_S} executions/s in-process", kflow, TARGET_PER_S)]
    if n8n is None:
        targets.append(f"- at least {TARGET_TIMES_N8N}× n8n: not measured (n8n not installed).")
    else:
        targets.append(
            _verdict(
                f"at least {TARGET_TIMES_N8N}× n8n ({TARGET_TIMES_N8N * n8n:,.0f}/s here; "
                f"kflow {kflow / n8n:.1f}× n8n)",
                kflow,
                TARGET_TIMES_N8N * n8n,
            )
        )
    return f"""## 1. Webhook → Edit Fields, kflow and n8n

bench/webhook-edit-fields.yaml: a webhook answering when the flow ends with the item that
Edit Fields made from two expressions (`{{{{ $json.body.price * $json.body.qty }}}}` and
`Hello {{{{ $json.body.name.toUpperCase() }}}}`). Each server is started as a user starts it
(`kflow serve`, `kflow worker`, `n8n start` with the flow exported by `kflow export
workflow`, imported and published), answers {WARM_UP_CALLS} warm-up calls, then {requests:,}
calls with {concurrency} in flight on kept-alive connections; every answer is checked.
Executions/s: calls over the load's wall time (each answer is one finished execution).
p50/p99: per call. Peak RSS: VmHWM of the serving processes, summed (kflow serve and its
workers, not redis-server; n8n and its task runner). Executions are recorded in SQLite
by both (n8n's defaults: regular mode, every execution saved).

| server | executions/s | p50 | p99 | peak RSS | wrong answers |
|---|---|---|---|---|---|
{table}

Targets (issue 21):
{chr(10).join(targets)}
"""


def _verdict(target: str, value: float, goal: float) -> str:
    if value >= goal:
        return f"- {target}: **met**, {value:,.0f}/s ({value / goal:.2f}× the target)."
    return (
        f"- {target}: **missed** by {goal - value:,.0f}/s: {value:,.0f}/s is "
        f"{value / goal:.0%} of the target."
    )


def keitaro_text(
    rows: list[tuple[str, dict[str, float]]], drained: list[tuple[int, float, int]], requests: int
) -> str:
    """Section 2 of the results: the click-update webhook and the backlog."""
    table = "\n".join(
        f"| {name} | {r['answers_per_s']:,.0f} | {r['executions_per_s']:,.0f} "
        f"| {r['succeeded']:,} of {r['requests']:,} | {r['p50_ms']:.1f} ms | {r['p99_ms']:.1f} ms |"
        for name, r in rows
    )
    backlog = "\n".join(
        f"| {workers} | {rate:,.0f} | {succeeded:,} of {requests:,} |"
        for workers, rate, succeeded in drained
    )
    return f"""## 2. Webhook → Keitaro click update, per queue

A webhook answering on receipt starts a flow that updates one click on the local stub
tracker; executions are recorded in SQLite (WAL). The queue is taskiq's in-process broker,
or taskiq-redis's stream broker on a local redis-server with `kflow worker` processes.
The server runs inside the benchmark's process here, beside its clients.

| queue | webhook answers/s | executions finished/s | succeeded | p50 answer | p99 answer |
|---|---|---|---|---|---|
{table}

A backlog of {requests:,} executions queued on Redis, then the workers started:

| workers | executions finished/s | succeeded |
|---|---|---|
{backlog}
"""


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32, help="section 2's")
    parser.add_argument("--fields-concurrency", type=int, default=20, help="section 1's")
    parser.add_argument("--part", choices=("all", "fields", "keitaro"), default="all")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS-serve.md")
    args = parser.parse_args()
    sections = []
    with running_stub() as stub, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.part in ("all", "fields"):
            rows = await fields_rows(args.requests, args.fields_concurrency, stub, folder)
            sections.append(fields_text(rows, args.requests, args.fields_concurrency))
            print(sections[-1], flush=True)
        if args.part in ("all", "keitaro"):
            rows, drained = await keitaro_rows(args.requests, args.concurrency, stub, folder)
            sections.append(keitaro_text(rows, drained, args.requests))
    command = " ".join(["python bench/serve.py", *sys.argv[1:]])
    text = f"""# kflow serve benchmark

`{command}`, one run, on {machine()}, Python {platform.python_version()}.

""" + "\n".join(sections)
    args.out.write_text(text, encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    asyncio.run(main())
