"""The sandbox refuses what a tracker refuses, with the tracker's shapes, and keeps nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from kflow.sandbox import SandboxServer
from tests.integration.test_sandbox_clicks import call


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


STREAM = {
    "campaign_id": 1,
    "name": "S",
    "type": "regular",
    "schema": "redirect",
    "action_type": "http",
}


@pytest.mark.parametrize(
    ("method", "path", "kw", "status", "shape"),
    [
        ("POST", "/streams", {"json": {**STREAM, "name": ""}}, 406, {"name": ["Required field"]}),
        (
            "POST",
            "/streams",
            {"json": {**STREAM, "campaign_id": 99}},
            406,
            {"campaign_id": ["Campaign not found"]},
        ),
        ("POST", "/streams", {"json": {**STREAM, "schema": "popup"}}, 406, "schema"),
        (
            "POST",
            "/streams",
            {"json": {**STREAM, "weight": "heavy"}},
            400,
            {"error": "Field weight must be a number"},
        ),
        (
            "PUT",
            "/campaigns/1",
            {"json": {"group_id": 2}},
            400,
            {"error": "Field group_id must be a string of digits"},
        ),
        (
            "POST",
            "/campaigns",
            {"json": {"name": "x", "colour": "red"}},
            400,
            {"error": "Unknown field: colour"},
        ),
        (
            "POST",
            "/botlist/add",
            {"json": {"ips": "1.2.3.4"}},
            400,
            {"error": "Unknown field: ips"},
        ),
        (
            "POST",
            "/botlist/add",
            {"json": {"value": "1.2.3.400"}},
            406,
            {"value": ["1.2.3.400 is not an IP address or range"]},
        ),
        (
            "GET",
            "/report/labels",
            {"params": {"campaign_id": "1", "ref_name": "ip"}},
            400,
            {"error": "Parameter label_name is required"},
        ),
        ("GET", "/groups", {}, 400, {"error": "Parameter type is required"}),
        (
            "POST",
            "/clicks/update_costs",
            {
                "json": {
                    "campaign_ids": [1],
                    "costs": [
                        {
                            "start_date": "2026-11-01 00:00",
                            "end_date": "2026-11-01 23:59",
                            "cost": 5,
                        }
                    ],
                }
            },
            400,
            {"error": "Field cost must be a string"},
        ),
        (
            "POST",
            "/users",
            {
                "json": {
                    "login": "u",
                    "type": "USER",
                    "new_password": "secret1",
                    "new_password_confirmation": "secret2",
                }
            },
            406,
            {"new_password_confirmation": ["Passwords do not match"]},
        ),
        (
            "POST",
            "/domains",
            {"json": {"name": "track.sandbox.test", "is_ssl": True}},
            406,
            {"name": ["Domain already exists"]},
        ),
        (
            "GET",
            "/offers/1/get_file",
            {"params": {"path": "../../etc/passwd"}},
            400,
            {"error": "path must be relative to the folder"},
        ),
        ("GET", "/streams/11", {}, 404, {"error": "Stream not found"}),
    ],
)
async def test_refusals(
    client: aiohttp.ClientSession,
    sandbox: SandboxServer,
    method: str,
    path: str,
    kw: dict[str, Any],
    status: int,
    shape: Any,
) -> None:
    before = _counts(sandbox)
    got, body = await call(client, sandbox, method, path, **kw)
    assert got == status
    if isinstance(shape, str):
        assert list(body) == [shape]
    else:
        assert body == shape
    assert _counts(sandbox) == before


def _counts(sandbox: SandboxServer) -> dict[str, int]:
    conn = sandbox.store.conn
    tables = ("streams", "campaigns", "users", "domains", "settings", "clicks")
    return {
        t: conn.execute(f"SELECT COUNT(*), TOTAL(rowid) FROM {t}").fetchone()[0] for t in tables
    }


async def test_archive_and_restore_a_stream(
    client: aiohttp.ClientSession, sandbox: SandboxServer
) -> None:
    status, created = await call(
        client,
        sandbox,
        "POST",
        "/streams",
        json={**STREAM, "offers": [{"offer_id": 2, "share": 100}]},
    )
    assert status == 200 and created["offers"] == [{"offer_id": 2, "share": 100}]
    sid = created["id"]
    assert (await call(client, sandbox, "DELETE", f"/streams/{sid}"))[1]["state"] == "deleted"
    assert (await call(client, sandbox, "GET", f"/streams/{sid}"))[0] == 404
    deleted = (await call(client, sandbox, "GET", "/streams/deleted"))[1]
    assert sid in {s["id"] for s in deleted}
    assert (await call(client, sandbox, "POST", f"/streams/{sid}/restore"))[1]["state"] == "active"
    events = (await call(client, sandbox, "GET", f"/streams/{sid}/events"))[1]
    assert [e["action"] for e in events] == [
        "state: deleted → active",
        "state: active → deleted",
        "created",
    ]
    streams = (await call(client, sandbox, "GET", "/campaigns/1/streams"))[1]
    assert sid in {s["id"] for s in streams}


async def test_bot_list_add_exclude_replace_clear(
    client: aiohttp.ClientSession, sandbox: SandboxServer
) -> None:
    assert (
        await call(client, sandbox, "POST", "/botlist/add", json={"value": "1.1.1.1\n10.0.0.1"})
    )[1] == {"count": 4}
    assert (await call(client, sandbox, "POST", "/botlist/exclude", json={"value": "10.0.0.1"}))[
        1
    ] == {"count": 3}
    assert (await call(client, sandbox, "PUT", "/botlist", json={"value": "2.2.2.2"}))[1] == {
        "count": 1
    }
    assert (await call(client, sandbox, "GET", "/botlist"))[1] == {"value": "2.2.2.2"}
    await call(client, sandbox, "DELETE", "/botlist")
    assert (await call(client, sandbox, "GET", "/botlist"))[1] == {"value": ""}
