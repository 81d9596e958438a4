"""schemas/flow.json is generated from the Flow model and must match it."""

from __future__ import annotations

from kflow.host.flow_schema import flow_schema
from kflow.schemas import load_schema


def test_committed_schema_matches_the_model() -> None:
    assert load_schema("flow") == flow_schema(), (
        "regenerate: python -m kflow.host.flow_schema > schemas/flow.json"
    )
