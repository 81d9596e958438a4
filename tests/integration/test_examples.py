"""Every flow in examples/ runs on the sandbox through the real `kflow run` command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_cli import ROOT, kflow

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def test_there_is_an_example_per_resource() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in EXAMPLES)
    for resource in ("click", "campaign", "conversion", "postback", "statistics"):
        assert f"resource: {resource}" in text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
async def test_example_runs_on_the_sandbox(path: Path) -> None:
    result = await kflow("run", str(path.relative_to(ROOT)), "--sandbox")
    assert result.code == 0, result.err
    outputs = result.json()
    assert outputs, "an example should produce items"
    assert all(item["success"] is True for item in outputs)
    assert all(
        item["request"]["headers"].get("Api-Key", "****").startswith("****") for item in outputs
    )
