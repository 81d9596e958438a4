"""The sandbox answers like a tracker: auth, click log, click update, error shapes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from kflow.sandbox import SandboxServer
from tests.support import CANARY_KEY, FIRST_CLICK


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def call(
    client: aiohttp.ClientSession,
    sandbox: SandboxServer,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    **kw: Any,
) -> tuple[int, Any]:
    headers = {"Api-Key": CANARY_KEY} if headers is None else headers
    url = sandbox.url + "/admin_api/v1" + path
    async with client.request(method, url, headers=headers, **kw) as resp:
        return resp.status, await resp.json(content_type=None)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Api-Key": "wrong"}, {"Authorization": "Bearer wrong"}, {"Authorization": CANARY_KEY}],
)
async def test_requests_without_the_key_get_401(
    client: aiohttp.ClientSession, sandbox: SandboxServer, headers: dict[str, str]
) -> None:
    status, body = await call(client, sandbox, "POST", "/clicks/log", headers=headers, json={})
    assert status == 401
    assert set(body) == {"error"}


async def test_bearer_authorization_is_accepted(
    client: aiohttp.ClientSession, sandbox: SandboxServer
) -> None:
    headers = {"Authorization": f"Bearer {CANARY_KEY}"}
    status, _ = await call(client, sandbox, "POST", "/clicks/log", headers=headers, json={})
    assert status == 200


async def test_click_log_answers_rows_and_total(
    client: aiohttp.ClientSession, sandbox: SandboxServer
) -> None:
    body = {
        "limit": 2,
        "offset": 0,
        "columns": ["sub_id", "campaign_id", "datetime", "cost"],
        "range": {"interval": "all_time"},
    }
    status, answer = await call(client, sandbox, "POST", "/clicks/log", json=body)
    assert status == 200
    assert answer["total"] == 3000
    assert answer["rows"][0]["sub_id"] == FIRST_CLICK
    assert set(answer["rows"][0]) == {"sub_id", "campaign_id", "datetime", "cost"}


async def test_unknown_column_is_400_for_the_whole_request(
    client: aiohttp.ClientSession, sandbox: SandboxServer
) -> None:
    body = {"columns": ["sub_id", "payout"], "range": {"interval": "all_time"}}
    assert await call(client, sandbox, "POST", "/clicks/log", json=body) == (
        400,
        {"error": "Unknown column: payout"},
    )


async def test_update_changes_the_stored_click(
    client: aiohttp.ClientSession, sandbox: SandboxServer
) -> None:
    change = {"cost": 0.77, "sub_id_5": "batch-42"}
    status, click = await call(client, sandbox, "PUT", f"/clicks/{FIRST_CLICK}", json=change)
    assert status == 200
    assert click["sub_id"] == FIRST_CLICK
    assert click["cost"] == 0.77 and click["sub_id_5"] == "batch-42"
    query = {
        "columns": ["cost", "sub_id_5"],
        "filters": [{"name": "sub_id", "operator": "EQUALS", "expression": FIRST_CLICK}],
    }
    _, log = await call(client, sandbox, "POST", "/clicks/log", json=query)
    assert log["rows"] == [{"cost": "0.7700", "sub_id_5": "batch-42"}]


@pytest.mark.parametrize(
    ("path", "kw", "status", "body"),
    [
        ("/clicks/nosuchclick", {"json": {"cost": 1}}, 404, {"error": "Click not found"}),
        (
            f"/clicks/{FIRST_CLICK}",
            {"json": [1]},
            400,
            {"error": "Request body must be a JSON object"},
        ),
        (f"/clicks/{FIRST_CLICK}", {"data": "{bad"}, 400, {"error": "Invalid JSON"}),
        (
            f"/clicks/{FIRST_CLICK}",
            {"json": {"cost": -1, "datetime": "x"}},
            406,
            {
                "cost": ["Must be a non-negative number"],
                "datetime": ["Unknown field or not editable"],
            },
        ),
        ("/nothing/here", {"json": {}}, 404, {"error": "Not found"}),
    ],
)
async def test_error_answers_have_keitaros_shapes(
    client: aiohttp.ClientSession,
    sandbox: SandboxServer,
    path: str,
    kw: dict[str, Any],
    status: int,
    body: Any,
) -> None:
    assert await call(client, sandbox, "PUT", path, **kw) == (status, body)


async def test_a_file_database_keeps_its_data(tmp_path: Any) -> None:
    db = tmp_path / "tracker.sqlite"
    query = {
        "columns": ["keyword"],
        "filters": [{"name": "sub_id", "operator": "EQUALS", "expression": FIRST_CLICK}],
    }
    async with (
        SandboxServer(api_key=CANARY_KEY, db=db) as first,
        aiohttp.ClientSession() as session,
    ):
        await call(session, first, "PUT", f"/clicks/{FIRST_CLICK}", json={"keyword": "kept"})
    async with (
        SandboxServer(api_key=CANARY_KEY, db=db) as second,
        aiohttp.ClientSession() as session,
    ):
        _, log = await call(session, second, "POST", "/clicks/log", json=query)
    assert log == {"rows": [{"keyword": "kept"}], "total": 1}
