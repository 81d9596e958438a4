"""`kflow validate`: each problem of a flow file, with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kflow.host.flow_loader import load_flow_data
from kflow.host.validate import validate_flow

GOOD = """\
name: ok
nodes:
  - name: Start
    type: input
    parameters:
      items:
        - {subid: abc}
  - name: Update
    type: keitaro
    parameters:
      resource: click
      operation: update
      clickId: "={{ $json.subid }}"
      clickData: '{"cost": 1}'
connections:
  Start: [Update]
"""


def problems(tmp_path: Path, text: str) -> list[tuple[int | None, str]]:
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    _, found = validate_flow(load_flow_data(path))
    return [(p.line, p.message) for p in found]


def test_a_good_flow_has_no_problems(tmp_path: Path) -> None:
    assert problems(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            ("type: keitaro", "type: keitaroo"),
            9,
            'unknown node type "keitaroo"; did you mean "keitaro"?',
        ),
        (
            ("      resource: click", "      resourse: click"),
            11,
            'unknown parameter "resourse"; did you mean "resource"?',
        ),
        (
            ("      resource: click", "      resource: clicks"),
            11,
            '"clicks" is not one of the options; did you mean "click"?',
        ),
        (
            ("  Start: [Update]", "  Start: [Updte]"),
            16,
            'connects to a missing node "Updte"; did you mean "Update"?',
        ),
        (
            ("  Start: [Update]", "  Start: [Update]\n  Update: [Start]"),
            15,
            "cycle that no start node leads to: Start → Update → Start",
        ),
        (
            ('"={{ $json.subid }}"', '"={{ $json.subid + }}"'),
            13,
            "expression {{ $json.subid + }} is not valid",
        ),
        (("  - name: Update", "  - name: Start"), 8, 'two nodes are named "Start"'),
        (("    type: input\n", "    type: input\n    colour: red\n"), 5, 'unknown field "colour"'),
        (("  Start: [Update]", "  Start: {error: [Update]}"), 16, 'has no output "error"'),
    ],
)
def test_problems_come_with_their_line(
    tmp_path: Path, change: tuple[str, str], line: int, message: str
) -> None:
    found = problems(tmp_path, GOOD.replace(*change, 1))
    assert any(at == line and message in m for at, m in found), found
