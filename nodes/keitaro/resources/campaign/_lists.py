"""Parts of the campaign operations that answer bare arrays (all, archived, streams)."""

from __future__ import annotations

from typing import Any

from kflow.host.http import HttpClient
from kflow.host.node import ItemContext
from kflow.nodes.keitaro.execution import fetch_list
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["execute", "list_properties"]


def list_properties() -> list[dict[str, Any]]:
    """Return All / Limit and Split Into Items; trackers do not page these lists."""
    return [*common.limit_properties(), common.options_property()]


async def execute(ctx: ItemContext, http: HttpClient, request: KeitaroRequest) -> list[Any]:
    return await fetch_list(ctx, http, request, **common.read_paging(ctx))
