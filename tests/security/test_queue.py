"""The queue and the database as ways in: what someone planted in Redis (a pickled
result, a pickled job) is never unpickled, and a poisoned execution in the database never
stops serve from starting. Each fails at most its own execution, with the cause."""

from __future__ import annotations

import json
import os
import pickle
import shlex
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from redis import Redis

from tests.security.conftest import (
    Processes,
    RedisServer,
    Serve,
    call,
    chain,
    db_rows,
    post_json,
    settled,
    wait_until,
    webhook,
    write_flow,
)

FLOW = {
    "name": "Queued",
    "nodes": [webhook("Hook", "hook"), {"name": "Echo", "type": "noOp"}],
    "connections": chain("Hook", "Echo"),
}


class Touch:
    """Unpickling this runs `touch PATH`: what an attacker who can write to Redis would
    plant, hoping serve or a worker unpickles it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, (f"touch {shlex.quote(str(self.path))}",))


def _instance(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT value FROM meta WHERE name = 'instance'").fetchone()[0])
    finally:
        conn.close()


def _still_serving(serve: Serve) -> None:
    assert call("GET", serve.url + "/healthz").status == 200
    before = len(db_rows(serve.db))
    assert post_json(serve.url + "/webhook/hook", {"after": True}).status == 200
    assert len(db_rows(serve.db)) == before + 1


def _crafted_result(marker: Path) -> bytes:
    return pickle.dumps(Touch(marker))


def _mistyped_result(marker: Path) -> bytes:
    """Valid JSON, a valid taskiq result, but not an execution's result."""
    value = {"items_out": "lots", "error": 7, "touch": str(marker)}
    result = {"is_err": False, "log": None, "return_value": value, "execution_time": 0.1}
    return json.dumps({**result, "labels": {}, "error": None}).encode()


@pytest.mark.parametrize("planted", [_crafted_result, _mistyped_result], ids=["pickle", "json"])
def test_a_result_planted_in_redis_fails_only_its_execution(
    redis: RedisServer, processes: Processes, tmp_path: Path, planted: Any
) -> None:
    """Serve on Redis, no worker. Someone writes a result for a queued execution's task
    (a pickle that would run `touch`, or JSON that is not a result) and announces it:
    nothing is unpickled, the execution ends 'error' saying its result could not be read,
    and serve goes on serving."""
    marker = tmp_path / "unpickled-by-serve"
    serve = processes.serve(write_flow(tmp_path / "flows", FLOW), flags=["--broker", redis.url])
    reply = post_json(serve.url + "/webhook/hook", {"n": 1})
    assert reply.status == 200, reply.text
    execution_id = int(reply.headers["x-kflow-execution-id"])
    (row,) = db_rows(serve.db)
    assert row["id"] == execution_id and row["status"] == "queued" and row["task_id"]
    client = Redis.from_url(redis.url)
    try:
        client.set(row["task_id"], planted(marker), ex=3600)
        client.rpush(f"kflow:finished:{_instance(serve.db)}", row["task_id"])
        (ended,) = wait_until(lambda: settled(serve.db, 1), what="the execution to end")
    finally:
        client.close()
    assert not marker.exists(), "serve unpickled what was planted in Redis"
    assert ended["status"] == "error"
    assert "result could not be read" in ended["error"], ended["error"]
    _still_serving(serve)


def test_a_pickled_job_planted_in_the_queue_is_never_unpickled_by_a_worker(
    redis: RedisServer, processes: Processes, tmp_path: Path
) -> None:
    """A pickle pushed onto the executions stream (what a worker reads) is not unpickled;
    the worker goes on, and runs the next real execution."""
    marker = tmp_path / "unpickled-by-worker"
    serve = processes.serve(write_flow(tmp_path / "flows", FLOW), flags=["--broker", redis.url])
    worker = processes.worker(redis.url)
    client = Redis.from_url(redis.url, decode_responses=True)
    try:
        planted = client.xadd("kflow-executions", {"data": pickle.dumps(Touch(marker))})
        assert post_json(serve.url + "/webhook/hook", {"n": 1}).status == 200
        (row,) = wait_until(lambda: settled(serve.db, 1), what="the real execution to end")
        (group,) = client.xinfo_groups("kflow-executions")
    finally:
        client.close()
    assert _stream_id(group["last-delivered-id"]) >= _stream_id(planted), "never read"
    assert row["status"] == "success", row["error"]
    assert not marker.exists(), "the worker unpickled what was planted in the queue"
    assert worker.poll() is None, "the worker died of the planted message"


def _stream_id(entry: str) -> tuple[int, int]:
    milliseconds, _, sequence = entry.partition("-")
    return int(milliseconds), int(sequence or 0)


_OLD_SCHEMA = """
CREATE TABLE executions (
    id INTEGER PRIMARY KEY, flow TEXT NOT NULL, trigger TEXT NOT NULL, status TEXT NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, started_at TEXT,
    finished_at TEXT, items_in INTEGER NOT NULL DEFAULT 0, items_out INTEGER, error TEXT,
    input TEXT NOT NULL DEFAULT '[]', snapshot TEXT NOT NULL DEFAULT '{}',
    start_node TEXT NOT NULL DEFAULT '', outputs TEXT
);
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
"""The executions table as it was before serve kept task ids."""


def _poisoned_database(db: Path) -> int:
    """An older database holding one queued execution whose input is nested 300 levels
    (more than the queue's serialiser can carry)."""
    deep: dict[str, Any] = {"leaf": 1}
    for _ in range(300):
        deep = {"a": deep}
    conn = sqlite3.connect(db)
    try:
        conn.executescript(_OLD_SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('instance', ?)", (uuid.uuid4().hex,))
        cursor = conn.execute(
            "INSERT INTO executions (flow, trigger, status, created_at, items_in, input, "
            "snapshot, start_node) VALUES (?, ?, 'queued', ?, 1, ?, ?, 'Hook')",
            (
                "Queued",
                "request:Hook",
                "2026-01-01T00:00:00.000+00:00",
                json.dumps([{"body": deep}]),
                json.dumps(FLOW),
            ),
        )
        conn.commit()
        return int(cursor.lastrowid or 0)
    finally:
        conn.close()


@pytest.mark.parametrize("queue", ["in-process", "redis"])
def test_a_poisoned_execution_never_stops_serve_from_starting(
    redis: RedisServer, processes: Processes, tmp_path: Path, queue: str
) -> None:
    """An older database with a queued execution that can never be queued: serve starts
    all the same, marks it 'error' ("the execution cannot run: …"), and serves."""
    db = tmp_path / "kflow.db"
    poisoned = _poisoned_database(db)
    flags = ["--broker", redis.url] if queue == "redis" else []
    serve = processes.serve(write_flow(tmp_path / "flows", FLOW), db=db, flags=flags)
    row = wait_until(
        lambda: next((r for r in db_rows(db) if r["id"] == poisoned and r["error"]), None),
        what="the poisoned execution to be marked",
    )
    assert row["status"] == "error"
    assert row["error"].startswith("the execution cannot run"), row["error"]
    _still_serving(serve)
    assert serve.proc.poll() is None
