"""Return All / Limit paging against a mocked tracker: totals, short pages, repeated pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aioresponses import CallbackResult, aioresponses

from kflow.host import run_node
from kflow.host.errors import NodeApiError
from kflow.host.items import make_item
from kflow.host.redaction import Redactor
from kflow.nodes.keitaro.execution import PAGE_SIZE
from tests.support import CANARY_KEY, TRACKER

LOG_URL = f"{TRACKER}/admin_api/v1/clicks/log"


def tracker(rows: int, *, ignore_offset: bool = False, report_total: bool = True) -> Any:
    """A click log of `rows` rows; records each request body."""
    seen: list[dict[str, Any]] = []

    def answer(url: Any, **kwargs: Any) -> CallbackResult:
        body = kwargs["json"]
        seen.append(body)
        start = 0 if ignore_offset else body["offset"]
        page = [
            {"sub_id": f"s{i}", "cost": "0.1000"}
            for i in range(start, min(rows, start + body["limit"]))
        ]
        payload: dict[str, Any] = {"rows": page}
        if report_total:
            payload["total"] = rows
        return CallbackResult(body=json.dumps(payload), content_type="application/json")

    answer.seen = seen  # type: ignore[attr-defined]
    return answer


async def get_log(creds: dict[str, Any], **params: Any) -> list[dict[str, Any]]:
    out = await run_node(
        "keitaro",
        [make_item({})],
        {"resource": "click", "operation": "getLog", "columns": ["sub_id", "cost"], **params},
        credentials={"keitaroApi": creds},
        redactor=Redactor([CANARY_KEY]),
    )
    return [o["json"] for o in out]


async def test_return_all_pages_until_total(keitaro_credentials: dict[str, Any]) -> None:
    answer = tracker(2 * PAGE_SIZE + 5)
    with aioresponses() as mocked:
        mocked.post(LOG_URL, callback=answer, repeat=True)
        out = await get_log(keitaro_credentials, returnAll=True)
    assert len(out) == 2 * PAGE_SIZE + 5
    assert [b["offset"] for b in answer.seen] == [0, PAGE_SIZE, 2 * PAGE_SIZE]
    assert out[0]["data"] == {"sub_id": "s0", "cost": 0.1}


async def test_short_page_ends_paging_without_total(keitaro_credentials: dict[str, Any]) -> None:
    answer = tracker(PAGE_SIZE + 3, report_total=False)
    with aioresponses() as mocked:
        mocked.post(LOG_URL, callback=answer, repeat=True)
        out = await get_log(keitaro_credentials, returnAll=True, options={"splitIntoItems": False})
    (item,) = out
    assert item["data"]["total"] == PAGE_SIZE + 3
    assert len(item["data"]["rows"]) == PAGE_SIZE + 3


async def test_limit_asks_only_for_what_it_needs(keitaro_credentials: dict[str, Any]) -> None:
    answer = tracker(5000)
    with aioresponses() as mocked:
        mocked.post(LOG_URL, callback=answer, repeat=True)
        out = await get_log(keitaro_credentials, limit=7)
    assert len(out) == 7
    assert answer.seen == [answer.seen[0]] and answer.seen[0]["limit"] == 7


async def test_a_repeated_page_stops_with_an_error(keitaro_credentials: dict[str, Any]) -> None:
    answer = tracker(3 * PAGE_SIZE, ignore_offset=True)
    with aioresponses() as mocked:
        mocked.post(LOG_URL, callback=answer, repeat=True)
        with pytest.raises(NodeApiError, match="same page twice at offset 1000"):
            await get_log(keitaro_credentials, returnAll=True)
    assert len(answer.seen) == 2


async def test_empty_log_gives_no_items_or_one_empty_summary(
    keitaro_credentials: dict[str, Any],
) -> None:
    with aioresponses() as mocked:
        mocked.post(LOG_URL, callback=tracker(0), repeat=True)
        assert await get_log(keitaro_credentials) == []
        (item,) = await get_log(keitaro_credentials, options={"splitIntoItems": False})
    assert item["data"] == {"rows": [], "total": 0}
