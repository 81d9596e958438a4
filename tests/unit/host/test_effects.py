"""The effect ledger: a create runs once per (execution, node, item), however often the
execution runs; an interrupted one is adopted, sent again, or marked for review."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host.descriptors import NodeDescription
from kflow.host.effects import Effect, Effects, MemoryLedger, ReviewNeeded
from kflow.host.errors import NodeApiError, NodeError
from kflow.host.http import HttpClient
from kflow.host.items import make_item
from kflow.host.node import ItemContext
from kflow.host.runner import execute_items
from kflow.host.settings import NodeSettings
from tests.unit.host.item_runs import item_run

DESCRIPTION = NodeDescription.model_validate(
    {
        "displayName": "Maker",
        "name": "maker",
        "description": "test node",
        "defaults": {"name": "Maker"},
        "properties": [],
    }
)


class Tracker:
    """Objects by id, and how many create requests arrived."""

    def __init__(self) -> None:
        self.objects: dict[int, str] = {}
        self.creates = 0
        self.fail_with: int | None = None

    def create(self, name: str) -> int:
        self.creates += 1
        if self.fail_with is not None:
            raise NodeApiError("Maker", "refused", http_code=self.fail_with)
        new = max(self.objects, default=0) + 1
        self.objects[new] = name
        return new


class MakerNode:
    """Creates an object named by the item; not idempotent."""

    description = DESCRIPTION

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def prepare(self, ctx: ItemContext) -> str:
        return str(ctx.item["name"])

    async def execute(self, ctx: ItemContext, name: str, http: HttpClient) -> list[dict]:
        return [{"id": self.tracker.create(name), "name": name}]

    def error_output(self, ctx: ItemContext, prepared: Any, error: NodeError) -> dict:
        return {"error": error.to_json()}


class FindingMakerNode(MakerNode):
    """The same, able to look up what a create made by its name."""

    async def find_created(
        self, ctx: ItemContext, name: str, http: HttpClient
    ) -> dict[str, list[dict]]:
        return {
            str(key): [{"id": key, "name": value}]
            for key, value in self.tracker.objects.items()
            if value == name
        }


def _items(*names: str) -> list:
    return [make_item({"name": name}) for name in names]


async def _run(node: MakerNode, effects: Effects, *names: str, **settings: Any) -> list:
    run = item_run(node, _items(*names), {}, node_settings=NodeSettings(**settings))
    run.effects = effects
    run.http = HttpClient()
    main, _ = await execute_items(node, run)
    return [item["json"] for item in main]


async def test_running_an_execution_again_replays_its_creates_without_sending() -> None:
    tracker, ledger = Tracker(), MemoryLedger()
    first = await _run(MakerNode(tracker), Effects(ledger, "db:1"), "a", "b")
    again = await _run(MakerNode(tracker), Effects(ledger, "db:1"), "a", "b")
    assert again == first == [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]
    assert tracker.creates == 2
    other = await _run(MakerNode(tracker), Effects(ledger, "db:2"), "a")
    assert other == [{"id": 3, "name": "a"}], "another execution creates anew"


async def test_without_a_ledger_every_run_creates() -> None:
    tracker = Tracker()
    node = MakerNode(tracker)
    for _ in range(2):
        await execute_items(node, item_run(node, _items("a"), {}, http=HttpClient()))
    assert tracker.creates == 2


async def _interrupted(ledger: MemoryLedger, before: list[str] | None) -> None:
    """What a run that died after sending, before recording, leaves."""
    await ledger.claim("db:1", "Maker\x1f0", Effect("intent", before))


async def test_an_interrupted_create_the_tracker_made_is_adopted() -> None:
    tracker, ledger = Tracker(), MemoryLedger()
    tracker.objects = {1: "a"}  # an older object of the same name
    await _interrupted(ledger, ["1"])
    tracker.objects[2] = "a"  # what the dead run made
    out = await _run(FindingMakerNode(tracker), Effects(ledger, "db:1"), "a")
    assert out == [{"id": 2, "name": "a"}]
    assert tracker.creates == 0
    assert (await ledger.claim("db:1", "Maker\x1f0", Effect("intent"))) == Effect(
        "done", outputs=[{"id": 2, "name": "a"}]
    )


async def test_an_interrupted_create_the_tracker_never_got_is_sent() -> None:
    tracker, ledger = Tracker(), MemoryLedger()
    tracker.objects = {1: "a"}
    await _interrupted(ledger, ["1"])
    out = await _run(FindingMakerNode(tracker), Effects(ledger, "db:1"), "a")
    assert out == [{"id": 2, "name": "a"}]
    assert tracker.creates == 1


async def test_an_interrupted_create_that_cannot_be_looked_up_is_marked_for_review() -> None:
    tracker, ledger = Tracker(), MemoryLedger()
    await _interrupted(ledger, None)
    effects = Effects(ledger, "db:1")
    with pytest.raises(ReviewNeeded, match=r"needs review.*cannot look up"):
        await _run(MakerNode(tracker), effects, "a")
    assert tracker.creates == 0
    assert effects.reviews == ["Maker item 0"]


async def test_two_new_candidates_are_marked_for_review() -> None:
    tracker, ledger = Tracker(), MemoryLedger()
    await _interrupted(ledger, [])
    tracker.objects = {1: "a", 2: "a"}
    out = await _run(
        FindingMakerNode(tracker),
        Effects(ledger, "db:1"),
        "a",
        onError="continueRegularOutput",
    )
    assert "2 new objects match it" in out[0]["error"]["message"]
    assert tracker.creates == 0


async def test_a_refused_create_is_forgotten_and_an_ambiguous_one_is_not() -> None:
    tracker, ledger = Tracker(), MemoryLedger()
    node = MakerNode(tracker)
    tracker.fail_with = 406
    with pytest.raises(NodeApiError):
        await _run(node, Effects(ledger, "db:1"), "a")
    assert ledger.effects == {}, "a 4xx changed nothing: the next run may send it"
    tracker.fail_with = 502
    with pytest.raises(NodeApiError):
        await _run(node, Effects(ledger, "db:1"), "a")
    assert ledger.effects[("db:1", "Maker\x1f0")].state == "intent"


async def test_idempotent_requests_bypass_the_ledger() -> None:
    tracker, ledger = Tracker(), MemoryLedger()

    class Overwrite(MakerNode):
        @staticmethod
        def is_idempotent(prepared: Any) -> bool:
            return True

    await _run(Overwrite(tracker), Effects(ledger, "db:1"), "a")
    await _run(Overwrite(tracker), Effects(ledger, "db:1"), "a")
    assert tracker.creates == 2
    assert ledger.effects == {}


async def test_a_recorded_create_is_replayed_without_looking_it_up() -> None:
    tracker, ledger = Tracker(), MemoryLedger()
    node = FindingMakerNode(tracker)
    looked: list[str] = []
    original = node.find_created

    async def counting(ctx: ItemContext, name: str, http: HttpClient) -> dict:
        looked.append(name)
        return await original(ctx, name, http)

    node.find_created = counting  # type: ignore[method-assign]
    await _run(node, Effects(ledger, "db:1"), "a")
    await _run(node, Effects(ledger, "db:1"), "a")
    assert looked == ["a"], "the second run read the ledger only"
