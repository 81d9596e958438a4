"""How an operation's answer becomes output data: one object, a list, or paged rows.

Each function returns the `data` of every output item for one input item. Lists and rows
are split into one item per row unless "Split Into Items" is off, in which case one item
holds `{rows, total}`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from kflow.host import HttpClient, ItemContext, NodeApiError
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.handlers.normalize import normalize
from kflow.nodes.keitaro.transport import KeitaroRequest, send

__all__ = [
    "PAGE_SIZE",
    "fetch_list",
    "fetch_one",
    "fetch_pages",
    "fetch_rows",
    "shaped",
]

PAGE_SIZE = 1000
"""Rows asked per page when paging; what practitioners use against live trackers."""


async def fetch_one(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    """One output item holding the (normalised) answer."""
    return [normalize(await send(ctx, http, request))]


async def fetch_list(
    ctx: ItemContext,
    http: HttpClient,
    request: KeitaroRequest,
    *,
    limit: int | None,
    split: bool,
) -> list[Any]:
    """An endpoint answering a bare array (entity lists, logs): first `limit` entries."""
    answer = await send(ctx, http, request)
    if not isinstance(answer, list):
        raise _shape_error(ctx, request, "an array")
    rows = normalize(answer if limit is None else answer[:limit])
    return shaped(rows, len(answer), split=split)


async def fetch_rows(
    ctx: ItemContext,
    http: HttpClient,
    request: KeitaroRequest,
    *,
    limit: int | None,
    split: bool,
) -> list[Any]:
    """A `{rows, total}` endpoint (logs, reports), paged with `limit`/`offset` in the body."""

    async def page(want: int, offset: int) -> tuple[list[Any], int | None]:
        body = {**request.body, "limit": want, "offset": offset}
        answer = await send(ctx, http, replace(request, body=body))
        if not isinstance(answer, dict) or not isinstance(answer.get("rows"), list):
            raise _shape_error(ctx, request, "an object with rows")
        total = answer.get("total")
        return answer["rows"], int(total) if str(total).isdigit() else None

    rows, total = await _paged(ctx, request, limit, page)
    return shaped(normalize(rows), total, split=split)


async def fetch_pages(
    ctx: ItemContext,
    http: HttpClient,
    request: KeitaroRequest,
    *,
    limit: int | None,
    split: bool,
) -> list[Any]:
    """An endpoint answering a bare array, paged with `limit`/`offset` in the query."""

    async def page(want: int, offset: int) -> tuple[list[Any], int | None]:
        url = urls.with_query(request.url, {"limit": want, "offset": offset})
        answer = await send(ctx, http, replace(request, url=url))
        if not isinstance(answer, list):
            raise _shape_error(ctx, request, "an array")
        return answer, None

    rows, total = await _paged(ctx, request, limit, page)
    return shaped(normalize(rows), total, split=split)


Page = Callable[[int, int], Awaitable[tuple[list[Any], int | None]]]


async def _paged(
    ctx: ItemContext, request: KeitaroRequest, limit: int | None, page: Page
) -> tuple[list[Any], int]:
    """Pages until `limit` rows are in, `total` is reached, or a page comes back short.

    A page identical to the one before means the tracker ignores `offset`: that stops with
    an error instead of looping.
    """
    rows: list[Any] = []
    total: int | None = None
    previous: list[Any] | None = None
    while limit is None or len(rows) < limit:
        want = PAGE_SIZE if limit is None else min(PAGE_SIZE, limit - len(rows))
        batch, reported = await page(want, len(rows))
        if batch and batch == previous:
            raise NodeApiError(
                ctx.node_name,
                f"the tracker returned the same page twice at offset {len(rows)}; "
                "stopping so as not to loop (it seems to ignore offset)",
                request=request.describe(ctx),
                item_index=ctx.item_index,
                permanent=True,
            )
        previous = batch
        rows.extend(batch)
        total = reported if reported is not None else total
        if len(batch) < want or (total is not None and len(rows) >= total):
            break
    return rows, total if total is not None else len(rows)


def shaped(rows: list[Any], total: int, *, split: bool) -> list[Any]:
    """One data value per row, or a single `{rows, total}`."""
    return list(rows) if split else [{"rows": rows, "total": total}]


def _shape_error(ctx: ItemContext, request: KeitaroRequest, expected: str) -> NodeApiError:
    return NodeApiError(
        ctx.node_name,
        f"the tracker answered {request.method} {request.path} with something other than "
        f"{expected}",
        request=request.describe(ctx),
        item_index=ctx.item_index,
        permanent=True,
    )
