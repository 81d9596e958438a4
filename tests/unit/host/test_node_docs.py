"""docs/CORE_NODES.md and the README's n8n nodes table are what the descriptions say."""

from __future__ import annotations

from pathlib import Path

from kflow.host.node_docs import page, rewrite

ROOT = Path(__file__).resolve().parents[3]
REGENERATE = "regenerate: python -m kflow.host.node_docs docs/CORE_NODES.md README.md"


def test_the_core_nodes_page_is_generated_from_the_descriptions() -> None:
    assert (ROOT / "docs" / "CORE_NODES.md").read_text(encoding="utf-8") == page(), REGENERATE


def test_the_readme_table_is_generated_from_the_descriptions() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rewrite(readme) == readme, REGENERATE


def test_every_version_of_a_node_is_on_the_page() -> None:
    text = page()
    assert "## Edit Fields (Set)" in text and "**3.5**" in text
    assert "### Versions 2 to 2.3" in text or "### Version" in text
