"""The Merge and Compare Datasets cases again in n8n's legacy execution order (v0), where
a join waits, starts missing branches and skips without its first input differently."""

from __future__ import annotations

from dataclasses import replace

from tests.node_oracle.cases import compare_datasets, merge

CASES = [
    # v0 does not run a join whose first input got no items, so a Merge 2.0 that would
    # stop on an empty first input never runs.
    replace(case, id=f"{case.id}-v0", order="v0", error=case.error and "-empty-1" not in case.id)
    for case in [*merge.CASES, *compare_datasets.CASES]
    if len(case.inputs) > 1
]
