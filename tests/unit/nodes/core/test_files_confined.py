"""writeFile and input inside a files folder (`--files-dir`, always under serve), writeFile's
appends once per execution, and `$env` without credentials' variables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.effects import Effects, MemoryLedger
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.flow import parse_flow
from kflow.host.settings import RunSettings
from tests.support import CANARY_KEY


def _flow(path: str, *, append: bool = False) -> Any:
    return parse_flow(
        {
            "name": "Write",
            "nodes": [
                {"name": "Start", "type": "input", "parameters": {"items": [{"line": 1}]}},
                {
                    "name": "Write",
                    "type": "writeFile",
                    "parameters": {"path": path, "format": "jsonl", "append": append},
                },
            ],
            "connections": {"Start": ["Write"]},
        },
        source="test",
    )


@pytest.mark.parametrize("path", ["/tmp/kflow-escape.jsonl", "../escape.jsonl", "a/../../e.jsonl"])
async def test_write_file_cannot_leave_the_files_folder(tmp_path: Path, path: str) -> None:
    files = tmp_path / "files"
    files.mkdir()
    settings = RunSettings(files_dir=files)
    with pytest.raises(NodeOperationError, match="outside the files directory") as caught:
        await run_flow(_flow(path), credentials=Credentials(), settings=settings)
    assert caught.value.node == "Write"
    assert not (tmp_path / "escape.jsonl").exists() and not Path("/tmp/kflow-escape.jsonl").exists()


async def test_input_cannot_read_outside_the_files_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text('[{"a": 1}]')
    files = tmp_path / "files"
    files.mkdir()
    flow = parse_flow(
        {
            "name": "Read",
            "nodes": [
                {
                    "name": "Read",
                    "type": "input",
                    "parameters": {"source": "file", "path": "../secret.json"},
                }
            ],
        },
        source="test",
    )
    with pytest.raises(NodeOperationError, match="outside the files directory"):
        await run_flow(flow, credentials=Credentials(), settings=RunSettings(files_dir=files))


async def test_an_append_runs_once_per_execution(tmp_path: Path) -> None:
    """An execution delivered twice (serve restarted, a worker died) appends once."""
    settings = RunSettings(files_dir=tmp_path)
    ledger = MemoryLedger()
    for execution in ("db:1", "db:1", "db:2"):
        await run_flow(
            _flow("log.jsonl", append=True),
            credentials=Credentials(),
            settings=settings,
            effects=Effects(ledger, execution),
        )
    assert (tmp_path / "log.jsonl").read_text() == '{"line": 1}\n{"line": 1}\n'


async def test_env_hides_the_variables_credentials_come_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEITARO_API_KEY", CANARY_KEY)
    monkeypatch.setenv("KFLOW_REPORT_TITLE", "Daily")
    credentials = Credentials()
    credentials.add(KEITARO_API, {"domain": "t.example.test", "apiKey": CANARY_KEY})
    flow = parse_flow(
        {
            "name": "Env",
            "nodes": [
                {"name": "Start", "type": "input", "parameters": {"items": [{}]}},
                {
                    "name": "Read",
                    "type": "set",
                    "parameters": {
                        "assignments": {
                            "assignments": [
                                {
                                    "name": "key",
                                    "type": "string",
                                    "value": "={{ $env.KEITARO_API_KEY }}",
                                },
                                {
                                    "name": "title",
                                    "type": "string",
                                    "value": "={{ $env.KFLOW_REPORT_TITLE }}",
                                },
                                {
                                    "name": "all",
                                    "type": "string",
                                    "value": "={{ JSON.stringify($env) }}",
                                },
                            ]
                        }
                    },
                },
            ],
            "connections": {"Start": ["Read"]},
        },
        source="test",
    )
    settings = RunSettings(allow_env=True, hidden_env=frozenset({"KEITARO_API_KEY"}))
    result = await run_flow(flow, credentials=credentials, settings=settings)
    (item,) = result.items
    assert item["json"]["title"] == "Daily"
    assert not item["json"]["key"]
    assert CANARY_KEY not in item["json"]["all"]
