"""A graceful stop: the stop state, and the engine's rules once it is requested.

An in-memory tracker answers click updates and can hold every answer after the first k,
so that a test interrupts the run at a known point: k answered, the held ones in flight.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.engine import FlowResult, run_flow
from kflow.host.engine.windowed import run_windowed
from kflow.host.flow import Flow, parse_flow
from kflow.host.http import Exchange
from kflow.host.interrupt import Interrupt, NodeTally, handle_signals
from kflow.host.items import Item, make_item
from kflow.host.redaction import Redactor
from kflow.host.settings import RunSettings, http_client
from tests.support import CANARY_KEY, TRACKER

CONCURRENCY = 4


class Tracker:
    """A host.http Transport answering click updates with the click; every answer after the
    first `answer_first` waits until `release()`. Clicks named in `unavailable` get 503."""

    def __init__(self, answer_first: int = 10**9, unavailable: frozenset[str] = frozenset()):
        self.answer_first = answer_first
        self.unavailable = unavailable
        self.arrived: list[str] = []
        self.received: list[str] = []
        self.held = 0
        self._gate = asyncio.Event()
        self._changed = asyncio.Event()

    async def exchange(self, request: Exchange) -> tuple[int, dict[str, str], str]:
        click = request.url.rsplit("/", 1)[1]
        self.arrived.append(click)
        if len(self.arrived) > self.answer_first:
            self.held += 1
            self._changed.set()
            await self._gate.wait()
        self.received.append(click)
        self._changed.set()
        headers = {"Content-Type": "application/json"}
        if click in self.unavailable:
            return 503, {**headers, "Retry-After": "30"}, '{"error": "Service unavailable"}'
        return 200, headers, json.dumps({"sub_id": click, **(request.json or {})}, default=str)

    async def until(self, *, held: int = 0, received: int = 0) -> None:
        """Waits until this many requests are held, and this many were answered."""
        while self.held < held or len(self.received) < received:
            self._changed.clear()
            await self._changed.wait()

    def release(self) -> None:
        self._gate.set()


def keitaro(name: str, click: str, **settings: Any) -> dict[str, Any]:
    return {
        "name": name,
        "type": "keitaro",
        "parameters": {
            "resource": "click",
            "operation": "update",
            "clickId": click,
            "clickData": '={"cost": {{ $json.n ?? 1 }}}',
        },
        **settings,
    }


TAG = {
    "name": "Tag",
    "type": "set",
    "parameters": {
        "includeOtherFields": True,
        "assignments": {"assignments": [{"name": "tagged", "value": True, "type": "boolean"}]},
    },
}


def chain(*nodes: dict[str, Any]) -> Flow:
    names = [node["name"] for node in nodes]
    connections = {a: [b] for a, b in itertools.pairwise(names)}
    return parse_flow({"name": "t", "nodes": list(nodes), "connections": connections}, source="t")


def clicks(count: int) -> list[Item]:
    return [make_item({"subid": f"c{i}", "n": i}) for i in range(count)]


def credentials() -> Credentials:
    creds = Credentials(Redactor([CANARY_KEY]))
    creds.add(KEITARO_API, {"domain": TRACKER, "apiKey": CANARY_KEY})
    return creds


async def run(
    flow: Flow,
    tracker: Tracker,
    interrupt: Interrupt | None,
    items: list[Item],
    tmp_path: Path,
    **options: Any,
) -> FlowResult:
    settings = RunSettings(concurrency=CONCURRENCY, max_retry_wait=60)
    async with http_client(settings, tracker) as http:
        return await run_flow(
            flow,
            credentials=credentials(),
            settings=settings,
            items=items,
            base_dir=tmp_path,
            http=http,
            interrupt=interrupt,
            **options,
        )


def click_of(data: dict[str, Any]) -> str:
    return str(data["request"]["url"]).rsplit("/", 1)[1]


# The stop state


def test_the_first_signal_requests_a_stop_the_second_aborts_later_ones_are_ignored() -> None:
    interrupt = Interrupt()
    assert not interrupt.requested and not interrupt.aborted
    assert interrupt.signal() is True
    assert interrupt.requested and not interrupt.aborted
    assert interrupt.signal() is True
    assert interrupt.aborted
    assert interrupt.signal() is False


async def test_a_wait_between_tries_ends_when_a_stop_is_requested() -> None:
    interrupt = Interrupt()
    assert await interrupt.pause(0) is False
    waiting = asyncio.create_task(interrupt.pause(3600))
    await asyncio.sleep(0)
    interrupt.signal()
    assert await asyncio.wait_for(waiting, 10) is True


async def test_an_abort_cancels_only_the_tasks_that_are_sending() -> None:
    interrupt = Interrupt()
    gate = asyncio.Event()

    async def send() -> None:
        with interrupt.sending():
            await gate.wait()

    sending, idle = asyncio.create_task(send()), asyncio.create_task(gate.wait())
    await asyncio.sleep(0)
    interrupt.signal()
    await asyncio.sleep(0)
    assert not sending.done()
    interrupt.signal()
    with pytest.raises(asyncio.CancelledError):
        await sending
    assert not idle.done()
    gate.set()
    await idle


async def test_signals_reach_the_stop_state_and_later_ones_are_ignored() -> None:
    interrupt = Interrupt()
    heard: list[tuple[bool, bool]] = []
    changed = asyncio.Event()

    def notify(stop: Interrupt) -> None:
        heard.append((stop.requested, stop.aborted))
        changed.set()

    with handle_signals(interrupt, notify) as installed:
        if not installed:
            pytest.skip("signals can only be handled in the main thread on Unix")
        for number in (signal.SIGTERM, signal.SIGINT):
            changed.clear()
            os.kill(os.getpid(), number)
            await asyncio.wait_for(changed.wait(), 10)
        os.kill(os.getpid(), signal.SIGINT)
        await _loop_turns()
    # After the block too, until the loop closes: no KeyboardInterrupt breaks in.
    os.kill(os.getpid(), signal.SIGINT)
    await _loop_turns()
    assert heard == [(True, False), (True, True)]


async def _loop_turns() -> None:
    """Lets the loop read the signals that came (asyncio takes them between steps)."""
    for _ in range(3):
        await asyncio.sleep(0)


async def test_signal_handlers_are_removed_when_nothing_was_stopped() -> None:
    with handle_signals(Interrupt()) as installed:
        if not installed:
            pytest.skip("signals can only be handled in the main thread on Unix")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# The engine


async def test_without_an_interrupt_nothing_changes(tmp_path: Path) -> None:
    result = await run(
        chain(keitaro("Update", "={{ $json.subid }}")), Tracker(), None, clicks(9), tmp_path
    )
    assert [click_of(item["json"]) for item in result.items] == [f"c{i}" for i in range(9)]


async def test_an_entry_node_starts_nothing_new_and_its_requests_in_flight_finish(
    tmp_path: Path,
) -> None:
    tracker, interrupt = Tracker(answer_first=6), Interrupt()
    flow = chain(keitaro("Update", "={{ $json.subid }}"), TAG)
    running = asyncio.create_task(run(flow, tracker, interrupt, clicks(40), tmp_path))
    await tracker.until(held=CONCURRENCY)
    interrupt.signal()
    tracker.release()
    result = await running

    sent = 6 + CONCURRENCY
    assert tracker.received == [f"c{i}" for i in range(sent)]
    # Every request the tracker received has its output item, and it went on through Tag.
    assert [click_of(item["json"]) for item in result.items] == tracker.received
    assert all(item["json"]["tagged"] and item["json"]["success"] for item in result.items)
    tally = interrupt.tallies["Update"]
    assert (tally.entry, tally.sent, tally.succeeded, tally.failed) == (True, sent, sent, 0)
    assert interrupt.first_not_started() == sent


async def test_not_started_is_counted_in_the_run_input_through_paired_items(
    tmp_path: Path,
) -> None:
    tracker, interrupt = Tracker(answer_first=3), Interrupt()
    odd = {
        "name": "Odd",
        "type": "filter",
        "parameters": {
            "conditions": {
                "conditions": [
                    {
                        "leftValue": "={{ $json.n % 2 }}",
                        "rightValue": 1,
                        "operator": {"type": "number", "operation": "equals"},
                    }
                ],
                "combinator": "and",
                "options": {},
            }
        },
    }
    flow = chain({"name": "In", "type": "input"}, odd, keitaro("Update", "={{ $json.subid }}"))
    running = asyncio.create_task(
        run(flow, tracker, interrupt, clicks(40), tmp_path, input_offset=100)
    )
    await tracker.until(held=CONCURRENCY)
    interrupt.signal()
    tracker.release()
    await running
    # Odd items 1, 3, … 13 were sent (7 of them); the next, input item 15, was not started.
    assert tracker.received == [f"c{i}" for i in range(1, 15, 2)]
    assert interrupt.tallies["Update"].not_started_from == 100 + 15


async def test_downstream_items_are_not_dropped_but_marked_not_sent(tmp_path: Path) -> None:
    tracker, interrupt = Tracker(answer_first=5), Interrupt()
    flow = chain(
        keitaro("Update", "={{ $json.subid }}"),
        TAG,
        keitaro("Again", "={{ $json.data.sub_id }}-again"),
    )
    running = asyncio.create_task(run(flow, tracker, interrupt, clicks(30), tmp_path))
    await tracker.until(held=CONCURRENCY)
    interrupt.signal()
    tracker.release()
    result = await running

    sent = 5 + CONCURRENCY
    assert tracker.received == [f"c{i}" for i in range(sent)]  # nothing at all for Again
    assert len(result.items) == sent
    for index, item in enumerate(result.items):
        data = item["json"]
        assert click_of(data) == f"c{index}"  # the input json is kept, with Update's request
        assert data["tagged"] is True
        assert data["error"]["node"] == "Again"
        assert data["error"]["interrupted"] is True
        assert data["error"]["message"].startswith("not sent: the run was interrupted")
        assert item["pairedItem"] == {"item": index}
    again = interrupt.tallies["Again"]
    assert (again.entry, again.sent, again.not_sent) == (False, 0, sent)
    assert interrupt.first_not_started() == sent


async def test_a_downstream_node_interrupted_midway_keeps_what_it_sent(tmp_path: Path) -> None:
    tracker, interrupt = Tracker(answer_first=12 + 3), Interrupt()
    flow = chain(
        keitaro("Update", "={{ $json.subid }}"),
        keitaro("Again", "={{ $json.data.sub_id }}-again", onError="continueErrorOutput"),
    )
    running = asyncio.create_task(run(flow, tracker, interrupt, clicks(12), tmp_path))
    await tracker.until(held=CONCURRENCY)
    interrupt.signal()
    tracker.release()
    result = await running

    again = [f"c{i}-again" for i in range(3 + CONCURRENCY)]
    assert tracker.received == [f"c{i}" for i in range(12)] + again
    regular, errors = result.outputs["Again"]
    assert [click_of(item["json"]) for item in regular] == again
    # The rest went to the error output with Update's output as their json.
    assert [click_of(item["json"]) for item in errors] == [f"c{i}" for i in range(7, 12)]
    assert all(item["json"]["error"]["interrupted"] for item in errors)
    assert interrupt.first_not_started() is None  # every input item was sent by Update


async def test_a_second_interrupt_cancels_the_requests_in_flight(tmp_path: Path) -> None:
    tracker, interrupt = Tracker(answer_first=2), Interrupt()
    running = asyncio.create_task(
        run(
            chain(keitaro("Update", "={{ $json.subid }}")), tracker, interrupt, clicks(20), tmp_path
        )
    )
    await tracker.until(held=CONCURRENCY)
    interrupt.signal()
    interrupt.signal()
    result = await running

    assert tracker.received == ["c0", "c1"]
    outputs = [item["json"] for item in result.items]
    assert [click_of(data) for data in outputs[:2]] == ["c0", "c1"]
    cut_off = outputs[2:]
    # Cut off in flight: failure items holding the input, even with stopWorkflow.
    assert [data["subid"] for data in cut_off] == [f"c{i}" for i in range(2, 2 + CONCURRENCY)]
    assert all("may have received it" in data["error"]["message"] for data in cut_off)
    tally = interrupt.tallies["Update"]
    assert (tally.sent, tally.succeeded, tally.aborted) == (2 + CONCURRENCY, 2, CONCURRENCY)
    assert interrupt.first_not_started() == 2 + CONCURRENCY


@pytest.mark.parametrize("on_error", ["stopWorkflow", "continueRegularOutput"])
async def test_an_item_waiting_to_try_again_ends_with_its_last_error(
    tmp_path: Path, on_error: str
) -> None:
    tracker, interrupt = Tracker(unavailable=frozenset({"c1"})), Interrupt()
    # Even with stopWorkflow the failure becomes an item: the run is ending anyway, and
    # the output must still record c0's request.
    flow = chain(keitaro("Update", "={{ $json.subid }}", onError=on_error))
    running = asyncio.create_task(run(flow, tracker, interrupt, clicks(2), tmp_path))
    await tracker.until(received=2)  # c1 got its 503 and waits 30 s before trying again
    interrupt.signal()
    result = await asyncio.wait_for(running, 10)

    assert tracker.received == ["c0", "c1"]
    assert result.items[0]["json"]["success"] is True
    failed = result.items[1]["json"]
    assert failed["error"]["httpCode"] == 503
    assert "tries" not in failed["error"]
    assert interrupt.tallies["Update"].failed == 1


async def test_a_stream_reads_no_window_after_the_stop(tmp_path: Path) -> None:
    tracker, interrupt = Tracker(answer_first=4), Interrupt()
    pulled: list[int] = []

    def items() -> Iterator[Item]:
        for item in clicks(10):
            pulled.append(item["json"]["n"])
            yield item

    written: list[Item] = []
    settings = RunSettings(concurrency=CONCURRENCY)
    async with http_client(settings, tracker) as http:
        running = asyncio.create_task(
            run_windowed(
                chain(keitaro("Update", "={{ $json.subid }}")),
                items(),
                written.extend,
                credentials=credentials(),
                settings=settings,
                base_dir=tmp_path,
                window=3,
                first_index=50,
                interrupt=interrupt,
                http=http,
            )
        )
        # The first window is answered, and item 3 of the second; items 4 and 5 are held.
        await tracker.until(held=2)
        interrupt.signal()
        tracker.release()
        await running
    assert pulled == list(range(6))
    assert [click_of(item["json"]) for item in written] == [f"c{i}" for i in range(6)]
    assert interrupt.unread_from == 56
    assert interrupt.first_not_started() == 56


def test_the_summary_says_what_was_sent_and_how_to_resume() -> None:
    from kflow.host.cli.output import stop_summary

    interrupt = Interrupt()
    tally = interrupt.tally("Update", entry=True)
    tally.sent, tally.succeeded, tally.failed = 288, 280, 8
    tally.not_started_at(288, 4712)
    assert stop_summary(interrupt, resume="--skip") == (
        "kflow: interrupted: 288 items sent (280 succeeded, 8 failed); items 288 and after "
        "were not started. To resume: the same command with --skip 288"
    )
    again = interrupt.tally("Again", entry=False)
    again.sent, again.succeeded, again.not_sent = 100, 100, 188
    lines = stop_summary(interrupt, resume="--skip").splitlines()
    assert lines[0].startswith("kflow: interrupted; items 288 and after were not started.")
    assert lines[1:] == [
        "  Update: 288 items sent (280 succeeded, 8 failed); not started from item 288",
        "  Again: 100 items sent (100 succeeded, 0 failed); 188 items not sent, marked so in "
        "the output",
    ]


def test_a_dry_runs_held_items_are_not_counted_as_sent() -> None:
    from kflow.host.cli.output import stop_summary

    interrupt = Interrupt()
    tally = interrupt.tally("Disable", entry=True)
    tally.sent, tally.succeeded, tally.held = 10, 10, 7
    tally.not_started_at(10, 5)
    assert stop_summary(interrupt, resume="--skip").startswith(
        "kflow: interrupted: 3 items sent (3 succeeded, 0 failed); 7 items held by the dry run;"
    )


def test_a_tally_keeps_the_earliest_item_not_started() -> None:
    tally = NodeTally("Update", entry=True)
    tally.not_started_at(40, 2)
    tally.not_started_at(12, 1)
    tally.not_started_at(None, 3)
    assert (tally.not_started_from, tally.unplaced) == (12, 3)


async def test_a_task_is_marked_sending_only_inside_the_block_even_when_it_fails() -> None:
    interrupt = Interrupt()
    with pytest.raises(RuntimeError), interrupt.sending():
        assert interrupt._sending == {asyncio.current_task()}
        raise RuntimeError("boom")
    assert not interrupt._sending
