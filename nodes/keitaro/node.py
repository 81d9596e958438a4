"""KeitaroNode: the description plus prepare/execute, routed to the operation modules."""

from __future__ import annotations

from typing import Any, ClassVar

from kflow.host.errors import ConfigError, NodeError
from kflow.host.http import HttpClient
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.credential_test import test_keitaro_api
from kflow.nodes.keitaro.description import DESCRIPTION
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.router import operation_module
from kflow.nodes.keitaro.transport import KeitaroRequest, send

__all__ = ["KeitaroNode"]


class KeitaroNode:
    """Работа с API Keitaro: one Admin API call per input item.

    Every output item has the same envelope:
    `{request: {url, method, headers}, resource, operation, success, data | error}`.
    """

    description = DESCRIPTION
    credential_tests: ClassVar[dict[str, Any]] = {"keitaroApiTest": test_keitaro_api}

    def prepare(self, ctx: ItemContext) -> KeitaroRequest:
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
        request: KeitaroRequest = module.prepare(ctx, base)
        return request

    async def execute(
        self, ctx: ItemContext, prepared: KeitaroRequest, http: HttpClient
    ) -> list[dict[str, Any]]:
        """Sends the item's request and wraps the answer in the output envelope."""
        data = await send(ctx, http, prepared)
        return [{**self._envelope(ctx, prepared), "success": True, "data": data}]

    def error_output(
        self, ctx: ItemContext, prepared: KeitaroRequest | None, error: NodeError
    ) -> dict[str, Any]:
        """The output item of a failed item when the node continues on fail."""
        return {**self._envelope(ctx, prepared), "success": False, "error": error.to_json()}

    @staticmethod
    def _envelope(ctx: ItemContext, prepared: KeitaroRequest | None) -> dict[str, Any]:
        return {
            "request": prepared.describe(ctx) if prepared is not None else None,
            "resource": ctx.param("resource"),
            "operation": ctx.param("operation"),
        }
