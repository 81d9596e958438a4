"""The `kflow` command end to end: outputs, exit codes, and no key in anything it prints."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kflow.sandbox import SandboxServer
from tests.support import CANARY_KEY, FIRST_CLICK, child_env

ROOT = Path(__file__).resolve().parents[2]
KFLOW = Path(sys.executable).with_name("kflow")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


async def kflow(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> Result:
    """Runs the installed console script, asserting the key never shows. Sandboxes it
    starts take their clock from the tests (child_env)."""
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=child_env(env),
        cwd=ROOT,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), timeout=60)
    result = Result(proc.returncode or 0, out.decode(), err.decode())
    assert CANARY_KEY not in result.out
    assert CANARY_KEY not in result.err
    return result


@pytest.fixture
def creds_file(tmp_path: Path, sandbox: SandboxServer) -> Path:
    path = tmp_path / "creds.yaml"
    path.write_text(f"keitaroApi:\n  domain: {sandbox.url}\n  apiKey: {CANARY_KEY}\n")
    return path


def update_args(click_id: str, data: str) -> list[str]:
    return [
        "node",
        "keitaro",
        "-p",
        "resource=click",
        "-p",
        "operation=update",
        "-p",
        f"clickId={click_id}",
        "-p",
        f"clickData={data}",
    ]


async def test_example_flow_runs_on_its_own_sandbox() -> None:
    result = await kflow("run", "examples/update-click.yaml", "--sandbox")
    assert result.code == 0, result.err
    (out,) = result.json()
    assert out["success"] is True
    assert out["data"]["sub_id"] == FIRST_CLICK
    assert out["data"]["cost"] == 0.45
    assert out["request"]["headers"]["Api-Key"].startswith("****")


async def test_node_command_with_a_credentials_file(creds_file: Path) -> None:
    result = await kflow(
        *update_args(FIRST_CLICK, '{"cost": 0.5}'), "--credentials", str(creds_file)
    )
    assert result.code == 0, result.err
    (out,) = result.json()
    assert out["request"]["headers"]["Api-Key"] == "****" + CANARY_KEY[-4:]
    assert out["data"]["cost"] == 0.5


async def test_credentials_from_the_environment(sandbox: SandboxServer) -> None:
    env = {"KEITARO_URL": sandbox.url, "KEITARO_API_KEY": CANARY_KEY}
    result = await kflow(*update_args(FIRST_CLICK, '{"cost": 0.6}'), "--format", "jsonl", env=env)
    assert result.code == 0, result.err
    assert json.loads(result.out.splitlines()[0])["data"]["cost"] == 0.6


async def test_items_file_gives_one_output_per_item(creds_file: Path, tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text('{"a": 1}\n{"a": 2}\n{"a": 3}\n')
    result = await kflow(
        *update_args(FIRST_CLICK, '{"cost": 0.1}'),
        "--items",
        str(items),
        "--credentials",
        str(creds_file),
        "--format",
        "jsonl",
    )
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 3


@pytest.mark.parametrize(
    ("click_id", "data", "message"),
    [
        ("", '{"cost": 1}', 'parameter "ID Клика" (clickId): is required'),
        ("a/b", '{"cost": 1}', 'parameter "ID Клика"'),
        (FIRST_CLICK, '{"cost": 1,', 'parameter "Данные Клика" (clickData): is not valid JSON'),
        (FIRST_CLICK, "[]", 'parameter "Данные Клика" (clickData): must be a JSON object'),
        (FIRST_CLICK, '{"costs": 1}', 'unknown field "costs"'),
    ],
)
async def test_bad_input_exits_2_before_any_request(
    sandbox: SandboxServer, creds_file: Path, click_id: str, data: str, message: str
) -> None:
    before = await _click_cost(sandbox)
    result = await kflow(*update_args(click_id, data), "--credentials", str(creds_file))
    assert result.code == 2
    assert result.out == ""
    assert message in result.err
    assert result.err.startswith("kflow: error: Keitaro: item 0: ")
    assert "Traceback" not in result.err
    assert await _click_cost(sandbox) == before


async def test_unknown_click_exits_1_with_404_and_keitaros_message(creds_file: Path) -> None:
    result = await kflow(
        *update_args("nosuchclick", '{"cost": 1}'), "--credentials", str(creds_file)
    )
    assert result.code == 1
    assert "404" in result.err and "Click not found" in result.err
    assert "Traceback" not in result.err


async def test_continue_on_fail_keeps_going_and_exits_0(creds_file: Path) -> None:
    result = await kflow(
        *update_args("nosuchclick", '{"cost": 1}'),
        "--credentials",
        str(creds_file),
        "--continue-on-fail",
    )
    assert result.code == 0
    (out,) = result.json()
    assert out["success"] is False and out["error"]["httpCode"] == 404
    assert "1 of 1 items failed" in result.err


async def test_debug_shows_a_traceback_without_the_key(creds_file: Path) -> None:
    result = await kflow(
        "--debug", *update_args("nosuchclick", '{"cost": 1}'), "--credentials", str(creds_file)
    )
    assert result.code == 1
    assert "Traceback" in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["node", "nosuchnode"], 'unknown node type "nosuchnode"'),
        (["node", "keitaro", "-p", "resource=website"], '"website" is not one of: click'),
        (["node", "keitaro", "-p", "speed"], "expected NAME=VALUE"),
        (["run", "missing.yaml"], "missing.yaml"),
        (["node", "keitaro", "--items", "nope.json"], "items file nope.json"),
        (["node", "keitaro", "--credentials", "nope.yaml", "-p", "clickId=x"], "nope.yaml"),
        (["node"], "the following arguments are required"),
    ],
)
async def test_bad_command_lines_exit_2(args: list[str], message: str) -> None:
    result = await kflow(*args)
    assert result.code == 2
    assert message in result.err


async def test_missing_credentials_say_how_to_give_them() -> None:
    env = {"KEITARO_URL": "", "KEITARO_API_KEY": ""}
    result = await kflow(*update_args(FIRST_CLICK, '{"cost": 1}'), env=env)
    assert result.code == 2
    assert "--credentials FILE" in result.err and "--sandbox" in result.err


async def test_describe_routes_prints_one_json_object_a_line() -> None:
    result = await kflow("describe", "keitaro", "--format", "routes")
    assert result.code == 0
    routes = [json.loads(line) for line in result.out.splitlines()]
    assert len(routes) > 100
    assert {"resource", "operation", "method", "path", "example"} <= set(routes[0])
    streams = {r["operation"] for r in routes if r["resource"] == "stream"}
    assert {"create", "search", "getFilters"} <= streams
    refused = await kflow("describe", "set", "--format", "routes")
    assert refused.code == 2 and "declares no routes" in refused.err


async def test_describe_prints_the_n8n_description() -> None:
    result = await kflow("describe", "keitaro", "--format", "n8n")
    assert result.code == 0
    description = result.json()
    assert description["name"] == "n8n-nodes-keitaro.keitaro"
    assert (await kflow("describe", "keitaro", "--format", "kflow")).json()["name"] == "keitaro"
    core = await kflow("describe", "set", "--format", "n8n")
    assert core.json()["name"] == "n8n-nodes-base.set"
    labels = {p["name"]: p["displayName"] for p in description["properties"]}
    assert labels["clickId"] == "ID Клика" and labels["clickData"] == "Данные Клика"


async def test_describe_prints_text_for_people_by_default() -> None:
    result = await kflow("describe", "keitaro", "stream", "update", env={"COLUMNS": "100"})
    assert result.code == 0
    assert "Route: PUT /streams/{id}" in result.out
    assert "kflow node keitaro -p resource=stream -p operation=update" in result.out
    refused = await kflow("describe", "keitaro", "strem")
    assert refused.code == 2 and "did you mean 'stream'" in refused.err
    routes = await kflow("describe", "keitaro", "stream", "update", "--format", "routes")
    assert [json.loads(line)["path"] for line in routes.out.splitlines()] == ["/streams/{id}"]
    whole = await kflow("describe", "keitaro", "stream", "--format", "n8n")
    assert whole.code == 2 and "RESOURCE and OPERATION go with" in whole.err


async def test_credentials_test_reports_valid_invalid_unreachable(
    sandbox: SandboxServer, creds_file: Path, tmp_path: Path, unused_tcp_port: int
) -> None:
    valid = await kflow("credentials", "test", "--credentials", str(creds_file))
    assert (valid.code, json.loads(valid.out)["status"]) == (0, "valid")

    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(f"keitaroApi:\n  domain: {sandbox.url}\n  apiKey: {'0' * 32}\n")
    invalid = await kflow("credentials", "test", "--credentials", str(wrong))
    assert (invalid.code, json.loads(invalid.out)["status"]) == (1, "invalid key")

    gone = tmp_path / "gone.yaml"
    gone.write_text(f"keitaroApi:\n  domain: http://127.0.0.1:{unused_tcp_port}\n  apiKey: k\n")
    unreachable = await kflow("credentials", "test", "--credentials", str(gone))
    assert (unreachable.code, json.loads(unreachable.out)["status"]) == (1, "unreachable")


async def _click_cost(sandbox: SandboxServer) -> float:
    row = sandbox.store.conn.execute(
        "SELECT cost FROM clicks WHERE sub_id = ?", (FIRST_CLICK,)
    ).fetchone()
    return float(row[0])


async def test_sandbox_command_serves_and_writes_credentials(
    tmp_path: Path, unused_tcp_port: int
) -> None:
    creds = tmp_path / "sandbox.yaml"
    proc = await asyncio.create_subprocess_exec(
        str(KFLOW),
        "sandbox",
        "--port",
        str(unused_tcp_port),
        "--api-key",
        CANARY_KEY,
        "--credentials-out",
        str(creds),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=child_env(),
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), timeout=30)).decode()
        assert f"http://127.0.0.1:{unused_tcp_port}" in line
        assert CANARY_KEY not in line and "credentials in" in line
        result = await kflow(*update_args(FIRST_CLICK, '{"cost": 2}'), "--credentials", str(creds))
        assert result.code == 0, result.err
        assert result.json()[0]["data"]["cost"] == 2
    finally:
        proc.terminate()
        await proc.wait()


async def test_node_gives_one_answer_for_json_jsonl_and_stdin(
    tmp_path: Path, sandbox: SandboxServer, creds_file: Path
) -> None:
    subids = [r[0] for r in sandbox.store.conn.execute("SELECT sub_id FROM clicks LIMIT 3")]
    items = [{"subid": s, "cost": i} for i, s in enumerate(subids)]
    as_json = tmp_path / "items.json"
    as_json.write_text(json.dumps(items))
    as_jsonl = tmp_path / "items.jsonl"
    as_jsonl.write_text("".join(json.dumps(i) + "\n" for i in items))
    args = [
        "node",
        "keitaro",
        "-p",
        "resource=click",
        "-p",
        "operation=update",
        "-p",
        "clickId={{ $json.subid }}",
        "-p",
        'clickData={"cost": {{ Number($env.KFLOW_BASE) + $json.cost + $itemIndex }}}',
        "--allow-env",
        "--credentials",
        str(creds_file),
        "--format",
        "jsonl",
        "--items",
    ]
    env = {"KFLOW_BASE": "10"}
    answers = [
        await kflow(*args, str(as_json), env=env),
        await kflow(*args, str(as_jsonl), env=env),
        await kflow(*args, "-", env=env, stdin=as_jsonl.read_text()),
    ]
    costs = []
    for answer in answers:
        assert answer.code == 0, answer.err
        costs.append([json.loads(line)["data"]["cost"] for line in answer.out.splitlines()])
    assert costs == [[10, 12, 14]] * 3
