"""The README's operations table is the one the node's routes generate."""

from __future__ import annotations

from pathlib import Path

from kflow.nodes.keitaro.routes_table import END, START, markdown

README = Path(__file__).resolve().parents[4] / "README.md"


def test_readme_table_matches_the_routes() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == markdown(), (
        "the README's table is stale: python -m kflow.nodes.keitaro.routes_table README.md"
    )
