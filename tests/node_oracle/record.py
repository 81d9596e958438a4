"""Asks a real n8n 2.41.1 every case of some families, and writes recorded/<family>.json.

    .venv/bin/python -m tests.node_oracle.record FAMILY [FAMILY ...]

All cases of a family are imported into one fresh n8n and run by `n8n execute-batch`,
which saves each execution as a snapshot; a case that n8n stops with an error keeps the
node that stopped it and n8n's message.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from kflow.testing.ports import free_port
from tests.n8n_headless import N8N_VERSION, environment, n8n_root
from tests.node_oracle import stubs
from tests.node_oracle.harness import (
    FILES_ROOT,
    RECORDED,
    Case,
    answer_from_run_data,
    load_cases,
    workflow,
)

__all__ = ["ask_n8n", "record"]


def ask_n8n(cases: list[Case], tries: int = 3) -> dict[str, Any]:
    """n8n's answer to each case, by case id. A batch that n8n fails to run (it sometimes
    exits early under load) is run again, in a fresh n8n, up to `tries` times."""
    for attempt in range(1, tries + 1):
        try:
            return _ask_once(cases)
        except (RuntimeError, FileNotFoundError, json.JSONDecodeError):
            if attempt == tries:
                raise
    raise AssertionError("unreachable")


def _ask_once(cases: list[Case]) -> dict[str, Any]:
    needed = frozenset().union(*(case.stubs for case in cases))
    with stubs.serving(needed) as addresses:
        answers = _ask_n8n(cases, addresses)
    return json.loads(stubs.substitute(json.dumps(answers), addresses, back=True))


def _ask_n8n(cases: list[Case], addresses: dict[str, str]) -> dict[str, Any]:
    n8n = str(n8n_root() / "node_modules" / ".bin" / "n8n")
    with tempfile.TemporaryDirectory(prefix="kflow-n8n-nodes-") as folder:
        home = Path(folder)
        env = environment(home)
        # Families are recorded side by side: each n8n gets ports of its own.
        env["N8N_RUNNERS_BROKER_PORT"] = str(free_port())
        env["N8N_PORT"] = str(free_port())
        # Binary data inline (base64 on the item), as kflow keeps small files.
        env["N8N_DEFAULT_BINARY_DATA_MODE"] = "default"
        # Read/Write Files from Disk: each case's files folder (harness.FILES_ROOT).
        env["N8N_RESTRICT_FILE_ACCESS_TO"] = str(FILES_ROOT)
        flows = home / "flows"
        snapshots = home / "snapshots"
        flows.mkdir()
        snapshots.mkdir()
        for case in cases:
            text = stubs.substitute(json.dumps(workflow(case)), addresses)
            (flows / f"{case.workflow_id}.json").write_text(text)
        imports: list[list[str]] = []
        secrets = [entry for case in cases for entry in case.n8n_credentials()]
        if secrets:
            (home / "credentials.json").write_text(stubs.substitute(json.dumps(secrets), addresses))
            imports.append([n8n, "import:credentials", f"--input={home / 'credentials.json'}"])
        for step in (
            *imports,
            [n8n, "import:workflow", "--separate", f"--input={flows}"],
            [
                n8n,
                "execute-batch",
                f"--ids={','.join(case.workflow_id for case in cases)}",
                "--retries=0",
                f"--snapshot={snapshots}",
                f"--output={home / 'results.json'}",
            ],
        ):
            done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=1800)
            # execute-batch exits 1 when a case failed, and may crash (SIGSEGV) while
            # shutting down after it wrote its results: the results file is what counts.
            wrote = step[1] != "execute-batch" or (home / "results.json").exists()
            if done.returncode not in (0, 1, -11) or not wrote:
                raise RuntimeError(f"{step[1]} failed: {done.stderr[-2000:]}")
        results = json.loads((home / "results.json").read_text())
        errors = {e["workflowId"]: e for e in results.get("executions", []) if e.get("error")}
        answers: dict[str, Any] = {}
        for case in cases:
            snapshot = snapshots / f"{case.workflow_id}-snapshot.json"
            if snapshot.exists():
                data = json.loads(snapshot.read_text())
                answers[case.id] = answer_from_run_data(case, data["data"]["resultData"]["runData"])
                continue
            failed = errors.get(case.workflow_id, {})
            message = str(failed.get("error") or "n8n gave no answer")
            stopped = re.search(r" on node (.+)$", message)
            answers[case.id] = {
                "error": {
                    "node": stopped.group(1) if stopped else None,
                    "message": message[: stopped.start()] if stopped else message,
                }
            }
        return answers


def record(family: str) -> Path:
    """Records a family's cases into recorded/<family>.json."""
    cases = load_cases(family)
    answers = ask_n8n(cases)
    path = RECORDED / f"{family}.json"
    lines = [
        f"  {json.dumps(case)}: {json.dumps(answer, ensure_ascii=False)}"
        for case, answer in answers.items()
    ]
    body = ",\n".join(lines)
    path.write_text(
        f'{{\n "n8n": "{N8N_VERSION}",\n "cases": {{\n{body}\n }}\n}}\n', encoding="utf-8"
    )
    return path


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(record(name))
