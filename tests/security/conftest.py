"""The security suite attacks a real `kflow serve` (and `kflow worker`s over a real
redis-server) from 127.0.0.1, the way a stranger on the network would.

Every test here is marked `security`; the default run leaves them out (`pytest -m
security` runs them). The fixtures start the real processes: `processes` (its `serve()`
starts a `kflow serve` on a free port with given flows, database, flags, environment and
working directory, once it listens and has started; its `worker()` a `kflow worker`; all
end after the test), `module_processes` (the same, shared by a module's tests) and `redis`
(a redis-server of the test's own, which a test may stop, start again on the same port,
or freeze). Helpers speak HTTP with the standard library, so that what is sent is exactly
what the test wrote, and read the executions the way an operator does: the database,
`kflow executions list` and `/rest/executions` with the token from `<db>.api-token`.
"""

from __future__ import annotations

import http.client
import itertools
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.support import child_env, free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
KFLOW = Path(sys.executable).with_name("kflow")
START_SECONDS = 60.0
"""How long a process may take to start listening before the test gives up on it."""
SETTLE_SECONDS = 120.0
"""How long a test waits for executions to reach the state it expects."""

T = TypeVar("T")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/security/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.security)


# ---------------------------------------------------------------------------------------
# Waiting, HTTP and flows


def wait_until(check: Callable[[], T | None], *, what: str, seconds: float = SETTLE_SECONDS) -> T:
    """Polls `check` until it gives something truthy, and returns it; fails after
    `seconds` (a generous deadline for liveness, never a measured duration)."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, headers (names in lower case) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    method: str,
    url: str,
    *,
    body: bytes | str | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    source: str | None = None,
) -> Reply:
    """One request on a connection of its own (from `source`, a loopback address, when
    given), answered in full."""
    parts = urllib.parse.urlsplit(url)
    assert parts.hostname is not None
    conn = http.client.HTTPConnection(
        parts.hostname,
        parts.port,
        timeout=timeout,
        source_address=(source, 0) if source else None,
    )
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(method, target, body=body, headers=dict(headers or {}))
        resp = conn.getresponse()
        return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def post_json(url: str, data: Any, *, headers: Mapping[str, str] | None = None) -> Reply:
    return call(
        "POST",
        url,
        body=json.dumps(data),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def write_flow(folder: Path, flow: Mapping[str, Any], name: str = "flow.yaml") -> Path:
    """Writes `flow` (kflow's flow shape) as a YAML file (JSON is YAML) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(flow, indent=1), encoding="utf-8")
    return path


def webhook(name: str, path: str, *, method: str = "POST", **parameters: Any) -> dict[str, Any]:
    """A Webhook node (responseMode onReceived unless given)."""
    return {
        "name": name,
        "type": "webhook",
        "parameters": {
            "httpMethod": method,
            "path": path,
            "responseMode": "onReceived",
            **parameters,
        },
    }


def set_fields(name: str, **fields: str) -> dict[str, Any]:
    """A Set node that outputs only `fields` (name → value or expression)."""
    return {
        "name": name,
        "type": "set",
        "parameters": {
            "assignments": {
                "assignments": [
                    {"name": key, "value": value, "type": "string"} for key, value in fields.items()
                ]
            }
        },
    }


def think(name: str, ms: int = 800) -> dict[str, Any]:
    """A Set node that keeps its execution busy for `ms` milliseconds of wall time (well
    under the 2 s expression limit; chain several for longer)."""
    spin = f"const t = Date.now(); while (Date.now() - t < {ms}) {{}} return 'done';"
    return set_fields(name, thought="={{ (() => { " + spin + " })() }}")


def chain(*names: str) -> dict[str, list[str]]:
    """Connections linking `names` one after the other."""
    return {a: [b] for a, b in itertools.pairwise(names)}


# ---------------------------------------------------------------------------------------
# The executions database, read as an operator would


def db_rows(db: Path) -> list[dict[str, Any]]:
    """Every execution row in the database, oldest first (read straight from SQLite)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM executions ORDER BY id")]
    finally:
        conn.close()


def listed_executions(db: Path) -> list[dict[str, Any]]:
    """What `kflow executions list --db DB --format jsonl` shows."""
    done = subprocess.run(
        [str(KFLOW), "executions", "list", "--db", str(db), "--format", "jsonl", "--limit", "1000"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def unfinished(db: Path) -> list[dict[str, Any]]:
    return [row for row in db_rows(db) if row["status"] in ("queued", "running")]


def settled(db: Path, count: int) -> list[dict[str, Any]] | None:
    """The executions, once there are `count` and none is queued or running."""
    rows = db_rows(db)
    if len(rows) == count and all(r["status"] in ("success", "error") for r in rows):
        return rows
    return None


# ---------------------------------------------------------------------------------------
# Processes


def _wait_for_line(proc: subprocess.Popen[bytes], log: Path, offset: int, text: str) -> None:
    """Waits until `text` shows in the part of `log` written after `offset`."""
    deadline = time.monotonic() + START_SECONDS
    while True:
        written = log.read_text(encoding="utf-8", errors="replace")[offset:]
        if text in written:
            return
        if proc.poll() is not None:
            raise AssertionError(
                f"the process ended ({proc.returncode}) before starting:\n{written}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"the process did not start in time:\n{written}")
        time.sleep(0.05)


def _end(proc: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then SIGKILL if it has not ended after a generous grace."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGCONT)  # a frozen process cannot handle SIGTERM
        proc.terminate()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
    return proc.returncode


@dataclass
class Serve:
    """A running `kflow serve`."""

    proc: subprocess.Popen[bytes]
    port: int
    db: Path
    log: Path
    admin_port: int | None = None
    env_token: str | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def admin_url(self) -> str:
        """Where the REST API answers: the admin listener when there is one."""
        return f"http://127.0.0.1:{self.admin_port or self.port}"

    @property
    def token_file(self) -> Path:
        return self.db.with_name(self.db.name + ".api-token")

    def token(self) -> str:
        """The REST API's token, as an operator finds it: $KFLOW_API_TOKEN, else the file
        serve keeps beside its database."""
        if self.env_token is not None:
            return self.env_token
        return self.token_file.read_text(encoding="ascii").strip()

    def rest(
        self, path: str, *, headers: Mapping[str, str] | None = None, source: str | None = None
    ) -> Reply:
        """GET `path` on the REST API with the right token (unless `headers` give one),
        from the loopback address `source` when given."""
        return call(
            "GET",
            self.admin_url + path,
            headers=headers or {"X-N8N-API-KEY": self.token()},
            source=source,
        )

    def executions(self, *, source: str | None = None) -> list[dict[str, Any]]:
        """/rest/executions, as many as it gives."""
        reply = self.rest("/rest/executions?limit=1000", source=source)
        assert reply.status == 200, reply.text
        return list(reply.json()["data"])

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        return _end(self.proc)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)


def assert_nothing_recorded(
    serve: Serve, before: Sequence[int] = (), *, source: str | None = None
) -> None:
    """Neither `kflow executions list` nor /rest/executions (asked from `source`) shows
    any execution but the ones `before` (ids)."""
    listed = [e["id"] for e in listed_executions(serve.db)]
    assert sorted(listed) == sorted(before), "kflow executions list shows a new execution"
    shown = [e["id"] for e in serve.executions(source=source)]
    assert sorted(shown) == sorted(before), "/rest/executions shows a new execution"


@dataclass
class Processes:
    """Starts serves and workers for one test, and ends them all after it."""

    folder: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)
    redis_servers: list[RedisServer] = field(default_factory=list)

    def serve(
        self,
        flows: Path,
        *,
        db: Path | None = None,
        flags: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        admin: bool = False,
    ) -> Serve:
        """`kflow serve FLOWS --port P --db DB FLAGS…`, once it listens and its startup is
        done. `env` adds to the environment (which loses any $KFLOW_API_TOKEN of ours
        unless `env` gives one); the log is `<db>.serve.log`, appended to on restarts.
        Unless FLAGS say otherwise, `--grace 3`: a test that leaves executions queued
        (no worker) does not wait out the default 30 s drain when serve ends."""
        db = db or self.folder / "kflow.db"
        port = free_port()
        command = [str(KFLOW), "serve", str(flows), "--port", str(port), "--db", str(db)]
        command += ["--allow-private-network"]
        if "--grace" not in flags:
            command += ["--grace", "3"]
        admin_port = free_port() if admin else None
        if admin_port is not None:
            command += ["--admin-port", str(admin_port)]
        environment = child_env(env)
        if "KFLOW_API_TOKEN" not in (env or {}):
            environment.pop("KFLOW_API_TOKEN", None)
        log = db.with_name(db.name + ".serve.log")
        offset = len(log.read_text(encoding="utf-8", errors="replace")) if log.exists() else 0
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [*command, *flags],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=environment,
                cwd=cwd or self.folder,
            )
        self.started.append(proc)
        _wait_for_line(proc, log, offset, "REST API on")
        return Serve(proc, port, db, log, admin_port, (env or {}).get("KFLOW_API_TOKEN"))

    def worker(
        self, broker: str, *flags: str, cwd: Path | None = None, name: str = "worker"
    ) -> subprocess.Popen[bytes]:
        """`kflow worker --broker BROKER FLAGS…`, once it takes executions."""
        log = self.folder / f"{name}.log"
        offset = len(log.read_text(encoding="utf-8", errors="replace")) if log.exists() else 0
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [str(KFLOW), "worker", "--broker", broker, "--allow-private-network", *flags],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=child_env(),
                cwd=cwd or self.folder,
            )
        self.started.append(proc)
        _wait_for_line(proc, log, offset, "taking executions")
        return proc

    def end_all(self) -> None:
        """Ends the serves and workers, newest first, then the Redis servers they used."""
        for proc in reversed(self.started):
            _end(proc)
        for server in self.redis_servers:
            server.stop()


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    """Starts `kflow serve`s and `kflow worker`s for the test; all end after it."""
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.end_all()


@pytest.fixture(scope="module")
def module_processes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Processes]:
    """Processes shared by a module's tests (attacks that leave nothing behind)."""
    started = Processes(tmp_path_factory.mktemp("shared"))
    try:
        yield started
    finally:
        started.end_all()


class RedisServer:
    """A redis-server of the test's own on a loopback port that stays the same when it is
    stopped and started again. It keeps its data in an append-only file, so a restart is
    a Redis that was out of reach for a while, not an empty one."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is missing: run .ci/install-redis")
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        options += ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder)]
        self.proc = subprocess.Popen([self.binary, *options], stdout=subprocess.DEVNULL)
        wait_for_port(self.port, tries=600)

    def stop(self) -> None:
        """Shuts it down (clients get connection refused until it starts again)."""
        if self.proc is not None:
            _end(self.proc)
            self.proc = None

    def freeze(self) -> None:
        """SIGSTOP: connections open but nothing answers."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGCONT)


@pytest.fixture
def redis(processes: Processes, tmp_path: Path) -> RedisServer:
    """A started redis-server of the test's own (Debian's; `.ci/install-redis`). It ends
    after the test's serves and workers, so that none of them is left without it."""
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    processes.redis_servers.append(server)
    server.start()
    return server


def raw_db_bytes(db: Path) -> bytes:
    """The database's bytes as they are on disk: the file, its WAL and shared memory."""
    parts = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    return b"".join(part.read_bytes() for part in parts if part.exists())
