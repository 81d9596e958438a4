"""Ctrl-C and SIGTERM on `kflow node` and `kflow run`: every request the tracker received has
its output item, the outputs are valid files, and `--skip N` resumes exactly.

A real `kflow` process updates clicks in a recording sandbox. The sandbox answers the first
k requests and holds every later answer (a slow answer that lasts until the test lets it
go), so that the signal comes at a known point: k requests received, one held per worker.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
import signal
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from kflow.sandbox import SandboxServer
from kflow.sandbox.faults import FaultPlan
from tests.integration.test_cli import KFLOW
from tests.support import CANARY_KEY, FIXED_NOW

ITEMS = 1500
"""Streamed inputs run in windows of 1,000: the second window is the last."""
CONCURRENCY = 8
CLICK_PATH = "/admin_api/v1/clicks/"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class HeldAnswers(FaultPlan):
    """Answers `answer_first` requests, then holds each later answer until `release()`.
    A held request was received, and is applied when released even if kflow hung up."""

    def __init__(self) -> None:
        super().__init__({})
        self.answer_first = 10**9
        self.arrived = 0
        self.held = 0
        self.done = 0
        self._gate = asyncio.Event()
        self._changed = asyncio.Event()

    def hold_after(self, count: int) -> None:
        """From now on, answer `count` more requests and hold the rest."""
        self.answer_first, self.held = self.arrived + count, 0
        self._gate.clear()

    def release(self) -> None:
        self.answer_first = 10**9
        self._gate.set()

    async def until(self, condition: Callable[[], bool]) -> None:
        while not condition():
            self._changed.clear()
            await self._changed.wait()

    def middleware(self) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
        @web.middleware
        async def hold(request: web.Request, handler: Handler) -> web.StreamResponse:
            self.arrived += 1
            if self.arrived > self.answer_first:
                # Received in full, only the answer waits. (The recorder then logs no body:
                # it is read here already.)
                await request.read()
                self.held += 1
                self._changed.set()
                await self._gate.wait()
            try:
                return await handler(request)
            finally:
                self.done += 1
                self._changed.set()

        return hold


@dataclass
class Tracker:
    """The recording sandbox, its held answers, a credentials file, and the items to send."""

    server: SandboxServer
    plan: HeldAnswers
    creds: Path
    clicks: list[str]
    folder: Path

    def received(self) -> list[str]:
        """The clicks whose update the sandbox received and applied, in order."""
        return [
            r.path.removeprefix(CLICK_PATH)
            for r in self.server.requests
            if r.method == "PUT" and r.path.startswith(CLICK_PATH)
        ]

    def items(self, name: str, count: int = ITEMS) -> Path:
        """The first `count` items {subid, n} as a .jsonl, .json or .csv file."""
        rows = [{"subid": click, "n": n} for n, click in enumerate(self.clicks[:count])]
        path = self.folder / name
        if name.endswith(".jsonl"):
            path.write_text("".join(json.dumps(row) + "\n" for row in rows))
        elif name.endswith(".json"):
            path.write_text(json.dumps(rows))
        else:
            path.write_text("subid,n\n" + "".join(f"{r['subid']},{r['n']}\n" for r in rows))
        return path


@pytest.fixture
async def tracker(tmp_path: Path) -> AsyncIterator[Tracker]:
    plan = HeldAnswers()
    server = SandboxServer(api_key=CANARY_KEY, clock=lambda: FIXED_NOW, faults=plan, record=True)
    rows = server.store.conn.execute("SELECT sub_id FROM clicks ORDER BY id LIMIT ?", (ITEMS,))
    clicks = [row[0] for row in rows]
    assert len(clicks) == ITEMS
    async with server:
        creds = tmp_path / "creds.yaml"
        creds.write_text(f"keitaroApi:\n  domain: {server.url}\n  apiKey: {CANARY_KEY}\n")
        yield Tracker(server, plan, creds, clicks, tmp_path)


@dataclass
class Run:
    code: int
    err: str
    received: list[str]
    """What the tracker received during this run."""

    def first_not_started(self) -> int:
        """N, from the stop summary: items N and after were not started."""
        said = r"items (\d+) and after were not started\. To resume: .* --skip (\d+)$"
        found = re.search(said, self.err, re.M)
        assert found, self.err
        assert found[1] == found[2]
        return int(found[1])


def node_args(tracker: Tracker, items: Path, *extra: str) -> list[str]:
    return [
        "node",
        "keitaro",
        "-p",
        "resource=click",
        "-p",
        "operation=update",
        "-p",
        "clickId={{ $json.subid }}",
        "-p",
        'clickData={"cost": {{ $json.n }}}',
        "--items",
        str(items),
        "--credentials",
        str(tracker.creds),
        "--concurrency",
        str(CONCURRENCY),
        *extra,
    ]


async def kflow(
    tracker: Tracker,
    args: list[str],
    *,
    after: int | None = None,
    signals: tuple[signal.Signals, ...] = (signal.SIGINT,),
    stdin: bytes = b"",
) -> Run:
    """Runs kflow; with `after`, the tracker answers that many requests and holds the next
    one of each worker, and then the signals come, each once kflow has said it heard the
    one before. The held answers go out once kflow has heard them all."""
    before = len(tracker.received())
    if after is not None:
        tracker.plan.hold_after(after)
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tracker.folder,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(stdin)
    await proc.stdin.drain()
    proc.stdin.close()
    out = asyncio.create_task(proc.stdout.read())
    lines: list[str] = []

    async def said(prefix: str) -> None:
        assert proc.stderr is not None
        while not any(line.startswith(prefix) for line in lines):
            line = await proc.stderr.readline()
            assert line, f"kflow ended without saying {prefix!r}: {''.join(lines)}"
            lines.append(line.decode())

    try:
        if after is not None:
            await tracker.plan.until(lambda: tracker.plan.held == CONCURRENCY)
            for number, sig in enumerate(signals):
                proc.send_signal(sig)
                await said("kflow: aborting" if number else "kflow: stopping")
            tracker.plan.release()
            # Requests that kflow cut off still reach the tracker: let them finish too.
            await tracker.plan.until(lambda: tracker.plan.done == tracker.plan.arrived)
        rest = await asyncio.wait_for(proc.stderr.read(), 60)
        code = await asyncio.wait_for(proc.wait(), 60)
    finally:
        if proc.returncode is None:
            proc.kill()
    err = "".join(lines) + rest.decode()
    stdout = (await out).decode()
    assert CANARY_KEY not in stdout and CANARY_KEY not in err
    return Run(code, err, tracker.received()[before:])


def read_output(path: Path) -> list[dict[str, Any]]:
    """The output file, which must be valid: a JSON array, or whole JSON lines."""
    text = path.read_text()
    assert CANARY_KEY not in text
    if path.suffix == ".json":
        items = json.loads(text)
        assert isinstance(items, list)
        return items
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def click_of(data: dict[str, Any]) -> str:
    return str(data["request"]["url"]).removeprefix("http://").split(CLICK_PATH, 1)[1]


def request_of(data: dict[str, Any]) -> str:
    """The click an output item records a request for: its own request's, or for an item
    whose request was cut off in flight, its input's."""
    if "may have received it" in data.get("error", {}).get("message", ""):
        return str(data["subid"])
    return click_of(data)


def assert_every_request_has_its_output(
    tracker: Tracker, run: Run, outputs: list[dict[str, Any]], *, skip: int = 0
) -> int:
    """The guarantee: what the tracker received are the output items' requests (a request
    cut off in flight is in its failure item's input), all of them for the items before N
    and none from N on. Returns N."""
    assert run.code == 130, run.err
    assert Counter(run.received) == Counter(map(request_of, outputs))
    first = run.first_not_started()
    assert sorted(run.received) == sorted(tracker.clicks[skip:first])
    return first


async def assert_resumes_exactly(
    tracker: Tracker, run: Run, first: int, args: list[str], output: Path, *, skip: int = 0
) -> None:
    """`--skip N` sends exactly the items the interrupted run did not: together, every
    input item once."""
    again = await kflow(tracker, [*args, "--skip", str(first)])
    assert again.code == 0, again.err
    resumed = read_output(output)
    assert [click_of(data) for data in resumed] == tracker.clicks[first:]
    assert Counter(run.received + again.received) == Counter(tracker.clicks[skip:])


async def test_sigint_on_a_stream_writes_a_valid_array_and_resumes(tracker: Tracker) -> None:
    output = tracker.folder / "out.json"
    args = node_args(tracker, tracker.items("items.jsonl"), "--output", str(output))
    run = await kflow(tracker, args, after=300)
    outputs = read_output(output)
    first = assert_every_request_has_its_output(tracker, run, outputs)
    assert first == 300 + CONCURRENCY
    assert run.err.strip().splitlines()[-1] == (
        f"kflow: interrupted: {first} items sent ({first} succeeded, 0 failed); items {first} "
        f"and after were not started. To resume: the same command with --skip {first}"
    )
    await assert_resumes_exactly(tracker, run, first, args, output)


async def test_sigint_before_any_answer(tracker: Tracker) -> None:
    output = tracker.folder / "out.jsonl"
    args = node_args(
        tracker, tracker.items("items.jsonl"), "--output", str(output), "--format", "jsonl"
    )
    run = await kflow(tracker, args, after=0)
    first = assert_every_request_has_its_output(tracker, run, read_output(output))
    assert first == CONCURRENCY


async def test_sigint_during_the_last_window(tracker: Tracker) -> None:
    output = tracker.folder / "out.jsonl"
    args = node_args(
        tracker, tracker.items("items.jsonl"), "--output", str(output), "--format", "jsonl"
    )
    run = await kflow(tracker, args, after=1200)
    first = assert_every_request_has_its_output(tracker, run, read_output(output))
    assert first == 1200 + CONCURRENCY
    await assert_resumes_exactly(tracker, run, first, args, output)


async def test_sigint_on_csv_input_in_memory(tracker: Tracker) -> None:
    output = tracker.folder / "out.json"
    args = node_args(tracker, tracker.items("items.csv"), "--output", str(output))
    run = await kflow(tracker, args, after=200)
    first = assert_every_request_has_its_output(tracker, run, read_output(output))
    assert first == 200 + CONCURRENCY
    await assert_resumes_exactly(tracker, run, first, args, output)


async def test_sigterm_on_json_input_after_skipped_items(tracker: Tracker) -> None:
    output = tracker.folder / "out.jsonl"
    args = node_args(
        tracker,
        tracker.items("items.json"),
        "--skip",
        "100",
        "--format",
        "jsonl",
        "--output",
        str(output),
    )
    run = await kflow(tracker, args, after=150, signals=(signal.SIGTERM,))
    first = assert_every_request_has_its_output(tracker, run, read_output(output), skip=100)
    assert first == 100 + 150 + CONCURRENCY


async def test_a_second_sigint_cuts_off_the_requests_in_flight(tracker: Tracker) -> None:
    output = tracker.folder / "out.jsonl"
    args = node_args(
        tracker, tracker.items("items.jsonl"), "--output", str(output), "--format", "jsonl"
    )
    run = await kflow(tracker, args, after=100, signals=(signal.SIGINT, signal.SIGINT))
    outputs = read_output(output)
    first = assert_every_request_has_its_output(tracker, run, outputs)
    cut_off = [data for data in outputs if "error" in data]
    assert [data["subid"] for data in cut_off] == tracker.clicks[100:first]
    assert all("may have received it" in data["error"]["message"] for data in cut_off)
    assert f"{CONCURRENCY} cut off in flight" in run.err


async def test_a_flow_writing_csv_leaves_a_complete_file(tracker: Tracker) -> None:
    flow = tracker.folder / "costs.yaml"
    flow.write_text(
        """
name: Costs
nodes:
  - name: Price
    type: set
    parameters:
      includeOtherFields: true
      assignments:
        assignments: [{name: cost, value: "={{ $json.n / 10 }}", type: number}]
  - name: Update
    type: keitaro
    parameters:
      resource: click
      operation: update
      clickId: "={{ $json.subid }}"
      clickData: '={"cost": {{ $json.cost }}}'
  - name: Save
    type: writeFile
    parameters: {path: out/updated.csv}
connections: {Price: [Update], Update: [Save]}
"""
    )
    output = tracker.folder / "out.json"
    args = [
        "run",
        str(flow),
        "--input",
        str(tracker.items("items.jsonl")),
        "--credentials",
        str(tracker.creds),
        "--concurrency",
        str(CONCURRENCY),
        "--output",
        str(output),
    ]
    run = await kflow(tracker, args, after=1100)
    first = assert_every_request_has_its_output(tracker, run, read_output(output))
    assert first == 1100 + CONCURRENCY
    text = (tracker.folder / "out/updated.csv").read_text()
    assert text.endswith("\n") and CANARY_KEY not in text
    rows = list(csv.DictReader(text.splitlines()))  # the updated clicks' own columns
    assert [row["sub_id"] for row in rows] == run.received
    assert all(row.get("success", "true") == "true" for row in rows)


async def test_skip_needs_input_items(tracker: Tracker) -> None:
    args = ["run", str(tracker.folder / "flow.yaml"), "--skip", "3"]
    run = await kflow(tracker, args)
    assert run.code == 2
    assert "--skip needs input items: --input FILE" in run.err


@pytest.mark.parametrize("name", ["items.jsonl", "items.json"])
async def test_skipped_items_keep_their_numbers(tracker: Tracker, name: str) -> None:
    tracker.clicks[7] = "not/a-click"
    output = tracker.folder / "out.json"
    args = node_args(tracker, tracker.items(name, 12), "--skip", "5", "--continue-on-fail")
    args[args.index('clickData={"cost": {{ $json.n }}}')] = 'clickData={"cost": {{ $itemIndex }}}'
    run = await kflow(tracker, [*args, "--output", str(output)])
    assert run.code == 0, run.err
    outputs = read_output(output)
    assert outputs[2]["error"]["itemIndex"] == 7
    assert [json.loads(r.body)["cost"] for r in tracker.server.requests] == [5, 6, 8, 9, 10, 11]


async def test_skip_leaves_out_the_first_items_of_stdin(tracker: Tracker) -> None:
    rows = [{"subid": click, "n": n} for n, click in enumerate(tracker.clicks[:6])]
    text = "".join(json.dumps(row) + "\n" for row in rows)
    run = await kflow(tracker, node_args(tracker, Path("-"), "--skip", "4"), stdin=text.encode())
    assert run.code == 0, run.err
    assert run.received == tracker.clicks[4:6]
