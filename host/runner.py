"""Runs an item node's NodeRun: parameters per item, pre-flight for all, bounded concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from kflow.host.credential_slots import node_credentials
from kflow.host.errors import NodeError, NodeOperationError
from kflow.host.held import RequestHeld, announce, json_value
from kflow.host.http import HttpClient
from kflow.host.interrupt import NodeStop
from kflow.host.items import Item, ItemWithFiles, failure_item, make_item
from kflow.host.node import ItemContext, ItemNode
from kflow.host.node_run import NodeRun
from kflow.host.ratelimit import RateLimiter
from kflow.host.redaction import Redactor
from kflow.host.retry import call_with_retries
from kflow.host.settings import NodeSettings, RunSettings, http_client

__all__ = ["NodeSettings", "RunSettings", "execute_items"]


async def execute_items(
    node: ItemNode,
    run: NodeRun,
    *,
    on_item_done: Callable[[bool], None] | None = None,
    stop: NodeStop | None = None,
) -> tuple[list[Item], list[Item]]:
    """Runs an item node's run: every item prepared before any request, then executed
    with bounded concurrency; returns (regular output, error output).

    Everything else comes from the node run, as the engine made it: the items, parameters
    (its plan), settings, expression scope, item offset, effect ledger, credentials (checked
    against the node's slots here), the redactor (the credentials') and the HTTP client
    (one is opened for this run when it has none). Nodes are run through the engine
    (`kflow.host.run_node` for a node alone), which builds that run.

    The error output holds failed items only with `continueErrorOutput`; each is the input
    item's json merged with the node's error output. `on_item_done(failed)` is called as
    each item finishes (for progress bars). With an effect ledger (under `kflow serve`),
    requests that are not idempotent go through it, so that running the execution again
    does not repeat them.

    With `stop`, the run's Interrupt is obeyed: once a stop is requested no item starts, an
    item waiting between tries ends with its last error, an item that fails becomes a
    failure item even with stopWorkflow, and on abort the requests in flight are cancelled
    (those items become failure items). Items not started are left out at an entry node and
    become "not sent" failure items downstream (see host/interrupt.py).

    In a dry run (`RunSettings.dry_run`) an item whose request the HTTP client holds back
    is not a failure: it is printed on stderr, counted as done, and its output is
    `{dryRun: true, request: {url, method, headers, body}, input: <the item's json>}`, or
    what the node's optional `held_output(ctx, prepared, output)` makes of it. With
    `RunSettings.verbose`, a node's optional `request_body(prepared)` gives the body it
    sends, added (secrets masked) to the `request` each of its outputs echoes.
    """
    items = run.items
    settings = run.run_settings
    node_settings = run.settings
    name = run.name
    plan = run.plan
    item_offset = run.item_offset
    effects = run.effects
    creds = _slot_credentials(run)
    redactor = run.redactor
    http = run.http
    mode = node_settings.on_error
    results: list[list[dict[str, Any]] | None] = [None] * len(items)
    failed: list[bool] = [False] * len(items)

    def fail(ctx: ItemContext, prepared: Any, error: NodeError) -> None:
        # A run that is stopping ends anyway: a failed item becomes a failure item (as with
        # continueRegularOutput) rather than losing the outputs of what was sent.
        if mode == "stopWorkflow" and (stop is None or not stop.interrupt.requested):
            raise error
        if item_offset and error.item_index is not None:
            # Numbered in the whole input; a raised error is numbered by the engine.
            error.item_index += item_offset
            error.args = (error.render(),)
        output = node.error_output(ctx, prepared, error)
        if settings.verbose and prepared is not None:
            _add_body(node, prepared, [output], redactor)
        keep = mode == "continueErrorOutput"
        results[ctx.item_index] = [failure_item(ctx.item, output, ctx.item_index, keep_input=keep)]
        failed[ctx.item_index] = True

    # Once the run is stopping, no item is prepared: none will start.
    runnable = items if stop is None or not stop.interrupt.requested else []
    per_item: list[Any]
    if plan.dynamic:
        # What a scope sees is the run's, except which item: made once, copied per item.
        first = run.scope(0)
        scopes = [first.at(index) for index in range(len(runnable))]
        per_item = plan.for_items(run.evaluator, scopes)
    else:
        same = plan.checked(plan.resolved, 0)
        per_item = (
            [same] * len(runnable)
            if not isinstance(same, NodeOperationError)
            else [plan.checked(plan.resolved, index) for index in range(len(runnable))]
        )
    contexts: list[ItemContext] = []
    prepared: list[Any] = []
    files = run.binary
    for index, item in enumerate(runnable):
        found = per_item[index]
        refused = isinstance(found, NodeOperationError)
        binary = item.get("binary")
        ctx = ItemContext(
            name,
            index,
            item.get("json", {}),
            plan.resolved if refused else found,
            creds,
            redactor,
            binary=dict(binary) if binary else {},
            files=files,
        )
        try:
            if refused:
                raise found
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

        async def limited(ctx: ItemContext, call: Any, client: HttpClient) -> list[dict[str, Any]]:
            assert limiter is not None
            await limiter.acquire()
            return await node.execute(ctx, call, client)

        attempt = node.execute if limiter is None else limited
        interrupt = stop.interrupt if stop is not None else None

        def send(
            ctx: ItemContext, call: Any, idempotent: bool, client: HttpClient
        ) -> Awaitable[list[dict[str, Any]]]:
            return call_with_retries(
                partial(attempt, ctx, call, client),
                idempotent=idempotent,
                policy=policy,
                interrupt=interrupt,
            )

        async def deliver(
            ctx: ItemContext, call: Any, idempotent: bool, client: HttpClient
        ) -> list[dict[str, Any]]:
            try:
                if effects is not None and not idempotent:
                    outputs = await effects.once(
                        node,
                        ctx,
                        call,
                        client,
                        lambda: send(ctx, call, idempotent, client),
                        index=item_offset + ctx.item_index,
                    )
                else:
                    outputs = await send(ctx, call, idempotent, client)
            except RequestHeld as held:
                if stop is not None:
                    stop.tally.held += 1
                return [_held_output(node, ctx, call, held, redactor)]
            if settings.verbose:
                _add_body(node, call, outputs, redactor)
            return outputs

        async def one(ctx: ItemContext, client: HttpClient) -> None:
            if stop is not None and stop.interrupt.requested:
                return  # not started: the run is stopping
            index = ctx.item_index
            call = prepared[index]
            idempotent = bool(is_idempotent(call)) if is_idempotent else False
            try:
                if stop is None:
                    results[index] = await deliver(ctx, call, idempotent, client)
                else:
                    # Sent under the run's Interrupt: an abort cancels the request in flight.
                    stop.tally.sent += 1
                    found = None
                    try:
                        with stop.interrupt.sending():
                            found = await deliver(ctx, call, idempotent, client)
                    except asyncio.CancelledError:
                        if not stop.interrupt.aborted:
                            raise
                        task = asyncio.current_task()
                        if task is not None:
                            task.uncancel()
                    else:
                        stop.tally.succeeded += 1
                    if found is None:  # cut off in flight by an abort
                        results[index] = [stop.cut_off(ctx.item, index)]
                        failed[index] = True
                    else:
                        results[index] = found
            except NodeError as error:
                if stop is not None:
                    stop.tally.failed += 1
                fail(ctx, call, error)
            if on_item_done is not None:
                on_item_done(failed[index])

        workers = min(settings.concurrency, node_settings.maxConcurrency or settings.concurrency)
        if http is None:
            async with http_client(settings) as own:
                await _execute_all(pending, one, own, workers)
        else:
            await _execute_all(pending, one, http, workers)

    if stop is not None:
        _not_started(stop, items, results, failed)

    main: list[Item] = []
    errors: list[Item] = []
    for index, outputs in enumerate(results):
        if failed[index]:
            (errors if mode == "continueErrorOutput" else main).extend(outputs or [])  # type: ignore[arg-type]
        else:
            for data in outputs or ():
                # The usual output, a plain dict, paired here as make_item pairs it.
                if type(data) is dict:
                    main.append({"json": data, "pairedItem": {"item": index}})
                else:
                    main.append(_output_item(data, index))
    return main, errors


def _slot_credentials(run: NodeRun) -> dict[str, dict[str, Any]]:
    """The credential data the run's node has, by slot; a missing required one refused."""
    loaded = run.credentials
    if loaded is None:
        return node_credentials(run.description, run.name, lambda type_name, name: None)
    return node_credentials(run.description, run.name, loaded.credentials.get, loaded.named)


def _held_output(
    node: ItemNode, ctx: ItemContext, prepared: Any, held: RequestHeld, redactor: Redactor
) -> dict[str, Any]:
    """The output of an item whose request a dry run held back (announced on stderr)."""
    request = held.held.masked(redactor)
    announce(request, redactor)
    output: dict[str, Any] = {
        "dryRun": True,
        "request": request.describe(),
        "input": ctx.item,
    }
    shape = getattr(node, "held_output", None)
    return shape(ctx, prepared, output) if shape is not None else output


def _add_body(
    node: ItemNode,
    prepared: Any,
    outputs: list[dict[str, Any] | ItemWithFiles] | list[dict[str, Any]],
    redactor: Redactor,
) -> None:
    """Adds the body the node sent (its `request_body`) to each output's `request` echo."""
    body_of = getattr(node, "request_body", None)
    if body_of is None:
        return
    body = redactor.deep(json_value(body_of(prepared)))
    for data in outputs:
        target = data.json if isinstance(data, ItemWithFiles) else data
        echo = target.get("request") if isinstance(target, dict) else None
        if isinstance(echo, dict) and "body" not in echo:
            target["request"] = {**echo, "body": body}


def _output_item(data: dict[str, Any] | ItemWithFiles, index: int) -> Item:
    """An item node's output as an item paired to input item `index` (with its files)."""
    if isinstance(data, ItemWithFiles):
        item = make_item(data.json, paired=index)
        item["binary"] = data.binary
        return item
    return make_item(data, paired=index)


def _not_started(
    stop: NodeStop,
    items: list[Item],
    results: list[list[dict[str, Any]] | None],
    failed: list[bool],
) -> None:
    """Items that never started: left out at an entry node (recording from which input item
    on), "not sent" failure items downstream."""
    missing = [index for index, found in enumerate(results) if found is None]
    if not missing:
        return
    if stop.tally.entry:
        stop.tally.not_started_at(stop.origin(missing[0]), len(missing))
        return
    for index in missing:
        results[index] = [stop.not_sent(items[index].get("json", {}), index)]  # type: ignore[list-item]
        failed[index] = True


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
