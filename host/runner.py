"""Runs a node against items: parameters per item, pre-flight for all, bounded concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kflow.host.errors import ConfigError, NodeError, NodeOperationError
from kflow.host.http import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, HttpClient
from kflow.host.items import Item, make_item
from kflow.host.node import ItemContext, NodeType
from kflow.host.parameters import resolve_parameters
from kflow.host.redaction import Redactor

__all__ = ["NodeSettings", "RunSettings", "run_node"]


@dataclass(frozen=True)
class RunSettings:
    """Settings of one run.

    Attributes:
        concurrency: Most requests in flight at once.
        timeout: Total seconds allowed for one request.
    """

    concurrency: int = DEFAULT_CONCURRENCY
    timeout: float = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        if self.concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        if self.timeout <= 0:
            raise ConfigError("timeout must be more than 0 seconds")


@dataclass(frozen=True)
class NodeSettings:
    """n8n's per-node settings (more arrive with the flow engine).

    Attributes:
        continueOnFail: A failed item becomes an output item holding the error; the run goes on.
    """

    continueOnFail: bool = False


async def run_node(
    node: NodeType,
    items: list[Item],
    parameters: Mapping[str, Any],
    *,
    node_name: str | None = None,
    credentials: Mapping[str, Mapping[str, Any]] | None = None,
    redactor: Redactor | None = None,
    settings: RunSettings | None = None,
    node_settings: NodeSettings | None = None,
    http: HttpClient | None = None,
) -> list[Item]:
    """Executes `node` once per input item and returns the output items in input order.

    Every item is prepared (parameters resolved, validated, request built) before any
    request is sent, so bad input stops the run before it touches the remote side.

    Args:
        node: The node type.
        items: Input items; one output item (or more) is paired to each.
        parameters: The node's stored parameters.
        node_name: The node's name in the flow (defaults to the description's default name).
        credentials: Credential data by credential type name.
        redactor: Masks secrets; one is built from the credentials when not given.
        settings: Concurrency and timeout.
        node_settings: continueOnFail.
        http: A shared client; one is opened for this call when not given.

    Raises:
        NodeOperationError: Bad parameters (before any request), unless continuing on fail.
        NodeApiError: The API failed for an item, unless continuing on fail.
        ConfigError: A required credential is missing.
    """
    settings = settings or RunSettings()
    node_settings = node_settings or NodeSettings()
    description = node.description
    name = node_name or description.defaults.get("name") or description.displayName
    params = resolve_parameters(description, parameters, node_name=name)
    credentials = {k: dict(v) for k, v in (credentials or {}).items()}
    for slot in description.credentials:
        if slot.required and slot.name not in credentials:
            raise ConfigError(
                f"{name}: credentials {slot.name!r} are required; give --credentials FILE, "
                "set them in the environment, or use --sandbox"
            )
    redactor = redactor or Redactor()

    contexts = [
        ItemContext(name, i, item.get("json", {}), params, credentials, redactor)
        for i, item in enumerate(items)
    ]
    prepared: list[Any] = []
    results: list[list[dict[str, Any]] | None] = [None] * len(items)
    for ctx in contexts:
        try:
            prepared.append(node.prepare(ctx))
        except NodeOperationError as error:
            if not node_settings.continueOnFail:
                raise
            prepared.append(None)
            results[ctx.item_index] = [node.error_output(ctx, None, error)]

    pending = [ctx for ctx in contexts if results[ctx.item_index] is None]
    if pending:
        if http is None:
            async with HttpClient(
                concurrency=settings.concurrency, timeout=settings.timeout
            ) as own:
                await _execute_all(node, pending, prepared, results, own, settings, node_settings)
        else:
            await _execute_all(node, pending, prepared, results, http, settings, node_settings)

    return [
        make_item(data, paired=index)
        for index, outputs in enumerate(results)
        for data in outputs or []
    ]


async def _execute_all(
    node: NodeType,
    pending: list[ItemContext],
    prepared: list[Any],
    results: list[list[dict[str, Any]] | None],
    http: HttpClient,
    settings: RunSettings,
    node_settings: NodeSettings,
) -> None:
    queue = iter(pending)

    async def worker() -> None:
        for ctx in queue:
            try:
                results[ctx.item_index] = await node.execute(ctx, prepared[ctx.item_index], http)
            except NodeError as error:
                if not node_settings.continueOnFail:
                    raise
                results[ctx.item_index] = [node.error_output(ctx, prepared[ctx.item_index], error)]

    workers = min(settings.concurrency, len(pending))
    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(workers):
                group.create_task(worker())
    except BaseExceptionGroup as failed:
        # Workers stop at the first failure; report the earliest item that failed.
        first = min(failed.exceptions, key=lambda e: getattr(e, "item_index", None) or 0)
        raise first from None
