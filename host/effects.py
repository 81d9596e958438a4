"""The effect ledger: a create that an execution made is not made again when it runs again.

Under `kflow serve` an execution may run more than once: its worker was killed, or serve
restarted while it ran. Reads and overwrites simply run again. A request that is not
idempotent (a create, a clone) goes through the ledger, keyed by (execution, node, item):

- recorded as done: its outputs are given again and nothing is sent;
- not recorded: the intent is recorded, the request sent, the outputs recorded;
- an intent without outputs (the earlier run died around the request): the node looks the
  object up (by the name or alias the create sent). Exactly one object that was not there
  before the intent is adopted; none means the create never happened, and it is sent; a
  node that cannot look it up, or several candidates, mark the item for review.

Effects that are not requests (a line appended to a file) go through the same ledger as
a `LocalEffect`, which can tell from a fingerprint taken before whether it happened since.

The ledger's storage is serve's database in-process and Redis for workers
(`kflow.host.serve.ledgers`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from kflow.host import jsontext
from kflow.host.errors import NodeApiError, NodeError
from kflow.host.http import HttpClient
from kflow.host.node import ItemContext

__all__ = [
    "Effect",
    "EffectLedger",
    "Effects",
    "FindsCreated",
    "LocalEffect",
    "MemoryLedger",
    "ReviewNeeded",
]

Outputs = list[dict[str, Any]]


@dataclass(frozen=True)
class Effect:
    """One recorded effect.

    Attributes:
        state: "intent" (about to be sent, outcome unknown) or "done".
        before: Keys of the objects the lookup found before the request was sent (None:
            the node cannot look this item's object up).
        outputs: The node's outputs for the item, once done.
    """

    state: Literal["intent", "done"]
    before: list[str] | None = None
    outputs: Outputs | None = None

    def encode(self) -> str:
        return jsontext.dumps({"state": self.state, "before": self.before, "outputs": self.outputs})

    @staticmethod
    def decode(text: str | bytes) -> Effect:
        data = json.loads(text)
        return Effect(data["state"], data.get("before"), data.get("outputs"))


class EffectLedger(Protocol):
    """Where effects are kept; keys are unique per execution, node and item."""

    async def get(self, execution: str, key: str) -> Effect | None:
        """The effect recorded under `key`, if any."""
        ...

    async def claim(self, execution: str, key: str, intent: Effect) -> Effect | None:
        """Records `intent` unless an effect is recorded under `key`; returns that one."""
        ...

    async def put(self, execution: str, key: str, effect: Effect | None) -> None:
        """Records `effect` under `key` (None: nothing happened, forget the intent)."""
        ...


@runtime_checkable
class FindsCreated(Protocol):
    """A node that can look up what an item's create would have made."""

    async def find_created(
        self, ctx: ItemContext, prepared: Any, http: HttpClient
    ) -> dict[str, Outputs] | None:
        """The matching objects now, by key, each as the outputs the create would give;
        None when this item's object cannot be looked up."""
        ...


@runtime_checkable
class LocalEffect(Protocol):
    """A change a node makes outside any tracker (a file append) that must happen once."""

    def fingerprint(self) -> list[str]:
        """What the world looks like before the change (recorded with the intent)."""
        ...

    def happened_since(self, fingerprint: list[str]) -> bool:
        """Whether the change is there, given the fingerprint taken before it."""
        ...

    async def apply(self) -> None:
        """Makes the change."""
        ...


class ReviewNeeded(NodeApiError):
    """A create may or may not have happened in an earlier run; it was not sent again."""


@dataclass
class Effects:
    """The ledger as one execution sees it."""

    ledger: EffectLedger
    execution: str
    reviews: list[str] = field(default_factory=list)
    """The items marked for review in this run (`<node> item <index>`)."""

    async def once(
        self,
        node: Any,
        ctx: ItemContext,
        prepared: Any,
        http: HttpClient,
        send: Callable[[], Awaitable[Outputs]],
        *,
        index: int,
    ) -> Outputs:
        """The item's outputs: recorded ones, an adopted object's, or `send()`'s."""
        key = f"{ctx.node_name}\x1f{index}"
        recorded = await self.ledger.get(self.execution, key)
        if recorded is not None and recorded.state == "done":
            return recorded.outputs or []
        finder = node if isinstance(node, FindsCreated) else None
        before = None
        found: dict[str, Outputs] | None = None
        if finder is not None:
            found = await finder.find_created(ctx, prepared, http)
            before = None if found is None else sorted(found)
        prior = await self.ledger.claim(self.execution, key, Effect("intent", before))
        if prior is not None and prior.state == "done":
            return prior.outputs or []
        if prior is not None:
            outputs = self._recovered(ctx, prior, found)
            if outputs is not None:
                await self.ledger.put(self.execution, key, Effect("done", outputs=outputs))
                return outputs
            await self.ledger.put(self.execution, key, Effect("intent", before))
        try:
            outputs = await send()
        except NodeError as error:
            if _certainly_not_done(error):
                await self.ledger.put(self.execution, key, None)
            raise
        await self.ledger.put(self.execution, key, Effect("done", outputs=outputs))
        return outputs

    async def once_local(self, node: str, key: str, effect: LocalEffect) -> None:
        """Applies `effect` unless this execution applied it before: recorded as done, or
        found to have happened after an intent that an earlier run left."""
        name = f"{node}\x1f{key}"
        recorded = await self.ledger.get(self.execution, name)
        if recorded is not None and recorded.state == "done":
            return
        before = effect.fingerprint()
        prior = await self.ledger.claim(self.execution, name, Effect("intent", before))
        if prior is not None and prior.state == "done":
            return
        if prior is not None:
            if prior.before is not None and effect.happened_since(prior.before):
                await self.ledger.put(self.execution, name, Effect("done", outputs=[]))
                return
            await self.ledger.put(self.execution, name, Effect("intent", before))
        await effect.apply()
        await self.ledger.put(self.execution, name, Effect("done", outputs=[]))

    def _recovered(
        self, ctx: ItemContext, prior: Effect, found: dict[str, Outputs] | None
    ) -> Outputs | None:
        """An earlier run's object (None: it was certainly not made, send the create).

        Raises:
            ReviewNeeded: It cannot be told whether the create happened.
        """
        if found is not None and prior.before is not None:
            new = [k for k in found if k not in prior.before]
            if len(new) == 1:
                return found[new[0]]
            if not new:
                return None
            why = f"{len(new)} new objects match it, so which one was made cannot be told"
        else:
            why = "the node cannot look up what it would have made"
        self.reviews.append(f"{ctx.node_name} item {ctx.item_index}")
        raise ReviewNeeded(
            ctx.node_name,
            f"needs review: an earlier run of execution {self.execution} was interrupted "
            f"around this item's request, and {why}; it was not sent again, so that nothing "
            "is made twice. Check the tracker, and make the object by hand if it is missing",
            item_index=ctx.item_index,
            permanent=True,
        )


def _certainly_not_done(error: NodeError) -> bool:
    """Whether the failed request certainly changed nothing: never sent, or refused with
    a 4xx answer."""
    if not isinstance(error, NodeApiError):
        return True
    return not error.sent or (error.http_code is not None and 400 <= error.http_code < 500)


class MemoryLedger:
    """A ledger in this process's memory (tests, and one-off runs)."""

    def __init__(self) -> None:
        self.effects: dict[tuple[str, str], Effect] = {}

    async def get(self, execution: str, key: str) -> Effect | None:
        return self.effects.get((execution, key))

    async def claim(self, execution: str, key: str, intent: Effect) -> Effect | None:
        found = self.effects.get((execution, key))
        if found is None:
            self.effects[(execution, key)] = intent
        return found

    async def put(self, execution: str, key: str, effect: Effect | None) -> None:
        if effect is None:
            self.effects.pop((execution, key), None)
        else:
            self.effects[(execution, key)] = effect
