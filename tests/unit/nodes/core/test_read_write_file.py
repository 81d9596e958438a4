"""Read/Write Files from Disk: reading by pattern, confined to the files folder."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from kflow.host import NodeOperationError, RunSettings
from kflow.testing import run_node


async def test_read_glob_in_files_folder(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"x")
    (tmp_path / "b.csv").write_bytes(b"y")
    items = await run_node(
        "readWriteFile",
        [{}],
        {"operation": "read", "fileSelector": "*.csv"},
        settings=RunSettings(retries=1, files_dir=tmp_path),
    )
    assert [item["json"]["fileName"] for item in items] == ["a.csv", "b.csv"]


async def test_read_outside_refused(tmp_path: Path) -> None:
    with pytest.raises(NodeOperationError, match="outside the files directory"):
        await run_node(
            "readWriteFile",
            [{}],
            {"operation": "read", "fileSelector": "../*"},
            settings=RunSettings(retries=1, files_dir=tmp_path),
        )


def test_base64_fixture_is_exact() -> None:
    assert base64.b64decode(base64.b64encode(b"\x00")) == b"\x00"
