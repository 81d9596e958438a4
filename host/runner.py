"""Runs a node against items: parameters per item, pre-flight for all, bounded concurrency."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from kflow.host.errors import ConfigError, NodeError, NodeOperationError
from kflow.host.expressions import Evaluator, ExpressionScope, is_expression
from kflow.host.expressions.parameters import evaluate_values
from kflow.host.http import HttpClient
from kflow.host.items import Item, make_item
from kflow.host.node import ItemContext, ItemNode
from kflow.host.parameters import apply_values, resolve_parameters, visible_properties
from kflow.host.ratelimit import RateLimiter
from kflow.host.redaction import Redactor
from kflow.host.retry import call_with_retries
from kflow.host.settings import NodeSettings, RunSettings, http_client

__all__ = ["NodeSettings", "ParamEvaluator", "RunSettings", "execute_items", "run_node"]


ParamEvaluator = Callable[[dict[str, Any], int], dict[str, Any]]
"""Evaluates the expressions in some parameter values for one input item."""


async def run_node(
    node: ItemNode,
    items: list[Item],
    parameters: Mapping[str, Any],
    *,
    node_name: str | None = None,
    credentials: Mapping[str, Mapping[str, Any]] | None = None,
    redactor: Redactor | None = None,
    settings: RunSettings | None = None,
    node_settings: NodeSettings | None = None,
    http: HttpClient | None = None,
    evaluate: ParamEvaluator | None = None,
) -> list[Item]:
    """Executes `node` once per input item and returns the output items in input order.

    Every item is prepared (parameters resolved, validated, request built) before any
    request is sent, so bad input stops the run before it touches the remote side.
    With `continueErrorOutput`, failed items are left out here: use `execute_items`.

    Args:
        node: The node type.
        items: Input items; one output item (or more) is paired to each.
        parameters: The node's stored parameters.
        node_name: The node's name in the flow (defaults to the description's default name).
        credentials: Credential data by credential type name.
        redactor: Masks secrets; one is built from the credentials when not given.
        settings: Concurrency and timeout.
        node_settings: n8n's node settings (onError, retries).
        http: A shared client; one is opened for this call when not given.
        evaluate: Evaluates expressions per item; by default `$json`, `$input`, `$itemIndex`
            and `$now` are available (no other nodes).

    Raises:
        NodeOperationError: Bad parameters (before any request), unless continuing on fail.
        NodeApiError: The API failed for an item, unless continuing on fail.
        ConfigError: A required credential is missing.
    """
    main, _ = await execute_items(
        node,
        items,
        parameters,
        node_name=node_name,
        credentials=credentials,
        redactor=redactor,
        settings=settings,
        node_settings=node_settings,
        http=http,
        evaluate=evaluate,
    )
    return main


async def execute_items(
    node: ItemNode,
    items: list[Item],
    parameters: Mapping[str, Any],
    *,
    node_name: str | None = None,
    credentials: Mapping[str, Mapping[str, Any]] | None = None,
    redactor: Redactor | None = None,
    settings: RunSettings | None = None,
    node_settings: NodeSettings | None = None,
    http: HttpClient | None = None,
    evaluate: ParamEvaluator | None = None,
    on_item_done: Callable[[], None] | None = None,
    evaluator: Evaluator | None = None,
    item_offset: int = 0,
) -> tuple[list[Item], list[Item]]:
    """Like `run_node`, returning (regular output, error output).

    The error output holds failed items only with `continueErrorOutput`; each is the input
    item's json merged with the node's error output. Other arguments are `run_node`'s;
    `on_item_done` is called as each item finishes (for progress bars). Without `evaluate`,
    expressions run in `evaluator` (one is made for the call), with `$itemIndex` counted
    from `item_offset`.
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
    mode = node_settings.on_error
    results: list[list[dict[str, Any]] | None] = [None] * len(items)
    failed: list[bool] = [False] * len(items)

    def fail(ctx: ItemContext, prepared: Any, error: NodeError) -> None:
        if mode == "stopWorkflow":
            raise error
        output = node.error_output(ctx, prepared, error)
        if mode == "continueErrorOutput":
            output = {**ctx.item, **output}
        results[ctx.item_index] = [output]
        failed[ctx.item_index] = True

    dynamic = {k: v for k, v in params.items() if _has_expression(v)}
    if dynamic and evaluate is None:
        evaluate = _item_evaluator(description, items, name, settings, evaluator, item_offset)
    dynamic_props = visible_properties(description, params, list(dynamic))
    contexts: list[ItemContext] = []
    prepared: list[Any] = []
    for index, item in enumerate(items):
        ctx = ItemContext(name, index, item.get("json", {}), params, credentials, redactor)
        try:
            if dynamic and evaluate is not None:
                values = evaluate(dynamic, index)
                item_params = apply_values(
                    description, params, values, node_name=name, props=dynamic_props
                )
                ctx = ItemContext(name, index, ctx.item, item_params, credentials, redactor)
            contexts.append(ctx)
            prepared.append(node.prepare(ctx))
        except NodeOperationError as error:
            if error.item_index is None:
                error.item_index = index
                error.args = (error.render(),)
            if len(contexts) <= index:
                contexts.append(ctx)
            prepared.append(None)
            fail(ctx, None, error)

    pending = [ctx for ctx in contexts if results[ctx.item_index] is None]
    if pending:
        policy = node_settings.retry_policy(settings)
        is_idempotent = getattr(node, "is_idempotent", None)
        limiter = (
            RateLimiter(node_settings.requestsPerSecond)
            if node_settings.requestsPerSecond
            else None
        )

        async def attempt(ctx: ItemContext, call: Any, client: HttpClient) -> list[dict[str, Any]]:
            if limiter is not None:
                await limiter.acquire()
            return await node.execute(ctx, call, client)

        async def one(ctx: ItemContext, client: HttpClient) -> None:
            call = prepared[ctx.item_index]
            idempotent = bool(is_idempotent(call)) if is_idempotent else False
            try:
                results[ctx.item_index] = await call_with_retries(
                    lambda: attempt(ctx, call, client), idempotent=idempotent, policy=policy
                )
            except NodeError as error:
                fail(ctx, call, error)
            if on_item_done is not None:
                on_item_done()

        workers = min(settings.concurrency, node_settings.maxConcurrency or settings.concurrency)
        if http is None:
            async with http_client(settings) as own:
                await _execute_all(pending, one, own, workers)
        else:
            await _execute_all(pending, one, http, workers)

    main: list[Item] = []
    errors: list[Item] = []
    for index, outputs in enumerate(results):
        target = errors if failed[index] and mode == "continueErrorOutput" else main
        target.extend(make_item(data, paired=index) for data in outputs or [])
    return main, errors


def _has_expression(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_expression(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_expression(v) for v in value)
    return is_expression(value)


def _item_evaluator(
    description: Any,
    items: list[Item],
    node: str,
    settings: RunSettings,
    evaluator: Evaluator | None,
    offset: int,
) -> ParamEvaluator:
    evaluator = evaluator or Evaluator(allow_env=settings.allow_env)
    env = os.environ if settings.allow_env else None
    now = datetime.now(UTC)

    def evaluate(values: dict[str, Any], index: int) -> dict[str, Any]:
        scope = ExpressionScope(
            items=items,
            index=index,
            node=node,
            now=now,
            timezone=settings.timezone,
            env=env,
            offset=offset,
        )
        return evaluate_values(description, values, evaluator, scope, node=node)

    return evaluate


async def _execute_all(
    pending: list[ItemContext],
    one: Callable[[ItemContext, HttpClient], Awaitable[None]],
    http: HttpClient,
    workers: int,
) -> None:
    queue = iter(pending)

    async def worker() -> None:
        for ctx in queue:
            await one(ctx, http)

    workers = min(workers, len(pending))
    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(workers):
                group.create_task(worker())
    except BaseExceptionGroup as failed:
        # Workers stop at the first failure; report the earliest item that failed.
        first = min(failed.exceptions, key=lambda e: getattr(e, "item_index", None) or 0)
        raise first from None
