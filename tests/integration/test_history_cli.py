"""Remove Duplicates remembers values across `kflow run`s, in the state folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support import child_env

FLOW = """
name: New ids only
nodes:
  - name: In
    type: input
    parameters: {items: ITEMS}
  - name: Unseen
    type: removeDuplicates
    typeVersion: 2
    parameters:
      operation: removeItemsSeenInPreviousExecutions
      dedupeValue: "={{ $json.id }}"
connections:
  In: [Unseen]
"""


def _run(flow: Path, state: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kflow.host",
            "run",
            str(flow),
            "--state-dir",
            str(state),
            "--node",
            "Unseen",  # its Kept output; the Discarded one is printed apart without --node
        ],
        capture_output=True,
        text=True,
        env=child_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_second_run_keeps_only_the_ids_it_has_not_seen(tmp_path: Path) -> None:
    state = tmp_path / "state"
    flow = tmp_path / "flow.yaml"
    flow.write_text(FLOW.replace("ITEMS", '[{"id": 1}, {"id": 2}]'))
    assert _run(flow, state) == [{"id": 1}, {"id": 2}]
    flow.write_text(FLOW.replace("ITEMS", '[{"id": 2}, {"id": 3}]'))
    assert _run(flow, state) == [{"id": 3}]
    assert (state / "dedupe.sqlite").stat().st_mode & 0o777 == 0o600
    assert _run(flow, tmp_path / "elsewhere") == [{"id": 2}, {"id": 3}]
