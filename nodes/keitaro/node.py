"""KeitaroNode: the description plus prepare/execute, routed to the operation handlers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from kflow.host import (
    ConfigError,
    HttpClient,
    ItemContext,
    ItemWithFiles,
    NodeError,
    NodeOperationError,
    NodeTraits,
)
from kflow.nodes.keitaro.credential_test import test_keitaro_api
from kflow.nodes.keitaro.description import DESCRIPTION, parameter_name
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.handlers.files import FileAnswer
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.refusals import Refusal
from kflow.nodes.keitaro.resource_table import RESOURCES
from kflow.nodes.keitaro.router import operation_module
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["KeitaroNode", "PreparedCall"]


@dataclass(frozen=True, init=False)
class PreparedCall:
    """An item's operation handler and the request it built (before anything is sent)."""

    module: KeitaroOperation
    request: KeitaroRequest

    def __init__(self, module: KeitaroOperation, request: KeitaroRequest) -> None:
        # Made once per item: stored directly, not through the frozen class's __setattr__.
        self.__dict__["module"] = module
        self.__dict__["request"] = request


class KeitaroNode:
    """Работа с API Keitaro: one Admin API call (or one paged series) per input item.

    Every output item has the same envelope:
    `{request: {url, method, headers}, resource, operation, success, data | error}`
    (with `--verbose`, `request` also holds the body sent). Downloads also carry the file
    as binary data: their outputs are item-shaped, `{json: <envelope>, binary: {<field>:
    <entry>}}`. In a dry run, an item whose request was held back keeps the envelope:
    `{request: {method, url, headers, body}, resource, operation, success: null, dryRun:
    true, input}`.
    """

    traits = NodeTraits(n8n_types=("n8n-nodes-keitaro.keitaro",), streams=True)
    description = DESCRIPTION
    credential_tests: ClassVar[dict[str, Any]] = {"keitaroApiTest": test_keitaro_api}

    def prepare(self, ctx: ItemContext) -> PreparedCall:
        """Validates the item's parameters and builds its request (no I/O)."""
        module = operation_module(
            ctx.param("resource"),
            ctx.param("operation"),
            node=ctx.node_name,
            item_index=ctx.item_index,
        )
        try:
            base = urls.base_url(ctx.credentials["keitaroApi"]["domain"])
        except ValueError as exc:
            raise ConfigError(f"credentials 'keitaroApi': {ctx.redactor.text(str(exc))}") from None
        try:
            return PreparedCall(module, module.prepare(ctx, base))
        except Refusal as refusal:
            raise _named(refusal, ctx) from None

    @staticmethod
    def routes() -> list[dict[str, Any]]:
        """One `{resource, operation, method, path, example}` per operation, in menu order.

        `path` is the route under /admin_api/v1; operations on the tracker's own URLs
        (postbacks) add `"api": "tracker"`.
        """
        return [
            {"resource": resource, "operation": value, **handler.ROUTE, "example": handler.EXAMPLE}
            for resource, entry in RESOURCES.items()
            for value, handler in entry.operations.items()
        ]

    @staticmethod
    def is_idempotent(prepared: PreparedCall) -> bool:
        """Whether the item's request may be sent again after an ambiguous failure."""
        return prepared.request.idempotent

    async def execute(
        self, ctx: ItemContext, prepared: PreparedCall, http: HttpClient
    ) -> list[dict[str, Any]]:
        """Sends the item's request(s) and wraps each resulting value in the output envelope
        (a downloaded file: `{json: <envelope>, binary}`)."""
        try:
            values = await prepared.module.execute(ctx, http, prepared.request)
        except Refusal as refusal:
            raise _named(refusal, ctx) from None
        envelope = self._envelope(ctx, prepared)
        return [_output(envelope, value) for value in values]

    async def find_created(
        self, ctx: ItemContext, prepared: PreparedCall, http: HttpClient
    ) -> dict[str, list[dict[str, Any]]] | None:
        """What the item's create would have made, found by the name or alias it sends: the
        matching objects by ID, each as the create's output (None: it cannot be looked up).
        Used by serve's effect ledger when an interrupted execution runs again."""
        finder = getattr(prepared.module, "find_created", None)
        if finder is None:
            return None
        base = urls.base_url(ctx.credentials["keitaroApi"]["domain"])
        found = await finder(ctx, base, http, prepared.request)
        if found is None:
            return None
        envelope = self._envelope(ctx, prepared)
        return {key: [{**envelope, "success": True, "data": value}] for key, value in found.items()}

    @staticmethod
    def request_body(prepared: PreparedCall) -> Any:
        """The body the item's request sends (the host adds it to `request` with --verbose)."""
        return prepared.request.body

    def held_output(
        self, ctx: ItemContext, prepared: PreparedCall, output: dict[str, Any]
    ) -> dict[str, Any]:
        """A dry run's output for an item whose request was held back: the envelope, with
        the held request as the host shows it (`output`: {dryRun, request, input})."""
        return {
            **self._envelope(ctx, prepared),
            "request": output["request"],
            "success": None,
            "dryRun": True,
            "input": output["input"],
        }

    def error_output(
        self, ctx: ItemContext, prepared: PreparedCall | None, error: NodeError
    ) -> dict[str, Any]:
        """The output item of a failed item when the node continues on fail."""
        return {**self._envelope(ctx, prepared), "success": False, "error": error.to_json()}

    @staticmethod
    def _envelope(ctx: ItemContext, prepared: PreparedCall | None) -> dict[str, Any]:
        return {
            "request": prepared.request.describe(ctx) if prepared is not None else None,
            "resource": ctx.param("resource"),
            "operation": ctx.param("operation"),
        }


def _output(envelope: dict[str, Any], value: Any) -> dict[str, Any] | ItemWithFiles:
    if isinstance(value, FileAnswer):
        return ItemWithFiles({**envelope, "success": True, "data": value.data}, value.binary)
    return {**envelope, "success": True, "data": value}


def _named(refusal: Refusal, ctx: ItemContext) -> NodeOperationError:
    """The handler's refusal with its parameter's name beside its display name."""
    return NodeOperationError(
        refusal.node,
        refusal.message,
        item_index=refusal.item_index,
        parameter=refusal.parameter,
        parameter_name=parameter_name(refusal.parameter or "", ctx.params),
    )
