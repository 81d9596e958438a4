"""serve's REST API over loopback: the token, the throttle, the checked query, and reads
that run in the reader's thread, never on the event loop."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from kflow.host.serve.execution_reader import ExecutionReader
from kflow.host.serve.executions import ExecutionStore, Job
from kflow.host.serve.rest import add_rest_routes

TOKEN = "rest-token-for-tests-0123456789abcdef"
WRONG = "wrong-token-for-tests-0123456789abcdef"
CALLER_SECRET = "Basic Y2FsbGVyOnMzY3JldA=="
LIMIT = 3


@dataclass
class FakeThrottle:
    """AuthThrottle's interface: blocked once a client has `limit` failures."""

    limit: int = LIMIT
    failures: dict[str, int] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def blocked(self, client: str) -> float | None:
        self.calls.append(("blocked", client))
        return 42.5 if self.failures.get(client, 0) >= self.limit else None

    def failed(self, client: str) -> None:
        self.calls.append(("failed", client))
        self.failures[client] = self.failures.get(client, 0) + 1

    def succeeded(self, client: str) -> None:
        self.calls.append(("succeeded", client))
        self.failures.pop(client, None)


@dataclass
class Rest:
    http: aiohttp.ClientSession
    reader: ExecutionReader
    throttle: FakeThrottle
    ids: list[int]
    pings: list[str]


def job(flow: str) -> Job:
    return Job(
        flow=flow,
        trigger="Hook",
        snapshot={"name": flow, "nodes": []},
        start="Hook",
        items=[{"headers": {"authorization": CALLER_SECRET}}],
    )


async def serve_app(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    assert host == "127.0.0.1"
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def rest(tmp_path: Path) -> AsyncIterator[Rest]:
    store = ExecutionStore(tmp_path / "kflow.db")
    ids = []
    for flow in ["A", "B", "A", "B", "A"]:
        execution_id = store.create(job(flow))
        store.start(execution_id)
        store.finish(
            execution_id,
            error=None,
            items_out=1,
            outputs=[{"node": "Hook", "items": [{"authorization": CALLER_SECRET}]}],
        )
        ids.append(execution_id)
    reader = ExecutionReader(tmp_path / "kflow.db")
    throttle = FakeThrottle()
    pings: list[str] = []

    async def ping(request: web.Request) -> web.Response:
        pings.append("pong")
        return web.Response(text="pong")

    app = web.Application()
    add_rest_routes(app, reader, token=TOKEN, throttle=throttle)  # type: ignore[arg-type]
    app.router.add_get("/ping", ping)
    runner, base = await serve_app(app)
    async with aiohttp.ClientSession(base_url=base) as http:
        yield Rest(http, reader, throttle, ids, pings)
    await runner.cleanup()
    reader.close()
    store.close()


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"X-N8N-API-KEY": token}


async def get(rest: Rest, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with rest.http.get(path, headers=auth() if headers is None else headers) as r:
        return r.status, await r.json()


@pytest.mark.parametrize(
    "path", ["/rest/executions", "/rest/executions/1", "/rest/executions/x", "/rest/other"]
)
async def test_no_token_is_401_everywhere_under_rest(rest: Rest, path: str) -> None:
    async with rest.http.get(path) as r:
        assert r.status == 401
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        body = await r.json()
    assert body["code"] == 401
    assert "X-N8N-API-KEY" in body["message"]
    assert ("failed", "127.0.0.1") not in rest.throttle.calls  # nothing was guessed


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": f"Bearer {WRONG}"},
        {"X-N8N-API-KEY": WRONG},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer"},
        {"X-N8N-API-KEY": ""},
    ],
)
async def test_a_wrong_token_is_401_and_never_echoed(rest: Rest, headers: dict[str, str]) -> None:
    async with rest.http.get("/rest/executions", headers=headers) as r:
        assert r.status == 401
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        text = await r.text()
    assert WRONG not in text and TOKEN not in text
    assert '"code": 401' in text


async def test_wrong_tokens_are_throttled_and_then_not_even_checked(rest: Rest) -> None:
    for _ in range(LIMIT):
        status, _ = await get(rest, "/rest/executions", auth(WRONG))
        assert status == 401
    assert rest.throttle.failures == {"127.0.0.1": LIMIT}
    async with rest.http.get("/rest/executions", headers=auth()) as r:
        assert r.status == 429
        assert r.headers["Retry-After"] == "43"
        body = await r.json()
    assert body["code"] == 429
    assert rest.throttle.calls[-1] == ("blocked", "127.0.0.1")  # no succeeded: not checked


async def test_a_right_token_resets_the_failures(rest: Rest) -> None:
    await get(rest, "/rest/executions", auth(WRONG))
    status, _ = await get(rest, "/rest/executions")
    assert status == 200
    assert rest.throttle.failures == {}
    assert rest.throttle.calls[-1] == ("succeeded", "127.0.0.1")


@pytest.mark.parametrize(
    "headers",
    [
        {"X-N8N-API-KEY": TOKEN},
        {"x-n8n-api-key": TOKEN},
        {"Authorization": f"Bearer {TOKEN}"},
        {"Authorization": f"bearer {TOKEN}"},
    ],
)
async def test_the_right_token_in_either_header_is_200(rest: Rest, headers: dict[str, str]) -> None:
    status, body = await get(rest, "/rest/executions", headers)
    assert status == 200
    assert [e["id"] for e in body["data"]] == rest.ids[::-1]


async def test_the_api_key_header_is_used_before_authorization(rest: Rest) -> None:
    both = {"X-N8N-API-KEY": TOKEN, "Authorization": "Basic c29tZW9uZTplbHNl"}
    assert (await get(rest, "/rest/executions", both))[0] == 200


@pytest.mark.parametrize("limit", ["-1", "0", "1001", "x", "1.5", "", " 5", "99999999999999999999"])
async def test_a_limit_outside_1_to_1000_is_400(rest: Rest, limit: str) -> None:
    status, body = await get(rest, f"/rest/executions?limit={limit}")
    assert status == 400
    assert body == {"code": 400, "message": "limit must be a whole number from 1 to 1000"}


@pytest.mark.parametrize(("limit", "count"), [("1000", 5), ("1", 1), ("002", 2)])
async def test_a_limit_within_range_is_kept(rest: Rest, limit: str, count: int) -> None:
    status, body = await get(rest, f"/rest/executions?limit={limit}")
    assert status == 200
    assert len(body["data"]) == count


async def test_unknown_parameters_are_ignored(rest: Rest) -> None:
    status, body = await get(rest, "/rest/executions?includeData=true&cursor=abc")
    assert status == 200
    assert len(body["data"]) == 5


@pytest.mark.parametrize(
    ("execution_id", "status"),
    [
        ("99999999999999999999999", 400),
        ("9223372036854775808", 400),
        ("9223372036854775807", 404),
        ("0", 400),
        ("-1", 400),
        ("abc", 400),
        ("1e3", 400),
        ("999", 404),
    ],
)
async def test_an_id_is_400_or_404_never_500(rest: Rest, execution_id: str, status: int) -> None:
    got, body = await get(rest, f"/rest/executions/{execution_id}")
    assert (got, body["code"]) == (status, status)


async def test_the_list_never_carries_outputs_input_or_snapshot(rest: Rest) -> None:
    async with rest.http.get("/rest/executions?limit=1000", headers=auth()) as r:
        assert r.headers["Cache-Control"] == "no-store"
        text = await r.text()
        body = await r.json()
    assert CALLER_SECRET not in text
    for execution in body["data"]:
        assert not {"outputs", "input", "snapshot"} & execution.keys()
        assert execution["status"] == "success"


async def test_one_execution_carries_its_outputs(rest: Rest) -> None:
    status, body = await get(rest, f"/rest/executions/{rest.ids[0]}")
    assert status == 200
    assert body["id"] == rest.ids[0] and body["flow"] == "A"
    assert body["outputs"] == [{"node": "Hook", "items": [{"authorization": CALLER_SECRET}]}]


async def test_the_json_of_one_execution_is_its_to_json(rest: Rest, tmp_path: Path) -> None:
    """get_json splices the stored outputs in: the same data as get(), never parsed."""
    store = ExecutionStore(tmp_path / "kflow.db")
    try:
        plain = store.create(job("Ünïcode ✓"))
        store.finish(plain, error="boom", items_out=0, outputs=None)
        queued = store.create(job("A"))
    finally:
        store.close()
    for execution_id in [*rest.ids, plain, queued]:
        found = await rest.reader.get(execution_id)
        text = await rest.reader.get_json(execution_id)
        assert found is not None and text is not None
        assert json.loads(text) == found.to_json(outputs=True)
        assert list(json.loads(text)) == list(found.to_json(outputs=True))
    assert await rest.reader.get_json(999) is None
    status, body = await get(rest, f"/rest/executions/{plain}")
    assert status == 200
    assert (body["flow"], body["error"], body["outputs"]) == ("Ünïcode ✓", "boom", None)


async def test_paging_backwards_with_before(rest: Rest) -> None:
    seen: list[int] = []
    before = ""
    while True:
        status, body = await get(rest, f"/rest/executions?limit=2{before}")
        assert status == 200
        page = [e["id"] for e in body["data"]]
        if not page:
            break
        seen += page
        before = f"&before={page[-1]}"
    assert seen == rest.ids[::-1]


async def test_before_and_flow_together(rest: Rest) -> None:
    a_ids = [i for i, flow in zip(rest.ids, "ABABA", strict=True) if flow == "A"]
    status, body = await get(rest, f"/rest/executions?flow=A&before={a_ids[-1]}")
    assert status == 200
    assert [e["id"] for e in body["data"]] == a_ids[-2::-1]
    assert {e["flow"] for e in body["data"]} == {"A"}


@pytest.mark.parametrize("before", ["0", "-3", "x", "99999999999999999999999"])
async def test_a_bad_before_is_400(rest: Rest, before: str) -> None:
    status, body = await get(rest, f"/rest/executions?before={before}")
    assert status == 400
    assert "before" in body["message"]


async def test_flow_names_are_capped(rest: Rest) -> None:
    assert (await get(rest, "/rest/executions?flow=" + "f" * 200))[0] == 200
    status, body = await get(rest, "/rest/executions?flow=" + "f" * 201)
    assert status == 400
    assert "200" in body["message"]


async def test_other_methods_and_paths_need_the_token_too(rest: Rest) -> None:
    async with rest.http.post("/rest/executions") as r:
        assert r.status == 401
    async with rest.http.post("/rest/executions", headers=auth()) as r:
        assert r.status == 405
        assert r.headers["Allow"] == "GET, HEAD"
    async with rest.http.delete(f"/rest/executions/{rest.ids[0]}", headers=auth()) as r:
        assert r.status == 405
    async with rest.http.get("/rest/workflows", headers=auth()) as r:
        assert r.status == 404
        assert (await r.json())["code"] == 404


async def test_reads_run_in_the_readers_thread_while_the_loop_serves(
    rest: Rest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read held up in SQLite leaves the loop free: /ping answers meanwhile."""
    loop_thread = threading.get_ident()
    threads: list[int] = []
    started, release = threading.Event(), threading.Event()
    real = ExecutionReader._select_list

    def held(self: ExecutionReader, *args: Any) -> Any:
        threads.append(threading.get_ident())
        started.set()
        release.wait(30)  # a bound only in case the test is broken: never reached otherwise
        return real(self, *args)

    monkeypatch.setattr(ExecutionReader, "_select_list", held)
    listing = asyncio.create_task(get(rest, "/rest/executions"))
    assert await asyncio.to_thread(started.wait, 30)
    async with rest.http.get("/ping") as r:
        assert await r.text() == "pong"
    assert not listing.done()
    release.set()
    status, body = await listing
    assert status == 200 and len(body["data"]) == 5
    assert threads and loop_thread not in threads

    one_thread: list[int] = []
    real_one = ExecutionReader._select_json

    def recorded(self: ExecutionReader, *args: Any) -> Any:
        one_thread.append(threading.get_ident())
        return real_one(self, *args)

    monkeypatch.setattr(ExecutionReader, "_select_json", recorded)
    assert (await get(rest, f"/rest/executions/{rest.ids[0]}"))[0] == 200
    assert one_thread == threads[:1]  # the same single reader thread


async def test_a_database_error_is_503_not_500(rest: Rest, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: ExecutionReader, *args: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ExecutionReader, "_select_list", broken)
    status, body = await get(rest, "/rest/executions")
    assert (status, body["code"]) == (503, 503)


async def test_the_reader_cannot_write(rest: Rest) -> None:
    def delete(reader: ExecutionReader) -> None:
        reader._connection().execute("DELETE FROM executions")

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await rest.reader._run(delete, rest.reader)
    assert len(await rest.reader.list(limit=1000)) == 5


def test_the_reader_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read the executions database"):
        ExecutionReader(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


async def test_a_closed_reader_refuses_reads(tmp_path: Path) -> None:
    ExecutionStore(tmp_path / "kflow.db").close()
    reader = ExecutionReader(tmp_path / "kflow.db")
    assert await reader.list() == []
    assert await reader.get(1) is None
    reader.close()
    reader.close()
    with pytest.raises(RuntimeError, match="closed"):
        await reader.list()


async def test_the_reader_refuses_limits_sqlite_would_read_as_unbounded(tmp_path: Path) -> None:
    ExecutionStore(tmp_path / "kflow.db").close()
    reader = ExecutionReader(tmp_path / "kflow.db")
    try:
        for limit in (-1, 0, 1001):
            with pytest.raises(ValueError, match="limit"):
                await reader.list(limit=limit)
        assert await reader.get(2**70) is None
    finally:
        reader.close()


async def test_with_the_real_throttle(tmp_path: Path) -> None:
    throttle_module = pytest.importorskip("kflow.host.serve.throttle")
    ExecutionStore(tmp_path / "kflow.db").close()
    reader = ExecutionReader(tmp_path / "kflow.db")
    app = web.Application()
    throttle = throttle_module.AuthThrottle(limit=2, window=60.0)
    add_rest_routes(app, reader, token=TOKEN, throttle=throttle)
    runner, base = await serve_app(app)
    try:
        async with aiohttp.ClientSession(base_url=base) as http:
            statuses = []
            for token in [WRONG, WRONG, WRONG, TOKEN]:
                async with http.get("/rest/executions", headers=auth(token)) as r:
                    statuses.append(r.status)
                    retry_after = r.headers.get("Retry-After")
        assert statuses[:2] == [401, 401]
        assert statuses[-1] == 429 and retry_after is not None and int(retry_after) >= 1
    finally:
        await runner.cleanup()
        reader.close()
