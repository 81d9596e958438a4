"""Files stay in their folder: every node that touches files works inside one base
directory, `--files-dir DIR` (serve's default: `kflow-files` beside the database). A caller
who chooses writeFile's path (`={{ $json.body.path }}`) cannot write anywhere else:
absolute paths, `../` escapes and symlinks pointing out fail the execution, with an error
naming the files directory, and nothing is written outside.

(The input node is no way in under serve: it outputs the trigger's items and reads no
file.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.conftest import (
    Processes,
    Serve,
    chain,
    post_json,
    settled,
    wait_until,
    webhook,
    write_flow,
)

WRITE = {
    "name": "Write",
    "nodes": [
        webhook("Hook", "write"),
        {
            "name": "Line",
            "type": "set",
            "parameters": {
                "assignments": {
                    "assignments": [{"name": "line", "value": "written", "type": "string"}]
                }
            },
        },
        {
            "name": "Write",
            "type": "writeFile",
            "parameters": {"path": "={{ $('Hook').item.json.body.path }}", "format": "jsonl"},
        },
    ],
    "connections": chain("Hook", "Line", "Write"),
}


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """files/ (the files dir, with symlinks pointing out), outside/ (a folder beside it)
    and cwd/ (serve's working directory)."""
    files, outside, cwd = tmp_path / "files", tmp_path / "outside", tmp_path / "cwd"
    for folder in (files, outside, cwd):
        folder.mkdir()
    (outside / "kept.jsonl").write_text('{"kept": true}\n')
    (outside / "target.jsonl").write_text("")
    (files / "out").symlink_to(outside, target_is_directory=True)
    (files / "link.jsonl").symlink_to(outside / "target.jsonl")
    return {"files": files, "outside": outside, "cwd": cwd, "root": tmp_path}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def _escapes(layout: dict[str, Path]) -> dict[str, str]:
    """Paths that lead out of the files dir, by name."""
    files, outside = layout["files"], layout["outside"]
    to_root = "../" * len(files.resolve().parts[1:])
    return {
        "absolute": str(outside / "pwned.jsonl"),
        "dotdot": "../outside/pwned.jsonl",
        "dotdot-inside-first": "sub/../../outside/pwned.jsonl",
        "dotdot-to-root": to_root + str(outside / "pwned.jsonl").lstrip("/"),
        "symlinked-dir": "out/pwned.jsonl",
        "symlinked-file": "link.jsonl",
    }


def _serve(processes: Processes, layout: dict[str, Path], flow: dict[str, object]) -> Serve:
    return processes.serve(
        write_flow(layout["root"] / "flows", flow),
        flags=["--files-dir", str(layout["files"])],
        cwd=layout["cwd"],
    )


def _names_the_files_dir(error: str, files: Path) -> bool:
    return "files dir" in error.lower() or str(files) in error or str(files.resolve()) in error


ESCAPES = [
    "absolute",
    "dotdot",
    "dotdot-inside-first",
    "dotdot-to-root",
    "symlinked-dir",
    "symlinked-file",
]


@pytest.mark.parametrize("escape", ESCAPES)
def test_write_file_cannot_write_outside_the_files_dir(
    processes: Processes, layout: dict[str, Path], escape: str
) -> None:
    """The caller names the path; every way out fails the execution and writes nothing
    outside the files dir."""
    outside_before = _snapshot(layout["outside"])
    serve = _serve(processes, layout, WRITE)
    path = _escapes(layout)[escape]
    assert post_json(serve.url + "/webhook/write", {"path": path}).status == 200
    (row,) = wait_until(lambda: settled(serve.db, 1), what="the execution to end")
    assert row["status"] == "error", f"{path!r} was written"
    assert _names_the_files_dir(row["error"], layout["files"]), row["error"]
    assert _snapshot(layout["outside"]) == outside_before, "a file outside was written"
    assert not (layout["root"] / "outside" / "pwned.jsonl").exists()
    assert _snapshot(layout["cwd"]) == {}


def test_write_file_writes_a_relative_path_inside_the_files_dir(
    processes: Processes, layout: dict[str, Path]
) -> None:
    """The control: a plain relative path is written, inside the files dir."""
    serve = _serve(processes, layout, WRITE)
    assert post_json(serve.url + "/webhook/write", {"path": "reports/ok.jsonl"}).status == 200
    (row,) = wait_until(lambda: settled(serve.db, 1), what="the execution to end")
    assert row["status"] == "success", row["error"]
    assert (layout["files"] / "reports" / "ok.jsonl").read_text() == '{"line": "written"}\n'
    assert _snapshot(layout["cwd"]) == {}


def test_by_default_files_go_to_kflow_files_beside_the_db(
    processes: Processes, layout: dict[str, Path]
) -> None:
    """Without --files-dir, the files dir is `kflow-files` beside the database (not the
    working directory), and `../` still cannot leave it."""
    root = layout["root"]
    serve = processes.serve(write_flow(root / "flows", WRITE), cwd=layout["cwd"])
    assert post_json(serve.url + "/webhook/write", {"path": "ok.jsonl"}).status == 200
    assert post_json(serve.url + "/webhook/write", {"path": "../escaped.jsonl"}).status == 200
    rows = wait_until(lambda: settled(serve.db, 2), what="the executions to end")
    assert [r["status"] for r in rows] == ["success", "error"], [r["error"] for r in rows]
    assert (root / "kflow-files" / "ok.jsonl").exists()
    assert not (root / "escaped.jsonl").exists()
    assert _snapshot(layout["cwd"]) == {}
