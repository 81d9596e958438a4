"""The expression corpus (corpus.yaml) and n8n's recorded answers (n8n-oracle.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

__all__ = ["FIXTURE", "Case", "load_corpus", "load_fixture", "parameter"]

HERE = Path(__file__).parent
FIXTURE = HERE / "n8n-oracle.json"

Case = dict[str, Any]


def load_corpus() -> dict[str, Any]:
    """timezone, items and cases (each with an id C001…)."""
    data = YAML(typ="safe").load((HERE / "corpus.yaml").read_text(encoding="utf-8"))
    for number, case in enumerate(data["cases"], start=1):
        case["id"] = f"C{number:03d}"
    return data  # type: ignore[no-any-return]


def parameter(case: Case) -> str:
    """The parameter value as a user writes it."""
    return case["expr"] if case["mode"] == "text" else "={{ " + case["expr"] + " }}"


def load_fixture() -> dict[str, Any]:
    """What n8n answered, per case id and item."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
